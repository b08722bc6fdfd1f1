/**
 * Invalid EcsTaskDefinition specs: what the API server's CEL rules refuse at `kubectl apply` (with
 * the rule's message), and what only the controller can catch, which becomes `Ready=False,
 * Stalled=True` naming the field, with no AWS call at all, and recovers once the spec is fixed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../world/wait.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, getResource, waitForResource, waitForReady } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  familyCalls,
  fargateSpec,
  reconcileTotal,
  registrations,
  taskDefinition,
} from '../support/task-definitions.js';
import { freshNamespace, worldControl } from '../support/world-client.js';

const PLURAL = 'ecstaskdefinitions';

const app = { name: 'app', image: 'httpd:2.4', portMappings: [{ containerPort: 80 }] };

/** Specs the API server refuses, each with a fragment of the message the user sees. */
const REJECTED: readonly { name: string; spec: Record<string, unknown>; message: string }[] = [
  {
    name: 'fargate-bridge',
    spec: { ...fargateSpec('httpd:2.4'), networkMode: 'bridge' },
    message:
      'spec.networkMode is bridge but requiresCompatibilities includes FARGATE, which needs awsvpc: set spec.networkMode: awsvpc',
  },
  {
    name: 'fargate-size',
    spec: { ...fargateSpec('httpd:2.4'), cpu: '256', memory: '4096' },
    message: 'spec.cpu 256 with spec.memory 4096 is not a Fargate size',
  },
  {
    name: 'fargate-no-size',
    spec: { requiresCompatibilities: ['FARGATE'], networkMode: 'awsvpc', containerDefinitions: [app] },
    message: 'requiresCompatibilities includes FARGATE, which needs task-level spec.cpu and spec.memory',
  },
  {
    name: 'duplicate-names',
    spec: fargateSpec('httpd:2.4', { containerDefinitions: [app, { name: 'app', image: 'busybox:1' }] }),
    message: 'container names must be unique, but app appears more than once',
  },
  {
    name: 'no-essential',
    spec: fargateSpec('httpd:2.4', { containerDefinitions: [{ ...app, essential: false }] }),
    message: 'at least one container must be essential',
  },
  {
    name: 'awsvpc-host-port',
    spec: fargateSpec('httpd:2.4', {
      containerDefinitions: [{ ...app, portMappings: [{ containerPort: 80, hostPort: 8080 }] }],
    }),
    message:
      'under networkMode awsvpc a hostPort must be left out or equal its containerPort; container app breaks this',
  },
  {
    name: 'ec2-no-memory',
    spec: {
      requiresCompatibilities: ['EC2'],
      networkMode: 'bridge',
      containerDefinitions: [{ name: 'api', image: 'api:v1' }],
    },
    message: 'container api has neither: set spec.memory or the containers',
  },
  {
    name: 'tag-value-quotes',
    spec: fargateSpec('httpd:2.4', { tags: [{ key: 'team', value: 'a"b;$(rm)' }] }),
    message: 'tag value a"b;$(rm) has characters ECS does not allow',
  },
  {
    name: 'gpu-value-and-share',
    spec: fargateSpec('httpd:2.4', {
      containerDefinitions: [
        {
          ...app,
          resourceRequirements: [
            { type: 'GPU', value: '1', sharingStrategy: { nvidiaMps: { memory: 1024 } } },
          ],
        },
      ],
    }),
    message: 'resourceRequirements of type GPU sets both value and sharingStrategy: keep one',
  },
  {
    name: 'gpu-neither',
    spec: fargateSpec('httpd:2.4', {
      containerDefinitions: [{ ...app, resourceRequirements: [{ type: 'GPU' }] }],
    }),
    message:
      'resourceRequirements of type GPU needs a value (the number of GPUs) or a sharingStrategy: set value',
  },
  {
    name: 'share-not-gpu',
    spec: fargateSpec('httpd:2.4', {
      containerDefinitions: [
        {
          ...app,
          resourceRequirements: [
            { type: 'InferenceAccelerator', sharingStrategy: { nvidiaMps: { memory: 1024 } } },
          ],
        },
      ],
    }),
    message:
      'resourceRequirements: sharingStrategy is for type GPU, not InferenceAccelerator: remove sharingStrategy',
  },
  {
    name: 'confidential-no-policy',
    spec: fargateSpec('httpd:2.4', {
      trustedExecutionConfiguration: { isolationMode: 'CONFIDENTIAL_SANDBOX' },
    }),
    message: 'isolationMode is CONFIDENTIAL_SANDBOX, which needs an attestation policy',
  },
  {
    name: 'tag-key-newline',
    spec: fargateSpec('httpd:2.4', { tags: [{ key: 'te\nam', value: 'x' }] }),
    message: 'tag key te\\nam has characters ECS does not allow',
  },
];

describe('EcsTaskDefinition: invalid specs', () => {
  let operator: OperatorProcess;
  let ns: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    ns = await freshNamespace('td-invalid');
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, '--resync-period=2s'],
    });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it.each(REJECTED)('the API server refuses $name with its message', async ({ name, spec, message }) => {
    await expect(apply(ns, taskDefinition(name, spec))).rejects.toThrow(message);
    expect(await getResource(PLURAL, ns, name)).toBeUndefined();
  });

  it('the API server refuses a change of spec.family', async () => {
    await apply(ns, taskDefinition('fixed-family', fargateSpec('httpd:2.4', { family: 'fixed-a' })));
    await expect(
      apply(ns, taskDefinition('fixed-family', fargateSpec('httpd:2.4', { family: 'fixed-b' }))),
    ).rejects.toThrow('spec.family is immutable');
    await waitForReady(PLURAL, ns, 'fixed-family');
    expect(await registrations('fixed-a')).toBe(1);
    expect(await familyCalls('fixed-b')).toEqual([]);
  });

  it('a role that is not an IAM role ARN stalls the object with no AWS call, until it is fixed', async () => {
    await apply(ns, taskDefinition('badrole', fargateSpec('httpd:2.4', { taskRoleArn: 'orders-task' })));
    const stalled = await waitForResource(
      PLURAL,
      ns,
      'badrole',
      (r) => condition(r, 'Stalled')?.status === 'True',
      { what: 'to be Stalled' },
    );
    expect(condition(stalled, 'Ready')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
    expect(condition(stalled, 'Reconciling')?.status).toBe('False');
    const message = condition(stalled, 'Stalled')?.message ?? '';
    expect(message).toContain('spec.taskRoleArn "orders-task"');
    expect(message).toContain('arn:aws:iam::<account-id>:role/orders-task');

    // Resyncs revisit it: still no AWS call of any kind for its family, and no status write.
    const reconciles = await reconcileTotal(operator);
    await waitFor(async () => ((await reconcileTotal(operator)) >= reconciles + 3 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: '3 more reconciles',
    });
    expect(await familyCalls('badrole')).toEqual([]);
    expect((await getResource(PLURAL, ns, 'badrole'))?.metadata.resourceVersion).toBe(
      stalled.metadata.resourceVersion,
    );

    await apply(
      ns,
      taskDefinition(
        'badrole',
        fargateSpec('httpd:2.4', { taskRoleArn: 'arn:aws:iam::123456789012:role/orders-task' }),
      ),
    );
    const ready = await waitForReady(PLURAL, ns, 'badrole');
    expect(condition(ready, 'Stalled')?.status).toBe('False');
    expect(ready.status?.['revision']).toBe(1);
    expect(await registrations('badrole')).toBe(1);
  });
});

/**
 * Status is a report, never an input, under `ecs-bridge run`: an EcsTaskDefinition and an EcsService
 * (taskDefinitionRef, restartAt, a spec tag) converge; then a user with status rights writes a lie
 * into every status field the operator once read (the task definition's `taskDefinitionArn`, a
 * foreign revision; the service's `restartAt`, `managedTagKeys` naming someone else's tag,
 * `taskDefinitionArn`), and later wipes both statuses, with the operator running and across a
 * restart. The proxy's call log shows zero ECS writes throughout, the foreign tag stays, and each
 * status is rewritten to the truth.
 */
import { CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { ListTagsForResourceCommand, TagResourceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, getResource, waitForReady, waitForResource, type Resource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  callMark,
  paramsOf,
  serviceInMoto,
  serviceWritesAfter,
  startServiceOperator,
} from '../support/service-fixtures.js';
import { serviceWorld, stopServiceOperator } from '../support/service-world.js';
import { familyCalls } from '../support/task-definitions.js';
import { awsClients, kubeConfig, proxyControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'tenancy';
const FAMILY = 'status-web';
const TD_WRITES = [
  'RegisterTaskDefinition',
  'DeregisterTaskDefinition',
  'DeleteTaskDefinitions',
  'TagResource',
];

describe('status is never an input', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;
  let foreignArn: string;
  let serviceArn: string;
  let truth: { tdArn: string };

  const custom = (): CustomObjectsApi => kubeConfig().makeApiClient(CustomObjectsApi);

  async function patchStatus(plural: string, name: string, status: Record<string, unknown> | null) {
    await custom().patchNamespacedCustomObjectStatus(
      { group: 'ecs-bridge.dev', version: 'v1alpha1', namespace, plural, name, body: { status } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }

  async function writesAfter(mark: number): Promise<string[]> {
    const td = (await familyCalls(FAMILY, { afterSeq: mark })).filter((c) => TD_WRITES.includes(c.action));
    return [...td, ...(await serviceWritesAfter(mark))].map((c) => `${c.action} ${JSON.stringify(c.params)}`);
  }

  /** Waits until the service was described `rounds` more times after `mark`: that many visits passed. */
  async function visits(mark: number, rounds: number): Promise<void> {
    await waitFor(
      async () => {
        const calls = await proxyControl().calls({
          service: 'ecs',
          action: 'DescribeServices',
          afterSeq: mark,
        });
        const n = calls.filter((c) =>
          ((paramsOf(c).services as string[] | undefined) ?? []).includes('web'),
        ).length;
        return n >= rounds ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: `${rounds} visits of the service` },
    );
  }

  async function statusIsTruth(): Promise<void> {
    await waitForResource(
      'ecstaskdefinitions',
      namespace,
      'web',
      (r: Resource) => r.status?.taskDefinitionArn === truth.tdArn,
      { timeoutMs: 30_000, what: 'to report the revision it registered' },
    );
    await waitForResource(
      'ecsservices',
      namespace,
      'web',
      (r: Resource) => {
        const s = r.status as Record<string, unknown> | undefined;
        return (
          s?.taskDefinitionArn === truth.tdArn &&
          s.restartAt === 'r1' &&
          JSON.stringify(s.managedTagKeys) === JSON.stringify(['team']) &&
          (s.conditions as { type: string; status: string }[] | undefined)?.some(
            (c) => c.type === 'Ready' && c.status === 'True',
          ) === true
        );
      },
      { timeoutMs: 30_000, what: 'to report the truth, Ready' },
    );
  }

  async function lie(): Promise<void> {
    await patchStatus('ecstaskdefinitions', 'web', {
      taskDefinitionArn: foreignArn,
      family: 'admin',
      revision: 1,
    });
    await patchStatus('ecsservices', 'web', {
      taskDefinitionArn: foreignArn,
      restartAt: 'a lie',
      managedTagKeys: ['billing', 'team'],
    });
  }

  async function wipe(): Promise<void> {
    await patchStatus('ecstaskdefinitions', 'web', null);
    await patchStatus('ecsservices', 'web', null);
  }

  beforeAll(async () => {
    ({
      namespace,
      operator,
      taskDefinitionArns: [foreignArn],
    } = await serviceWorld({
      clusters: [CLUSTER],
      taskDefinitions: [['admin', 'admin:1']],
      namespace: 'status-lies',
      resyncPeriod: '2s',
    }));
    await apply(
      namespace,
      {
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsTaskDefinition',
        metadata: { name: 'web' },
        spec: {
          family: FAMILY,
          requiresCompatibilities: ['EC2'],
          networkMode: 'bridge',
          containerDefinitions: [{ name: 'app', image: 'httpd:2.4', memory: 128 }],
        },
      },
      {
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsService',
        metadata: { name: 'web' },
        spec: {
          cluster: CLUSTER,
          taskDefinitionRef: { name: 'web' },
          desiredCount: 1,
          launchType: 'EC2',
          restartAt: 'r1',
          tags: [{ key: 'team', value: 'shop' }],
        },
      },
    );
    const td = await waitForReady('ecstaskdefinitions', namespace, 'web', 60_000);
    truth = { tdArn: td.status?.taskDefinitionArn as string };
    await waitForReady('ecsservices', namespace, 'web', 90_000);
    serviceArn = (await serviceInMoto(CLUSTER, 'web')).serviceArn ?? '';
    // Someone else's tag on the service, straight in the emulator: a lie would have it untagged.
    await awsClients('moto').ecs.send(
      new TagResourceCommand({ resourceArn: serviceArn, tags: [{ key: 'billing', value: 'payments' }] }),
    );
  }, 180_000);

  afterAll(async () => {
    await stopServiceOperator(operator, 'status-not-input');
  });

  it('lies written into status cause zero AWS writes, and status is rewritten to the truth', async () => {
    const mark = await callMark();
    await lie();
    await statusIsTruth();
    await visits(mark, 3);
    expect(await writesAfter(mark)).toEqual([]);
  });

  it('a wiped status causes zero AWS writes, and status is rewritten', async () => {
    const mark = await callMark();
    await wipe();
    await statusIsTruth();
    await visits(mark, 3);
    expect(await writesAfter(mark)).toEqual([]);
  });

  it('lies and a wiped status written while the operator is down cause zero AWS writes after its restart', async () => {
    await stopServiceOperator(operator, 'status-not-input-first');
    operator = undefined;
    const mark = await callMark();
    await lie();
    await wipe();
    await lie();
    operator = await startServiceOperator(namespace, { resyncPeriod: '2s' });
    await statusIsTruth();
    await visits(mark, 3);
    expect(await writesAfter(mark)).toEqual([]);
    const tags = await awsClients('moto').ecs.send(
      new ListTagsForResourceCommand({ resourceArn: serviceArn }),
    );
    expect(tags.tags).toContainEqual({ key: 'billing', value: 'payments' });
    expect((await getResource('ecsservices', namespace, 'web'))?.status?.taskDefinitionArn).toBe(truth.tdArn);
  });
});

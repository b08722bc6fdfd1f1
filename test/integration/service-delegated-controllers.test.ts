/**
 * Services whose deployments another controller runs (ADR 0028), under `ecs-bridge run`: a
 * CODE_DEPLOY service and an EXTERNAL one, made outside ecs-bridge (as their pipelines make them)
 * and adopted. Each converges with the `DeploymentsDelegated` condition; a spec change ECS accepts
 * under that controller is sent alone; one ECS refuses there (the task definition, and under
 * EXTERNAL the deployment configuration) is never sent, not then and not on later visits, and the
 * condition names it. Readiness follows the other controller's task sets (ECS lists no deployment
 * for such a service): Ready once the one PRIMARY task set is steady, Reconciling while a second
 * one exists, never Stalled, and no write of ecs-bridge's while the other controller rolls out.
 */
import {
  CreateServiceCommand,
  CreateTaskSetCommand,
  DeleteTaskSetCommand,
  UpdateServicePrimaryTaskSetCommand,
  type CreateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, condition, waitForResource, type Resource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  callMark,
  callsFor,
  describedAgain,
  ec2ServiceManifest,
  inMoto,
  paramsOf,
  serviceInMoto,
} from '../support/service-fixtures.js';
import { serviceWorld, stopServiceOperator } from '../support/service-world.js';
import { proxyControl } from '../support/world-client.js';

const CLUSTER = 'delegated';

/** Creates a service straight in moto, as the pipeline that owns its controller would. */
async function createOutside(input: Omit<CreateServiceCommandInput, 'cluster'>): Promise<void> {
  await inMoto((ecs) => ecs.send(new CreateServiceCommand({ cluster: CLUSTER, ...input })));
}

/**
 * What the other deployment controller does to a service's task sets, sent straight to moto as
 * CodeDeploy or an external controller would (never through the operator's proxy log).
 */
const controllerSide = {
  /** A new task set (ACTIVE until made primary) on `taskDefinition`; resolves its ARN. */
  async create(service: string, taskDefinition: string): Promise<string> {
    const answer = await inMoto((ecs) =>
      ecs.send(new CreateTaskSetCommand({ cluster: CLUSTER, service, taskDefinition, launchType: 'EC2' })),
    );
    const arn = answer.taskSet?.taskSetArn;
    if (arn === undefined) throw new Error(`CreateTaskSet for ${service} answered no task set ARN`);
    return arn;
  },
  async makePrimary(service: string, primaryTaskSet: string): Promise<void> {
    await inMoto((ecs) =>
      ecs.send(new UpdateServicePrimaryTaskSetCommand({ cluster: CLUSTER, service, primaryTaskSet })),
    );
  },
  async remove(service: string, taskSet: string): Promise<void> {
    await inMoto((ecs) => ecs.send(new DeleteTaskSetCommand({ cluster: CLUSTER, service, taskSet })));
  },
};

/** The id (`ecs-svc/…`) at the end of a task set ARN, as status messages name it. */
function taskSetId(arn: string): string {
  return arn.split('/').slice(-2).join('/');
}

describe('services under another deployment controller, under ecs-bridge run', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;
  let revision1: string;
  let revision2: string;

  beforeAll(async () => {
    ({
      namespace,
      operator,
      taskDefinitionArns: [revision1, revision2],
    } = await serviceWorld({
      clusters: [CLUSTER],
      taskDefinitions: [
        ['blue', 'blue:1'],
        ['blue', 'blue:2'],
      ],
      namespace: 'svc-delegated',
      resyncPeriod: '1s',
    }));
  });

  afterAll(async () => {
    await stopServiceOperator(operator, 'service-delegated-controllers');
  });

  /** Waits for the DeploymentsDelegated condition on the generation applied last. */
  function delegated(name: string, what: string, test: (r: Resource) => boolean = () => true) {
    return waitForResource(
      'ecsservices',
      namespace,
      name,
      (r) =>
        condition(r, 'DeploymentsDelegated')?.status === 'True' &&
        condition(r, 'DeploymentsDelegated')?.observedGeneration === r.metadata.generation &&
        test(r),
      { timeoutMs: 60_000, what },
    );
  }

  /**
   * Makes the service outside ecs-bridge under `controller` (with `made`), then applies an adopting
   * EcsService on revision 1 under the same controller; returns that spec and the call mark before it.
   */
  async function adoptOutside(
    name: string,
    controller: 'CODE_DEPLOY' | 'EXTERNAL',
    made: Omit<CreateServiceCommandInput, 'cluster' | 'serviceName' | 'deploymentController'>,
  ) {
    await createOutside({
      serviceName: name,
      desiredCount: 1,
      deploymentController: { type: controller },
      ...made,
    });
    const spec = {
      cluster: CLUSTER,
      taskDefinition: revision1,
      deploymentController: { type: controller },
      adopt: true,
    };
    const adoptMark = await callMark();
    await apply(namespace, ec2ServiceManifest(name, spec));
    return { spec, adoptMark };
  }

  it('CODE_DEPLOY: the count is sent alone, the task definition never, and the condition names it', async () => {
    const { spec, adoptMark } = await adoptOutside('codedeploy', 'CODE_DEPLOY', {
      taskDefinition: revision1,
      launchType: 'EC2',
    });
    const adopted = await delegated('codedeploy', 'to report the CODE_DEPLOY controller');
    expect(condition(adopted, 'DeploymentsDelegated')).toMatchObject({ reason: 'CodeDeployController' });
    expect(condition(adopted, 'DeploymentsDelegated')?.message).toContain('create a CodeDeploy deployment');
    // Nothing failed: ECS's tasks are the other controller's to run, and Ready follows them.
    expect(condition(adopted, 'Stalled')?.status).toBe('False');
    // Nothing differed: adopting wrote nothing to the service.
    expect(await callsFor('UpdateService', 'codedeploy', adoptMark)).toEqual([]);

    // A new revision and a new count: ECS takes the count from UpdateService under CODE_DEPLOY,
    // the revision only through a CodeDeploy deployment.
    const mark = await callMark();
    await apply(
      namespace,
      ec2ServiceManifest('codedeploy', { ...spec, taskDefinition: revision2, desiredCount: 3 }),
    );
    const changed = await delegated('codedeploy', 'to report the withheld task definition', (r) =>
      (condition(r, 'DeploymentsDelegated')?.message ?? '').startsWith('spec.taskDefinition differs'),
    );
    expect(condition(changed, 'DeploymentsDelegated')?.message).toContain(
      'ECS refuses it in UpdateService under CODE_DEPLOY',
    );
    await describedAgain('codedeploy', mark, 4);
    const updates = (await callsFor('UpdateService', 'codedeploy', mark)).map(paramsOf);
    expect(updates).toEqual([{ cluster: CLUSTER, service: 'codedeploy', desiredCount: 3 }]);
    const inMoto = await serviceInMoto(CLUSTER, 'codedeploy');
    expect(inMoto.desiredCount).toBe(3);
    expect(inMoto.taskDefinition).toBe(revision1);
  });

  it('EXTERNAL: the grace period is sent alone, the deployment configuration never', async () => {
    // An EXTERNAL service is made with no task definition: its task sets carry one.
    const { spec, adoptMark } = await adoptOutside('external', 'EXTERNAL', {});
    // The task definition lives on the task sets the external controller makes, so the spec's
    // differs from the service from the start, and is named.
    const adopted = await delegated('external', 'to report the EXTERNAL controller', (r) =>
      (condition(r, 'DeploymentsDelegated')?.message ?? '').includes('spec.taskDefinition'),
    );
    expect(condition(adopted, 'DeploymentsDelegated')).toMatchObject({ reason: 'ExternalController' });
    await describedAgain('external', adoptMark, 3);
    expect(
      (await callsFor('UpdateService', 'external', adoptMark)).filter((c) => 'taskDefinition' in paramsOf(c)),
    ).toEqual([]);

    const mark = await callMark();
    await apply(
      namespace,
      ec2ServiceManifest('external', {
        ...spec,
        healthCheckGracePeriodSeconds: 45,
        deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 },
      }),
    );
    const changed = await delegated('external', 'to report the withheld deployment configuration', (r) =>
      (condition(r, 'DeploymentsDelegated')?.message ?? '').includes('spec.deploymentConfiguration'),
    );
    expect(condition(changed, 'DeploymentsDelegated')?.message).toContain('under EXTERNAL');
    await describedAgain('external', mark, 4);
    const updates = (await callsFor('UpdateService', 'external', mark)).map(paramsOf);
    expect(updates).toEqual([{ cluster: CLUSTER, service: 'external', healthCheckGracePeriodSeconds: 45 }]);
    expect((await serviceInMoto(CLUSTER, 'external')).healthCheckGracePeriodSeconds).toBe(45);
  });

  /** Waits for Ready (and the other two conditions) on the generation applied last. */
  function readiness(name: string, what: string, test: (r: Resource) => boolean) {
    return waitForResource(
      'ecsservices',
      namespace,
      name,
      (r) => condition(r, 'Ready')?.observedGeneration === r.metadata.generation && test(r),
      { timeoutMs: 60_000, what },
    );
  }

  /** ECS writes of the operator after `mark` that name `name` (reads are Describe* and List*). */
  async function writesAfter(name: string, mark: number): Promise<string[]> {
    const calls = await proxyControl().calls({ service: 'ecs', afterSeq: mark });
    return calls
      .filter((c) => !/^(Describe|List)/.test(c.action))
      .filter((c) => JSON.stringify(paramsOf(c)).includes(name))
      .map((c) => c.action);
  }

  it.each<['CODE_DEPLOY' | 'EXTERNAL', string]>([
    ['CODE_DEPLOY', 'bluegreen'],
    ['EXTERNAL', 'shifted'],
  ])(
    '%s: Ready follows the task sets: steady PRIMARY alone is Ready, a second task set is Reconciling',
    async (controller, name) => {
      // ECS makes a CODE_DEPLOY service's first task set at CreateService and moto does not, so the
      // test makes it, as ECS would; an EXTERNAL service gets its first from its controller.
      const { adoptMark } = await adoptOutside(
        name,
        controller,
        controller === 'CODE_DEPLOY' ? { taskDefinition: revision1, launchType: 'EC2' } : {},
      );
      const waiting = await readiness(name, 'to wait for a task set', (r) =>
        (condition(r, 'Ready')?.message ?? '').includes('no task set'),
      );
      expect(condition(waiting, 'Ready')?.status).toBe('Unknown');
      expect(condition(waiting, 'Stalled')?.status).toBe('False');

      const blue = await controllerSide.create(name, revision1);
      await controllerSide.makePrimary(name, blue);
      const ready = await readiness(
        name,
        'to be Ready on one steady PRIMARY task set',
        (r) => condition(r, 'Ready')?.status === 'True',
      );
      expect(condition(ready, 'Ready')).toMatchObject({ reason: 'RolloutComplete' });
      expect(condition(ready, 'Ready')?.message).toBe(
        `the service is stable under the ${controller} deployment controller: task set ${taskSetId(blue)} (PRIMARY, STEADY_STATE, 1/1 running, blue:1)`,
      );
      expect(condition(ready, 'Reconciling')?.status).toBe('False');

      // The other controller rolls out: a replacement task set next to the PRIMARY one.
      const green = await controllerSide.create(name, revision2);
      const shifting = await readiness(
        name,
        'to reconcile while two task sets exist',
        (r) => condition(r, 'Reconciling')?.status === 'True',
      );
      expect(condition(shifting, 'Ready')?.status).toBe('Unknown');
      expect(condition(shifting, 'Stalled')?.status).toBe('False');
      expect(condition(shifting, 'Reconciling')?.message).toBe(
        `the ${controller} deployment controller is rolling out: 2 task sets: ${taskSetId(blue)} (PRIMARY, STEADY_STATE, 1/1 running, blue:1); ${taskSetId(green)} (ACTIVE, STEADY_STATE, 1/1 running, blue:2); ready when only the PRIMARY one is left, in a steady state`,
      );

      // Traffic moves to the replacement, and the original goes: Ready again, on the new task set.
      await controllerSide.makePrimary(name, green);
      await controllerSide.remove(name, blue);
      const done = await readiness(
        name,
        'to be Ready on the replacement task set',
        (r) =>
          (condition(r, 'Ready')?.message ?? '').includes(taskSetId(green)) &&
          condition(r, 'Ready')?.status === 'True',
      );
      expect(condition(done, 'Stalled')?.status).toBe('False');
      // ecs-bridge wrote nothing to the service or its task sets through all of it: the spec
      // asks for nothing ECS accepts under this controller that the service does not have.
      expect(await writesAfter(name, adoptMark)).toEqual([]);
    },
  );
});

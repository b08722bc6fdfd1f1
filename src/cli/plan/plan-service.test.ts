import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { planExitCode, type PlanEntry } from './plan-model.js';
import { planServiceEntry, type TaskDefinitionResolution } from './plan-service.js';
import { describedService, ownedTags, REGION, serviceManifest, tdArn } from '../testing/fixtures.js';
import { observedPolicy } from '../../resources/autoscaling/testing/policy-fixtures.js';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import type { EcsServiceSpec } from '../../resources/service/types.js';
import { expectInPlaceUpdate } from '../testing/expect-plan.js';

const NETWORK = {
  awsvpcConfiguration: {
    subnets: ['subnet-a', 'subnet-b'],
    securityGroups: ['sg-1'],
    assignPublicIp: 'ENABLED' as const,
  },
};
const SPEC: Partial<EcsServiceSpec> = {
  taskDefinition: 'web:1',
  desiredCount: 1,
  launchType: 'FARGATE',
  networkConfiguration: NETWORK,
};
const OURS = { tags: ownedTags('team-a', 'web') };

function plan(
  spec: Partial<EcsServiceSpec>,
  described: Service | undefined,
  options: { taskDefinition?: TaskDefinitionResolution; autoscaling?: ObservedAutoscaling } = {},
): PlanEntry {
  return planServiceEntry({
    manifest: serviceManifest('web', spec),
    instanceId: 'default',
    region: REGION,
    taskDefinition: options.taskDefinition ?? { kind: 'resolved', taskDefinition: spec.taskDefinition ?? '' },
    described,
    autoscaling: options.autoscaling,
    albLabel: undefined,
  });
}

describe('planServiceEntry', () => {
  it('creates a missing service with our ownership tags', () => {
    const entry = plan(SPEC, undefined);
    expect(entry.verdict).toBe('create');
    expect(entry.operations.map((o) => o.call)).toEqual(['CreateService']);
    const changes = entry.operations[0]?.changes ?? [];
    expect(changes).toContainEqual({ path: 'desiredCount', after: 1 });
    expect(changes).toContainEqual({ path: 'taskDefinition', after: 'web:1' });
    expect(changes).toContainEqual({
      path: 'tags',
      after: { 'ecs-bridge.dev/instance': 'default', 'ecs-bridge.dev/owner': 'team-a/web' },
    });
    expect(planExitCode([entry])).toBe(2);
  });

  it('finds nothing to do for a matching service of ours', () => {
    const entry = plan(SPEC, describedService('web', OURS));
    expect(entry).toMatchObject({ verdict: 'nothing', operations: [] });
    expect(planExitCode([entry])).toBe(0);
  });

  it('shows an in-place update with old → new values and no deployment', () => {
    const entry = plan({ ...SPEC, desiredCount: 3 }, describedService('web', OURS));
    expectInPlaceUpdate(entry, [
      'UpdateService',
      'update in place (no new deployment)',
      [{ path: 'desiredCount', before: 1, after: 3 }],
    ]);
  });

  it('moves to the revision a task definition would register, as <family>:<next>', () => {
    const { taskDefinition: _td, ...rest } = SPEC;
    const entry = plan({ ...rest, taskDefinitionRef: { name: 'web' } }, describedService('web', OURS), {
      taskDefinition: { kind: 'resolved', taskDefinition: 'web:<next>' },
    });
    expect(entry.operations[0]).toMatchObject({
      call: 'UpdateService',
      title: 'update in place (starts a new deployment)',
      changes: [{ path: 'taskDefinition', before: 'web:1', after: 'web:<next>' }],
    });
  });

  it('compares a task definition by family:revision whatever its form', () => {
    expect(plan({ ...SPEC, taskDefinition: tdArn('web', 1) }, describedService('web', OURS)).verdict).toBe(
      'nothing',
    );
  });

  it('adopts an untagged service with spec.adopt and no write at all, exit code 0', () => {
    const entry = plan({ ...SPEC, adopt: true }, describedService('web'));
    expect(entry.verdict).toBe('adopt');
    expect(entry.operations).toEqual([]);
    expect(entry.summary).toMatch(/nothing is written/);
    expect(planExitCode([entry])).toBe(0);
  });

  it('counts an adoption that also changes a field as an update', () => {
    const entry = plan({ ...SPEC, adopt: true, desiredCount: 2 }, describedService('web'));
    expect(entry.verdict).toBe('update');
    expect(entry.operations.map((o) => o.call)).toEqual(['TagResource', 'UpdateService']);
  });

  it.each([
    { name: 'untagged without adopt', tags: [], message: 'spec.adopt' },
    { name: 'owned by another object', tags: ownedTags('team-b', 'web'), message: 'team-b/web' },
    { name: 'owned by another operator instance', tags: ownedTags('team-a', 'web', 'blue'), message: 'blue' },
  ])('reports a conflict for a service $name (exit code 1)', ({ tags, message }) => {
    const entry = plan(SPEC, describedService('web', { tags }));
    expect(entry.verdict).toBe('conflict');
    expect(entry.summary).toContain(message);
    expect(entry.operations).toEqual([]);
    expect(planExitCode([entry])).toBe(1);
  });

  it('refuses a change ECS cannot make in place, with the reason', () => {
    const entry = plan({ ...SPEC, launchType: 'EC2' }, describedService('web', OURS));
    expect(entry.verdict).toBe('refuse');
    expect(entry.summary).toContain('launchType FARGATE but the spec says EC2');
  });

  it('waits for a draining service', () => {
    expect(plan(SPEC, describedService('web', { ...OURS, status: 'DRAINING' })).verdict).toBe('wait');
  });

  it('reports an invalid spec without planning', () => {
    const entry = plan({ ...SPEC, taskDefinitionRef: { name: 'web' } }, describedService('web', OURS));
    expect(entry.verdict).toBe('invalid');
    expect(entry.summary).toContain('exactly one of spec.taskDefinitionRef');
  });

  it('reports a metadata.name ECS would refuse as the service name, without planning', () => {
    const entry = planServiceEntry({
      manifest: serviceManifest('web.v2', SPEC),
      instanceId: 'default',
      region: REGION,
      taskDefinition: { kind: 'resolved', taskDefinition: SPEC.taskDefinition ?? '' },
      described: undefined,
      autoscaling: undefined,
      albLabel: undefined,
    });
    expect(entry.verdict).toBe('invalid');
    expect(entry.summary).toContain('set spec.serviceName explicitly');
  });

  it('reports an unresolved task definition as an error', () => {
    const entry = plan(SPEC, undefined, { taskDefinition: { kind: 'unresolved', message: 'no such thing' } });
    expect(entry).toMatchObject({ verdict: 'error', summary: 'no such thing' });
  });

  it('does not show security groups left out of the spec as a change', () => {
    const network = {
      awsvpcConfiguration: { subnets: ['subnet-a', 'subnet-b'], assignPublicIp: 'ENABLED' as const },
    };
    expect(plan({ ...SPEC, networkConfiguration: network }, describedService('web', OURS)).verdict).toBe(
      'nothing',
    );
    const moved = plan(
      {
        ...SPEC,
        networkConfiguration: {
          awsvpcConfiguration: { ...network.awsvpcConfiguration, subnets: ['subnet-c'] },
        },
      },
      describedService('web', OURS),
    );
    expect(moved.operations[0]?.changes).toEqual([
      {
        path: 'networkConfiguration.awsvpcConfiguration.subnets',
        before: ['subnet-a', 'subnet-b'],
        after: ['subnet-c'],
      },
    ]);
  });

  it('takes a restart token as applied (the plan cannot see status)', () => {
    const entry = plan({ ...SPEC, restartAt: '2026-01-01T00:00:00Z' }, describedService('web', OURS));
    expect(entry.verdict).toBe('nothing');
    expect(entry.notes.join(' ')).toContain('spec.restartAt is taken as already acted on');
  });

  it('holds a revision rolled back through spec.deploymentControl, as the operator does', () => {
    const request = { action: 'Rollback' as const, requestedAt: 'r1' };
    const rolledBack = {
      tags: [
        ...OURS.tags,
        { key: 'ecs-bridge.dev/deployment-control', value: 'Rollback@r1' },
        { key: 'ecs-bridge.dev/rolled-back-from', value: 'web:2' },
      ],
    };
    const spec = { ...SPEC, taskDefinition: 'web:2', deploymentControl: request };
    const held = plan(spec, describedService('web', rolledBack));
    expect(held.operations.flatMap((o) => o.changes ?? []).map((c) => c.path)).not.toContain(
      'taskDefinition',
    );
    // Without the request, the spec's revision is deployed again.
    const { deploymentControl: _removed, ...withoutRequest } = spec;
    const released = plan(withoutRequest, describedService('web', rolledBack));
    expect(released.operations.flatMap((o) => o.changes ?? []).map((c) => c.path)).toContain(
      'taskDefinition',
    );
  });

  describe('autoscaling', () => {
    const target: ObservedAutoscaling = {
      resourceId: 'service/demo/web',
      target: { minCapacity: 1, maxCapacity: 3 },
      policies: [observedPolicy()],
    };

    it('shows capacity and policy changes, and never compares desiredCount', () => {
      const entry = plan(
        {
          ...SPEC,
          desiredCount: 2,
          autoscaling: { minCapacity: 1, maxCapacity: 5, cpu: { targetValue: 60 } },
        },
        describedService('web', { ...OURS, desiredCount: 3 }),
        { autoscaling: target },
      );
      expectInPlaceUpdate(
        entry,
        [
          'RegisterScalableTarget',
          'scalable target service/demo/web',
          [{ path: 'maxCapacity', before: 3, after: 5 }],
        ],
        [
          'PutScalingPolicy',
          'scaling policy ecs-bridge-cpu',
          [{ path: 'targetValue', before: 50, after: 60 }],
        ],
      );
      expect(entry.notes.join(' ')).toContain('desiredCount belongs to autoscaling');
    });

    it('finds nothing when autoscaling matches', () => {
      const entry = plan(
        { ...SPEC, autoscaling: { minCapacity: 1, maxCapacity: 3, cpu: { targetValue: 50 } } },
        describedService('web', { ...OURS, desiredCount: 3 }),
        { autoscaling: target },
      );
      expect(entry.verdict).toBe('nothing');
    });

    it('plans the removal of our policies when the spec drops autoscaling', () => {
      const entry = plan(SPEC, describedService('web', OURS), { autoscaling: target });
      expect(entry.operations.map((o) => `${o.symbol} ${o.call}`)).toEqual([
        '- DeleteScalingPolicy',
        '- DeregisterScalableTarget',
      ]);
    });

    it('leaves a target someone else manages alone, and says so', () => {
      const foreign: ObservedAutoscaling = {
        ...target,
        policies: target.policies.map((p) => ({ ...p, policyName: 'their-cpu' })),
      };
      const { desiredCount: _count, ...rest } = SPEC;
      const entry = plan(rest, describedService('web', OURS), {
        autoscaling: foreign,
      });
      expect(entry.verdict).toBe('nothing');
      expect(entry.notes.join(' ')).toContain('ecs-bridge leaves it alone');
    });

    it('reports an invalid autoscaling block', () => {
      const entry = plan(
        { ...SPEC, autoscaling: { minCapacity: 1, maxCapacity: 3 } },
        describedService('web', OURS),
        {
          autoscaling: target,
        },
      );
      expect(entry).toMatchObject({ verdict: 'invalid' });
      expect(entry.summary).toContain('at least one policy');
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { EcsCluster } from '../cluster/types.js';
import type { EcsService } from '../service/types.js';
import type { ObservedTaskDefinition } from '../task-definition/observe.js';
import type { EcsTaskDefinition } from '../task-definition/types.js';
import { globMatches } from './glob.js';
import { clusterAccessGuard, serviceAccessGuard, taskDefinitionAccessGuard } from './guards.js';
import type { AccessSnapshot } from './rules.js';
import { policiesSelecting, selectorMatches } from './selection.js';
import type { EcsAccessPolicy, EcsAccessPolicySpec } from './types.js';
import { kindObject } from '../testing/kind-object.js';

const ROLE_A = 'arn:aws:iam::111122223333:role/team-a-app';
const ADMIN = 'arn:aws:iam::111122223333:role/OrganizationAdmin';

function policy(
  name: string,
  spec: Partial<EcsAccessPolicySpec> & Pick<EcsAccessPolicySpec, 'namespaces'>,
): EcsAccessPolicy {
  return { apiVersion: 'ecs-bridge.dev/v1alpha1', kind: 'EcsAccessPolicy', metadata: { name }, spec };
}

const teamA = policy('team-a', {
  namespaces: { names: ['team-a'] },
  regions: ['eu-west-1'],
  clusters: ['team-a-*'],
  taskRoleArns: ['arn:aws:iam::111122223333:role/team-a-*'],
  executionRoleArns: ['arn:aws:iam::111122223333:role/ecsTaskExecutionRole'],
  foreignTaskDefinitions: ['arn:aws:ecs:eu-west-1:111122223333:task-definition/shared-*:*'],
});

function snapshot(
  policies: readonly EcsAccessPolicy[],
  labels: Record<string, Record<string, string>> = {},
): () => AccessSnapshot {
  return () => ({ mode: 'required', policies, namespaceLabels: (ns) => labels[ns] });
}

function td(namespace: string, spec: Partial<EcsTaskDefinition['spec']>): EcsTaskDefinition {
  return kindObject('EcsTaskDefinition', { name: 'web', namespace }, { containerDefinitions: [], ...spec });
}

function svc(namespace: string, spec: Partial<EcsService['spec']>): EcsService {
  return kindObject('EcsService', { name: 'web', namespace }, spec);
}

function cluster(namespace: string, spec: Partial<EcsCluster['spec']>): EcsCluster {
  return kindObject('EcsCluster', { name: 'team-a-main', namespace }, spec);
}

const register = [{ type: 'register' as const, input: { family: 'web', containerDefinitions: [] } }];
const observedWith = (extra: Partial<ObservedTaskDefinition>): ObservedTaskDefinition => ({
  family: 'web',
  owned: [],
  inUse: new Set(),
  foreignActive: 0,
  ...extra,
});

describe('globMatches', () => {
  it('matches * across ARN separators and ? as one character, whole value only', () => {
    expect(globMatches('arn:aws:iam::111122223333:role/team-a-*', ROLE_A)).toBe(true);
    expect(globMatches('arn:aws:iam::111122223333:role/team-a-*', ADMIN)).toBe(false);
    expect(globMatches('team-?', 'team-b')).toBe(true);
    expect(globMatches('team-?', 'team-bb')).toBe(false);
    expect(globMatches('*', '')).toBe(true);
    expect(globMatches('a*b*c', 'axxbyyc')).toBe(true);
    expect(globMatches('a*b*c', 'axxbyy')).toBe(false);
    expect(globMatches('web', 'web2')).toBe(false);
  });
});

describe('namespace selection', () => {
  it('selects by name and by labels with Kubernetes selector semantics', () => {
    const byLabel = policy('by-label', {
      namespaces: {
        selector: {
          matchLabels: { team: 'b' },
          matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }],
        },
      },
    });
    expect(policiesSelecting([teamA, byLabel], 'team-a', undefined).map((p) => p.metadata.name)).toEqual([
      'team-a',
    ]);
    expect(
      policiesSelecting([teamA, byLabel], 'b-prod', { team: 'b', env: 'prod' }).map((p) => p.metadata.name),
    ).toEqual(['by-label']);
    expect(policiesSelecting([teamA, byLabel], 'b-dev', { team: 'b', env: 'dev' })).toEqual([]);
    expect(selectorMatches({ matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] }, { y: '1' })).toBe(
      true,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'x', operator: 'Exists' }] }, { y: '1' })).toBe(false);
    expect(
      selectorMatches({ matchExpressions: [{ key: 'x', operator: 'NotIn', values: ['1'] }] }, { x: '1' }),
    ).toBe(false);
  });

  it('ignores a policy being deleted', () => {
    const going = { ...teamA, metadata: { ...teamA.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    expect(policiesSelecting([going], 'team-a', undefined)).toEqual([]);
  });
});

describe('task definition guard', () => {
  const guard = taskDefinitionAccessGuard(snapshot([teamA]), 'eu-west-1');

  it('refuses everything in a namespace no policy selects, saying how to allow it', () => {
    const verdict = guard.check({ obj: td('team-z', {}), actions: register, region: undefined });
    expect(verdict).toMatchObject({ kind: 'refuse', reason: 'AccessDenied' });
    expect(verdict.kind !== 'allow' && verdict.message).toContain(
      'no EcsAccessPolicy selects namespace team-z',
    );
    expect(verdict.kind !== 'allow' && verdict.message).toContain('--access-policies=off');
  });

  it('allows nothing to be refused when policies are off', () => {
    const off = taskDefinitionAccessGuard(
      () => ({ mode: 'off', policies: [], namespaceLabels: () => undefined }),
      'eu-west-1',
    );
    expect(
      off.check({ obj: td('team-z', { taskRoleArn: ADMIN }), actions: register, region: undefined }).kind,
    ).toBe('allow');
  });

  it('allows a task role inside the glob and refuses one outside it, naming field, value and rule', () => {
    expect(
      guard.check({ obj: td('team-a', { taskRoleArn: ROLE_A }), actions: register, region: undefined }).kind,
    ).toBe('allow');
    const verdict = guard.check({
      obj: td('team-a', { taskRoleArn: ADMIN }),
      actions: register,
      region: undefined,
    });
    expect(verdict.kind).toBe('refuse');
    const message = verdict.kind === 'allow' ? '' : verdict.message;
    expect(message).toContain('spec.taskRoleArn');
    expect(message).toContain(ADMIN);
    expect(message).toContain(
      'EcsAccessPolicy team-a allows spec.taskRoleArns [arn:aws:iam::111122223333:role/team-a-*]',
    );
  });

  it('refuses an execution role no pattern allows, and any role when the list is absent', () => {
    expect(
      guard.check({ obj: td('team-a', { executionRoleArn: ADMIN }), actions: register, region: undefined })
        .kind,
    ).toBe('refuse');
    const bare = taskDefinitionAccessGuard(
      snapshot([policy('bare', { namespaces: { names: ['team-a'] } })]),
      'eu-west-1',
    );
    expect(bare.check({ obj: td('team-a', {}), actions: register, region: undefined }).kind).toBe('allow');
    const verdict = bare.check({
      obj: td('team-a', { taskRoleArn: ROLE_A }),
      actions: register,
      region: undefined,
    });
    expect(verdict.kind !== 'allow' && verdict.message).toContain('allows spec.taskRoleArns none');
  });

  it('refuses a Region outside the policy', () => {
    const verdict = guard.check({ obj: td('team-a', {}), actions: register, region: 'us-east-1' });
    expect(verdict.kind !== 'allow' && verdict.message).toContain('spec.region "us-east-1"');
  });

  it('refuses registering into a family another namespace owns, allows its own or a new one', () => {
    const squat = guard.check({
      obj: td('team-a', {}),
      actions: register,
      region: undefined,
      observed: observedWith({ foreignActive: 1, foreignOwners: ['team-b/web'] }),
    });
    expect(squat.kind !== 'allow' && squat.message).toContain('holds ACTIVE revisions of namespace team-b');
    const ownNamespace = observedWith({ foreignActive: 1, foreignOwners: ['team-a/other'] });
    expect(
      guard.check({ obj: td('team-a', {}), actions: register, region: undefined, observed: ownNamespace })
        .kind,
    ).toBe('allow');
    expect(
      guard.check({ obj: td('team-a', {}), actions: register, region: undefined, observed: observedWith({}) })
        .kind,
    ).toBe('allow');
    // Nothing registered (a tag update): the family rule is not asked.
    const foreign = observedWith({ foreignActive: 1, foreignOwners: ['team-b/web'] });
    expect(
      guard.check({ obj: td('team-a', {}), actions: [], region: undefined, observed: foreign }).kind,
    ).toBe('allow');
  });

  it('refuses registering over revisions made outside ecs-bridge unless adopting is allowed and asked', () => {
    const rev = {
      arn: 'arn:aws:ecs:eu-west-1:111122223333:task-definition/web:1',
      family: 'web',
      revision: 1,
      status: 'ACTIVE' as const,
      userTags: [],
    };
    const observed = observedWith({ foreignActive: 1, adoptable: [rev] });
    const refused = guard.check({ obj: td('team-a', {}), actions: register, region: undefined, observed });
    expect(refused.kind !== 'allow' && refused.message).toContain('revisions registered outside ecs-bridge');
    const adoption = guard.check({
      obj: td('team-a', { adopt: true }),
      actions: register,
      region: undefined,
      observed,
    });
    expect(adoption.kind !== 'allow' && adoption.message).toContain('does not allow adoption');
    const adopting = taskDefinitionAccessGuard(
      snapshot([policy('a', { namespaces: { names: ['team-a'] }, adoption: { allowed: true } })]),
      'eu-west-1',
    );
    expect(
      adopting.check({ obj: td('team-a', { adopt: true }), actions: register, region: undefined, observed })
        .kind,
    ).toBe('allow');
  });

  it('lists families explicitly with globs when a policy says so', () => {
    const shared = taskDefinitionAccessGuard(
      snapshot([
        policy('shared', { namespaces: { names: ['team-a'] }, taskDefinitionFamilies: ['web', 'team-a-*'] }),
      ]),
      'eu-west-1',
    );
    const observed = observedWith({ foreignOwners: ['team-b/web'] });
    expect(shared.check({ obj: td('team-a', {}), actions: register, region: undefined, observed }).kind).toBe(
      'allow',
    );
    const other = [{ type: 'register' as const, input: { family: 'payments', containerDefinitions: [] } }];
    const verdict = shared.check({
      obj: td('team-a', { family: 'payments' }),
      actions: other,
      region: undefined,
      observed,
    });
    expect(verdict.kind !== 'allow' && verdict.message).toContain('spec.family "payments"');
  });

  it('allows when any one policy selecting the namespace allows every ask', () => {
    const wide = policy('wide', {
      namespaces: { selector: { matchLabels: { tier: 'trusted' } } },
      taskRoleArns: ['*'],
    });
    const both = taskDefinitionAccessGuard(
      snapshot([teamA, wide], { 'team-a': { tier: 'trusted' } }),
      'eu-west-1',
    );
    expect(
      both.check({ obj: td('team-a', { taskRoleArn: ADMIN }), actions: register, region: undefined }).kind,
    ).toBe('allow');
  });
});

describe('service guard', () => {
  const guard = serviceAccessGuard(snapshot([teamA]), 'eu-west-1');
  const none = [] as const;

  it('refuses a cluster outside the globs, by name or ARN', () => {
    expect(
      guard.check({ obj: svc('team-a', { cluster: 'team-a-main' }), actions: none, region: 'eu-west-1' })
        .kind,
    ).toBe('allow');
    expect(
      guard.check({
        obj: svc('team-a', { cluster: 'arn:aws:ecs:eu-west-1:111122223333:cluster/team-a-main' }),
        actions: none,
        region: 'eu-west-1',
      }).kind,
    ).toBe('allow');
    const verdict = guard.check({
      obj: svc('team-a', { cluster: 'payments' }),
      actions: none,
      region: 'eu-west-1',
    });
    expect(verdict.kind !== 'allow' && verdict.message).toContain('spec.cluster "payments"');
  });

  it('refuses a role handed to ECS itself unless infrastructureRoleArns allows it, naming the field', () => {
    const ebs = svc('team-a', {
      cluster: 'team-a-main',
      volumeConfigurations: [
        { name: 'data', managedEBSVolume: { roleArn: ADMIN, sizeInGiB: 10 } },
      ] as NonNullable<EcsService['spec']['volumeConfigurations']>,
    });
    const verdict = guard.check({ obj: ebs, actions: none, region: 'eu-west-1' });
    expect(verdict.kind !== 'allow' && verdict.message).toContain(
      'spec.volumeConfigurations[0].managedEBSVolume.roleArn',
    );
    expect(verdict.kind !== 'allow' && verdict.message).toContain('infrastructureRoleArns none');
    const allowing = serviceAccessGuard(
      snapshot([{ ...teamA, spec: { ...teamA.spec, infrastructureRoleArns: [ADMIN] } }]),
      'eu-west-1',
    );
    expect(allowing.check({ obj: ebs, actions: none, region: 'eu-west-1' }).kind).toBe('allow');
    const classic = allowing.check({
      obj: svc('team-a', { cluster: 'team-a-main', role: ROLE_A }),
      actions: none,
      region: 'eu-west-1',
    });
    expect(classic.kind !== 'allow' && classic.message).toContain('spec.role');
  });

  it('judges the cluster a clusterRef resolved to, as the plan sends it', () => {
    const create = [{ type: 'createService' as const, input: { cluster: 'payments', serviceName: 'web' } }];
    const verdict = guard.check({
      obj: svc('team-a', { clusterRef: { name: 'x' } }),
      actions: create,
      region: 'eu-west-1',
    });
    expect(verdict.kind !== 'allow' && verdict.message).toContain('spec.clusterRef "payments"');
  });

  it('refuses a foreign task definition unless a glob allows it', () => {
    const foreign = 'arn:aws:ecs:eu-west-1:111122223333:task-definition/payments:7';
    const verdict = guard.check({
      obj: svc('team-a', { cluster: 'team-a-main', taskDefinition: foreign }),
      actions: none,
      region: 'eu-west-1',
    });
    expect(verdict.kind !== 'allow' && verdict.message).toContain(`spec.taskDefinition "${foreign}"`);
    const shared = 'arn:aws:ecs:eu-west-1:111122223333:task-definition/shared-proxy:3';
    expect(
      guard.check({
        obj: svc('team-a', { cluster: 'team-a-main', taskDefinition: shared }),
        actions: none,
        region: 'eu-west-1',
      }).kind,
    ).toBe('allow');
  });

  it('refuses adoption unless allowed on that cluster', () => {
    const adopt = svc('team-a', { cluster: 'team-a-main', adopt: true });
    expect(guard.check({ obj: adopt, actions: none, region: 'eu-west-1' }).kind).toBe('refuse');
    const some = serviceAccessGuard(
      snapshot([
        policy('a', {
          namespaces: { names: ['team-a'] },
          adoption: { allowed: true, clusters: ['legacy-*'] },
        }),
      ]),
      'eu-west-1',
    );
    expect(
      some.check({
        obj: svc('team-a', { cluster: 'legacy-1', adopt: true }),
        actions: none,
        region: 'eu-west-1',
      }).kind,
    ).toBe('allow');
    const verdict = some.check({ obj: adopt, actions: none, region: 'eu-west-1' });
    expect(verdict.kind !== 'allow' && verdict.message).toContain('not on cluster team-a-main');
  });

  it('judges an autoscaling entry that adopts a policy as an adoption on the service cluster', () => {
    const adoptsPolicy = svc('team-a', {
      cluster: 'team-a-main',
      autoscaling: {
        minCapacity: 1,
        maxCapacity: 3,
        cpu: { targetValue: 50, policyName: 'cpu-by-hand', adopt: true },
      },
    });
    const verdict = guard.check({ obj: adoptsPolicy, actions: none, region: 'eu-west-1' });
    expect(verdict.kind).toBe('refuse');
    expect(verdict.kind !== 'allow' && verdict.message).toContain('spec.autoscaling.cpu.adopt');
    const onlyReads = svc('team-a', {
      cluster: 'team-a-main',
      autoscaling: { minCapacity: 1, maxCapacity: 3, cpu: { targetValue: 50, policyName: 'cpu-by-hand' } },
    });
    expect(guard.check({ obj: onlyReads, actions: none, region: 'eu-west-1' }).kind).toBe('allow');
    const allowed = serviceAccessGuard(
      snapshot([policy('a', { namespaces: { names: ['team-a'] }, adoption: { allowed: true } })]),
      'eu-west-1',
    );
    expect(allowed.check({ obj: adoptsPolicy, actions: none, region: 'eu-west-1' }).kind).toBe('allow');
  });

  it('judges a scheduled action entry that adopts an action as an adoption on the service cluster', () => {
    const night = { name: 'night', schedule: 'cron(0 22 * * ? *)', minCapacity: 1 };
    const adoptsAction = svc('team-a', {
      cluster: 'team-a-main',
      autoscaling: {
        minCapacity: 1,
        maxCapacity: 3,
        scheduledActions: [
          night,
          { ...night, name: 'n2', scheduledActionName: 'night-by-hand', adopt: true },
        ],
      },
    });
    const verdict = guard.check({ obj: adoptsAction, actions: none, region: 'eu-west-1' });
    expect(verdict.kind).toBe('refuse');
    expect(verdict.kind !== 'allow' && verdict.message).toContain(
      'spec.autoscaling.scheduledActions[1].adopt',
    );
    const onlyReads = svc('team-a', {
      cluster: 'team-a-main',
      autoscaling: {
        minCapacity: 1,
        maxCapacity: 3,
        scheduledActions: [{ ...night, scheduledActionName: 'night-by-hand' }],
      },
    });
    expect(guard.check({ obj: onlyReads, actions: none, region: 'eu-west-1' }).kind).toBe('allow');
  });

  it('judges a step scaling entry that adopts a policy as an adoption on the service cluster', () => {
    const spike = {
      name: 'spike',
      policyName: 'spike-by-hand',
      alarmName: 'spike-alarm-by-hand',
      stepAdjustments: [{ lowerBound: 0, scalingAdjustment: 2 }],
    };
    const adoptsStep = svc('team-a', {
      cluster: 'team-a-main',
      autoscaling: { minCapacity: 1, maxCapacity: 3, stepScaling: [{ ...spike, adopt: true }] },
    });
    const verdict = guard.check({ obj: adoptsStep, actions: none, region: 'eu-west-1' });
    expect(verdict.kind).toBe('refuse');
    expect(verdict.kind !== 'allow' && verdict.message).toContain('spec.autoscaling.stepScaling[0].adopt');
    const onlyReads = svc('team-a', {
      cluster: 'team-a-main',
      autoscaling: { minCapacity: 1, maxCapacity: 3, stepScaling: [spike] },
    });
    expect(guard.check({ obj: onlyReads, actions: none, region: 'eu-west-1' }).kind).toBe('allow');
  });
});

describe('cluster guard', () => {
  const guard = clusterAccessGuard(snapshot([teamA]), 'eu-west-1');

  it('judges the ECS cluster name (metadata.name by default) and adoption', () => {
    expect(guard.check({ obj: cluster('team-a', {}), actions: [], region: undefined }).kind).toBe('allow');
    const verdict = guard.check({
      obj: cluster('team-a', { clusterName: 'payments' }),
      actions: [],
      region: undefined,
    });
    expect(verdict.kind !== 'allow' && verdict.message).toContain('spec.clusterName "payments"');
    expect(
      guard.check({ obj: cluster('team-a', { adopt: true }), actions: [], region: undefined }).kind,
    ).toBe('refuse');
  });
});

/**
 * The Ready / Reconciling / Stalled triple of every outcome, to the message and the generation: the
 * kstatus contract watchers (kubectl wait, Flux, Argo CD) read.
 */
import { describe, expect, it } from 'vitest';
import { classifyAwsError } from '../../aws/errors.js';
import { awsError } from '../../aws/testing/fake-ecs.js';
import { buildServiceStatus, type ServiceOutcome } from './status.js';
import { serviceObject } from './testing/harness.js';
import type { EcsService } from './types.js';

const now = new Date('2026-03-01T12:00:00Z');
const base = serviceObject({ cluster: 'demo', taskDefinition: 'web:2' });
const obj: EcsService = { ...base, metadata: { ...base.metadata, generation: 3 } };
const wasReady: EcsService = {
  ...obj,
  status: {
    conditions: [
      {
        type: 'Ready',
        status: 'True',
        reason: 'RolloutComplete',
        message: 'done',
        observedGeneration: 2,
        lastTransitionTime: '2026-03-01T11:00:00Z',
      },
    ],
  },
};
const drift = { fields: ['desiredCount'], changes: [] };

/** `status/reason/message` of Ready, Reconciling and Stalled, each checked to carry generation 3. */
function triple(o: EcsService, outcome: ServiceOutcome): string[] {
  const conditions = buildServiceStatus({ obj: o, now, outcome }).conditions ?? [];
  return ['Ready', 'Reconciling', 'Stalled'].map((type) => {
    const c = conditions.find((x) => x.type === type);
    expect(c?.observedGeneration, type).toBe(3);
    return `${c?.status}/${c?.reason}/${c?.message}`;
  });
}

describe('buildServiceStatus conditions, in full', () => {
  it.each([
    ['conflict', 'Conflict'],
    ['refused', 'ImmutableFieldChanged'],
    ['invalidSpec', 'InvalidSpec'],
    ['notVisible', 'ServiceNotVisible'],
  ] as const)('%s stalls with reason %s and its own message', (kind, reason) => {
    expect(triple(obj, { kind, message: 'why' })).toEqual([
      `False/${reason}/why`,
      `False/${reason}/`,
      `True/${reason}/why`,
    ]);
  });

  // Each row: the outcome, the triple it makes, and the object before when it is not `obj`.
  it.each<[string, ServiceOutcome, string[], EcsService?]>([
    [
      'waiting',
      { kind: 'waiting', reason: 'TaskDefinitionNotReady', message: 'x' },
      ['Unknown/TaskDefinitionNotReady/x', 'True/TaskDefinitionNotReady/x', 'False/TaskDefinitionNotReady/'],
    ],
    [
      'unconfirmedRead on a first visit',
      { kind: 'unconfirmedRead', message: 'stale' },
      ['Unknown/UnconfirmedRead/stale', 'True/UnconfirmedRead/stale', 'False/UnconfirmedRead/'],
    ],
    [
      'confirmingAbsence of a ready service',
      { kind: 'confirmingAbsence', message: 'absent?' },
      ['True/RolloutComplete/done', 'True/ConfirmingAbsence/absent?', 'False/ConfirmingAbsence/'],
      wasReady,
    ],
    [
      'guarded, refused',
      { kind: 'guarded', verdict: { kind: 'refuse', guard: 'g', reason: 'AccessDenied', message: 'no' } },
      ['False/AccessDenied/no', 'False/AccessDenied/', 'True/AccessDenied/no'],
    ],
    [
      'guarded, withheld',
      {
        kind: 'guarded',
        verdict: { kind: 'suppress', guard: 'g', reason: 'DriftDetected', message: 'held' },
      },
      ['False/DriftDetected/held', 'False/DriftDetected/', 'False/DriftDetected/'],
    ],
    [
      'observed in sync',
      { kind: 'observed', drift: undefined, where: 'ECS service web' },
      [
        'True/InSync/ECS service web matches the spec (managementPolicy Observe)',
        'False/InSync/',
        'False/InSync/',
      ],
    ],
    [
      'observed, drifted',
      { kind: 'observed', drift, where: 'ECS service web' },
      [
        'False/Drifted/ECS service web differs from the spec in desiredCount; managementPolicy is Observe, so ecs-bridge changes nothing (status.drift lists the changes; set managementPolicy: Manage to apply them)',
        'False/Drifted/',
        'True/Drifted/ECS service web differs from the spec in desiredCount; managementPolicy is Observe, so ecs-bridge changes nothing (status.drift lists the changes; set managementPolicy: Manage to apply them)',
      ],
    ],
    [
      'observed with a refused spec.autoscaling',
      {
        kind: 'observed',
        drift: undefined,
        where: 'ECS service web',
        refused: { type: 'AutoscalingReady', status: 'False', reason: 'InvalidSpec', message: 'min > max' },
      },
      ['False/InvalidSpec/min > max', 'False/InvalidSpec/', 'True/InvalidSpec/min > max'],
    ],
    [
      'suspended',
      { kind: 'suspended' },
      [
        'Unknown/Suspended/spec.suspend is true: ecs-bridge does not converge or touch the ECS service',
        'False/Suspended/',
        'False/Suspended/',
      ],
    ],
    [
      'deleting',
      { kind: 'deleting', message: 'draining' },
      ['False/Deleting/draining', 'True/Deleting/draining', 'False/Deleting/'],
    ],
    [
      'converged before ECS describes the service',
      { kind: 'converged', created: true, updated: false },
      [
        'Unknown/Creating/waiting for ECS to describe the service',
        'True/Creating/waiting for ECS to describe the service',
        'False/Creating/',
      ],
    ],
    [
      'a terminal AWS error',
      {
        kind: 'awsError',
        error: classifyAwsError(awsError('AccessDeniedException', 'denied')),
        terminal: true,
        during: 'creating',
      },
      [
        'False/AccessDenied/creating: AccessDeniedException: denied',
        'False/AccessDenied/',
        'True/AccessDenied/creating: AccessDeniedException: denied',
      ],
    ],
    [
      'a retryable AWS error of a ready service',
      {
        kind: 'awsError',
        error: classifyAwsError(awsError('ThrottlingException', 'slow down')),
        terminal: false,
        during: 'describing',
      },
      [
        'True/RolloutComplete/done',
        'True/Throttled/describing: ThrottlingException: slow down',
        'False/Throttled/',
      ],
      wasReady,
    ],
  ])('%s', (_name, outcome, expected, o = obj) => {
    expect(triple(o, outcome)).toEqual(expected);
  });
});

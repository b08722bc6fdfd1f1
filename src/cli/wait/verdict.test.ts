import { describe, expect, it } from 'vitest';
import type { Condition } from '../../k8s/conditions.js';
import { waitVerdict } from './verdict.js';

const T = '2026-01-01T00:00:00Z';
const c = (
  type: string,
  status: Condition['status'],
  reason: string,
  observedGeneration?: number,
): Condition => ({
  type,
  status,
  reason,
  message: `${type} ${reason}`,
  lastTransitionTime: T,
  ...(observedGeneration === undefined ? {} : { observedGeneration }),
});

describe('waitVerdict', () => {
  it('is Ready only when the current generation is observed and Ready=True', () => {
    expect(
      waitVerdict({
        metadata: { generation: 2 },
        status: { observedGeneration: 2, conditions: [c('Ready', 'True', 'ServiceStable', 2)] },
      }),
    ).toEqual({ state: 'ready', reason: 'ServiceStable', message: 'Ready ServiceStable' });
  });

  it('does not take a Ready of the previous generation', () => {
    const behind = {
      metadata: { generation: 3 },
      status: { observedGeneration: 2, conditions: [c('Ready', 'True', 'ServiceStable', 2)] },
    };
    expect(waitVerdict(behind)).toMatchObject({ state: 'pending', reason: 'NotObserved' });
    const staleCondition = {
      metadata: { generation: 3 },
      status: { observedGeneration: 3, conditions: [c('Ready', 'True', 'ServiceStable', 2)] },
    };
    expect(waitVerdict(staleCondition)).toMatchObject({ state: 'pending', reason: 'NoConditions' });
  });

  it('is Stalled with the condition reason and message, even while Ready is Unknown', () => {
    const obj = {
      metadata: { generation: 1 },
      status: {
        observedGeneration: 1,
        conditions: [c('Ready', 'False', 'ClusterNotFound', 1), c('Stalled', 'True', 'ClusterNotFound', 1)],
      },
    };
    expect(waitVerdict(obj)).toEqual({
      state: 'stalled',
      reason: 'ClusterNotFound',
      message: 'Stalled ClusterNotFound',
    });
  });

  it('is pending with the Ready reason while reconciling, and with no status at all', () => {
    const rolling = {
      metadata: { generation: 1 },
      status: {
        observedGeneration: 1,
        conditions: [
          c('Ready', 'Unknown', 'RolloutInProgress'),
          c('Reconciling', 'True', 'RolloutInProgress'),
        ],
      },
    };
    expect(waitVerdict(rolling)).toMatchObject({ state: 'pending', reason: 'RolloutInProgress' });
    expect(waitVerdict({ metadata: { generation: 1 } })).toMatchObject({
      state: 'pending',
      reason: 'NotObserved',
    });
  });
});

import { describe, expect, it } from 'vitest';
import {
  judgeRead,
  MISSING_READS_TO_CONCLUDE,
  MISSING_SPAN_MS,
  type JudgeReadInput,
  type MissingDeploymentEvidence,
} from './read-consistency.js';
import { dep, service, TD1, TD2 } from './testing/fixtures.js';
import type { RolloutStatus } from './types.js';

const T0 = new Date('2026-03-01T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

const following = (state: RolloutStatus['state']): RolloutStatus => ({
  deploymentId: 'b',
  taskDefinitionArn: TD2,
  generation: 2,
  state,
});

/** The answer after our UpdateService: our deployment b rolling out next to the old a. */
const current = service([dep('b', 'PRIMARY', TD2, { rolloutState: 'IN_PROGRESS' }), dep('a', 'ACTIVE', TD1)]);
/** A view from before our UpdateService: the old PRIMARY, COMPLETED, alone. */
const preUpdate = service([dep('a', 'PRIMARY', TD1, { rolloutState: 'COMPLETED' })]);
/** An empty deployment list. */
const empty = service([]);
/** A view from while the old deployment itself was still rolling out (an older answer still). */
const stale = service([dep('a', 'PRIMARY', TD1, { rolloutState: 'IN_PROGRESS', runningCount: 0 })], {
  runningCount: 0,
});
const missing = (reads: number, since = T0): MissingDeploymentEvidence => ({
  deploymentId: 'b',
  since,
  reads,
});

describe('judgeRead', () => {
  it.each<[string, JudgeReadInput, string, Partial<MissingDeploymentEvidence>?]>([
    [
      'the followed deployment is listed',
      { followed: following('InProgress'), service: current, evidence: undefined, now: T0 },
      'consistent',
    ],
    [
      'listed again after misses: the evidence is dropped',
      { followed: following('InProgress'), service: current, evidence: missing(2), now: at(10_000) },
      'consistent',
    ],
    [
      'nothing followed yet',
      { followed: undefined, service: empty, evidence: undefined, now: T0 },
      'consistent',
    ],
    [
      'a failed rollout: its deployment is expected to be gone',
      { followed: following('Failed'), service: preUpdate, evidence: undefined, now: T0 },
      'consistent',
    ],
    [
      'one pre-update answer',
      { followed: following('InProgress'), service: preUpdate, evidence: undefined, now: T0 },
      'unconfirmed',
      { reads: 1, since: T0 },
    ],
    [
      'one empty answer',
      { followed: following('InProgress'), service: empty, evidence: undefined, now: T0 },
      'unconfirmed',
      { reads: 1 },
    ],
    [
      'one stale answer',
      { followed: following('InProgress'), service: stale, evidence: undefined, now: T0 },
      'unconfirmed',
      { reads: 1 },
    ],
    [
      'a pre-update answer after the rollout completed',
      { followed: following('Completed'), service: preUpdate, evidence: undefined, now: T0 },
      'unconfirmed',
      { reads: 1 },
    ],
    [
      'the INACTIVE followed deployment counts as missing',
      {
        followed: following('InProgress'),
        service: service([dep('b', 'INACTIVE', TD2), dep('a', 'PRIMARY', TD1)]),
        evidence: undefined,
        now: T0,
      },
      'unconfirmed',
      { reads: 1 },
    ],
    [
      `${MISSING_READS_TO_CONCLUDE} reads but not yet ${MISSING_SPAN_MS} ms`,
      {
        followed: following('InProgress'),
        service: preUpdate,
        evidence: missing(MISSING_READS_TO_CONCLUDE - 1),
        now: at(MISSING_SPAN_MS - 1),
      },
      'unconfirmed',
      { reads: MISSING_READS_TO_CONCLUDE, since: T0 },
    ],
    [
      `${MISSING_SPAN_MS} ms but only ${MISSING_READS_TO_CONCLUDE - 1} reads`,
      {
        followed: following('InProgress'),
        service: preUpdate,
        evidence: missing(MISSING_READS_TO_CONCLUDE - 2),
        now: at(10 * MISSING_SPAN_MS),
      },
      'unconfirmed',
      { reads: MISSING_READS_TO_CONCLUDE - 1 },
    ],
    [
      'enough reads over enough time: believed',
      {
        followed: following('InProgress'),
        service: preUpdate,
        evidence: missing(MISSING_READS_TO_CONCLUDE - 1),
        now: at(MISSING_SPAN_MS),
      },
      'confirmed',
      { reads: MISSING_READS_TO_CONCLUDE },
    ],
    [
      'evidence about another deployment does not count',
      {
        followed: following('InProgress'),
        service: preUpdate,
        evidence: { deploymentId: 'z', since: T0, reads: 9 },
        now: at(MISSING_SPAN_MS),
      },
      'unconfirmed',
      { reads: 1, since: at(MISSING_SPAN_MS) },
    ],
    [
      "ECS's own failure event for the deployment: believed at once",
      {
        followed: following('InProgress'),
        service: service([dep('c', 'PRIMARY', TD1, { rolloutState: 'IN_PROGRESS' })], {
          events: [
            { id: '1', message: '(service web) (deployment b) deployment failed: tasks failed to start.' },
          ],
        }),
        evidence: undefined,
        now: T0,
      },
      'confirmed',
      { reads: 1 },
    ],
  ])('%s', (_name, input, kind, evidence) => {
    const r = judgeRead(input);
    expect(r.kind).toBe(kind);
    if (evidence !== undefined) {
      expect(r.kind === 'consistent' ? undefined : r.evidence).toMatchObject(evidence);
    }
  });

  it('says what it waits for in a message that does not change from read to read', () => {
    const first = judgeRead({
      followed: following('InProgress'),
      service: preUpdate,
      evidence: undefined,
      now: T0,
    });
    if (first.kind !== 'unconfirmed') throw new Error(first.kind);
    const second = judgeRead({
      followed: following('InProgress'),
      service: preUpdate,
      evidence: first.evidence,
      now: at(5_000),
    });
    if (second.kind !== 'unconfirmed') throw new Error(second.kind);
    expect(second.message).toBe(first.message);
    expect(first.message).toContain('ECS deployment b');
    expect(first.message).toContain('eventually consistent');
  });
});

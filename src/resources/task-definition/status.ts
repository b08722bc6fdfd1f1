/**
 * The EcsTaskDefinition status as a pure function of the object, what was observed (after applying
 * the plan), the outcome of the reconcile and the time. Conditions follow kstatus: Ready, Reconciling
 * and Stalled, each with a PascalCase reason and a message that names the value and the fix.
 *
 * A retryable failure (throttling, a 5xx) does not flip Ready: while nothing changed it leaves the
 * status as it is (no write per throttled resync); while a change waits it says Reconciling=True
 * with the reason, so a persistent problem is visible without crying wolf over a passing one.
 */
import { setConditions } from '../../k8s/conditions.js';
import {
  keptReady,
  no,
  observedGenerationField,
  setConditionTriple,
  statusStep,
  yes,
  type ReasonMessage,
} from '../condition-values.js';
import { isSameReportedStatus } from '../status-compare.js';
import type { WriteVerdict } from '../write-guard.js';
import { DriftReasons, driftedCondition, driftMessage, type DriftStatus } from '../drift.js';
import { resolveCurrentRevision } from './current-revision.js';
import type { ObservedTaskDefinition } from './observe.js';
import { TaskDefinitionReason as R } from './reasons.js';
import {
  MAX_STATUS_REVISIONS,
  type EcsTaskDefinition,
  type EcsTaskDefinitionStatus,
  type RevisionSummary,
} from './types.js';

/** How a reconcile ended, as far as status is concerned. */
export type TaskDefinitionOutcome =
  /** First visit, before any AWS call: Reconciling=True, Ready=Unknown. */
  | { readonly kind: 'progressing' }
  /** Converged: an owned ACTIVE revision carries `specHash`. */
  | {
      readonly kind: 'synced';
      readonly specHash: string;
      readonly adopt?: boolean;
      readonly adoptRevision?: number;
    }
  /** validate.ts found problems; no AWS call was made. */
  | { readonly kind: 'invalid'; readonly message: string }
  /** A terminal AWS error (invalid request, access denied, quota). */
  | { readonly kind: 'failed'; readonly reason: string; readonly message: string }
  /** A retryable error; the work queue will retry. */
  | { readonly kind: 'retrying'; readonly reason: string; readonly message: string }
  /** Deletion is under way and hit a retryable error. */
  | { readonly kind: 'deleting'; readonly message: string }
  /** A write guard withheld (`suppress`) or refused (`refuse`) the plan; nothing was written to AWS. */
  | { readonly kind: 'guarded'; readonly verdict: Exclude<WriteVerdict, { kind: 'allow' }> }
  /**
   * managementPolicy Observe (ADR 0018): planned, not applied. The current revision is resolved as
   * `spec.adopt` would; `drift` undefined means the family matches the spec.
   */
  | {
      readonly kind: 'observed';
      readonly specHash: string;
      readonly adoptRevision?: number;
      readonly drift: DriftStatus | undefined;
      readonly where: string;
    };

/** Computes the status to write. Pure; returns `obj.status` itself when nothing should change. */
export function taskDefinitionStatus(
  obj: EcsTaskDefinition,
  observed: ObservedTaskDefinition | undefined,
  outcome: TaskDefinitionOutcome,
  now: Date,
): EcsTaskDefinitionStatus {
  if (outcome.kind === 'observed') return observedStatus(obj, observed, outcome, now);
  const status = statusFor(obj, observed, outcome, now);
  if (outcome.kind !== 'synced') return status;
  // Drift is reported only while observing: once ecs-bridge manages the family again, it goes.
  const { drift: _gone, ...rest } = status;
  return { ...rest, conditions: (status.conditions ?? []).filter((c) => c.type !== 'Drifted') };
}

/** Observe: the status Manage would write when nothing differs, else Stalled with the drift. */
function observedStatus(
  obj: EcsTaskDefinition,
  observed: ObservedTaskDefinition | undefined,
  outcome: Extract<TaskDefinitionOutcome, { kind: 'observed' }>,
  now: Date,
): EcsTaskDefinitionStatus {
  const { drift: _previous, ...synced } = statusFor(
    obj,
    observed,
    {
      kind: 'synced',
      specHash: outcome.specHash,
      adopt: true,
      ...(outcome.adoptRevision === undefined ? {} : { adoptRevision: outcome.adoptRevision }),
    },
    now,
  );
  const generation = obj.metadata.generation;
  const gen = observedGenerationField(generation);
  const drifted = driftedCondition(outcome.drift, outcome.where, generation);
  // In sync: Ready. Drifted: Stalled until the spec or AWS changes, since Observe never writes.
  const drift = outcome.drift;
  const c =
    drift === undefined
      ? {
          reason: DriftReasons.InSync,
          message: `${outcome.where} matches the spec (managementPolicy Observe)`,
        }
      : { reason: DriftReasons.Drifted, message: driftMessage(drift, outcome.where) };
  const conditions = setConditions(
    synced.conditions ?? [],
    [
      { type: 'Ready', ...(drift === undefined ? yes(c) : no(c)), ...gen },
      { type: 'Reconciling', ...no(c), ...gen },
      { type: 'Stalled', ...(drift === undefined ? no(c) : yes(c)), ...gen },
      drifted,
    ],
    now,
  );
  return { ...synced, ...gen, ...(drift === undefined ? {} : { drift }), conditions };
}

function statusFor(
  obj: EcsTaskDefinition,
  observed: ObservedTaskDefinition | undefined,
  outcome: Exclude<TaskDefinitionOutcome, { kind: 'observed' }>,
  now: Date,
): EcsTaskDefinitionStatus {
  const base = obj.status ?? {};
  const { generation, gen, conditions, progressing } = statusStep(obj, now);

  switch (outcome.kind) {
    case 'progressing': {
      const c = { reason: R.Progressing, message: 'reconciling the task definition with ECS' };
      return { ...base, conditions: progressing(c) };
    }
    case 'synced': {
      const resolved =
        observed === undefined
          ? undefined
          : resolveCurrentRevision(observed, outcome.specHash, outcome.adopt ?? false, outcome.adoptRevision);
      const current = resolved?.revision;
      if (observed === undefined || current === undefined) {
        const c = { reason: R.Progressing, message: `no ACTIVE revision carries ${outcome.specHash} yet` };
        return { ...base, conditions: progressing(c) };
      }
      const c = {
        reason: R.UpToDate,
        // The full hash is in status.specHash; a prefix keeps `kubectl get -o wide` readable.
        message: resolved?.adopted
          ? `revision ${current.family}:${current.revision}, registered outside ecs-bridge, has the desired content and is adopted as it is (spec.adopt)`
          : `revision ${current.family}:${current.revision} carries the desired spec (${outcome.specHash.slice(0, 15)}…)`,
      };
      const revisions = recentRevisions(observed, base.revisions);
      return {
        ...base,
        ...gen,
        family: observed.family,
        revision: current.revision,
        taskDefinitionArn: current.arn,
        specHash: outcome.specHash,
        ...(revisions.length === 0 ? {} : { revisions }),
        conditions: conditions(yes(c), no(c), no(c)),
      };
    }
    case 'invalid': {
      const c = { reason: R.InvalidSpec, message: outcome.message };
      return { ...base, ...gen, conditions: conditions(no(c), no(c), yes(c)) };
    }
    case 'failed': {
      const c = { reason: outcome.reason, message: outcome.message };
      return { ...base, ...gen, conditions: conditions(no(c), no(c), yes(c)) };
    }
    case 'retrying': {
      const c = { reason: outcome.reason, message: `retrying: ${outcome.message}` };
      const fresh = (base.conditions ?? []).length === 0;
      const changeWaiting = generation !== undefined && generation !== base.observedGeneration;
      if (!fresh && !changeWaiting) return base;
      return reconcilingKeptReady(base, c, now);
    }
    case 'guarded': {
      // Withheld: not converged, nothing to retry. Refused: stalled until the object changes.
      const c = { reason: outcome.verdict.reason, message: outcome.verdict.message };
      const stalled = outcome.verdict.kind === 'refuse' ? yes(c) : no(c);
      return { ...base, ...gen, conditions: conditions(no(c), no(c), stalled) };
    }
    case 'deleting': {
      const c = { reason: R.Deleting, message: outcome.message };
      return reconcilingKeptReady(base, c, now);
    }
  }
}

/**
 * True when writing `next` over `previous` would change nothing a reader cares about: equal after
 * ignoring `lastTransitionTime` (which setConditions keeps stable anyway) and key order.
 */
export function isSameStatus(
  previous: EcsTaskDefinitionStatus | undefined,
  next: EcsTaskDefinitionStatus,
): boolean {
  return isSameReportedStatus(previous, next);
}

/** `base` with Reconciling=True for `c`, Ready as it was, and every condition's generation kept. */
function reconcilingKeptReady(
  base: EcsTaskDefinitionStatus,
  c: ReasonMessage,
  now: Date,
): EcsTaskDefinitionStatus {
  const triple = [keptReady(base.conditions, c), yes(c), no(c)] as const;
  return { ...base, conditions: setConditionTriple(base.conditions, triple, 'kept', now) };
}

/**
 * The newest owned ACTIVE revisions. A revision known from its tags alone (after a restart, ADR
 * 0051) has no registration time: the one reported before for the same ARN is kept, since a
 * revision's registration time never changes; only the report is carried, nothing decides on it.
 */
function recentRevisions(
  observed: ObservedTaskDefinition,
  reported: readonly RevisionSummary[] = [],
): RevisionSummary[] {
  return observed.owned
    .filter((r) => r.status === 'ACTIVE')
    .sort((a, b) => b.revision - a.revision)
    .slice(0, MAX_STATUS_REVISIONS)
    .map((r) => {
      const registeredAt =
        r.registeredAt ?? reported.find((p) => p.taskDefinitionArn === r.arn)?.registeredAt;
      return {
        revision: r.revision,
        taskDefinitionArn: r.arn,
        ...(registeredAt === undefined ? {} : { registeredAt }),
      };
    });
}

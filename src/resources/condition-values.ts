/**
 * A condition's value without its type and times, and the three ways to build one: the small
 * vocabulary the kinds' pure status steps write their Ready / Reconciling / Stalled triples in.
 */
import { setConditions, type Condition, type ConditionInput } from '../k8s/conditions.js';

/** A condition's status, reason and message. */
export type ConditionValue = Pick<ConditionInput, 'status' | 'reason' | 'message'>;

/** A condition's reason and message, before its status is chosen. */
export type ReasonMessage = Pick<ConditionInput, 'reason' | 'message'>;

/** `status: True` with `c`'s reason and message. */
export const yes = (c: ReasonMessage): ConditionValue => ({ status: 'True', ...c });
/** `status: False` with `c`'s reason and message. */
export const no = (c: ReasonMessage): ConditionValue => ({ status: 'False', ...c });
/** `status: Unknown` with `c`'s reason and message. */
export const unknown = (c: ReasonMessage): ConditionValue => ({ status: 'Unknown', ...c });

/**
 * Ready as `conditions` last said it, or Unknown with `c` when they hold none: the Ready of a step
 * that learns nothing new about readiness (a retry, a deletion in progress).
 */
export function keptReady(conditions: readonly Condition[] | undefined, c: ReasonMessage): ConditionValue {
  const ready = conditions?.find((x) => x.type === 'Ready');
  return ready === undefined
    ? unknown(c)
    : { status: ready.status, reason: ready.reason, message: ready.message };
}

/** The Ready / Reconciling / Stalled values a status step chose. */
export type ConditionTriple = readonly [
  ready: ConditionValue,
  reconciling: ConditionValue,
  stalled: ConditionValue,
];

/**
 * `previous` with the kstatus triple Ready, Reconciling, Stalled set to `triple`. Each carries
 * `generation` as its observedGeneration; with `'kept'`, the one it carried before (the new
 * generation is not done yet, so none of them may claim it).
 */
export function setConditionTriple(
  previous: readonly Condition[] | undefined,
  triple: ConditionTriple,
  generation: number | undefined | 'kept',
  now: Date,
): Condition[] {
  const observed = (type: string): { observedGeneration?: number } => {
    const g = generation === 'kept' ? previous?.find((x) => x.type === type)?.observedGeneration : generation;
    return g === undefined ? {} : { observedGeneration: g };
  };
  const [ready, reconciling, stalled] = triple;
  return setConditions(
    previous ?? [],
    [
      { type: 'Ready', ...ready, ...observed('Ready') },
      { type: 'Reconciling', ...reconciling, ...observed('Reconciling') },
      { type: 'Stalled', ...stalled, ...observed('Stalled') },
    ],
    now,
  );
}

/**
 * The condition setter of a status step for `obj`: its previous conditions with the triple set, each
 * carrying `obj`'s generation, or with `keepGeneration` the one it carried before.
 */
export function tripleSetter(
  obj: {
    readonly metadata: { readonly generation?: number };
    readonly status?: { readonly conditions?: readonly Condition[] };
  },
  now: Date,
): (
  ready: ConditionValue,
  reconciling: ConditionValue,
  stalled: ConditionValue,
  keepGeneration?: boolean,
) => Condition[] {
  return (ready, reconciling, stalled, keepGeneration = false) =>
    setConditionTriple(
      obj.status?.conditions,
      [ready, reconciling, stalled],
      keepGeneration ? 'kept' : obj.metadata.generation,
      now,
    );
}

/** `generation` as an `observedGeneration` field to spread, or nothing when the object has none. */
export function observedGenerationField(generation: number | undefined): { observedGeneration?: number } {
  return generation === undefined ? {} : { observedGeneration: generation };
}

/** What a kind's status step starts from. */
export interface StatusStep {
  /** The object's `metadata.generation`. */
  readonly generation: number | undefined;
  /** That generation as an `observedGeneration` field to spread (empty when there is none). */
  readonly gen: { observedGeneration?: number };
  /** The object's condition setter ({@link tripleSetter}). */
  readonly conditions: ReturnType<typeof tripleSetter>;
  /** The conditions of a visit under way that knows nothing yet of readiness: Ready=Unknown, Reconciling=True. */
  readonly progressing: (c: ReasonMessage) => Condition[];
}

/** The generation, its status field and the condition setter of a status step for `obj` at `now`. */
export function statusStep(obj: Parameters<typeof tripleSetter>[0], now: Date): StatusStep {
  const generation = obj.metadata.generation;
  const conditions = tripleSetter(obj, now);
  return {
    generation,
    gen: observedGenerationField(generation),
    conditions,
    progressing: (c) => conditions(unknown(c), yes(c), no(c)),
  };
}

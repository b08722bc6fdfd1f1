/**
 * What `ecs-bridge wait` makes of one object, pure: Ready for its current generation, Stalled for
 * it (retrying cannot help: the operator stops until the object changes, so waiting longer cannot
 * help either), or still on its way. Only conditions written for the object's current generation
 * count: a Ready left over from the previous spec is not an answer to the latest `kubectl apply`.
 */
import type { Condition } from '../../k8s/conditions.js';

/** The parts of one of our objects the verdict reads. */
export interface WaitedObject {
  readonly metadata: { readonly generation?: number };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly conditions?: readonly Condition[];
  };
}

/** The verdict on one object; `reason` and `message` are the deciding condition's. */
export type WaitVerdict =
  | { readonly state: 'ready'; readonly reason: string; readonly message: string }
  | { readonly state: 'stalled'; readonly reason: string; readonly message: string }
  | { readonly state: 'pending'; readonly reason: string; readonly message: string };

/** Judges `obj` against its own `metadata.generation`. */
export function waitVerdict(obj: WaitedObject): WaitVerdict {
  const generation = obj.metadata.generation;
  const status = obj.status;
  if (status?.observedGeneration === undefined || status.observedGeneration !== generation) {
    return {
      state: 'pending',
      reason: 'NotObserved',
      message: `ecs-bridge has not reported on generation ${generation ?? '?'} yet (status describes ${status?.observedGeneration ?? 'none'})`,
    };
  }
  const current = (type: string): Condition | undefined => {
    const c = status.conditions?.find((x) => x.type === type);
    // A condition that says which generation it describes must describe this one.
    return c === undefined || (c.observedGeneration !== undefined && c.observedGeneration !== generation)
      ? undefined
      : c;
  };
  const stalled = current('Stalled');
  if (stalled?.status === 'True') {
    return { state: 'stalled', reason: stalled.reason, message: stalled.message };
  }
  const ready = current('Ready');
  if (ready?.status === 'True') return { state: 'ready', reason: ready.reason, message: ready.message };
  const reconciling = current('Reconciling');
  const why = ready ?? reconciling;
  return {
    state: 'pending',
    reason: why?.reason ?? 'NoConditions',
    message: why?.message ?? 'no Ready condition yet',
  };
}

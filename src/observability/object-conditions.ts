/**
 * Keeps `ecs_bridge_objects{kind,condition,status}` current from an informer's events: for each
 * object it remembers the status of each condition type, and on every add, update or delete moves
 * the object between the gauge's series. The cost is O(number of condition types) per event, never
 * a pass over all objects, so it stays flat at thousands of objects. Alerts read it ("objects
 * Stalled for 15 minutes"); every replica keeps its own from its own cache, so they agree.
 */
import type { Gauge } from 'prom-client';
import { objectKey } from '../k8s/object.js';
import type { ObjectSource, SourceObject } from '../controller/controller.js';

/** What the tracker reads of an object: its conditions' types and statuses. */
export interface WithConditions extends SourceObject {
  readonly status?: { readonly conditions?: readonly { readonly type: string; readonly status: string }[] };
}

function statuses(obj: WithConditions): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of obj.status?.conditions ?? []) out.set(c.type, c.status);
  return out;
}

/**
 * Subscribes to `source` and counts its objects into `gauge` under `kind`. Returns the unsubscribe
 * function. Subscribe before the source starts: its first list arrives as `added` events.
 */
export function trackObjectConditions<T extends WithConditions>(
  source: ObjectSource<T>,
  kind: string,
  gauge: Gauge<'kind' | 'condition' | 'status'>,
): () => void {
  const seen = new Map<string, Map<string, string>>();
  const move = (before: Map<string, string> | undefined, after: Map<string, string> | undefined): void => {
    for (const [condition, status] of before ?? []) {
      if (after?.get(condition) !== status) gauge.dec({ kind, condition, status });
    }
    for (const [condition, status] of after ?? []) {
      if (before?.get(condition) !== status) gauge.inc({ kind, condition, status });
    }
  };
  return source.onEvent((event) => {
    const key = objectKey(event.object);
    const before = seen.get(key);
    if (event.type === 'deleted') {
      move(before, undefined);
      seen.delete(key);
      return;
    }
    const after = statuses(event.object);
    move(before, after);
    seen.set(key, after);
  });
}

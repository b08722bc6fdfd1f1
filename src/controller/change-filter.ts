/**
 * Which object changes are worth a reconcile: the controller's filters over watch events. A status
 * write (ours included) changes nothing a reconcile acts on, so it must not wake the key: waking it
 * would skip the per-key backoff of a failing object and cost a reconcile per status write.
 */
import type { SourceObject } from './controller.js';
import { compareStrings } from '../shared/compare-strings.js';

/**
 * True when `next` differs from `prev` in nothing a reconcile acts on: the same generation (the
 * API server bumps it for every spec change of a kind with a status subresource), deletion
 * timestamp, labels, annotations and finalizers. Objects without a generation are never filtered.
 */
export function isStatusOnlyChange(prev: SourceObject, next: SourceObject): boolean {
  const a = prev.metadata;
  const b = next.metadata;
  if (a.generation === undefined || b.generation === undefined) return false;
  return (
    a.generation === b.generation &&
    (a.deletionTimestamp ?? null) === (b.deletionTimestamp ?? null) &&
    JSON.stringify(sortedEntries(a.labels)) === JSON.stringify(sortedEntries(b.labels)) &&
    JSON.stringify(sortedEntries(a.annotations)) === JSON.stringify(sortedEntries(b.annotations)) &&
    JSON.stringify(a.finalizers ?? []) === JSON.stringify(b.finalizers ?? [])
  );
}

/**
 * What a reconcile acts on, as a string: generation, deletion, labels and annotations; the
 * resourceVersion when there is no generation. Two equal fingerprints need no second reconcile.
 */
export function defaultFingerprint(obj: SourceObject): string {
  const meta = obj.metadata;
  if (meta.generation === undefined) return `rv:${meta.resourceVersion ?? ''}`;
  return JSON.stringify([
    meta.generation,
    meta.deletionTimestamp ?? null,
    sortedEntries(meta.labels),
    sortedEntries(meta.annotations),
  ]);
}

function sortedEntries(record: Readonly<Record<string, string>> | undefined): [string, string][] {
  return Object.entries(record ?? {}).sort(([a], [b]) => compareStrings(a, b));
}

/**
 * Relays what AWS reports about an object (ECS service events, Application Auto Scaling scaling
 * activities) as Kubernetes Events, each once: picks the items not relayed yet and the cursor to keep
 * for the next visit. Pure; the cursors live in process memory (event-relay-memory.ts).
 */

/** One item AWS reported, with a stable id and the time it happened. */
export interface RelayItem {
  readonly id: string;
  /** ISO 8601 time; items are relayed in this order. */
  readonly at: string;
}

/**
 * What was relayed so far: the newest item's time and the newest ids. An item is new when its id is
 * not remembered and it is not older than `lastEventAt` (items of the same instant are told apart by id).
 */
export interface RelayCursor {
  readonly lastEventAt?: string;
  readonly lastEventIds: readonly string[];
}

/** Limits of a relay. */
export interface RelayOptions {
  /** How many of the newest items to relay when there is no cursor at all (history of an adopted object). */
  readonly firstVisit: number;
  /** The most items relayed in one visit. */
  readonly perVisit: number;
  /** How many ids the cursor remembers. */
  readonly rememberIds: number;
}

/**
 * Picks the items not relayed yet (oldest first, at most `perVisit`) and the cursor to keep.
 * Without a cursor only the newest `firstVisit` are relayed. With no items the cursor is kept.
 */
export function relayOnce<T extends RelayItem>(
  items: readonly T[],
  cursor: RelayCursor | undefined,
  options: RelayOptions,
): { readonly toEmit: T[]; readonly cursor: RelayCursor | undefined } {
  // Newest first, ties broken by id so the order is total.
  const valid = [...items].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1));
  if (valid.length === 0) return { toEmit: [], cursor };

  const seen = new Set(cursor?.lastEventIds ?? []);
  const fresh =
    cursor === undefined
      ? valid.slice(0, options.firstVisit)
      : valid.filter(
          (e) => !seen.has(e.id) && (cursor.lastEventAt === undefined || e.at >= cursor.lastEventAt),
        );
  const toEmit = fresh.slice(0, options.perVisit).reverse();

  const newest = valid[0];
  const next: RelayCursor = {
    ...(newest !== undefined ? { lastEventAt: newest.at } : {}),
    lastEventIds: valid.slice(0, options.rememberIds).map((e) => e.id),
  };
  return { toEmit, cursor: next };
}

/** An ISO 8601 string of an AWS time, or undefined (dates may arrive as strings through JSON). */
export function isoTime(date: Date | string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const d = new Date(date);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

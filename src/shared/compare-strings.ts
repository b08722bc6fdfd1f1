/**
 * Ordering strings the same way on every machine.
 *
 * `String.prototype.localeCompare` orders by the process's ICU locale (`LANG`), so two replicas on
 * differently configured nodes could sort the same list differently, and its first call loads
 * ICU's collation tables: about 2 MiB of the Node binary's pages that stay resident for the life of
 * the process (docs/performance.md, "Memory"). The names, ARNs and timestamps we sort are ASCII, for
 * which UTF-16 code-unit order is the order a reader expects.
 */

/** Negative, zero or positive as `a` sorts before, with or after `b` in UTF-16 code-unit order. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

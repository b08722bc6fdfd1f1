/**
 * Polls on a shared beat. Objects that poll AWS at the same period (services following their
 * rollouts) are brought back on the same instants, the multiples of the period, instead of each one
 * period after its own last visit: the reads of one beat then arrive together and the batching edges
 * (DescribeServices takes 10 services a call) send them as a few full calls instead of one nearly
 * empty call per object. A fleet converging at ten objects a second, each polling every 5 s, reads
 * about fifty of them per beat.
 *
 * The next visit is the first beat at least half a period away: the delay lies in [½, 1½) periods,
 * one period on average, and exactly one period when `nowMs` is itself on the beat.
 */

/** The delay, in ms, from `nowMs` to the first multiple of `periodMs` at least half a period away. */
export function delayToBeat(nowMs: number, periodMs: number): number {
  if (!(periodMs > 0)) return periodMs;
  const at = Math.ceil((nowMs + periodMs / 2) / periodMs) * periodMs;
  return at - nowMs;
}

/**
 * Which AWS operation each caller is waiting on, keyed by the caller's abort signal (a reconcile's
 * own signal), so a stuck reconcile can be named with the call it is stuck in. The AWS edge reports
 * calls through its observer's `callStarted`; the controller asks {@link InFlightCalls.of} with the
 * reconcile's signal. Weakly keyed: a signal nobody holds any more takes its entries with it.
 */

/** The open AWS calls of each caller. */
export class InFlightCalls {
  private readonly bySignal = new WeakMap<AbortSignal, string[]>();

  /** Records `service operation` as open for `signal`'s holder; the result closes it (idempotent). */
  started(service: string, operation: string, signal: AbortSignal | undefined): () => void {
    if (signal === undefined) return () => undefined;
    const what = `${service} ${operation}`;
    let open = this.bySignal.get(signal);
    if (open === undefined) {
      open = [];
      this.bySignal.set(signal, open);
    }
    open.push(what);
    const list = open;
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const at = list.indexOf(what);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** The operations `signal`'s holder waits on now, oldest first (`ecs DescribeServices`), if any. */
  of(signal: AbortSignal): string | undefined {
    const open = this.bySignal.get(signal);
    return open === undefined || open.length === 0 ? undefined : open.join(', ');
  }
}

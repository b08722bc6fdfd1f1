import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { reconcileSignal } from './reconcile-signal.js';

const timeout = new Error('past the deadline');

function armed(stop: AbortSignal, timeoutMs: number, clock = new FakeClock()) {
  const onDeadline = vi.fn();
  const own = reconcileSignal(stop, { clock, timeoutMs, reason: () => timeout, onDeadline });
  return { own, onDeadline, clock };
}

describe('reconcileSignal', () => {
  it('aborts with the deadline reason at the deadline, and tells the controller once', () => {
    const { own, onDeadline, clock } = armed(new AbortController().signal, 1000);
    clock.advance(999);
    expect(own.signal.aborted).toBe(false);
    clock.advance(1);
    expect(own.signal.reason).toBe(timeout);
    expect(onDeadline).toHaveBeenCalledTimes(1);
  });

  it("aborts with the stop's reason when the controller stops first", () => {
    const stop = new AbortController();
    const { own, onDeadline } = armed(stop.signal, 1000);
    const reason = new Error('controller stopped');
    stop.abort(reason);
    expect(own.signal.reason).toBe(reason);
    expect(onDeadline).not.toHaveBeenCalled();
  });

  it('starts aborted when the controller has already stopped', () => {
    const stop = new AbortController();
    stop.abort(new Error('controller stopped'));
    expect(armed(stop.signal, 1000).own.signal.aborted).toBe(true);
  });

  it('still releases the worker at the deadline after a stop the reconcile ignored', () => {
    const stop = new AbortController();
    const { own, onDeadline, clock } = armed(stop.signal, 1000);
    stop.abort(new Error('controller stopped'));
    clock.advance(1000);
    expect(own.signal.reason).not.toBe(timeout);
    expect(onDeadline).toHaveBeenCalledTimes(1);
  });

  it('arms no timer without a deadline', () => {
    const { own, onDeadline, clock } = armed(new AbortController().signal, 0);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(1e9);
    expect(own.signal.aborted).toBe(false);
    expect(onDeadline).not.toHaveBeenCalled();
  });

  it('lets go of its timer and of the stop signal once disposed', () => {
    const stop = new AbortController();
    const { own, onDeadline, clock } = armed(stop.signal, 1000);
    own.dispose();
    expect(clock.pendingTimers()).toBe(0);
    stop.abort(new Error('controller stopped'));
    clock.advance(1000);
    expect(own.signal.aborted).toBe(false);
    expect(onDeadline).not.toHaveBeenCalled();
  });
});

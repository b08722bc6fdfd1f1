/**
 * A {@link LeadershipGate} decorator that reports every leadership change to a callback, so the
 * composition root can keep `leader_election_master_status` true without the manager or the Lease
 * code knowing about metrics.
 */
import type { LeadershipCallbacks, LeadershipGate, LeadershipHealth } from './manager.js';

/**
 * Wraps `gate` so that `onChange(true)` follows each `onStartedLeading` and `onChange(false)` each
 * `onStoppedLeading`, and `onChange(false)` once more when `run` ends: a gate calls no callback after
 * its signal aborts, yet a released lease is no longer held. Everything else is the gate's own.
 */
export function observedLeadership(
  gate: LeadershipGate,
  onChange: (leading: boolean) => void,
): LeadershipGate {
  return {
    async run(callbacks: LeadershipCallbacks, signal: AbortSignal): Promise<void> {
      try {
        await gate.run(
          {
            onStartedLeading: () => {
              onChange(true);
              callbacks.onStartedLeading();
            },
            onStoppedLeading: () => {
              onChange(false);
              callbacks.onStoppedLeading();
            },
          },
          signal,
        );
      } finally {
        onChange(false);
      }
    },
    health: (): LeadershipHealth => gate.health(),
  };
}

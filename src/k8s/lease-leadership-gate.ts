/**
 * The manager's `LeadershipGate` on a Lease: campaigns with a {@link LeaderElector} for one term,
 * and after a lost term campaigns again with a fresh one, until the manager's signal aborts. Then
 * the current elector releases the lease (when held) and no callback follows, as the gate's
 * contract in src/controller/manager.ts asks.
 *
 * A fresh elector per term keeps a late answer of the lost term's renewal from leaking into the
 * next term's bookkeeping.
 */
import type { LeadershipCallbacks, LeadershipGate, LeadershipHealth } from '../controller/manager.js';
import { systemClock, type Clock } from '../shared/clock.js';
import { LEADER_ELECTION_DEFAULTS, LeaderElector, type LeaderElectorOptions } from './leader-election.js';

/** Leader election for the manager; see the file header. Options are the elector's. */
export class LeaseLeadershipGate implements LeadershipGate {
  private readonly options: LeaderElectorOptions;
  private readonly clock: Clock;
  private readonly leaseDurationMs: number;
  private elector: LeaderElector | undefined;
  private startedAt: number | undefined;
  /** The last contact of earlier terms, so a fresh elector does not reset the health clock. */
  private earlierContactAt: number | undefined;
  /** The holder earlier terms saw last, until the current elector has read the Lease itself. */
  private earlierLeader: string | undefined;

  constructor(options: LeaderElectorOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.leaseDurationMs = options.leaseDurationMs ?? LEADER_ELECTION_DEFAULTS.leaseDurationMs;
    // Validate timing now, at start, rather than at the first campaign.
    void new LeaderElector(options);
  }

  async run(callbacks: LeadershipCallbacks, signal: AbortSignal): Promise<void> {
    this.startedAt = this.clock.now();
    while (!signal.aborted) {
      this.earlierContactAt = this.elector?.contact().lastContactAt ?? this.earlierContactAt;
      this.earlierLeader = this.elector?.leader() ?? this.earlierLeader;
      const elector = new LeaderElector(this.options);
      this.elector = elector;
      await elector.run(
        {
          onStartedLeading: () => {
            if (!signal.aborted) callbacks.onStartedLeading();
          },
          onStoppedLeading: () => {
            if (!signal.aborted) callbacks.onStoppedLeading();
          },
        },
        signal,
      );
    }
  }

  /**
   * Healthy when leading, or standing by with the Lease read within the last lease duration (or
   * still within the first one after starting).
   */
  health(): LeadershipHealth {
    const elector = this.elector;
    if (elector === undefined || this.startedAt === undefined) {
      return { leading: false, healthy: false, detail: 'leader election not started' };
    }
    if (elector.isLeader())
      return { leading: true, healthy: true, detail: `leading as ${this.options.identity}` };
    const now = this.clock.now();
    const { lastContactAt, lastError } = elector.contact();
    const since = lastContactAt ?? this.earlierContactAt ?? this.startedAt;
    const leader = elector.contact().lastContactAt === undefined ? this.earlierLeader : elector.leader();
    if (now - since <= this.leaseDurationMs) {
      return {
        leading: false,
        healthy: true,
        detail: leader === undefined ? 'standing by' : `standing by; leader is ${leader}`,
      };
    }
    // client-node's ApiException message carries headers and body on further lines.
    const reason = lastError instanceof Error ? (lastError.message.split('\n')[0] ?? '') : 'no answer';
    return {
      leading: false,
      healthy: false,
      detail: `lease not read for ${Math.round((now - since) / 1000)} s: ${reason}`,
    };
  }
}

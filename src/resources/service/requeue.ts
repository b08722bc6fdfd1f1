/**
 * When the EcsService reconciler comes back after a converging visit: fast while a rollout runs (or
 * autoscaling has yet to see a service created or adopted this visit), at autoscaling's pace when it
 * asks, otherwise left to the resync. Pure.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { ReconcileResult } from '../../controller/reconciler.js';
import type { ServiceAutoscalingResult } from './ports.js';
import { rolloutReadiness } from './rollout.js';
import type { RolloutStatus } from './types.js';

/** What {@link nextVisit} decides from. */
export interface NextVisitInput {
  readonly rollout: RolloutStatus | undefined;
  /** The service as last described or answered; undefined: not seen yet. */
  readonly latest: Service | undefined;
  readonly scaling: ServiceAutoscalingResult | undefined;
  /** Autoscaling is configured but could not run yet (no ACTIVE service of ours this visit). */
  readonly autoscalingPending: boolean;
  readonly rolloutPollMs: number;
  readonly stableRequeueMs: number | undefined;
}

/** The requeue after a converging visit. */
export function nextVisit(input: NextVisitInput): ReconcileResult {
  const { rollout, latest, scaling } = input;
  const progressing = latest === undefined || rolloutReadiness(rollout, latest).phase === 'progressing';
  const candidates = [
    progressing || input.autoscalingPending ? input.rolloutPollMs : undefined,
    scaling?.requeueAfterMs,
    input.stableRequeueMs,
  ].filter((n): n is number => n !== undefined);
  return candidates.length === 0 ? {} : { requeueAfterMs: Math.min(...candidates) };
}

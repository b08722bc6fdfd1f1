/**
 * Whether `spec.restartAt` asks for a restart, judged from the service's own tags, never from
 * status. The restart token ecs-bridge last acted on is kept as the tag
 * `ecs-bridge.dev/restart-at` on the ECS service it owns: written at create (a new service needs no
 * restart) and right after the UpdateService that carried `forceNewDeployment` (after, so a failed
 * update is retried: a restart is sent at least once, never lost). DescribeServices already returns
 * the tags, so knowing costs no AWS call, and a lost or rewritten status re-sends nothing.
 *
 * The one use of status left is an upgrade path, and it can only spare a restart, never cause
 * one: a service written by an earlier version carries no marker; when its status says the
 * current token was already acted on, the marker is written without a restart (one TagResource per
 * such service, once), instead of restarting every such service on upgrade.
 */
import { TAG_KEYS } from '../api-group.js';

/** The tag that keeps the restart token last acted on. */
export const RESTART_MARKER_TAG = TAG_KEYS.restartAt;

/** What the planner does about `spec.restartAt` on a service it manages. */
export interface RestartDecision {
  /** Send `forceNewDeployment`. */
  readonly restart: boolean;
  /** The marker value to tag the service with (after the update when restarting); undefined: none. */
  readonly marker: string | undefined;
}

/** What the decision is made from. */
export interface RestartInput {
  /** `spec.restartAt`. */
  readonly wanted: string | undefined;
  /** The service's tags as just described. */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * `status.restartAt` of an object written by an earlier version (the upgrade path above);
   * consulted only when the service carries no marker.
   */
  readonly legacyApplied?: string | undefined;
  /** True while a failed rollout of this desired state is held: nothing that deploys is sent. */
  readonly hold: boolean;
}

/** Decides the restart. Pure. */
export function decideRestart(input: RestartInput): RestartDecision {
  const { wanted, tags } = input;
  if (wanted === undefined) return { restart: false, marker: undefined };
  const marker = tags[RESTART_MARKER_TAG];
  if (marker === wanted) return { restart: false, marker: undefined };
  if (marker === undefined && input.legacyApplied === wanted) return { restart: false, marker: wanted };
  if (input.hold) return { restart: false, marker: undefined };
  return { restart: true, marker: wanted };
}

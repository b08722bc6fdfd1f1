/**
 * Runs the operator the way users run it (`ecs-bridge run` as its own process, from the bundle the
 * global setup built) against the world the global setup started. Tests stop it gracefully (SIGTERM) or kill it (-9) to prove crash
 * safety.
 */
import { spawnOperator, type OperatorProcess } from '../world/operator-process.js';
import { operatorCli, worldInfo } from './world-client.js';

export type { OperatorProcess } from '../world/operator-process.js';

/** Options for {@link startOperator}. */
export interface OperatorOptions {
  /** Extra flags for `ecs-bridge run`. */
  readonly args?: readonly string[];
  readonly name?: string;
  /** Wait for /readyz 200 before resolving (default true). */
  readonly waitReady?: boolean;
}

/**
 * Flags for a test that waits on ECS work in progress: the operator checks a rollout, a task run or
 * a trigger's run every second instead of every 5 s, and a trigger with no run in progress every 2 s
 * instead of every 30 s (its rule or schedule may have started one). The test world's ECS finishes
 * in seconds what takes minutes in AWS, so the defaults would leave a test mostly waiting for the
 * next poll. Not for a test that counts the operator's reads. A file that already runs the operator
 * with `--resync-period=2s` gains little: the resync visits its objects nearly as often.
 */
export const QUICK_POLLS: readonly string[] = ['--progress-poll-period=1s', '--trigger-poll-period=2s'];

/** Starts `ecs-bridge run` against the world. */
export function startOperator(options: OperatorOptions = {}): Promise<OperatorProcess> {
  return spawnOperator({ ...options, world: worldInfo(), cli: operatorCli() });
}

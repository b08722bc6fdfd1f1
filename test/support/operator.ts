/**
 * Runs the operator the way users run it (`ecs-bridge run` as its own process) against the world
 * the global setup started. Tests stop it gracefully (SIGTERM) or kill it (-9) to prove crash
 * safety.
 */
import { spawnOperator, type OperatorProcess } from '../world/operator-process.js';
import { worldInfo } from './world-client.js';

export type { OperatorProcess } from '../world/operator-process.js';

/** Options for {@link startOperator}. */
export interface OperatorOptions {
  /** Extra flags for `ecs-bridge run`. */
  readonly args?: readonly string[];
  readonly name?: string;
  /** Wait for /readyz 200 before resolving (default true). */
  readonly waitReady?: boolean;
}

/** Starts `ecs-bridge run` against the world. */
export function startOperator(options: OperatorOptions = {}): Promise<OperatorProcess> {
  return spawnOperator({ ...options, world: worldInfo() });
}

/**
 * The operator under measurement, as its own process. `source` is the test world's
 * `spawnOperator` from src/ through tsx; `dist` is `tsc -p tsconfig.build.json` into a scratch
 * folder, then plain `node` on the compiled CLI, so the footprint is the operator's and not the
 * TypeScript loader's; `bundle` is the operator as users run it: that compiled CLI bundled as
 * `npm run build` bundles it (scripts/bundle.ts, ADR 0056). Both builds are
 * test/world/operator-build.ts's, as the integration tests use.
 */
import { spawnOperator, type OperatorProcess } from '../../test/world/operator-process.js';
import type { WorldInfo } from '../../test/world/world.js';

/** How the operator process is started. */
export type OperatorEntry = 'source' | 'dist' | 'bundle';

/** Options for {@link startOperator}. */
export interface StartOperatorOptions {
  readonly world: WorldInfo;
  readonly name: string;
  readonly args: readonly string[];
  /** The built CLI (test/world/operator-build.ts); the source (tsx) when undefined. */
  readonly compiledCli: string | undefined;
  /** Node.js flags before the CLI. */
  readonly nodeArgs?: readonly string[];
  /** Extra environment of the operator's process (e.g. MALLOC_ARENA_MAX). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `ecs-bridge run` against the world and waits until /readyz answers 200. */
export function startOperator(options: StartOperatorOptions): Promise<OperatorProcess> {
  return spawnOperator({
    world: options.world,
    name: options.name,
    args: options.args,
    cli: options.compiledCli,
    nodeArgs: options.nodeArgs,
    env: options.env,
  });
}

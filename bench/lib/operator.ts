/**
 * The operator under measurement, as its own process. `source` is the test world's
 * `spawnOperator` from src/ through tsx; `dist` is `tsc -p tsconfig.build.json` into a scratch
 * folder, then plain `node` on the compiled CLI, so the footprint is the operator's and not the
 * TypeScript loader's; `bundle` is the operator as users run it: that compiled CLI bundled as
 * `npm run build` bundles it (scripts/bundle.ts, ADR 0056). Both builds are
 * test/world/operator-build.ts's, as the integration tests use, and every process starts through
 * test/world/operator-process.ts's `spawnOperator`.
 */

/** How the operator process is started. */
export type OperatorEntry = 'source' | 'dist' | 'bundle';

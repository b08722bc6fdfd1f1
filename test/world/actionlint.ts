/**
 * Finds actionlint, the checker of GitHub Actions workflows (syntax, expressions, action inputs,
 * and shellcheck on `run:` scripts when shellcheck is on PATH): `$ECS_BRIDGE_ACTIONLINT` when set,
 * else built from the Go module proxy into the cache on first use; see {@link resolveGoTool}.
 */
import { resolveGoTool, type GoToolBinary, type ResolveOptions } from './go-tool.js';

/** The actionlint release built when no binary is given. */
export const ACTIONLINT_VERSION = 'v1.7.12';

/** Resolves (building if needed) the actionlint binary. */
export async function resolveActionlint(options: ResolveOptions = {}): Promise<GoToolBinary> {
  return resolveGoTool(
    {
      name: 'actionlint',
      packagePath: 'github.com/rhysd/actionlint/cmd/actionlint',
      version: ACTIONLINT_VERSION,
      envVar: 'ECS_BRIDGE_ACTIONLINT',
      // `actionlint -version` prints this instead of "(devel)".
      ldflags: `-X github.com/rhysd/actionlint.version=${ACTIONLINT_VERSION.slice(1)}`,
    },
    options,
  );
}

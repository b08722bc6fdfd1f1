/**
 * Finds the Helm binary the chart checks run: `$ECS_BRIDGE_HELM` when set, else built from the Go
 * module proxy into the cache on first use (minutes cold, nothing warm); see {@link resolveGoTool}.
 */
import { resolveGoTool, type GoToolBinary, type ResolveOptions } from './go-tool.js';

/**
 * The Helm release built when no binary is given. v3.19 is the newest 3.x whose go.mod asks for
 * Go 1.24, the same floor the world's Kubernetes build needs, so one Go serves both.
 */
export const HELM_VERSION = 'v3.19.5';

/** Where the Helm binary is and whether this call built it. */
export type HelmBinary = GoToolBinary;

/** Resolves (building if needed) the Helm binary. */
export async function resolveHelm(options: ResolveOptions & { version?: string } = {}): Promise<HelmBinary> {
  const version = options.version ?? HELM_VERSION;
  return resolveGoTool(
    {
      name: 'helm',
      package: 'helm.sh/helm/v3/cmd/helm',
      version,
      envVar: 'ECS_BRIDGE_HELM',
      // Helm reads its version from this variable; without it `helm version` says "main".
      ldflags: `-X helm.sh/helm/v3/internal/version.version=${version}`,
    },
    options,
  );
}

/**
 * Finds the Helm binary the chart checks run: `$ECS_BRIDGE_HELM` when set, else a cache folder
 * outside the repository keyed by version (under the world's cacheRoot), building it from the Go
 * module proxy on first use (`go install helm.sh/helm/v3/cmd/helm@<version>`; minutes cold,
 * nothing warm; go-tool.ts). Release downloads are not reachable from our machines; the module
 * proxy is.
 */
import { resolveGoTool, type GoToolBinary } from './go-tool.js';

/**
 * The Helm release built when no binary is given. v3.19 is the newest 3.x whose go.mod asks for
 * Go 1.24, the same floor the world's Kubernetes build needs, so one Go serves both.
 */
export const HELM_VERSION = 'v3.19.5';

/** Where the Helm binary is and whether this call built it. */
export type HelmBinary = GoToolBinary;

/** Resolves (building if needed) the Helm binary. */
export function resolveHelm(
  options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void; version?: string } = {},
): Promise<HelmBinary> {
  const version = options.version ?? HELM_VERSION;
  return resolveGoTool(
    {
      name: 'helm',
      version,
      envVar: 'ECS_BRIDGE_HELM',
      packagePath: 'helm.sh/helm/v3/cmd/helm',
      // Helm reads its version from this variable; without it `helm version` says "main".
      ldflags: `-s -w -X helm.sh/helm/v3/internal/version.version=${version}`,
    },
    options,
  );
}

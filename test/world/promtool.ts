/**
 * Finds Prometheus's own rule checker, promtool, for the alerting-rule tests: `$ECS_BRIDGE_PROMTOOL`
 * when set, else built once from the Go module proxy into the cache (go-tool.ts). Prometheus tags
 * its Go module v0.3xx.y for release 3.x.y; v0.307.3 (Prometheus 3.7.3) is the newest whose go.mod
 * asks for Go 1.24, the floor the world's other tools need.
 *
 * The service-discovery plugins (`github.com/prometheus/prometheus/plugins`: Azure, AWS, GCE, ...)
 * are built as an empty stub: `check rules` and `test rules` never discover targets, and the Azure
 * SDK alone took over half an hour to compile on a loaded 2-core machine. Everything promtool
 * compiles for rules (PromQL engine, rule manager, unit-test runner) is Prometheus's own code.
 */
import { resolveGoTool, type GoToolBinary, type ResolveOptions } from './go-tool.js';

/** The Prometheus Go module version built when no binary is given (Prometheus 3.7.3). */
export const PROMTOOL_VERSION = 'v0.307.3';

/** Resolves (building if needed) promtool. */
export function resolvePromtool(options: ResolveOptions = {}): Promise<GoToolBinary> {
  return resolveGoTool(
    {
      name: 'promtool',
      version: PROMTOOL_VERSION,
      envVar: 'ECS_BRIDGE_PROMTOOL',
      packagePath: 'github.com/prometheus/prometheus/cmd/promtool',
      // Prometheus's go.mod has exclude directives, which `go install pkg@version` refuses.
      viaWrapper: true,
      stubPackages: ['github.com/prometheus/prometheus/plugins'],
    },
    options,
  );
}

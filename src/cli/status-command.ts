/**
 * `ecs-bridge status`: a table of our objects read from the Kubernetes API server (their status, as
 * the operator wrote it), with rollout progress per deployment, task counts, autoscaling, and the
 * latest ECS events the operator relayed as Kubernetes Events. `-w` redraws it until Ctrl-C. Reads
 * only; needs no AWS access.
 */
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError, valueFlag, type CommandDef, type ParsedArgs } from './args.js';
import { CliError, explainKubeError } from './cli-errors.js';
import { cliKubeConfig, cliSettings, contextNamespace, KUBE_FLAGS, namespaceFlag } from './cli-settings.js';
import { runTerminalCommand } from './command-runner.js';
import { renderStatus, type StatusScreen } from './status/render-status.js';
import {
  clusterView,
  orphanViews,
  serviceView,
  taskDefinitionView,
  type EventLike,
} from './status/status-model.js';
import { ORPHANED_RESOURCE_REASON } from '../resources/orphans/find-orphans.js';
import { createStyle, type CliIo } from './terminal.js';
import { API_GROUP, API_VERSION } from '../resources/api-group.js';
import {
  CLUSTER_TYPE,
  SERVICE_TYPE,
  TASK_DEFINITION_TYPE,
  TASK_RUN_TYPE,
  TASK_TRIGGER_TYPE,
} from '../resources/kinds.js';
import type { EcsTaskRun } from '../resources/task-run/types.js';
import { taskRunView } from './status/task-run-view.js';
import type { EcsTaskTrigger } from '../resources/task-trigger/types.js';
import { taskTriggerView } from './status/task-trigger-view.js';
import type { EcsCluster } from '../resources/cluster/types.js';
import type { EcsService } from '../resources/service/types.js';
import type { EcsTaskDefinition } from '../resources/task-definition/types.js';
import { compareStrings } from '../shared/compare-strings.js';

/** The `status` command's flags and help. */
export const STATUS_COMMAND: CommandDef = {
  name: 'status',
  usage: 'ecs-bridge status [-n <namespace> | -A] [-w] [flags]',
  description: `Shows every EcsCluster, EcsService, EcsTaskDefinition, EcsTaskRun and EcsTaskTrigger of a namespace (or all of them) as the operator
last reported them: Ready and its reason, tasks running/desired/pending, the rollout state,
autoscaling (min-max and the desired count the autoscaler chose), the task definition revision,
then each service's deployments with their progress and its latest ECS events, then each task run's
verdict, tasks and container exit codes, then each task trigger's rule or schedule, its state and
the recent runs it started with their exit codes. Reads the Kubernetes
API server only. With -w it redraws until Ctrl-C.`,
  flags: [
    namespaceFlag("Namespace (default: the context's, else default)."),
    { name: 'all-namespaces', short: 'A', type: 'boolean', help: 'Every namespace.' },
    { name: 'watch', short: 'w', type: 'boolean', help: 'Redraw until Ctrl-C.' },
    valueFlag('interval', 'seconds', 'Seconds between redraws with -w.', { default: '2' }),
    ...KUBE_FLAGS,
  ],
  examples: [
    { comment: 'Everything in the namespace shop', command: 'ecs-bridge status -n shop' },
    { comment: 'Follow a rollout across all namespaces', command: 'ecs-bridge status -A -w' },
    { comment: 'Another cluster', command: 'ecs-bridge status --context prod -n payments' },
  ],
};

const EVENTS_SELECTOR = 'reason=EcsServiceEvent';
const ORPHANS_SELECTOR = `reason=${ORPHANED_RESOURCE_REASON}`;

/** The server client-node falls back to when it finds no configuration at all. */
const DEFAULT_SERVER = 'http://localhost:8080';

interface Readers {
  readonly custom: CustomObjectsApi;
  readonly core: CoreV1Api;
}

function itemsOf<T>(list: unknown): T[] {
  const items = (list as { items?: unknown }).items;
  return Array.isArray(items) ? (items as T[]) : [];
}

function byKey<T extends { metadata: { namespace?: string; name: string } }>(a: T, b: T): number {
  const ka = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const kb = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return compareStrings(ka, kb);
}

async function readScreen(r: Readers, namespace: string | undefined): Promise<StatusScreen> {
  const group = API_GROUP;
  const version = API_VERSION;
  const list = (plural: string): Promise<unknown> =>
    namespace === undefined
      ? r.custom.listClusterCustomObject({ group, version, plural })
      : r.custom.listNamespacedCustomObject({ group, version, namespace, plural });
  const eventsOf = (fieldSelector: string): Promise<EventLike[]> =>
    (namespace === undefined
      ? r.core.listEventForAllNamespaces({ fieldSelector })
      : r.core.listNamespacedEvent({ namespace, fieldSelector })
    ).then((l) => itemsOf<EventLike>(l));
  const [clusters, services, taskDefinitions, events, orphans, taskRuns, taskTriggers] = await Promise.all([
    list(CLUSTER_TYPE.plural).then((l) => itemsOf<EcsCluster>(l).sort(byKey)),
    list(SERVICE_TYPE.plural).then((l) => itemsOf<EcsService>(l).sort(byKey)),
    list(TASK_DEFINITION_TYPE.plural).then((l) => itemsOf<EcsTaskDefinition>(l).sort(byKey)),
    eventsOf(EVENTS_SELECTOR),
    eventsOf(ORPHANS_SELECTOR),
    list(TASK_RUN_TYPE.plural).then((l) => itemsOf<EcsTaskRun>(l).sort(byKey)),
    list(TASK_TRIGGER_TYPE.plural).then((l) => itemsOf<EcsTaskTrigger>(l).sort(byKey)),
  ]);
  return {
    clusters: clusters.map(clusterView),
    services: services.map((s) => serviceView(s, events)),
    taskDefinitions: taskDefinitions.map(taskDefinitionView),
    scope: namespace === undefined ? 'all namespaces' : `namespace ${namespace}`,
    orphans: orphanViews(orphans),
    taskRuns: taskRuns.map(taskRunView),
    taskTriggers: taskTriggers.map(taskTriggerView),
  };
}

/** Parses `--interval`: seconds from 1 to 3600. */
export function parseInterval(value: string | undefined): number {
  if (value === undefined) return 2000;
  const n = Number(value.replace(/s$/, ''));
  if (!Number.isFinite(n) || n < 1 || n > 3600) {
    throw new UsageError(
      `ecs-bridge status: --interval "${value}" must be a number of seconds from 1 to 3600`,
    );
  }
  return Math.round(n * 1000);
}

/** Runs `status`; resolves with the exit code. `io` defaults to the process's terminal; `signal` stops `-w`. */
export async function statusCommand(
  argv: readonly string[],
  io?: CliIo,
  signal?: AbortSignal,
): Promise<number> {
  return runTerminalCommand(STATUS_COMMAND, argv, io, (args, out) => showStatus(args, out, argv, signal), {
    helpHint: true,
  });
}

/** `status`: one table, or with `-w` a table redrawn until Ctrl-C or `signal`. */
async function showStatus(
  args: ParsedArgs,
  out: CliIo,
  argv: readonly string[],
  signal: AbortSignal | undefined,
): Promise<number> {
  if (args.flag('all-namespaces') && args.string('namespace') !== undefined) {
    throw new UsageError('ecs-bridge status: give -n <namespace> or -A, not both');
  }
  const intervalMs = parseInterval(args.string('interval'));
  const settings = cliSettings(args);
  const kc = cliKubeConfig(settings);
  if (settings.kubeconfigPaths.length === 0 && kc.getCurrentCluster()?.server === DEFAULT_SERVER) {
    // client-node's last resort when it found no kubeconfig and no pod service account.
    throw new CliError(
      'no kubeconfig found (KUBECONFIG is unset and ~/.kube/config does not exist)',
      'pass --kubeconfig <path> or set KUBECONFIG',
    );
  }
  const namespace = args.flag('all-namespaces')
    ? undefined
    : (args.string('namespace') ?? contextNamespace(kc) ?? 'default');
  const readers: Readers = {
    custom: kc.makeApiClient(CustomObjectsApi),
    core: kc.makeApiClient(CoreV1Api),
  };
  const server = kc.getCurrentCluster()?.server;
  const style = createStyle(out.colour);
  const doing = `listing ecs-bridge objects in ${namespace === undefined ? 'all namespaces' : `namespace ${namespace}`}`;
  if (!args.flag('watch')) {
    try {
      out.stdout.write(renderStatus(await readScreen(readers, namespace), style, new Date()));
    } catch (err) {
      throw new CliError(
        explainKubeError(err, doing, server).message,
        explainKubeError(err, doing, server).fix,
      );
    }
    return 0;
  }
  return await watch(out, style, () => readScreen(readers, namespace), {
    intervalMs,
    doing,
    server,
    argv,
    signal,
  });
}

async function watch(
  out: CliIo,
  style: ReturnType<typeof createStyle>,
  read: () => Promise<StatusScreen>,
  options: {
    intervalMs: number;
    doing: string;
    server: string | undefined;
    argv: readonly string[];
    signal: AbortSignal | undefined;
  },
): Promise<number> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  options.signal?.addEventListener('abort', onSignal, { once: true });
  try {
    while (!stop.signal.aborted) {
      const now = new Date();
      let body: string;
      try {
        body = renderStatus(await read(), style, now);
      } catch (err) {
        const e = explainKubeError(err, options.doing, options.server);
        body = style.red(`${e.message}${e.fix === undefined ? '' : `\n  fix: ${e.fix}`}\n`);
      }
      const title = style.dim(
        `Every ${options.intervalMs / 1000}s: ecs-bridge status ${options.argv.join(' ')}    ${now.toISOString().slice(0, 19)}Z\n\n`,
      );
      // On a terminal the screen is redrawn in place; in a log each refresh follows the last.
      out.stdout.write(out.stdout.isTTY ? `\u001b[H\u001b[2J${title}${body}` : `${title}${body}\n`);
      await sleep(options.intervalMs, undefined, { signal: stop.signal }).catch(() => undefined);
    }
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    options.signal?.removeEventListener('abort', onSignal);
  }
}

/**
 * `ecs-bridge wait`: returns as soon as every named object is Ready for its current generation,
 * and fails at once, with the operator's reason and message, when one is Stalled for it. `kubectl
 * wait --for=condition=Ready` cannot do the second: on a Stalled object it sits out its whole
 * timeout and then says only "timed out". Reads the Kubernetes API server only (one GET per object
 * per second); needs no AWS access.
 */
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError, valueFlag, type CommandDef, type ParsedArgs } from './args.js';
import { CliError, explainKubeError } from './cli-errors.js';
import { cliKubeConfig, cliSettings, contextNamespace, KUBE_FLAGS, namespaceFlag } from './cli-settings.js';
import { runTerminalCommand } from './command-runner.js';
import { createStyle, type CliIo } from './terminal.js';
import { waitVerdict, type WaitedObject, type WaitVerdict } from './wait/verdict.js';
import { API_GROUP, API_VERSION } from '../resources/api-group.js';

/** The `wait` command's flags and help. */
export const WAIT_COMMAND: CommandDef = {
  name: 'wait',
  usage: 'ecs-bridge wait <kind>/<name>... [-n <namespace>] [--timeout <duration>] [flags]',
  positionals: '<kind>/<name>',
  description: `Waits until every named EcsService or EcsTaskDefinition is Ready for its current
metadata.generation (status.observedGeneration caught up, Ready=True), and fails as soon as one is
Stalled for it, printing the operator's reason and message: a Stalled object waits for a change to
its spec or to AWS, so waiting longer cannot help. Kinds: ecssvc (ecsservice) and ecstd
(ecstaskdefinition). Reads the Kubernetes API server only.`,
  flags: [
    namespaceFlag("Namespace of the objects (default: the context's, else default)."),
    valueFlag('timeout', 'duration', 'Give up after this long: 90s, 10m, 1h (a bare number is seconds).', {
      default: '10m',
    }),
    ...KUBE_FLAGS,
  ],
  examples: [
    { comment: 'After kubectl apply -f web.yaml', command: 'ecs-bridge wait ecssvc/web --timeout 10m' },
    { comment: 'A task definition and its service', command: 'ecs-bridge wait ecstd/web ecssvc/web -n shop' },
  ],
  footer: `Exit codes:
  0  every object is Ready for its current generation
  1  an object is Stalled (its reason and message are printed), the timeout passed, or an error`,
};

const PLURALS: Readonly<Record<string, string>> = {
  ecssvc: 'ecsservices',
  ecsservice: 'ecsservices',
  ecsservices: 'ecsservices',
  ecstd: 'ecstaskdefinitions',
  ecstaskdefinition: 'ecstaskdefinitions',
  ecstaskdefinitions: 'ecstaskdefinitions',
};

const POLL_MS = 1_000;

/** One object to wait for. */
export interface WaitTarget {
  /** As the user wrote it: `ecssvc/web`. */
  readonly label: string;
  readonly plural: string;
  readonly name: string;
}

/** Parses `<kind>/<name>` (the kind case-insensitive, optionally with `.ecs-bridge.dev`). */
export function parseTarget(arg: string): WaitTarget {
  const slash = arg.indexOf('/');
  const kind = (slash < 0 ? '' : arg.slice(0, slash)).toLowerCase().replace(`.${API_GROUP}`, '');
  const name = slash < 0 ? '' : arg.slice(slash + 1);
  const plural = PLURALS[kind];
  if (plural === undefined || name === '') {
    throw new UsageError(
      `ecs-bridge wait: "${arg}" is not <kind>/<name> with kind ecssvc or ecstd (for example ecssvc/web)`,
    );
  }
  return { label: arg, plural, name };
}

/** Parses `--timeout`: `90s`, `10m`, `1h`, `500ms` or bare seconds; at most a day. */
export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 10 * 60_000;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 }[m?.[2] ?? 's'] ?? 1_000;
  const ms = m === null ? NaN : Number(m[1]) * unit;
  if (!Number.isFinite(ms) || ms <= 0 || ms > 86_400_000) {
    throw new UsageError(
      `ecs-bridge wait: --timeout "${value}" is not a duration from 1ms to 24h (for example 90s or 10m)`,
    );
  }
  return ms;
}

/** Reads one object; undefined when it does not exist (yet). */
export type ReadObject = (target: WaitTarget) => Promise<WaitedObject | undefined>;

/** What the wait loop needs from the world; the command builds the real ones. */
export interface WaitDeps {
  readonly read: ReadObject;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** The outcome of waiting for `targets`: the first Stalled, or all Ready, or the timeout. */
export async function waitForTargets(
  targets: readonly WaitTarget[],
  timeoutMs: number,
  deps: WaitDeps,
  onChange: (target: WaitTarget, verdict: WaitVerdict) => void,
): Promise<{ readonly ok: boolean; readonly verdicts: ReadonlyMap<WaitTarget, WaitVerdict> }> {
  const deadline = deps.now() + timeoutMs;
  const verdicts = new Map<WaitTarget, WaitVerdict>();
  for (;;) {
    for (const target of targets) {
      if (verdicts.get(target)?.state === 'ready') continue;
      const obj = await deps.read(target);
      const verdict: WaitVerdict =
        obj === undefined
          ? { state: 'pending', reason: 'NotFound', message: 'the object does not exist (yet)' }
          : waitVerdict(obj);
      const before = verdicts.get(target);
      if (before?.state !== verdict.state || before.reason !== verdict.reason) onChange(target, verdict);
      verdicts.set(target, verdict);
      if (verdict.state === 'stalled') return { ok: false, verdicts };
    }
    if (targets.every((t) => verdicts.get(t)?.state === 'ready')) return { ok: true, verdicts };
    const left = deadline - deps.now();
    if (left <= 0) return { ok: false, verdicts };
    await deps.sleep(Math.min(POLL_MS, left));
  }
}

function kubeReader(kc: KubeConfig, namespace: string): ReadObject {
  const custom = kc.makeApiClient(CustomObjectsApi);
  const server = kc.getCurrentCluster()?.server;
  return async (target) => {
    try {
      return (await custom.getNamespacedCustomObject({
        group: API_GROUP,
        version: API_VERSION,
        namespace,
        plural: target.plural,
        name: target.name,
      })) as WaitedObject;
    } catch (err) {
      if ((err as { code?: unknown }).code === 404) return undefined;
      const e = explainKubeError(err, `reading ${target.label} in namespace ${namespace}`, server);
      throw new CliError(e.message, e.fix);
    }
  };
}

/** Runs `wait`; resolves with the exit code. `deps` replaces the API server (tests). */
export async function waitCommand(argv: readonly string[], io?: CliIo, deps?: WaitDeps): Promise<number> {
  return runTerminalCommand(WAIT_COMMAND, argv, io, (args, out) => waitFor(args, out, deps), {
    helpHint: true,
  });
}

/** `wait <kind>/<name>...`: polls until all are Ready, one is Stalled, or the timeout passes. */
async function waitFor(args: ParsedArgs, out: CliIo, deps: WaitDeps | undefined): Promise<number> {
  if (args.positionals.length === 0) {
    throw new UsageError('ecs-bridge wait: name the objects to wait for, e.g. ecs-bridge wait ecssvc/web');
  }
  const targets = args.positionals.map(parseTarget);
  const timeoutMs = parseTimeout(args.string('timeout'));
  let namespace = args.string('namespace');
  let world = deps;
  if (world === undefined) {
    const settings = cliSettings(args);
    const kc = cliKubeConfig(settings);
    namespace ??= contextNamespace(kc) ?? 'default';
    world = { read: kubeReader(kc, namespace), now: () => Date.now(), sleep: (ms) => sleep(ms) };
  }
  const ns = namespace ?? 'default';
  const style = createStyle(out.colour);
  const progress = out.stderr;
  const result = await waitForTargets(targets, timeoutMs, world, (target, v) => {
    if (v.state === 'pending') progress.write(`${target.label}: waiting (${v.reason}: ${v.message})\n`);
  });
  for (const target of targets) {
    const v = result.verdicts.get(target);
    if (v?.state === 'ready') out.stdout.write(`${style.green(`${target.label} Ready`)} (${v.reason})\n`);
  }
  if (result.ok) return 0;
  const stalled = targets.find((t) => result.verdicts.get(t)?.state === 'stalled');
  if (stalled !== undefined) {
    const v = result.verdicts.get(stalled);
    out.stderr.write(
      `ecs-bridge wait: ${stalled.label} in namespace ${ns} is Stalled: ${v?.reason ?? ''}: ${v?.message ?? ''}\n` +
        '  retrying cannot help until the spec or AWS changes (kubectl describe shows the Events)\n',
    );
    return 1;
  }
  for (const t of targets.filter((x) => result.verdicts.get(x)?.state !== 'ready')) {
    const v = result.verdicts.get(t);
    out.stderr.write(
      `ecs-bridge wait: ${t.label} in namespace ${ns} not Ready after ${timeoutMs / 1000}s: ${v?.reason ?? ''}: ${v?.message ?? ''}\n`,
    );
  }
  return 1;
}

/**
 * What the operator-runtime integration tests read of a running `ecs-bridge run`: Prometheus
 * samples, the identity it campaigns under, the Lease it competes for, and simple task definitions
 * whose registrations the AWS proxy counts per family.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CoordinationV1Api } from '@kubernetes/client-node';
import { API_GROUP_VERSION } from '../../src/resources/api-group.js';
import { waitFor } from '../world/wait.js';
import { startOperator, type OperatorProcess } from './operator.js';
import { kubeConfig, proxyControl } from './world-client.js';

/**
 * The sum of every sample of `name` whose labels include `labels` (0 when there is none), from
 * Prometheus text as `/metrics` serves it.
 */
export function metricSum(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (match?.[1] !== name) continue;
    const have = new Map<string, string>();
    for (const [, key, value] of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      if (key !== undefined && value !== undefined) have.set(key, value);
    }
    if (Object.entries(labels).every(([key, value]) => have.get(key) === value)) sum += Number(match[4]);
  }
  return sum;
}

/** True when `name` has at least one sample line (not just its HELP and TYPE). */
export function hasSample(text: string, name: string): boolean {
  return text.split('\n').some((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `));
}

/** `/readyz?verbose` of an operator: its status and the lines of its checks. */
export async function readyzVerbose(operator: OperatorProcess): Promise<{ status: number; body: string }> {
  const res = await fetch(`${operator.metricsUrl}/readyz?verbose`);
  return { status: res.status, body: await res.text() };
}

/**
 * The identity an operator holds the lease under, read from its readiness report
 * (`leading as <identity>`); undefined while it stands by.
 */
export async function leadingIdentity(operator: OperatorProcess): Promise<string | undefined> {
  try {
    const { body } = await readyzVerbose(operator);
    return /leading as (\S+)/.exec(body)?.[1];
  } catch {
    return undefined;
  }
}

/** The Lease's `holderIdentity` ('' when released), or undefined when the Lease does not exist. */
export async function leaseHolder(namespace: string, name: string): Promise<string | undefined> {
  const api = kubeConfig().makeApiClient(CoordinationV1Api);
  try {
    const lease = await api.readNamespacedLease({ namespace, name });
    return lease.spec?.holderIdentity ?? '';
  } catch (err) {
    if ((err as { code?: number }).code === 404) return undefined;
    throw err;
  }
}

/** A unique suffix for families and lease names, so reruns against one world never collide. */
export function uniqueSuffix(): string {
  return randomBytes(3).toString('hex');
}

/** A minimal EcsTaskDefinition: one nginx container, in family `family`, with optional labels. */
export function simpleTaskDefinition(
  name: string,
  family: string,
  labels: Readonly<Record<string, string>> = {},
  memory = 256,
): object {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: 'EcsTaskDefinition',
    metadata: { name, labels },
    spec: { family, containerDefinitions: [{ name: 'app', image: 'nginx', memory }] },
  };
}

/** RegisterTaskDefinition calls for `family` the proxy saw (from its call log), with their params. */
export async function registrations(family: string): Promise<Record<string, unknown>[]> {
  const calls = await proxyControl().calls({ action: 'RegisterTaskDefinition' });
  return calls
    .map((call) => (call.params ?? {}) as Record<string, unknown>)
    .filter((params) => params.family === family);
}

/** The value of tag `key` in a RegisterTaskDefinition request's params, if any. */
export function requestTag(params: Record<string, unknown>, key: string): string | undefined {
  const tags = (params.tags ?? []) as { key?: string; value?: string }[];
  return tags.find((tag) => tag.key === key)?.value;
}

/**
 * The last `lines` log lines of each operator, headed by its name: printed when a test fails, since
 * the world's directory (and so every log) is removed when the run ends.
 */
export async function logTails(operators: readonly OperatorProcess[], lines = 60): Promise<string> {
  const parts = await Promise.all(
    operators.map(async (op) => {
      const text = await readFile(op.logPath, 'utf8').catch((err: unknown) => `(no log: ${String(err)})`);
      return `----- ${op.name} (${op.logPath})\n${text.trimEnd().split('\n').slice(-lines).join('\n')}`;
    }),
  );
  return parts.join('\n');
}

/** Leader election timing: the flags, and what they mean for the bounds a test asserts. */
export interface ElectionTiming {
  readonly flags: readonly string[];
  readonly leaseDurationMs: number;
  readonly retryPeriodMs: number;
}

/** Short timings (4 s / 3 s / 500 ms), so tests of leadership are quick. */
export const SHORT_ELECTION: ElectionTiming = {
  flags: ['--lease-duration=4s', '--renew-deadline=3s', '--retry-period=500ms'],
  leaseDurationMs: 4_000,
  retryPeriodMs: 500,
};

/** What users get without flags: 15 s / 10 s / 2 s. */
export const DEFAULT_ELECTION: ElectionTiming = { flags: [], leaseDurationMs: 15_000, retryPeriodMs: 2_000 };

/** The operators a test file started, so its hooks can stop them all and print their logs. */
export class OperatorPool {
  readonly all: OperatorProcess[] = [];

  /**
   * Starts `ecs-bridge run` watching `namespace` only, competing for Lease `leaseId` in that
   * namespace with `timing`, plus `extra` flags; resolves once it is ready.
   */
  async start(
    namespace: string,
    leaseId: string,
    timing: ElectionTiming = SHORT_ELECTION,
    extra: readonly string[] = [],
  ): Promise<OperatorProcess> {
    return this.add(
      await startOperator({
        args: [
          `--namespaces=${namespace}`,
          `--leader-election-namespace=${namespace}`,
          `--leader-election-id=${leaseId}`,
          ...timing.flags,
          ...extra,
        ],
      }),
    );
  }

  /** Adds an operator started some other way. */
  add(operator: OperatorProcess): OperatorProcess {
    this.all.push(operator);
    return operator;
  }

  /** SIGTERM to every operator still running; resolves when all have exited. */
  async stopAll(): Promise<void> {
    await Promise.all(this.all.filter((op) => op.process.isRunning()).map((op) => op.stop()));
  }
}

/** Who leads a Lease among some operators. */
export interface Roles {
  readonly leader: OperatorProcess;
  readonly identity: string;
  readonly standbys: OperatorProcess[];
}

/** Waits until exactly one of `operators` leads and the Lease names it. */
export async function roles(
  operators: readonly OperatorProcess[],
  namespace: string,
  leaseId: string,
  timeoutMs = 30_000,
): Promise<Roles> {
  return waitFor(
    async () => {
      const identities = await Promise.all(operators.map((op) => leadingIdentity(op)));
      const leaders = operators.filter((_, i) => identities[i] !== undefined);
      const identity = identities.find((id) => id !== undefined);
      const [leader] = leaders;
      if (leaders.length !== 1 || leader === undefined || identity === undefined) return undefined;
      if ((await leaseHolder(namespace, leaseId)) !== identity) return undefined;
      return { leader, identity, standbys: operators.filter((op) => op !== leader) };
    },
    { timeoutMs, intervalMs: 100, what: `one leader of ${namespace}/${leaseId}` },
  );
}

/** `controller_runtime_reconcile_total`, every controller and result. */
export const reconcileCount = (metrics: string): number =>
  metricSum(metrics, 'controller_runtime_reconcile_total');

/** Successful RegisterTaskDefinition calls an operator made, by its own metrics. */
export const registeredCount = (metrics: string): number =>
  metricSum(metrics, 'ecs_bridge_aws_calls_total', {
    service: 'ecs',
    operation: 'RegisterTaskDefinition',
    outcome: 'success',
  });

/** `leader_election_master_status{name=leaseId}`. */
export const masterStatus = (metrics: string, leaseId: string): number =>
  metricSum(metrics, 'leader_election_master_status', { name: leaseId });

/** Resolves once the proxy has seen `rule` fire: with a latency rule, the call is in flight then. */
export async function untilRuleHit(ruleId: string): Promise<void> {
  const proxy = proxyControl();
  await waitFor(
    async () => ((await proxy.listRules()).find((r) => r.id === ruleId)?.hits ?? 0) > 0 || undefined,
    { timeoutMs: 30_000, intervalMs: 50, what: `proxy rule ${ruleId} to fire` },
  );
}

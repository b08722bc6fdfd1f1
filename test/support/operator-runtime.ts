/**
 * What the operator-runtime integration tests read of a running `ecs-bridge run`: Prometheus
 * samples, the identity it campaigns under, the Lease it competes for, and simple task definitions
 * whose registrations the AWS proxy counts per family.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CoordinationV1Api } from '@kubernetes/client-node';
import { API_GROUP_VERSION } from '../../src/resources/api-group.js';
import type { OperatorProcess } from './operator.js';
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

/**
 * What the API server restart scenario needs around an outage: restarting a part of the control
 * plane in the background, telling when the API server stops answering, and applying a change the
 * way a user (or a CI job) does while it is down: `kubectl apply` again and again until it goes
 * through.
 */
import { stringify } from 'yaml';
import { apiGet } from '../world/kube-apiserver.js';
import { waitFor } from '../world/wait.js';
import { kubectl } from '../support/crds.js';
import { kubeConfig, worldControl, worldInfo } from '../support/world-client.js';

/** One restart under way: when it was asked for, and a promise of when the API answered again. */
export interface Outage {
  readonly what: 'restart-apiserver' | 'restart-etcd';
  readonly requestedAt: number;
  /** Resolves (epoch ms) once the world's control says the API server is ready again. */
  readonly back: Promise<number>;
}

/** True when the API server answers /readyz with 200 within a second. */
export async function apiAnswers(): Promise<boolean> {
  const token = kubeConfig().getCurrentUser()?.token ?? '';
  try {
    return (await apiGet(worldInfo().apiServerUrl, token, '/readyz')).status === 200;
  } catch {
    return false;
  }
}

/**
 * Asks the world to restart the API server (or etcd and the API server) without waiting for it,
 * then waits until the API server has stopped answering (so what follows happens during the outage).
 * Resolves with the outage; `back` resolves when the world says it is ready again.
 */
export async function startOutage(what: Outage['what']): Promise<Outage> {
  const requestedAt = Date.now();
  const back = worldControl(what).then(() => Date.now());
  // Keep a rejection from going unhandled before the caller awaits it.
  back.catch(() => undefined);
  await waitFor(async () => ((await apiAnswers()) ? undefined : true), {
    timeoutMs: 30_000,
    intervalMs: 50,
    what: `the API server to stop answering after ${what}`,
  });
  return { what, requestedAt, back };
}

/** How one change went through. */
export interface AppliedChange {
  readonly label: string;
  /** kubectl runs it took (1: went through at once). */
  readonly attempts: number;
  readonly startedAt: number;
  readonly appliedAt: number;
}

/**
 * `kubectl apply` of `objects` into `namespace`, retried every 500 ms until the API server takes it
 * (each try limited to 5 s, so a half-started API server cannot hang it), within `timeoutMs`.
 */
export async function applyRetrying(
  namespace: string,
  label: string,
  objects: readonly object[],
  timeoutMs = 120_000,
): Promise<AppliedChange> {
  const yaml = objects.map((o) => stringify(o)).join('---\n');
  const startedAt = Date.now();
  let attempts = 0;
  await waitFor(
    async () => {
      attempts++;
      await kubectl(['apply', '-n', namespace, '--request-timeout=5s', '-f', '-'], yaml);
      return true;
    },
    { timeoutMs, intervalMs: 500, what: `kubectl apply of ${label} to go through` },
  );
  return { label, attempts, startedAt, appliedAt: Date.now() };
}

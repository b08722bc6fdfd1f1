/**
 * Follows the benchmark's objects through a watch (the operator's own informer, as a client): when
 * each first became Ready, which reported a failure, and how many times the API server saw their
 * status change (the status writes the steady state must not make).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import type { Condition } from '../../src/k8s/conditions.js';
import type { CustomResourceType } from '../../src/k8s/custom-resource.js';
import { Informer } from '../../src/k8s/informer.js';
import type { KubeObject } from '../../src/k8s/object.js';
import { createSilentLogger } from '../../src/observability/logger.js';

/** The status fields the tracker reads, common to both kinds. */
interface TrackedStatus {
  readonly observedGeneration?: number;
  readonly conditions?: readonly Condition[];
}

type Tracked = KubeObject<unknown, TrackedStatus>;

/**
 * Condition reasons that mean the object reports a failure: terminal refusals and the AWS errors
 * the operator retries (a user sees them in `kubectl get` either way).
 */
export const FAILURE_REASONS: ReadonlySet<string> = new Set([
  'InvalidSpec',
  'InvalidParameter',
  'InvalidAutoscaling',
  'AccessDenied',
  'QuotaExceeded',
  'Throttled',
  'AwsUnavailable',
  'AwsError',
  'AwsConflict',
  'Conflict',
  'NotFound',
  'ClusterNotFound',
  'RolloutFailed',
  'ImmutableFieldChanged',
]);

/** True when the object's status says Ready for its current generation. */
export function isReady(obj: Tracked): boolean {
  const status = obj.status;
  const ready = status?.conditions?.find((c) => c.type === 'Ready');
  if (ready?.status !== 'True') return false;
  const observed = ready.observedGeneration ?? status?.observedGeneration;
  return observed === undefined || observed === obj.metadata.generation;
}

/** The failure an object's status reports, if any: `Stalled=True` or a failure reason. */
export function failureOf(obj: Tracked): string | undefined {
  for (const c of obj.status?.conditions ?? []) {
    if (c.type === 'Stalled' && c.status === 'True') return `Stalled: ${c.reason}`;
    if (c.status !== 'True' && FAILURE_REASONS.has(c.reason)) return `${c.type}=${c.status}: ${c.reason}`;
  }
  return undefined;
}

/** What the tracker knows of one object. */
export interface ObjectRecord {
  readonly kind: string;
  readonly name: string;
  /** When it was first seen Ready (ms since the epoch). */
  readyAt?: number;
  /** The first failure its status reported. */
  failure?: string;
  /** The failure its latest status reports; undefined once it no longer reports one. */
  failingNow?: string;
  /** Status or metadata updates seen. */
  updates: number;
  /** When the last update was seen (ms since the epoch). */
  lastUpdateAt?: number;
}

/** Watches the given kinds in one namespace and records readiness, failures and updates. */
export class ReadinessTracker {
  readonly records = new Map<string, ObjectRecord>();
  private readonly informers: Informer<Tracked>[];
  private waiters: (() => void)[] = [];

  constructor(kubeConfig: KubeConfig, namespace: string, types: readonly CustomResourceType[]) {
    const log = createSilentLogger();
    this.informers = types.map((type) => {
      const informer = new Informer<Tracked>({ kubeConfig, type, namespaces: [namespace], log });
      informer.onEvent((event) => {
        if (event.type === 'deleted') return;
        this.observe(event.object, event.type === 'updated');
      });
      return informer;
    });
  }

  async start(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.start()));
    await Promise.all(this.informers.map((i) => i.waitForSync()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.informers.map((i) => i.stop()));
  }

  private observe(obj: Tracked, updated: boolean): void {
    const key = `${obj.kind}/${obj.metadata.name}`;
    let record = this.records.get(key);
    if (record === undefined) {
      record = { kind: obj.kind, name: obj.metadata.name, updates: 0 };
      this.records.set(key, record);
    }
    if (updated) {
      record.updates++;
      record.lastUpdateAt = Date.now();
    }
    if (record.readyAt === undefined && isReady(obj)) record.readyAt = Date.now();
    const failure = failureOf(obj);
    if (record.failure === undefined && failure !== undefined) record.failure = failure;
    if (failure === undefined) delete record.failingNow;
    else record.failingNow = failure;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves at the next event (or after `ms`), for polling loops that should not spin. */
  nextEvent(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** The record of one object. */
  get(kind: string, name: string): ObjectRecord | undefined {
    return this.records.get(`${kind}/${name}`);
  }

  /** How many objects are Ready. */
  readyCount(): number {
    let n = 0;
    for (const r of this.records.values()) if (r.readyAt !== undefined) n++;
    return n;
  }

  /** Updates seen so far, per kind. */
  updatesByKind(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.records.values()) out[r.kind] = (out[r.kind] ?? 0) + r.updates;
    return out;
  }
}

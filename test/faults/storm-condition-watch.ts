/**
 * Watches every EcsTaskDefinition and EcsService of one namespace for the throttling storm and
 * judges each version of each object the API server sends (a status written and overwritten between
 * two polls is still seen): when it first became Ready on its current generation, and whether it
 * ever said Stalled=True or Ready=False, and whether that failure named throttling.
 */
import { Watch } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION } from '../../src/resources/api-group.js';
import { condition, type OurPlural, type Resource } from '../support/manifests.js';
import { kubeConfig } from '../support/world-client.js';

/** Words a condition uses when it blames throttling (reason `Throttled`, AWS's "Rate exceeded"). */
const THROTTLING = /thrott|rate exceeded/i;

/** What the watch saw, per namespace. */
export interface ConditionRecord {
  /** `plural/name` → ms after `t0` when Ready=True was first seen on an observed generation. */
  readonly readyAtMs: ReadonlyMap<string, number>;
  /** Stalled=True (any reason), or Ready=False naming throttling: each a line naming object and message. */
  readonly forbidden: readonly string[];
  /** Every Stalled=True and Ready=False seen (the throttling ones included). */
  readonly failures: readonly string[];
  /** Versions whose Reconciling condition said reason Throttled (throttling shown as progress). */
  readonly throttledProgress: number;
  /** Versions judged. */
  readonly versions: number;
  /** Times a watch ended and was started again. */
  readonly rewatches: number;
}

/** A running condition watch; {@link StormConditionWatch.stop} ends it. */
export class StormConditionWatch implements ConditionRecord {
  readonly readyAtMs = new Map<string, number>();
  readonly forbidden: string[] = [];
  readonly failures: string[] = [];
  throttledProgress = 0;
  versions = 0;
  rewatches = 0;
  private readonly controllers = new Map<OurPlural, AbortController>();
  private readonly resourceVersions = new Map<OurPlural, string>();
  private stopped = false;

  private constructor(
    private readonly namespace: string,
    private readonly t0: number,
  ) {}

  /** Starts watching `plurals` in `namespace`; times are measured from `t0` (epoch ms). */
  static async start(
    namespace: string,
    plurals: readonly OurPlural[],
    t0: number,
  ): Promise<StormConditionWatch> {
    const w = new StormConditionWatch(namespace, t0);
    for (const plural of plurals) await w.watch(plural);
    return w;
  }

  /** Keys (`plural/name`) of `expected` not yet seen Ready. */
  notReady(expected: readonly string[]): string[] {
    return expected.filter((k) => !this.readyAtMs.has(k));
  }

  /** Ends every watch. */
  stop(): void {
    this.stopped = true;
    for (const c of this.controllers.values()) c.abort();
  }

  private async watch(plural: OurPlural): Promise<void> {
    const path = `/apis/${API_GROUP}/${API_VERSION}/namespaces/${this.namespace}/${plural}`;
    const rv = this.resourceVersions.get(plural);
    const controller = await new Watch(kubeConfig()).watch(
      path,
      rv === undefined ? {} : { resourceVersion: rv },
      (phase: string, obj: Resource) => {
        if (obj.metadata?.resourceVersion !== undefined)
          this.resourceVersions.set(plural, obj.metadata.resourceVersion);
        if (phase === 'ADDED' || phase === 'MODIFIED') this.judge(plural, obj);
      },
      (err: unknown) => {
        if (this.stopped) return;
        // A watch ends on its server-side timeout or a dropped connection; a 410 (too old) starts
        // over from a fresh list, which re-sends every object as ADDED: judging is idempotent.
        if ((err as { code?: number } | null)?.code === 410) this.resourceVersions.delete(plural);
        this.rewatches++;
        setTimeout(() => void this.watch(plural).catch(() => undefined), 250);
      },
    );
    this.controllers.set(plural, controller);
  }

  private judge(plural: OurPlural, r: Resource): void {
    this.versions++;
    const key = `${plural}/${r.metadata.name}`;
    const stalled = condition(r, 'Stalled');
    const ready = condition(r, 'Ready');
    const reconciling = condition(r, 'Reconciling');
    if (reconciling?.status === 'True' && reconciling.reason === 'Throttled') this.throttledProgress++;
    const bad = [
      stalled?.status === 'True' ? stalled : undefined,
      ready?.status === 'False' ? ready : undefined,
    ];
    for (const c of bad) {
      if (c === undefined) continue;
      const line = `${key}: ${c.type}=${c.status} ${c.reason}: ${c.message}`;
      this.failures.push(line);
      if (c.type === 'Stalled' || THROTTLING.test(`${c.reason} ${c.message}`)) this.forbidden.push(line);
    }
    const current = r.status?.observedGeneration === r.metadata.generation;
    if (current && ready?.status === 'True' && !this.readyAtMs.has(key)) {
      this.readyAtMs.set(key, Date.now() - this.t0);
    }
  }
}

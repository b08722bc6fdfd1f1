/**
 * The orphan scan: every `periodMs` while this process leads, it lists the ECS services and task
 * definition revisions of each Region in use, reads their tags, and reports the ones tagged as
 * owned by an object that no longer exists (find-orphans.ts): a finalizer removed by hand during an
 * outage, objects lost in a restore. It reports and never writes to AWS (ADR 0012): the gauge
 * `ecs_bridge_orphaned_resources{kind}`, a Warning Event `OrphanedResource` on the gone object's
 * name (what `ecs-bridge status` shows), and a log line when an orphan is first seen.
 *
 * Cost per scan and Region, all reads, through the shared rate limiter: 1 ListClusters, 1
 * ListServices per cluster (100 services a page), 1 DescribeServices per 10 services, 2
 * ListTaskDefinitions (ACTIVE and INACTIVE, 100 revisions a page), and one DescribeTaskDefinition
 * per revision never described before by this process, at most {@link MAX_DESCRIBES_PER_SCAN} per
 * scan (a revision's tags change only through ecs-bridge, so it is described once). Nothing per
 * object and nothing per resync: 1,000 services in one cluster cost about 110 calls every 10 min.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { EcsApi } from '../../aws/ecs-api.js';
import type { EcsInventory } from '../../aws/ecs-inventory-client.js';
import type { ControllerStopResult, ObjectSource } from '../../controller/controller.js';
import type { EventRecorder } from '../../k8s/event-recorder.js';
import type { Logger } from '../../observability/logger.js';
import { classifyAwsError } from '../../aws/errors.js';
import { API_GROUP_VERSION } from '../api-group.js';
import {
  findOrphans,
  ORPHANED_RESOURCE_REASON,
  orphanMessage,
  type OrphanContext,
  type Orphan,
  type OwnedKind,
  type TaggedResource,
} from './find-orphans.js';
import { nameOfArn, parseTaskDefinitionArn } from '../../shared/arn.js';

/** Uncached DescribeTaskDefinition calls one scan makes at most; the rest wait for the next scan. */
export const MAX_DESCRIBES_PER_SCAN = 100;

export { ORPHANED_RESOURCE_REASON } from './find-orphans.js';

/** The AWS reads of one Region. */
export interface OrphanScanRegion {
  readonly ecs: Pick<EcsApi, 'describeServices' | 'describeTaskDefinition'>;
  readonly inventory: EcsInventory;
}

/** What the scan is built from. */
export interface OrphanScanOptions {
  readonly instanceId: string;
  /** The Regions to scan: the default one and every `spec.region` of an object. */
  readonly regions: () => readonly string[];
  readonly awsFor: (region: string) => OrphanScanRegion;
  /** Owner tag value → uid of each existing object, per kind (the informers' caches). */
  readonly objects: () => OrphanContext['objects'];
  /** The informers the judgement reads, so the manager waits for them to sync first. */
  readonly sources: readonly ObjectSource<unknown>[];
  /** The watched namespaces; undefined: all. */
  readonly namespaces?: readonly string[];
  readonly periodMs: number;
  readonly events: EventRecorder;
  /** Sets the gauge for a kind. */
  readonly setGauge: (kind: OwnedKind, count: number) => void;
  readonly log: Logger;
}

/** Runs the scan on a timer while started; a manager runs it only while this process leads. */
export class OrphanScan {
  readonly name = 'orphan-scan';
  readonly #o: OrphanScanOptions;
  /** Revisions described so far, by ARN: their tags change only through ecs-bridge. */
  readonly #revisions = new Map<string, TaggedResource>();
  #timer: NodeJS.Timeout | undefined;
  #abort: AbortController | undefined;
  #running: Promise<void> | undefined;
  #known = new Set<string>();

  constructor(options: OrphanScanOptions) {
    this.#o = options;
  }

  /** The informers the judgement reads. */
  sources(): readonly ObjectSource<unknown>[] {
    return this.#o.sources;
  }

  /**
   * Scans every `periodMs` until {@link OrphanScan.stop}, the first time one period after the
   * start: a process that restarts (a rollout, a crash loop) must not add a scan to every start.
   */
  start(): void {
    if (this.#abort !== undefined) return;
    const abort = new AbortController();
    this.#abort = abort;
    const tick = (): void => {
      this.#running = this.scanOnce(abort.signal)
        .then(() => undefined)
        .catch((err: unknown) => {
          if (!abort.signal.aborted) this.#o.log.warn({ err }, 'orphan scan failed');
        })
        .finally(() => {
          if (!abort.signal.aborted) this.#timer = setTimeout(tick, this.#o.periodMs);
        });
    };
    this.#timer = setTimeout(tick, this.#o.periodMs);
  }

  /** Stops the timer and aborts a scan in flight. */
  async stop(): Promise<ControllerStopResult> {
    clearTimeout(this.#timer);
    this.#abort?.abort();
    this.#abort = undefined;
    await this.#running;
    return { drained: true, inFlight: [] };
  }

  /** One scan of every Region; reports and returns the orphans found. */
  async scanOnce(signal?: AbortSignal): Promise<Orphan[]> {
    const resources: TaggedResource[] = [];
    for (const region of new Set(this.#o.regions())) {
      const aws = this.#o.awsFor(region);
      resources.push(...(await this.#services(region, aws, signal)));
      resources.push(...(await this.#taskDefinitions(region, aws, signal)));
    }
    const ctx: OrphanContext = {
      instanceId: this.#o.instanceId,
      objects: this.#o.objects(),
      ...(this.#o.namespaces === undefined ? {} : { namespaces: this.#o.namespaces }),
    };
    let orphans = findOrphans(resources, ctx);
    // A cached revision judged replaced may have been re-tagged by an adoption since: read it again.
    const stale = orphans.filter((o) => o.resource.kind === 'EcsTaskDefinition' && o.why === 'replaced');
    if (stale.length > 0) {
      for (const o of stale) this.#revisions.delete(o.resource.arn);
      const fresh = await this.#describeRevisions(
        stale.map((o) => ({ arn: o.resource.arn, region: o.resource.region })),
        signal,
      );
      const refreshed = new Map(fresh.map((r) => [r.arn, r]));
      orphans = findOrphans(
        resources.map((r) => refreshed.get(r.arn) ?? r),
        ctx,
      );
    }
    this.#report(orphans);
    return orphans;
  }

  async #services(region: string, aws: OrphanScanRegion, signal?: AbortSignal): Promise<TaggedResource[]> {
    const call = signal === undefined ? {} : { signal };
    const out: TaggedResource[] = [];
    for (const cluster of await aws.inventory.listClusters(call)) {
      const arns = await aws.inventory.listServices(cluster, call);
      for (let i = 0; i < arns.length; i += 10) {
        const { services } = await aws.ecs.describeServices(cluster, arns.slice(i, i + 10), call);
        // DRAINING and INACTIVE services are on their way out: not orphans.
        for (const s of services) if (s.status === 'ACTIVE') out.push(serviceResource(region, cluster, s));
      }
    }
    return out;
  }

  async #taskDefinitions(
    region: string,
    aws: OrphanScanRegion,
    signal?: AbortSignal,
  ): Promise<TaggedResource[]> {
    const call = signal === undefined ? {} : { signal };
    const listed = new Map<string, string>();
    for (const status of ['ACTIVE', 'INACTIVE'] as const) {
      for (const arn of await aws.inventory.listTaskDefinitions(status, call)) listed.set(arn, status);
    }
    // Forget what is gone; a status change (deregistered since) is read again.
    for (const [arn, r] of this.#revisions) {
      if (r.region === region && listed.get(arn) !== r.status) this.#revisions.delete(arn);
    }
    const missing = [...listed.keys()].filter((arn) => !this.#revisions.has(arn));
    await this.#describeRevisions(
      missing.slice(0, MAX_DESCRIBES_PER_SCAN).map((arn) => ({ arn, region })),
      signal,
    );
    return [...listed.keys()].flatMap((arn) => {
      const r = this.#revisions.get(arn);
      return r === undefined ? [] : [r];
    });
  }

  async #describeRevisions(
    which: readonly { arn: string; region: string }[],
    signal?: AbortSignal,
  ): Promise<TaggedResource[]> {
    const call = signal === undefined ? {} : { signal };
    const out: TaggedResource[] = [];
    for (const { arn, region } of which) {
      let answer;
      try {
        answer = await this.#o.awsFor(region).ecs.describeTaskDefinition(arn, call);
      } catch (err) {
        // Deleted since it was listed: ECS answers a ClientException.
        const { kind } = classifyAwsError(err);
        if (kind === 'invalid' || kind === 'notFound') continue;
        throw err;
      }
      const { taskDefinition, tags } = answer;
      const parsed = parseTaskDefinitionArn(arn);
      const resource: TaggedResource = {
        kind: 'EcsTaskDefinition',
        arn,
        label: parsed === undefined ? arn : `${parsed.family}:${parsed.revision}`,
        region,
        status: taskDefinition.status ?? 'ACTIVE',
        tags: Object.fromEntries(tags.flatMap((t) => (t.key === undefined ? [] : [[t.key, t.value ?? '']]))),
      };
      this.#revisions.set(arn, resource);
      out.push(resource);
    }
    return out;
  }

  #report(orphans: readonly Orphan[]): void {
    const counts: Record<OwnedKind, number> = { EcsService: 0, EcsTaskDefinition: 0 };
    const seen = new Set<string>();
    for (const orphan of orphans) {
      counts[orphan.resource.kind]++;
      seen.add(orphan.resource.arn);
      const message = orphanMessage(orphan);
      if (!this.#known.has(orphan.resource.arn)) {
        this.#o.log.warn(
          {
            kind: orphan.resource.kind,
            arn: orphan.resource.arn,
            owner: orphan.owner,
            ownerUid: orphan.ownerUid,
            why: orphan.why,
          },
          'orphaned aws resource',
        );
      }
      const slash = orphan.owner.indexOf('/');
      this.#o.events.record(
        {
          apiVersion: API_GROUP_VERSION,
          kind: orphan.resource.kind,
          metadata: {
            namespace: orphan.owner.slice(0, slash),
            name: orphan.owner.slice(slash + 1),
            ...(orphan.ownerUid === undefined ? {} : { uid: orphan.ownerUid }),
          },
        },
        'Warning',
        ORPHANED_RESOURCE_REASON,
        message,
      );
    }
    this.#known = seen;
    for (const kind of ['EcsService', 'EcsTaskDefinition'] as const) this.#o.setGauge(kind, counts[kind]);
  }
}

function serviceResource(region: string, cluster: string, s: Service): TaggedResource {
  const clusterName = nameOfArn(cluster);
  return {
    kind: 'EcsService',
    arn: s.serviceArn ?? '',
    label: `${clusterName}/${s.serviceName ?? ''}`,
    region,
    status: s.status ?? 'ACTIVE',
    tags: Object.fromEntries(
      (s.tags ?? []).flatMap((t) => (t.key === undefined ? [] : [[t.key, t.value ?? '']])),
    ),
  };
}

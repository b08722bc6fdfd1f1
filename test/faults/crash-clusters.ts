/**
 * EcsClusters in the crash-consistency workload: a few clusters, each with FARGATE and an Auto
 * Scaling group capacity provider of its own, created, updated (Container Insights, managed
 * scaling, tags) and deleted among the kills, chosen by the run's seeded PRNG. The invariants:
 * no cluster or capacity provider created twice (CreateCluster / CreateCapacityProvider per name
 * in the proxy's call log), and nothing left in ECS once an object is deleted.
 */
import { DescribeCapacityProvidersCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { API_GROUP_VERSION } from '../../src/resources/api-group.js';
import type { CallRecord } from '../world/aws-proxy/call-recorder.js';
import { createAutoScalingGroup } from '../support/auto-scaling-group.js';
import { kubectl } from '../support/crds.js';
import { apply, getResource } from '../support/manifests.js';
import { awsClients } from '../support/world-client.js';
import { paramsOf, succeeded } from './crash-call-log.js';

/** One EcsCluster of the run; object, ECS cluster and provider names are unique per run. */
export interface ClusterEntry {
  readonly name: string;
  readonly provider: string;
  readonly asgArn: string;
  insights: 'enabled' | 'disabled';
  targetCapacity: number;
  state: 'live' | 'deleting';
}

/** The EcsCluster manifest of `entry`. */
export function clusterManifest(entry: ClusterEntry): object {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: 'EcsCluster',
    metadata: { name: entry.name },
    spec: {
      settings: [{ name: 'containerInsights', value: entry.insights }],
      capacityProviders: ['FARGATE'],
      autoScalingGroupCapacityProviders: [
        {
          name: entry.provider,
          autoScalingGroupProvider: {
            autoScalingGroupArn: entry.asgArn,
            managedScaling: { status: 'ENABLED', targetCapacity: entry.targetCapacity },
          },
        },
      ],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
      tags: [{ key: 'insights', value: entry.insights }],
    },
  };
}

/** The clusters of one run and the operations on them. */
export class ClusterWorkload {
  readonly entries: ClusterEntry[] = [];
  readonly counts = { create: 0, update: 0, delete: 0 };
  readonly #namespace: string;
  readonly #random: () => number;
  #next = 0;

  constructor(namespace: string, random: () => number) {
    this.#namespace = namespace;
    this.#random = random;
  }

  /** Total operations applied. */
  get operations(): number {
    return this.counts.create + this.counts.update + this.counts.delete;
  }

  /** Creates a cluster (and, straight in moto, the Auto Scaling group its provider uses). */
  async create(): Promise<ClusterEntry> {
    const n = this.#next++;
    const entry: ClusterEntry = {
      name: `crash-cl-${n}`,
      provider: `crash-cp-${n}`,
      asgArn: await createAutoScalingGroup(`crash-group-${n}`),
      insights: 'enabled',
      targetCapacity: 100,
      state: 'live',
    };
    await apply(this.#namespace, clusterManifest(entry));
    this.entries.push(entry);
    this.counts.create++;
    return entry;
  }

  /** Applies one operation picked by the PRNG (keeping 1 to 3 clusters live). */
  async step(): Promise<string> {
    const live = this.entries.filter((e) => e.state === 'live');
    const roll = this.#random();
    if (live.length < 1 || (roll < 0.3 && live.length < 3)) return `create ${(await this.create()).name}`;
    const entry = live[Math.floor(this.#random() * live.length)];
    if (entry === undefined) return 'nothing';
    if (roll < 0.5 && live.length > 1) {
      entry.state = 'deleting';
      await kubectl(['delete', '-n', this.#namespace, `ecscluster/${entry.name}`, '--wait=false']);
      this.counts.delete++;
      return `delete ${entry.name}`;
    }
    entry.insights = entry.insights === 'enabled' ? 'disabled' : 'enabled';
    entry.targetCapacity = entry.targetCapacity === 100 ? 70 : 100;
    await apply(this.#namespace, clusterManifest(entry));
    this.counts.update++;
    return `update ${entry.name}`;
  }

  /** Deletes every live cluster, so the end of the run can check that nothing is left. */
  async deleteAll(): Promise<void> {
    for (const entry of this.entries.filter((e) => e.state === 'live')) {
      entry.state = 'deleting';
      await kubectl(['delete', '-n', this.#namespace, `ecscluster/${entry.name}`, '--wait=false']);
      this.counts.delete++;
    }
  }

  /** True once every object of the run is gone from the API server. */
  async allGone(): Promise<boolean> {
    for (const entry of this.entries) {
      if ((await getResource('ecsclusters', this.#namespace, entry.name)) !== undefined) return false;
    }
    return true;
  }
}

/** Successful creates per name of `action` (`CreateCluster` or `CreateCapacityProvider`) beyond the first. */
export function duplicateClusterCreates(
  calls: readonly CallRecord[],
  action: 'CreateCluster' | 'CreateCapacityProvider',
): string[] {
  const byName = new Map<string, number>();
  for (const c of calls) {
    if (c.service !== 'ecs' || c.action !== action || !succeeded(c)) continue;
    const params = paramsOf(c);
    const name = String(action === 'CreateCluster' ? params['clusterName'] : params['name']);
    if (!name.startsWith('crash-c')) continue;
    byName.set(name, (byName.get(name) ?? 0) + 1);
  }
  return [...byName].filter(([, n]) => n > 1).map(([name, n]) => `${action} ${name} ${String(n)} times`);
}

/** What ECS still has of the run's clusters (not INACTIVE) and providers, read straight from moto. */
export async function clusterLeftovers(entries: readonly ClusterEntry[]): Promise<string[]> {
  if (entries.length === 0) return [];
  const ecs = awsClients('moto').ecs;
  const left: string[] = [];
  const clusters = await ecs.send(new DescribeClustersCommand({ clusters: entries.map((e) => e.name) }));
  for (const c of clusters.clusters ?? []) {
    if (c.status !== 'INACTIVE') left.push(`cluster ${c.clusterName ?? '?'} is ${c.status ?? '?'}`);
  }
  const providers = await ecs.send(
    new DescribeCapacityProvidersCommand({ capacityProviders: entries.map((e) => e.provider) }),
  );
  for (const p of providers.capacityProviders ?? []) {
    if (p.status !== 'INACTIVE') left.push(`capacity provider ${p.name ?? '?'} is ${p.status ?? '?'}`);
  }
  return left;
}

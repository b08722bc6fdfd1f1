/**
 * The mixed workload of the crash-consistency scenario: pairs of an EcsTaskDefinition and an
 * EcsService that runs it (by taskDefinitionRef), some behind a load balancer with autoscaling,
 * driven through creates, image changes (a new revision, then a rolling update), scale changes and
 * deletes, chosen by a seeded PRNG so that a failing run can be replayed from its seed.
 */
import { API_GROUP_VERSION } from '../../src/resources/api-group.js';
import { kubectl } from '../support/crds.js';
import { apply } from '../support/manifests.js';
import type { Network } from '../support/aws-fixtures.js';

/** A deterministic PRNG (mulberry32): the same seed gives the same run of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An integer in [min, max] from `random`. */
export function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Where the pairs run: the cluster, the network and the target group of the scaled ones. */
export interface CrashWorld {
  readonly cluster: string;
  readonly network: Network;
  readonly targetGroupArn: string;
}

/** Where one pair is in its life: `deleting` from the moment both objects were deleted. */
export type PairState = 'live' | 'deleting';

/** One EcsTaskDefinition and the EcsService that runs it; both objects share `name`. */
export interface Pair {
  readonly name: string;
  /** The task definition family and the ECS service name (both `name`, unique per run). */
  readonly family: string;
  readonly serviceName: string;
  /** Behind the load balancer, with autoscaling (desiredCount belongs to the autoscaler). */
  readonly scaled: boolean;
  image: number;
  desiredCount: number;
  state: PairState;
  deletedAt?: number;
  /** Seen absent from the API server (finalizer removed): its AWS side must be gone for good. */
  taskDefinitionGone: boolean;
  serviceGone: boolean;
}

/** Revisions kept besides the current one: small, so garbage collection runs during the run. */
export const REVISION_HISTORY_LIMIT = 1;

function imageOf(pair: Pair): string {
  return `nginx:1.${pair.image}`;
}

/** The EcsTaskDefinition of a pair (Fargate, port 80, its current image). */
export function taskDefinitionManifest(pair: Pair): object {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: 'EcsTaskDefinition',
    metadata: { name: pair.name },
    spec: {
      family: pair.family,
      revisionHistoryLimit: REVISION_HISTORY_LIMIT,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: imageOf(pair), portMappings: [{ containerPort: 80 }] }],
    },
  };
}

/** The EcsService of a pair; a scaled one has a load balancer and CPU, memory and ALB policies. */
export function serviceManifest(pair: Pair, world: CrashWorld): object {
  return {
    apiVersion: API_GROUP_VERSION,
    kind: 'EcsService',
    metadata: { name: pair.name },
    spec: {
      cluster: world.cluster,
      serviceName: pair.serviceName,
      taskDefinitionRef: { name: pair.name },
      launchType: 'FARGATE',
      desiredCount: pair.desiredCount,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: [...world.network.subnetIds],
          securityGroups: [world.network.securityGroupId],
        },
      },
      ...(pair.scaled
        ? {
            loadBalancers: [
              { targetGroupArn: world.targetGroupArn, containerName: 'app', containerPort: 80 },
            ],
            autoscaling: {
              minCapacity: 1,
              maxCapacity: 3,
              cpu: { targetValue: 60 },
              memory: { targetValue: 75 },
              albRequestCountPerTarget: { targetValue: 500 },
            },
          }
        : {}),
    },
  };
}

/** The kinds of operation the driver applies. */
export type OperationKind = 'create' | 'image' | 'scale' | 'delete';

/** Bounds on how many pairs are live at once. */
export interface WorkloadLimits {
  readonly minLive: number;
  readonly maxLive: number;
}

/**
 * The pairs of one run and the operations on them: each call of {@link Workload.step} picks an
 * operation by the PRNG, applies it with kubectl (as users do), and records it.
 */
export class Workload {
  readonly pairs: Pair[] = [];
  readonly counts: Record<OperationKind, number> = { create: 0, image: 0, scale: 0, delete: 0 };
  readonly #world: CrashWorld;
  readonly #namespace: string;
  readonly #random: () => number;
  readonly #limits: WorkloadLimits;
  #next = 0;

  constructor(world: CrashWorld, namespace: string, random: () => number, limits: WorkloadLimits) {
    this.#world = world;
    this.#namespace = namespace;
    this.#random = random;
    this.#limits = limits;
  }

  /** Total operations applied. */
  get operations(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  /** Pairs in `state`. */
  inState(state: PairState): Pair[] {
    return this.pairs.filter((p) => p.state === state);
  }

  /** Creates a new pair (every third one scaled); both objects in one apply. */
  async create(scaled = this.#next % 3 === 0): Promise<Pair> {
    const name = `crash-${this.#next++}`;
    const pair: Pair = {
      name,
      family: name,
      serviceName: name,
      scaled,
      image: 0,
      desiredCount: 1,
      state: 'live',
      taskDefinitionGone: false,
      serviceGone: false,
    };
    await apply(this.#namespace, taskDefinitionManifest(pair), serviceManifest(pair, this.#world));
    // Known (and so checked) only once the API server has both objects.
    this.pairs.push(pair);
    this.counts.create++;
    return pair;
  }

  /** Applies one operation picked by the PRNG; resolves with what it did, for the run's log. */
  async step(): Promise<string> {
    const live = this.inState('live');
    const roll = this.#random();
    const pick = (from: readonly Pair[]): Pair | undefined => from[Math.floor(this.#random() * from.length)];
    if (live.length < this.#limits.minLive || (roll < 0.2 && live.length < this.#limits.maxLive)) {
      const pair = await this.create();
      return `create ${pair.name}${pair.scaled ? ' (scaled)' : ''}`;
    }
    if (roll < 0.35 && live.length > this.#limits.minLive) {
      const pair = pick(live);
      if (pair !== undefined) {
        pair.state = 'deleting';
        pair.deletedAt = Date.now();
        await kubectl([
          'delete',
          '-n',
          this.#namespace,
          `ecsservice/${pair.name}`,
          `ecstaskdefinition/${pair.name}`,
          '--wait=false',
        ]);
        this.counts.delete++;
        return `delete ${pair.name}`;
      }
    }
    const unscaled = live.filter((p) => !p.scaled);
    if (roll < 0.5 && unscaled.length > 0) {
      const pair = pick(unscaled);
      if (pair !== undefined) {
        pair.desiredCount = (pair.desiredCount + 1 + Math.floor(this.#random() * 2)) % 3;
        await apply(this.#namespace, serviceManifest(pair, this.#world));
        this.counts.scale++;
        return `scale ${pair.name} to ${pair.desiredCount}`;
      }
    }
    const pair = pick(live);
    if (pair === undefined) return 'nothing';
    pair.image++;
    await apply(this.#namespace, taskDefinitionManifest(pair));
    this.counts.image++;
    return `image ${pair.name} ${imageOf(pair)}`;
  }
}

/**
 * Test doubles for the EcsService reconciler's Kubernetes seams: a store that keeps one object and
 * applies the writer's status and finalizer writes to it the way the API server would (generation moves only
 * with the spec), an event recorder that keeps what it is given, and a task definition lookup backed
 * by a map. Together with {@link FakeEcs} they let a unit test drive many reconciles in
 * milliseconds.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { beforeEach } from 'vitest';
import { FakeEcs } from '../../../aws/testing/fake-ecs.js';
import { testContext } from '../../../controller/testing/reconcile-context.js';
import { FakeEventRecorder } from '../../../k8s/testing/fake-event-recorder.js';
import type { StatusUpdate } from '../../../k8s/object-writer.js';
import { ownerIdentity } from '../ownership.js';
import type { ServicePlanContext } from '../plan.js';
import type { ResolvedTaskDefinition, ServiceWriter, TaskDefinitionLookup } from '../ports.js';
import { EcsServiceReconciler, type EcsServiceReconcilerOptions } from '../reconciler.js';
import type { EcsService, EcsServiceSpec, EcsServiceStatus } from '../types.js';

export { testContext };

/** Builds an EcsService object for tests. */
export function serviceObject(spec: EcsServiceSpec, name = 'web', namespace = 'default'): EcsService {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsService',
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, generation: 1, resourceVersion: '1' },
    spec,
  };
}

/** Keeps one object and applies the writer's writes to it. */
export class MemoryServiceStore implements ServiceWriter {
  statusWrites = 0;
  deleted = false;
  private version = 1;

  constructor(public obj: EcsService) {}

  /** Replaces the spec as `kubectl apply` would: a new generation. */
  setSpec(spec: EcsServiceSpec): void {
    this.obj = {
      ...this.obj,
      spec,
      metadata: { ...this.obj.metadata, generation: (this.obj.metadata.generation ?? 0) + 1 },
    };
    this.bump();
  }

  /** Marks the object for deletion. */
  requestDeletion(at = '2026-01-01T00:00:00Z'): void {
    this.obj = { ...this.obj, metadata: { ...this.obj.metadata, deletionTimestamp: at } };
    this.bump();
  }

  /**
   * As the real writer does: a merge patch computed against the copy the reconciler passed, so a
   * field that copy already shows as wanted is not sent, whatever the stored object holds (top-level
   * status fields; lists such as conditions are replaced whole, as in a JSON merge patch).
   */
  updateStatus(base: EcsService, status: unknown): Promise<StatusUpdate<EcsService>> {
    this.statusWrites += 1;
    const before = (base.status ?? {}) as Record<string, unknown>;
    const next = status as EcsServiceStatus as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...(this.obj.status ?? {}) };
    for (const key of new Set([...Object.keys(before), ...Object.keys(next)])) {
      if (JSON.stringify(before[key]) === JSON.stringify(next[key])) continue;
      if (next[key] === undefined) delete merged[key];
      else merged[key] = structuredClone(next[key]);
    }
    this.obj = { ...this.obj, status: merged };
    this.bump();
    return Promise.resolve({ written: true, object: this.obj });
  }

  /** As the real writer does: nothing is sent when the copy passed already has the finalizer. */
  addFinalizer(obj: EcsService, finalizer: string): Promise<EcsService> {
    if ((obj.metadata.finalizers ?? []).includes(finalizer)) return Promise.resolve(obj);
    const finalizers = [...(this.obj.metadata.finalizers ?? []), finalizer];
    this.obj = { ...this.obj, metadata: { ...this.obj.metadata, finalizers } };
    this.bump();
    return Promise.resolve(this.obj);
  }

  removeFinalizer(_obj: EcsService, finalizer: string): Promise<EcsService> {
    const finalizers = (this.obj.metadata.finalizers ?? []).filter((f) => f !== finalizer);
    this.obj = { ...this.obj, metadata: { ...this.obj.metadata, finalizers } };
    if (this.obj.metadata.deletionTimestamp !== undefined && finalizers.length === 0) this.deleted = true;
    this.bump();
    return Promise.resolve(this.obj);
  }

  /** The stored object, as a live GET answers; undefined once deleted. */
  readCurrent(): Promise<EcsService | undefined> {
    return Promise.resolve(this.deleted ? undefined : this.obj);
  }

  /** Removes every finalizer as `kubectl patch` by a user would, behind the reconciler's back. */
  dropFinalizersByHand(): void {
    this.obj = { ...this.obj, metadata: { ...this.obj.metadata, finalizers: [] } };
    if (this.obj.metadata.deletionTimestamp !== undefined) this.deleted = true;
    this.bump();
  }

  private bump(): void {
    this.version += 1;
    this.obj = { ...this.obj, metadata: { ...this.obj.metadata, resourceVersion: String(this.version) } };
  }
}

/** Task definitions by `namespace/name`. */
export class MapTaskDefinitionLookup implements TaskDefinitionLookup {
  readonly entries = new Map<string, ResolvedTaskDefinition>();
  set(namespace: string, name: string, value: ResolvedTaskDefinition): void {
    this.entries.set(`${namespace}/${name}`, value);
  }
  get(namespace: string, name: string): Promise<ResolvedTaskDefinition | undefined> {
    return Promise.resolve(this.entries.get(`${namespace}/${name}`));
  }
}

/** The reconciler's DescribeService seam over a fake ECS (one service per call). */
export function describeVia(
  ecs: FakeEcs,
): (region: string, cluster: string, name: string) => Promise<Service | undefined> {
  return async (_region, cluster, name) => (await ecs.describeServices(cluster, [name])).services[0];
}

/** The ARN of revision `n` of the `web` task definition in the fake's account and Region. */
export const webRevision = (n: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${n}`;

/**
 * One EcsService object of `spec` in a memory store, the fake ECS, an event recorder and a task
 * definition lookup where `default/web` resolves to revision 1: the reconciler tests' common world.
 */
export class ServiceTestWorld {
  readonly ecs = new FakeEcs();
  /** Replaceable: a test may start from another object. */
  store: MemoryServiceStore;
  readonly events = new FakeEventRecorder();
  readonly taskDefinitions = new MapTaskDefinitionLookup();

  constructor(spec: EcsServiceSpec) {
    this.store = new MemoryServiceStore(serviceObject(spec));
    this.taskDefinitions.set('default', 'web', { taskDefinitionArn: webRevision(1), ready: true });
  }

  /** A reconciler over this world; `extra` overrides or adds options. */
  reconciler(extra: Partial<EcsServiceReconcilerOptions> = {}): EcsServiceReconciler {
    return new EcsServiceReconciler({
      ecsFor: () => this.ecs,
      describeService: describeVia(this.ecs),
      writer: this.store,
      events: this.events,
      taskDefinitions: this.taskDefinitions,
      instanceId: 'inst-1',
      defaultRegion: 'us-east-1',
      now: () => new Date('2026-03-01T12:00:00Z'),
      ...extra,
    });
  }

  /** Reconciles the stored object once. */
  run(r = this.reconciler()): ReturnType<EcsServiceReconciler['reconcile']> {
    return r.reconcile(testContext(), this.store.obj);
  }

  /**
   * Seeds `demo/web` as someone else created it: what {@link webServiceSpec} describes, on revision
   * 1, without ecs-bridge's tags (a service to adopt).
   */
  seedUnowned(): void {
    this.ecs.seed('demo', {
      serviceName: 'web',
      taskDefinition: webRevision(1),
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['subnet-a'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' },
      },
      tags: [{ key: 'team', value: 'shop' }],
    });
  }

  /** Condition `type` of the stored object as `status/reason`, or `none`. */
  condition(type: string): string {
    const c = this.store.obj.status?.conditions?.find((x) => x.type === type);
    return c === undefined ? 'none' : `${c.status}/${c.reason}`;
  }
}

/**
 * A fresh {@link ServiceTestWorld} of `spec` before each test of the calling file, and the
 * shorthands the reconciler tests drive it with; `world()` is the running test's world.
 */
export function worldPerTest(spec: EcsServiceSpec) {
  let current: ServiceTestWorld | undefined;
  beforeEach(() => {
    current = new ServiceTestWorld(spec);
  });
  const world = (): ServiceTestWorld => {
    if (current === undefined) throw new Error('the service test world exists only inside a test');
    return current;
  };
  return {
    world,
    reconciler: (extra: Partial<EcsServiceReconcilerOptions> = {}) => world().reconciler(extra),
    run: (r?: EcsServiceReconciler) => world().run(r),
    condition: (type: string): string => world().condition(type),
  };
}

/** The plan context of `default/web` owned by instance `inst-1`, desired count from the spec. */
export const testPlanContext: ServicePlanContext = {
  identity: ownerIdentity('default', 'web', 'inst-1'),
  desiredCountOwner: 'spec',
  clientToken: 'ecsb-token',
  managedTagKeys: [],
  holdRollout: false,
};

/** A Fargate service `web` in cluster `demo`, two tasks of the `web` task definition, tagged. */
export const webServiceSpec: EcsServiceSpec = {
  cluster: 'demo',
  taskDefinitionRef: { name: 'web' },
  desiredCount: 2,
  launchType: 'FARGATE',
  networkConfiguration: {
    awsvpcConfiguration: { subnets: ['subnet-a'], securityGroups: ['sg-1'], assignPublicIp: 'ENABLED' },
  },
  tags: [{ key: 'team', value: 'shop' }],
};

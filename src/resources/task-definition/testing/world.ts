/**
 * The task definition reconciler's unit-test world: a spec builder, an object builder, and a
 * reconciler wired to the shared fake ECS and the in-memory Kubernetes edge, so each test file
 * states what it varies instead of copying the wiring. Test-only.
 */
import { FakeEcs } from '../../../aws/testing/fake-ecs.js';
import { testContext } from '../../../controller/testing/reconcile-context.js';
import { inactiveScansByRegion } from '../inactive-scan.js';
import { TaskDefinitionReconciler, type TaskDefinitionReconcilerOptions } from '../reconciler.js';
import type { EcsTaskDefinition, EcsTaskDefinitionSpec } from '../types.js';
import { FakeObjectStore } from './fake-kube.js';
import { FakeEventRecorder } from '../../../k8s/testing/fake-event-recorder.js';

/** A Fargate spec of one container `web` running `image`, with `extra` fields. */
export function fargate(image: string, extra: Partial<EcsTaskDefinitionSpec> = {}): EcsTaskDefinitionSpec {
  return {
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    containerDefinitions: [{ name: 'web', image, portMappings: [{ containerPort: 80 }] }],
    ...extra,
  };
}

/** An EcsTaskDefinition object as the API server would hand it over (generation 1). */
export function taskDefinitionObject(
  spec: EcsTaskDefinitionSpec,
  name = 'web',
  namespace = 'prod',
): EcsTaskDefinition {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name, namespace, generation: 1, resourceVersion: '1', uid: `uid-${name}` },
    spec,
  };
}

/** A reconciler over one stored object, the fake ECS it writes to and what it recorded. */
export interface TaskDefinitionWorld {
  ecs: FakeEcs;
  store: FakeObjectStore;
  events: FakeEventRecorder;
  /** The revision ARNs the services in the cluster run (the GC's "in use" set). */
  inUse: Set<string>;
  /** The Region each `ecsForRegion` call asked for. */
  regions: (string | undefined)[];
  reconciler: TaskDefinitionReconciler;
  /** Reconciles the store's current object. */
  run(): Promise<unknown>;
  /** A fresh reconciler (empty cache): the operator restarted. */
  restart(): void;
}

/** What a test may vary in {@link taskDefinitionWorld}. */
export interface TaskDefinitionWorldOptions {
  ecs?: FakeEcs;
  name?: string;
  namespace?: string;
  instanceId?: string;
  defaultDeletionPolicy?: 'Delete' | 'Retain';
  /** Region-wide INACTIVE listings are counted here; absent: each family lists its own. */
  regionListings?: number[];
  /** Any other reconciler option (guards, management policy defaults). */
  reconciler?: Partial<TaskDefinitionReconcilerOptions>;
}

/** Builds the world for one object of `spec`. */
export function taskDefinitionWorld(
  spec: EcsTaskDefinitionSpec,
  options: TaskDefinitionWorldOptions = {},
): TaskDefinitionWorld {
  const ecs = options.ecs ?? new FakeEcs();
  const store = new FakeObjectStore(taskDefinitionObject(spec, options.name, options.namespace));
  const events = new FakeEventRecorder();
  const inUse = new Set<string>();
  const regions: (string | undefined)[] = [];
  const build = (): TaskDefinitionReconciler =>
    new TaskDefinitionReconciler({
      ecsForRegion: (region) => {
        regions.push(region);
        return ecs;
      },
      writer: store,
      events,
      revisionsInUse: () => Promise.resolve(inUse),
      instanceId: options.instanceId ?? 'inst-1',
      now: () => new Date('2026-02-01T00:00:00Z'),
      ...(options.defaultDeletionPolicy === undefined
        ? {}
        : { defaultDeletionPolicy: options.defaultDeletionPolicy }),
      ...(options.regionListings === undefined
        ? {}
        : {
            // A new process: a new scan, as the composition root builds one per process.
            inactiveScanForRegion: inactiveScansByRegion(() => () => {
              options.regionListings?.push(1);
              return Promise.resolve({ arns: ecs.allRevisionArns('INACTIVE'), complete: true });
            }),
          }),
      ...options.reconciler,
    });
  const ctx = testContext();
  const w: TaskDefinitionWorld = {
    ecs,
    store,
    events,
    inUse,
    regions,
    reconciler: build(),
    run: () => w.reconciler.reconcile(ctx, store.obj),
    restart: () => {
      w.reconciler = build();
    },
  };
  return w;
}

/** Registers a revision of `web` as the console or Terraform would (no ecs-bridge tags), then forgets the call. */
export async function registerOutside(
  ecs: FakeEcs,
  spec: EcsTaskDefinitionSpec,
  tags: { key: string; value: string }[] = [],
): Promise<void> {
  const { containerDefinitions, ...rest } = spec;
  await ecs.registerTaskDefinition({
    ...rest,
    family: 'web',
    containerDefinitions: containerDefinitions.map((c) => ({ ...c })),
    ...(tags.length === 0 ? {} : { tags }),
  } as Parameters<FakeEcs['registerTaskDefinition']>[0]);
  ecs.resetCalls();
}

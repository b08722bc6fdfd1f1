/**
 * The example manifests through the real reconciler and the real AWS edge against the moto
 * emulator: each converges with exactly one registration, stays put on resync, registers once more
 * on an image change, and is cleaned up on deletion. Starts its own moto with the test world's
 * launcher (so it never skips) and stops it afterwards.
 *
 * The Kubernetes side is the in-memory store (the reconciler's seams); the real API server side of
 * these manifests is covered by the CRD being applied in the test world.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, type AwsClients } from '../../aws/clients.js';
import type { EcsApi } from '../../aws/ecs-api.js';
import { testContext } from '../../controller/testing/reconcile-context.js';
import { findCondition } from '../../k8s/conditions.js';
import { loadTaskDefinitionExamples } from './testing/examples.js';
import { FakeObjectStore } from './testing/fake-kube.js';
import { FakeEventRecorder } from '../../k8s/testing/fake-event-recorder.js';
import { TaskDefinitionReconciler } from './reconciler.js';
import { startMoto, type MotoServer } from '../../../test/world/moto.js';

const REGION = 'us-east-1';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const ctx = testContext('moto');

/** Counts the calls made through an EcsApi, by method. */
function counting(ecs: EcsApi): { api: EcsApi; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const api = new Proxy(ecs, {
    get(target, prop, receiver): unknown {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]): unknown => {
        calls.set(prop, (calls.get(prop) ?? 0) + 1);
        return Reflect.apply(value, target, args);
      };
    },
  });
  return { api, calls };
}

describe('task definition examples against moto', () => {
  let moto: MotoServer | undefined;
  let clients: AwsClients;

  beforeAll(async () => {
    moto = await startMoto({ dir: mkdtempSync(join(tmpdir(), 'td-examples-moto-')) });
    clients = createAwsClients({ endpoint: moto.url, credentials: CREDENTIALS });
  }, 90_000);

  afterAll(async () => {
    clients?.destroy();
    await moto?.stop();
  });

  it.each(loadTaskDefinitionExamples())(
    '$file: one registration, none on resync, one per change, cleaned up on deletion',
    async ({ obj }) => {
      const { api, calls } = counting(clients.forRegion(obj.spec.region ?? REGION).ecs);
      const store = new FakeObjectStore({
        ...obj,
        metadata: { ...obj.metadata, namespace: 'examples', generation: 1 },
      });
      // One per operator process: a restart starts with an empty revision cache.
      const operator = (): TaskDefinitionReconciler =>
        new TaskDefinitionReconciler({
          ecsForRegion: () => api,
          writer: store,
          events: new FakeEventRecorder(),
          revisionsInUse: () => Promise.resolve(new Set<string>()),
          instanceId: 'moto-test',
        });
      const reconciler = operator();
      const family = obj.spec.family ?? obj.metadata.name;

      await reconciler.reconcile(ctx, store.obj);
      expect(findCondition(store.obj.status?.conditions, 'Ready')?.status).toBe('True');
      expect(store.obj.status).toMatchObject({ family, revision: 1 });
      expect(calls.get('registerTaskDefinition')).toBe(1);

      for (let i = 0; i < 3; i++) await reconciler.reconcile(ctx, store.obj);
      expect(calls.get('registerTaskDefinition')).toBe(1);
      expect(calls.get('describeTaskDefinition') ?? 0).toBe(0);

      // A restarted operator (empty cache) adopts what is there.
      const restarted = operator();
      await restarted.reconcile(ctx, store.obj);
      expect(calls.get('registerTaskDefinition')).toBe(1);
      expect(calls.get('describeTaskDefinition')).toBe(1);

      const [first, ...rest] = obj.spec.containerDefinitions;
      store.setSpec({
        ...obj.spec,
        containerDefinitions: [{ ...first, image: `${first?.image ?? ''}-next` }, ...rest],
      });
      await restarted.reconcile(ctx, store.obj);
      await restarted.reconcile(ctx, store.obj);
      expect(calls.get('registerTaskDefinition')).toBe(2);
      expect(store.obj.status).toMatchObject({ revision: 2, observedGeneration: 2 });

      store.markDeleted();
      await restarted.reconcile(ctx, store.obj);
      expect(store.hasFinalizer()).toBe(false);
      expect(await api.listTaskDefinitions(family, 'ACTIVE')).toEqual([]);
      expect(await api.listTaskDefinitions(family, 'INACTIVE')).toEqual([]);
    },
    30_000,
  );
});

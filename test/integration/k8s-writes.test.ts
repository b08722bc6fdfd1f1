/**
 * Writes of the Kubernetes edge against the world's real kube-apiserver: status merge patches that
 * never touch spec, finalizers guarded by resourceVersion (a stale copy gets 409), the last
 * finalizer releasing a deleted object, and Events de-duplicated into one counted Event.
 */
import { randomBytes } from 'node:crypto';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { isConflict, isNotFound } from '../../src/k8s/api-errors.js';
import { KubeEventRecorder } from '../../src/k8s/event-recorder.js';
import { loadKubeConfig } from '../../src/k8s/kube-config.js';
import { ObjectWriter } from '../../src/k8s/object-writer.js';
import {
  installWidgetCrd,
  WIDGET_TYPE,
  WidgetClient,
  type Widget,
} from '../../src/k8s/testing/widget-crd.js';
import { createSilentLogger } from '../../src/observability/logger.js';

const FINALIZER = 'k8s-it.ecs-bridge.dev/finalizer';

let kc: KubeConfig;
let widgets: WidgetClient;
let writer: ObjectWriter<Widget>;

async function freshNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  return name;
}

beforeAll(async () => {
  kc = loadKubeConfig({ kubeconfigPath: inject('kubeconfigPath') });
  widgets = new WidgetClient(kc);
  writer = new ObjectWriter<Widget>({ type: WIDGET_TYPE, kubeConfig: kc });
  await installWidgetCrd(kc);
});

describe('ObjectWriter against the real API server', () => {
  it('merge-patches status, removes dropped fields, skips no-op writes and never touches spec', async () => {
    const ns = await freshNamespace('k8s-status');
    const created = await widgets.create(ns, 'w', 3);

    const first = await writer.updateStatus(created, { phase: 'Progressing', observed: 1, note: 'starting' });
    expect(first.written).toBe(true);
    expect(first.object.status).toEqual({ phase: 'Progressing', observed: 1, note: 'starting' });

    const second = await writer.updateStatus(first.object, { phase: 'Ready', observed: 1 });
    expect(second.written).toBe(true);

    const third = await writer.updateStatus(second.object, { phase: 'Ready', observed: 1 });
    expect(third.written).toBe(false);

    const stored = await widgets.get(ns, 'w');
    expect(stored.status).toEqual({ phase: 'Ready', observed: 1 });
    expect(stored.spec).toEqual({ size: 3 });
    // Status writes go to the subresource: the generation (spec changes) does not move.
    expect(stored.metadata.generation).toBe(created.metadata.generation);
  });

  it('adds and removes the finalizer on a fresh copy and gets a conflict on a stale one', async () => {
    const ns = await freshNamespace('k8s-finalizer');
    const stale = await widgets.create(ns, 'w', 1);
    await widgets.setSize(ns, 'w', 2); // the object moves on; `stale` keeps the old resourceVersion

    const addStale = await writer.addFinalizer(stale, FINALIZER).catch((err: unknown) => err);
    expect(isConflict(addStale)).toBe(true);
    expect((await widgets.get(ns, 'w')).metadata.finalizers ?? []).toEqual([]);

    const withFinalizer = await writer.addFinalizer(await widgets.get(ns, 'w'), FINALIZER);
    expect(withFinalizer.metadata.finalizers).toEqual([FINALIZER]);
    expect(withFinalizer.spec).toEqual({ size: 2 });

    await widgets.setSize(ns, 'w', 3);
    const removeStale = await writer.removeFinalizer(withFinalizer, FINALIZER).catch((err: unknown) => err);
    expect(isConflict(removeStale)).toBe(true);
    expect((await widgets.get(ns, 'w')).metadata.finalizers).toEqual([FINALIZER]);

    const removed = await writer.removeFinalizer(await widgets.get(ns, 'w'), FINALIZER);
    expect(removed.metadata.finalizers ?? []).toEqual([]);
  });

  it('lets a deleted object go once its last finalizer is removed', async () => {
    const ns = await freshNamespace('k8s-deleting');
    await writer.addFinalizer(await widgets.create(ns, 'w', 1), FINALIZER);
    await widgets.delete(ns, 'w');
    const deleting = await widgets.get(ns, 'w');
    expect(deleting.metadata.deletionTimestamp).toBeDefined();

    await writer.removeFinalizer(deleting, FINALIZER);
    const gone = await widgets.get(ns, 'w').catch((err: unknown) => err);
    expect(isNotFound(gone)).toBe(true);
  });
});

describe('KubeEventRecorder against the real API server', () => {
  it('writes one counted Event per object, type, reason and message', async () => {
    const ns = await freshNamespace('k8s-events');
    const obj = await widgets.create(ns, 'w', 1);
    const recorder = new KubeEventRecorder({
      kubeConfig: kc,
      component: 'ecs-bridge',
      host: 'it',
      log: createSilentLogger(),
    });

    for (let i = 0; i < 3; i++)
      recorder.record(obj, 'Warning', 'RolloutFailed', 'deployment circuit breaker tripped');
    recorder.record(obj, 'Normal', 'Created', 'created the widget');
    await recorder.flush();

    const list = await kc.makeApiClient(CoreV1Api).listNamespacedEvent({
      namespace: ns,
      fieldSelector: `involvedObject.name=w`,
    });
    const summary = list.items
      .map((e) => `${e.type ?? ''}/${e.reason ?? ''}/${e.count ?? 0}/${e.source?.component ?? ''}`)
      .sort();
    expect(summary).toEqual(['Normal/Created/1/ecs-bridge', 'Warning/RolloutFailed/3/ecs-bridge']);
    const failed = list.items.find((e) => e.reason === 'RolloutFailed');
    expect(failed?.involvedObject).toMatchObject({
      kind: 'Widget',
      apiVersion: 'k8s-it.ecs-bridge.dev/v1',
      name: 'w',
      namespace: ns,
      uid: obj.metadata.uid,
    });
  });
});

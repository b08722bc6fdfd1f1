/**
 * The informer against the world's real kube-apiserver: it follows adds, updates and deletes with
 * the namespace and label selector applied by the server; it misses nothing across an API server
 * restart; and after a 410 Gone it relists and still reports the deletions that happened while it
 * was away.
 */
import { randomBytes } from 'node:crypto';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { Informer } from '../../src/k8s/informer.js';
import { loadKubeConfig } from '../../src/k8s/kube-config.js';
import {
  CustomResourceListWatchClient,
  type ListRequest,
  type ListWatchClient,
  type RawWatchEvent,
  type WatchHandle,
  type WatchRequest,
} from '../../src/k8s/list-watch-client.js';
import type { ObjectEvent } from '../../src/k8s/list-watch.js';
import {
  installWidgetCrd,
  WIDGET_TYPE,
  WidgetClient,
  type Widget,
} from '../../src/k8s/testing/widget-crd.js';
import { createSilentLogger } from '../../src/observability/logger.js';
import { waitFor } from '../world/wait.js';

let kc: KubeConfig;
let widgets: WidgetClient;
const running: Informer<Widget>[] = [];

async function freshNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${randomBytes(4).toString('hex')}`;
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  return name;
}

/** Starts an informer and records its events as `type:name@size`. */
async function startInformer(
  options: { namespaces?: string[]; labelSelector?: string; client?: ListWatchClient } = {},
): Promise<{ informer: Informer<Widget>; events: string[] }> {
  const events: string[] = [];
  const informer = new Informer<Widget>({
    type: WIDGET_TYPE,
    kubeConfig: kc,
    log: createSilentLogger(),
    ...options,
  });
  informer.onEvent((e: ObjectEvent<Widget>) =>
    events.push(`${e.type}:${e.object.metadata.name}@${e.object.spec.size}`),
  );
  running.push(informer);
  await informer.start();
  await until(() => informer.hasSynced(), 'the informer to sync', 20_000);
  return { informer, events };
}

/** Polls a condition with a deadline. */
function until(condition: () => boolean, what: string, timeoutMs: number): Promise<true> {
  return waitFor(() => Promise.resolve(condition() ? true : undefined), { timeoutMs, what });
}

const names = (informer: Informer<Widget>): string[] =>
  informer
    .list()
    .map((w) => w.metadata.name)
    .sort();

async function restartApiServer(): Promise<void> {
  const res = await fetch(`${inject('worldControlUrl')}/restart-apiserver`, { method: 'POST' });
  if (!res.ok) throw new Error(`restart-apiserver: HTTP ${res.status} ${await res.text()}`);
}

beforeAll(async () => {
  kc = loadKubeConfig({ kubeconfigPath: inject('kubeconfigPath') });
  widgets = new WidgetClient(kc);
  await installWidgetCrd(kc);
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((i) => i.stop()));
});

describe('Informer against the real API server', () => {
  it('follows add, update and delete, with namespaces and label selector applied by the server', async () => {
    const ns = await freshNamespace('k8s-informer');
    const other = await freshNamespace('k8s-informer-other');
    await widgets.create(ns, 'before', 1, { shard: 'a' });
    await widgets.create(ns, 'wrong-shard', 1, { shard: 'b' });
    await widgets.create(other, 'other-ns', 1, { shard: 'a' });

    const { informer, events } = await startInformer({ namespaces: [ns], labelSelector: 'shard=a' });
    expect(names(informer)).toEqual(['before']);
    expect(informer.name).toBe('widgets.k8s-it.ecs-bridge.dev');

    await widgets.create(ns, 'later', 1, { shard: 'a' });
    await widgets.create(ns, 'later-wrong-shard', 1, { shard: 'b' });
    await widgets.create(other, 'later-other-ns', 1, { shard: 'a' });
    await widgets.setSize(ns, 'later', 2);
    await widgets.delete(ns, 'before');

    await until(() => events.length >= 4, 'four events', 10_000);
    expect(events).toEqual(['added:before@1', 'added:later@1', 'updated:later@2', 'deleted:before@1']);
    expect(names(informer)).toEqual(['later']);
    expect(informer.get(`${ns}/later`)?.spec.size).toBe(2);
    expect(informer.get(`${ns}/before`)).toBeUndefined();
  });

  it('misses no change across an API server restart', async () => {
    const ns = await freshNamespace('k8s-restart');
    for (const name of ['keep', 'change', 'remove']) await widgets.create(ns, name, 1);
    const { informer, events } = await startInformer({ namespaces: [ns] });
    expect(names(informer)).toEqual(['change', 'keep', 'remove']);

    const restartStarted = Date.now();
    await restartApiServer();
    const restartMs = Date.now() - restartStarted;
    // Change everything right away, before the informer's backoff lets it reconnect.
    await widgets.setSize(ns, 'change', 2);
    await widgets.delete(ns, 'remove');
    await widgets.create(ns, 'new', 1);

    const reconnectStarted = Date.now();
    await until(
      () => names(informer).join() === 'change,keep,new' && informer.get(`${ns}/change`)?.spec.size === 2,
      'the informer to catch up after the restart',
      60_000,
    );
    console.log(
      `api server restart took ${restartMs} ms; informer caught up ${Date.now() - reconnectStarted} ms after the changes; stats ${JSON.stringify(informer.stats())}`,
    );
    expect(events).toEqual(expect.arrayContaining(['updated:change@2', 'deleted:remove@1', 'added:new@1']));
    expect(informer.stats().watches).toBeGreaterThanOrEqual(2);
  });

  it('relists after 410 Gone and reports the deletions that happened while it was away', async () => {
    const ns = await freshNamespace('k8s-gone');
    for (const name of ['a', 'b', 'c']) await widgets.create(ns, name, 1);
    const client = new StaleResumeClient(
      new CustomResourceListWatchClient({ kubeConfig: kc, type: WIDGET_TYPE }),
    );
    const { informer, events } = await startInformer({ namespaces: [ns], client });
    expect(names(informer)).toEqual(['a', 'b', 'c']);

    // Take the informer off the air, change things, then let it resume from a resourceVersion the
    // server no longer has.
    client.holdWatches();
    client.dropWatches();
    await widgets.delete(ns, 'b');
    await widgets.setSize(ns, 'c', 2);
    await widgets.create(ns, 'd', 1);
    client.resumeFrom('1');

    await until(() => names(informer).join() === 'a,c,d', 'the informer to relist', 30_000);
    expect(informer.stats().expired).toBeGreaterThanOrEqual(1);
    expect(client.watchVersions).toContain('1');
    expect(events).toEqual(expect.arrayContaining(['deleted:b@1', 'updated:c@2', 'added:d@1']));
    expect(informer.get(`${ns}/c`)?.spec.size).toBe(2);
  });
});

/**
 * Wraps the real client so a test can drop the open watch, hold the next one back, and make it
 * resume from a chosen (stale) resourceVersion: the way to a real 410 from the real server.
 */
class StaleResumeClient implements ListWatchClient {
  readonly watchVersions: string[] = [];
  private readonly handles: WatchHandle[] = [];
  private held: Promise<void> | undefined;
  private release: (() => void) | undefined;
  private nextVersion: string | undefined;

  constructor(private readonly inner: ListWatchClient) {}

  list(request: ListRequest): ReturnType<ListWatchClient['list']> {
    return this.inner.list(request);
  }

  async watch(
    request: WatchRequest,
    onEvent: (event: RawWatchEvent) => void,
    onDone: (err: unknown) => void,
  ): Promise<WatchHandle> {
    if (this.held !== undefined) await this.held;
    const resourceVersion = this.nextVersion ?? request.resourceVersion;
    this.nextVersion = undefined;
    this.watchVersions.push(resourceVersion);
    const handle = await this.inner.watch({ ...request, resourceVersion }, onEvent, onDone);
    this.handles.push(handle);
    return handle;
  }

  holdWatches(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }

  dropWatches(): void {
    for (const handle of this.handles.splice(0)) handle.stop();
  }

  resumeFrom(resourceVersion: string): void {
    this.nextVersion = resourceVersion;
    this.held = undefined;
    this.release?.();
  }
}

import { describe, expect, it } from 'vitest';
import { FakeClock, settle } from '../shared/testing/fake-clock.js';
import { createSilentLogger } from '../observability/logger.js';
import type { ListPage } from './list-watch-client.js';
import { ListWatch, type ObjectEvent } from './list-watch.js';
import type { KubeObject } from './object.js';
import { ScriptedListWatchClient, type ScriptedWatch } from './testing/scripted-list-watch-client.js';

type Widget = KubeObject<{ size: number }>;

function widget(name: string, resourceVersion: string, size = 1, namespace = 'ns'): Widget {
  return {
    apiVersion: 'x/v1',
    kind: 'Widget',
    metadata: { name, namespace, resourceVersion },
    spec: { size },
  };
}

/**
 * A ListWatch of widgets over a scripted client, not started. Its events are recorded in `events`
 * as `type:name@rv<oldRv`, unless `onEvent` takes them instead.
 */
function setup(
  options: {
    namespace?: string;
    labelSelector?: string;
    pageSize?: number;
    onEvent?: (e: ObjectEvent<Widget>) => void;
  } = {},
) {
  const { onEvent, ...rest } = options;
  const clock = new FakeClock();
  const client = new ScriptedListWatchClient();
  const events: string[] = [];
  const lw = new ListWatch<Widget>({
    client,
    clock,
    log: createSilentLogger(),
    random: () => 0,
    watchTimeoutSeconds: 60,
    watchdogMarginMs: 5_000,
    ...rest,
    onEvent:
      onEvent ??
      ((e) =>
        events.push(
          `${e.type}:${e.object.metadata.name}@${e.object.metadata.resourceVersion ?? ''}` +
            (e.oldObject === undefined ? '' : `<${e.oldObject.metadata.resourceVersion ?? ''}`),
        )),
  });
  return { clock, client, events, lw };
}

const page = (resourceVersion: string, ...items: Widget[]): ListPage => ({ items, resourceVersion });

/** A ListWatch whose lists answer `answers` in order, started, its first list done. */
async function started(...answers: ListPage[]): Promise<ReturnType<typeof setup>> {
  const h = setup();
  h.client.listAnswers.push(...answers);
  await h.lw.start();
  await h.clock.tickAsync(0);
  return h;
}

describe('ListWatch', () => {
  it('lists, reports synced, then follows add, update and delete from the watch', async () => {
    const { clock, client, events, lw } = setup({ namespace: 'ns', labelSelector: 'shard=a' });
    client.listAnswers.push(page('10', widget('a', '5')));
    expect(lw.hasSynced()).toBe(false);
    await lw.start();
    await clock.tickAsync(0);
    expect(lw.hasSynced()).toBe(true);
    expect(client.lists[0]).toEqual({ limit: 500, namespace: 'ns', labelSelector: 'shard=a' });
    const w = client.lastWatch();
    expect(w.request).toMatchObject({
      namespace: 'ns',
      labelSelector: 'shard=a',
      resourceVersion: '10',
      allowWatchBookmarks: true,
    });
    expect(w.request.timeoutSeconds).toBeGreaterThanOrEqual(60);
    expect(w.request.timeoutSeconds).toBeLessThan(120);

    w.send({ type: 'ADDED', object: widget('b', '11') });
    w.send({ type: 'MODIFIED', object: widget('a', '12', 2) });
    w.send({ type: 'MODIFIED', object: widget('a', '12', 2) }); // same version: no event
    w.send({ type: 'DELETED', object: widget('b', '13') });
    expect(events).toEqual(['added:a@5', 'added:b@11', 'updated:a@12<5', 'deleted:b@13']);
    expect(lw.get('ns/a')?.spec.size).toBe(2);
    expect(lw.get('ns/b')).toBeUndefined();
    expect(lw.lastResourceVersion()).toBe('13');
    await lw.stop();
  });

  it('resumes from the last resourceVersion (bookmarks included) after a clean close, without relisting', async () => {
    const { clock, client, lw } = await started(page('10'));
    const first = client.lastWatch();
    first.send({ type: 'ADDED', object: widget('a', '11') });
    first.send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '20' } } });
    await clock.tickAsync(30_000); // a healthy watch ran for a while
    first.done(null);
    await clock.tickAsync(0);
    expect(client.watches).toHaveLength(2);
    expect(client.lastWatch().request.resourceVersion).toBe('20');
    expect(client.lists).toHaveLength(1);
    await lw.stop();
  });

  it.each([
    [
      'an ERROR event with code 410',
      (w: ScriptedWatch) => w.send({ type: 'ERROR', object: { code: 410, reason: 'Expired' } }),
    ],
    [
      'an HTTP 410 on the watch',
      (w: ScriptedWatch) => w.done(Object.assign(new Error('Gone'), { statusCode: 410 })),
    ],
  ])('relists on %s and emits deleted for objects that vanished meanwhile', async (_name, expire) => {
    const { clock, client, events, lw } = await started(
      page('10', widget('a', '1'), widget('b', '2'), widget('c', '3')),
      page('50', widget('a', '1'), widget('c', '40'), widget('d', '45')),
    );
    events.length = 0;
    await clock.tickAsync(10_000);
    expire(client.lastWatch());
    await clock.tickAsync(0);
    expect(client.lists).toHaveLength(2);
    expect(events).toEqual(['deleted:b@2', 'updated:c@40<3', 'added:d@45']);
    expect(client.lastWatch().request.resourceVersion).toBe('50');
    expect(lw.stats().expired).toBe(1);
    await lw.stop();
  });

  it('restarts a failed watch after a jittered backoff, from the same resourceVersion', async () => {
    const { clock, client, lw } = await started(page('10'));
    client.lastWatch().done(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    await clock.tickAsync(799);
    expect(client.watches).toHaveLength(1);
    await clock.tickAsync(1);
    expect(client.watches).toHaveLength(2);
    expect(client.lastWatch().request.resourceVersion).toBe('10');
    // A second failure right away waits twice as long.
    client.lastWatch().send({ type: 'ERROR', object: { code: 500, message: 'etcd leader changed' } });
    await clock.tickAsync(1_599);
    expect(client.watches).toHaveLength(2);
    await clock.tickAsync(1);
    expect(client.watches).toHaveLength(3);
    expect(client.lists).toHaveLength(1);
    expect(lw.stats().failures).toBe(2);
    await lw.stop();
  });

  it('retries a failing list with backoff and is not synced until a list succeeds', async () => {
    const { clock, client, lw } = setup();
    client.listAnswers.push(() => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    });
    client.listAnswers.push(page('7', widget('a', '7')));
    await lw.start();
    await clock.tickAsync(0);
    expect(lw.hasSynced()).toBe(false);
    await clock.tickAsync(800);
    expect(lw.hasSynced()).toBe(true);
    expect(client.lists).toHaveLength(2);
    await lw.stop();
  });

  it('reads every page and starts over when a continue token expires', async () => {
    const { clock, client, lw } = setup({ pageSize: 2 });
    client.listAnswers.push({
      items: [widget('a', '1'), widget('b', '2')],
      resourceVersion: '9',
      continueToken: 't1',
    });
    client.listAnswers.push(() => {
      throw Object.assign(new Error('Expired'), { code: 410 });
    });
    client.listAnswers.push({
      items: [widget('a', '1'), widget('b', '2')],
      resourceVersion: '12',
      continueToken: 't2',
    });
    client.listAnswers.push({ items: [widget('c', '11')], resourceVersion: '12' });
    await lw.start();
    await clock.tickAsync(0);
    expect(client.lists.map((l) => l.continueToken)).toEqual([undefined, 't1', undefined, 't2']);
    expect(lw.list().map((w) => w.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(client.lastWatch().request.resourceVersion).toBe('12');
    await lw.stop();
  });

  it('lets the watchdog end a watch that stays open past its timeout, and resumes it', async () => {
    const { clock, client, lw } = await started(page('10'));
    const stuck = client.lastWatch();
    // timeout 60 s (random 0) + 5 s margin.
    await clock.tickAsync(64_999);
    expect(client.watches).toHaveLength(1);
    await clock.tickAsync(1);
    expect(stuck.stopped).toBe(true);
    expect(client.watches).toHaveLength(2);
    expect(client.lastWatch().request.resourceVersion).toBe('10');
    expect(lw.stats().stalls).toBe(1);
    await lw.stop();
  });

  it('gives up on a watch whose connection never opens, and closes it if it opens later', async () => {
    const { clock, client, lw } = setup();
    client.listAnswers.push(page('10'));
    client.hangWatchOpen = true;
    await lw.start();
    await clock.tickAsync(65_000);
    expect(client.watches).toHaveLength(2);
    const first = client.watches[0]!;
    expect(first.stopped).toBe(false);
    client.openPending();
    await settle();
    expect(first.stopped).toBe(true);
    await lw.stop();
  });

  it('stops for good: the abort error of its own close restarts nothing and no event follows', async () => {
    const { clock, client, events, lw } = await started(page('10'));
    const w = client.lastWatch();
    await lw.stop();
    expect(w.stopped).toBe(true);
    w.send({ type: 'ADDED', object: widget('late', '11') });
    await clock.tickAsync(120_000);
    expect(client.watches).toHaveLength(1);
    expect(events).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('stops while waiting out a backoff', async () => {
    const { clock, client, lw } = setup();
    client.listAnswers.push(() => {
      throw new Error('down');
    });
    await lw.start();
    await clock.tickAsync(0);
    await lw.stop();
    await clock.tickAsync(60_000);
    expect(client.lists).toHaveLength(1);
  });

  it('survives a handler that throws', async () => {
    const seen: string[] = [];
    const { clock, client, lw } = setup({
      onEvent: (e) => {
        seen.push(e.object.metadata.name);
        throw new Error('buggy handler');
      },
    });
    client.listAnswers.push(page('1', widget('a', '1')));
    await lw.start();
    await clock.tickAsync(0);
    client.lastWatch().send({ type: 'ADDED', object: widget('b', '2') });
    expect(seen).toEqual(['a', 'b']);
    expect(lw.get('ns/b')).toBeDefined();
    await lw.stop();
  });
});

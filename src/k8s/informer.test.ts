import { describe, expect, it } from 'vitest';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { createSilentLogger } from '../observability/logger.js';
import { Informer, type InformerOptions } from './informer.js';
import type { ObjectEvent } from './list-watch.js';
import type { KubeObject } from './object.js';
import { ScriptedListWatchClient } from './testing/scripted-list-watch-client.js';

const widget = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'x/v1',
  kind: 'Widget',
  metadata: { name, namespace, resourceVersion: '1' },
  spec: {},
});

/**
 * An informer of widgets over a fresh client, which answers each namespace in `ready` (`*`: all of
 * them) with one widget `w` and fails the list of any other. Without `namespaces` (or with none) the
 * informer watches every namespace, whose list the client answers at once.
 */
function setUp(options: Partial<InformerOptions> = {}) {
  const clock = new FakeClock();
  const ready = new Set<string>();
  const client = new ScriptedListWatchClient((request) => {
    const ns = request.namespace ?? '*';
    if (!ready.has(ns)) throw new Error(`${ns} not ready`);
    return { items: [widget(ns === '*' ? 'any' : ns, 'w')], resourceVersion: '1' };
  });
  if (!options.namespaces?.length) ready.add('*');
  const informer = new Informer<KubeObject>({
    type: { group: 'example.dev', version: 'v1', plural: 'widgets' },
    client,
    log: createSilentLogger(),
    clock,
    ...options,
  });
  return { clock, client, ready, informer };
}

describe('Informer', () => {
  it('runs one list-watch per namespace, syncs when all have listed, and routes get by namespace', async () => {
    const { clock, client, ready, informer } = setUp({
      namespaces: ['a', 'b', 'a'],
      labelSelector: 'shard=1',
      random: () => 0,
    });
    const events: string[] = [];
    const unsubscribe = informer.onEvent((e: ObjectEvent<KubeObject>) =>
      events.push(`${e.type}:${e.object.metadata.namespace ?? ''}/${e.object.metadata.name}`),
    );
    expect(informer.name).toBe('widgets.example.dev');
    ready.add('a');
    await informer.start();
    await clock.tickAsync(0);
    expect(informer.hasSynced()).toBe(false);
    ready.add('b');
    await clock.tickAsync(1_000);
    expect(informer.hasSynced()).toBe(true);
    expect(client.lists.every((l) => l.labelSelector === 'shard=1')).toBe(true);
    expect(new Set(client.lists.map((l) => l.namespace))).toEqual(new Set(['a', 'b']));
    expect(informer.get('a/w')?.metadata.namespace).toBe('a');
    expect(informer.get('b/w')?.metadata.namespace).toBe('b');
    expect(informer.get('c/w')).toBeUndefined();
    expect(informer.list()).toHaveLength(2);
    expect(events.sort()).toEqual(['added:a/w', 'added:b/w']);

    unsubscribe();
    client.watches[0]!.send({ type: 'ADDED', object: widget('a', 'later') });
    expect(events).toHaveLength(2);
    expect(informer.get('a/later')).toBeDefined();
    await informer.stop();
  });

  it('watches every namespace with one list-watch when none are named', async () => {
    const { clock, client, informer } = setUp({ namespaces: [] });
    await informer.start();
    await clock.tickAsync(0);
    expect(client.lists).toEqual([{ limit: 500 }]);
    expect(informer.get('any/w')?.metadata).toMatchObject({ namespace: 'any', name: 'w' });
    await informer.stop();
  });

  it('keeps delivering to other handlers when one throws', async () => {
    const { clock, informer } = setUp();
    const seen: string[] = [];
    informer.onEvent(() => {
      throw new Error('bad handler');
    });
    informer.onEvent((e) => seen.push(e.object.metadata.name));
    await informer.start();
    await clock.tickAsync(0);
    expect(seen).toEqual(['w']);
    await informer.stop();
  });

  it.each([
    ['strips managedFields from cached objects by default', undefined, false],
    ['keeps objects whole with an identity transform', (raw: unknown) => raw, true],
  ])('%s', async (_name, transform, kept) => {
    const { clock, client, informer } = setUp(transform === undefined ? {} : { transform });
    await informer.start();
    await clock.tickAsync(0);
    const managed = widget('any', 'm');
    client.watches[0]!.send({
      type: 'ADDED',
      object: { ...managed, metadata: { ...managed.metadata, managedFields: [{ manager: 'k' }] } },
    });
    expect('managedFields' in (informer.get('any/m')?.metadata ?? {})).toBe(kept);
    await informer.stop();
  });
});

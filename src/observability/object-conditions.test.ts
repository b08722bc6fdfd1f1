import { describe, expect, it } from 'vitest';
import type { ObjectSource, SourceEvent } from '../controller/controller.js';
import { createMetrics } from './metrics.js';
import { trackObjectConditions } from './object-conditions.js';

interface Obj {
  metadata: { name: string; namespace: string };
  status?: { conditions?: { type: string; status: string }[] };
}

function fakeSource(): ObjectSource<Obj> & { fire(e: SourceEvent<Obj>): void } {
  let handler: ((e: SourceEvent<Obj>) => void) | undefined;
  return {
    name: 'fake',
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    hasSynced: () => true,
    list: () => [],
    get: () => undefined,
    onEvent(h) {
      handler = h;
      return () => (handler = undefined);
    },
    fire: (e) => handler?.(e),
  };
}

const obj = (name: string, ready?: string, stalled?: string): Obj => ({
  metadata: { name, namespace: 'shop' },
  status: {
    conditions: [
      ...(ready === undefined ? [] : [{ type: 'Ready', status: ready }]),
      ...(stalled === undefined ? [] : [{ type: 'Stalled', status: stalled }]),
    ],
  },
});

async function series(metrics: ReturnType<typeof createMetrics>): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of (await metrics.objects.get()).values) {
    out[`${String(v.labels.kind)}/${String(v.labels.condition)}=${String(v.labels.status)}`] = v.value;
  }
  return out;
}

describe('ecs_bridge_objects', () => {
  it('moves each object between series as its conditions change, and forgets deleted ones', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const source = fakeSource();
    trackObjectConditions(source, 'EcsService', metrics.objects);
    source.fire({ type: 'added', object: obj('a', 'Unknown') });
    source.fire({ type: 'added', object: obj('b', 'True', 'False') });
    source.fire({ type: 'added', object: { metadata: { name: 'c', namespace: 'shop' } } });
    expect(await series(metrics)).toEqual({
      'EcsService/Ready=Unknown': 1,
      'EcsService/Ready=True': 1,
      'EcsService/Stalled=False': 1,
    });
    source.fire({ type: 'updated', object: obj('a', 'False', 'True') });
    // A status write that changes nothing the gauge counts moves nothing.
    source.fire({ type: 'updated', object: obj('b', 'True', 'False') });
    expect(await series(metrics)).toMatchObject({
      'EcsService/Ready=Unknown': 0,
      'EcsService/Ready=False': 1,
      'EcsService/Ready=True': 1,
      'EcsService/Stalled=True': 1,
      'EcsService/Stalled=False': 1,
    });
    source.fire({ type: 'deleted', object: obj('a', 'False', 'True') });
    source.fire({ type: 'deleted', object: obj('b', 'True', 'False') });
    const after = await series(metrics);
    expect(Object.values(after).every((v) => v === 0)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import type { ObjectSource, SourceEvent } from './controller/controller.js';
import type { EcsService } from './resources/service/types.js';
import type { EcsTaskDefinition } from './resources/task-definition/types.js';
import { PublishedRevisions } from './resources/task-definition/published-revisions.js';
import { RevisionsSeenInEcs, type SeenRevisions } from './resources/revisions-seen.js';
import {
  servicesConcernedBy,
  taskDefinitionLookupFrom,
  taskDefinitionsReleasedBy,
  taskDefinitionsReleasedBySeen,
} from './wiring.js';
import { staticSource } from './controller/testing/static-source.js';

const ARN = (rev: string) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${rev}`;

function td(name: string, family?: string): EcsTaskDefinition {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name, namespace: 'shop' },
    spec: {
      ...(family === undefined ? {} : { family }),
      containerDefinitions: [{ name: 'app', image: 'x' }],
    },
    // A status naming another family is a report the wake never reads.
    status: { family: 'api' },
  };
}

function svc(running: string[], specTd?: string): EcsService {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsService',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      cluster: 'demo',
      ...(specTd === undefined ? { taskDefinitionRef: { name: 'web' } } : { taskDefinition: specTd }),
    },
    status: {
      taskDefinitionArn: ARN(running[0] ?? ''),
      deployments: running.map((r, i) => ({
        id: `d${i}`,
        status: i === 0 ? 'PRIMARY' : 'ACTIVE',
        taskDefinition: ARN(r),
        desiredCount: 1,
        runningCount: 1,
        pendingCount: 0,
        failedTasks: 0,
      })),
    },
  };
}

function source(objects: EcsTaskDefinition[]): ObjectSource<EcsTaskDefinition> {
  return staticSource('tds', objects);
}

const tds = source([td('web', 'web'), td('api'), td('other', 'other')]);

describe('taskDefinitionsReleasedBy', () => {
  it.each<[string, SourceEvent<EcsService>, string[]]>([
    [
      'a status lie claiming a rollout moved off web:1 (and api:3): wakes nothing',
      { type: 'updated', oldObject: svc(['web:2', 'web:1', 'api:3']), object: svc(['web:2']) },
      [],
    ],
    ['a new service: wakes nothing', { type: 'added', object: svc(['web:1']) }, []],
    [
      'a deleted service releases the revision its spec named, not what its status says it ran',
      { type: 'deleted', object: svc(['api:3'], 'other:4') },
      ['shop/other'],
    ],
    [
      'a spec naming a revision directly counts as a use',
      { type: 'updated', oldObject: svc(['web:2'], 'other:4'), object: svc(['web:2'], 'web:2') },
      ['shop/other'],
    ],
  ])('%s', (_label, event, expected) => {
    expect(taskDefinitionsReleasedBy(tds, event)).toEqual(expected);
  });
});

describe('taskDefinitionsReleasedBySeen', () => {
  const seen = (...runs: string[]): SeenRevisions => ({
    namespace: 'shop',
    name: 'web',
    uid: 'u1',
    taskDefinitions: runs.map(ARN),
  });
  it.each<[string, SourceEvent<SeenRevisions>, string[]]>([
    [
      'ECS reports a rollout moved off web:1: wakes the owner of family web (by spec, not status)',
      { type: 'updated', oldObject: seen('web:2', 'web:1'), object: seen('web:2') },
      ['shop/web'],
    ],
    [
      'a rollout starts (nothing released): wakes nothing',
      { type: 'updated', oldObject: seen('web:1'), object: seen('web:2', 'web:1') },
      [],
    ],
    ['a first reading: wakes nothing', { type: 'added', object: seen('web:1') }, []],
    [
      'a forgotten service releases what ECS said it ran',
      { type: 'deleted', object: seen('api:3') },
      ['shop/api'],
    ],
  ])('%s', (_label, event, expected) => {
    expect(taskDefinitionsReleasedBySeen(tds, event)).toEqual(expected);
  });

  it('announces each changed reading of RevisionsSeenInEcs, and its forgetting', () => {
    const memory = new RevisionsSeenInEcs();
    const events: SourceEvent<SeenRevisions>[] = [];
    memory.onEvent((e) => events.push(e));
    const obj = { metadata: { namespace: 'shop', name: 'web', uid: 'u1' } };
    memory.record(obj, [ARN('web:1')]);
    memory.record(obj, [ARN('web:1')]);
    memory.record(obj, [ARN('web:2')]);
    memory.forget(obj);
    memory.forget(obj);
    expect(events.map((e) => e.type)).toEqual(['added', 'updated', 'deleted']);
    expect(events.flatMap((e) => taskDefinitionsReleasedBySeen(tds, e))).toEqual(['shop/web', 'shop/web']);
  });
});

describe('taskDefinitionLookupFrom', () => {
  const lying: EcsTaskDefinition = {
    ...td('web'),
    metadata: { name: 'web', namespace: 'shop', uid: 'u1', generation: 1 },
    status: {
      observedGeneration: 1,
      taskDefinitionArn: 'arn:aws:ecs:us-east-1:999999999999:task-definition/admin:1',
      conditions: [
        { type: 'Ready', status: 'True', reason: 'UpToDate', message: '', lastTransitionTime: '' },
      ],
    },
  };

  it('never answers from status: pending until the reconciler derived a revision, then that one', async () => {
    const published = new PublishedRevisions();
    const lookup = taskDefinitionLookupFrom(source([lying]), published);
    expect(await lookup.get('shop', 'web')).toEqual({ ready: false, pending: true });
    published.record({
      namespace: 'shop',
      name: 'web',
      uid: 'u1',
      generation: 1,
      taskDefinitionArn: ARN('web:3'),
      ready: true,
    });
    const resolved = await lookup.get('shop', 'web');
    expect(resolved).toMatchObject({ taskDefinitionArn: ARN('web:3'), ready: true });
    // The ports come from the spec (the revision it publishes), never from status.
    expect(resolved?.containers?.map((c) => c.name)).toEqual(
      lying.spec.containerDefinitions.map((c) => c.name),
    );
    expect(await lookup.get('shop', 'gone')).toBeUndefined();
  });
});

describe('servicesConcernedBy', () => {
  // `api` names its revision itself: never woken by the EcsTaskDefinition `web`.
  const services = staticSource('services', [
    svc([]),
    { ...svc([], 'api:1'), metadata: { name: 'api', namespace: 'shop' } },
  ]);
  const web = (meta: Partial<EcsTaskDefinition['metadata']>, status?: EcsTaskDefinition['status']) => ({
    ...td('web'),
    metadata: { name: 'web', namespace: 'shop', uid: 'u1', generation: 1, ...meta },
    ...(status === undefined ? {} : { status }),
  });
  const wake = (event: SourceEvent<EcsTaskDefinition>) => servicesConcernedBy(services, event.object, event);

  it('wakes the referencing services when the object appears, goes, or its spec or identity changes', () => {
    expect(wake({ type: 'added', object: web({}) })).toEqual(['shop/web']);
    expect(wake({ type: 'deleted', object: web({}) })).toEqual(['shop/web']);
    expect(wake({ type: 'updated', oldObject: web({}), object: web({ generation: 2 }) })).toEqual([
      'shop/web',
    ]);
    expect(wake({ type: 'updated', oldObject: web({}), object: web({ uid: 'u2' }) })).toEqual(['shop/web']);
    const deleting = web({ deletionTimestamp: '2026-12-06T20:00:00Z' });
    expect(wake({ type: 'updated', oldObject: web({}), object: deleting })).toEqual(['shop/web']);
    // Without the cached copy it replaced, the change cannot be judged: wake.
    expect(wake({ type: 'updated', object: web({}) })).toEqual(['shop/web']);
  });

  it('wakes nobody for a status-only change (the task definition reporting Ready or revisions in use)', () => {
    const ready = web({}, { observedGeneration: 1, revision: 3 });
    expect(wake({ type: 'updated', oldObject: web({}), object: ready })).toEqual([]);
    const relabelled = web({ labels: { team: 'a' }, resourceVersion: '9' }, { revision: 3 });
    expect(wake({ type: 'updated', oldObject: ready, object: relabelled })).toEqual([]);
  });
});

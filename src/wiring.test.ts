import { describe, expect, it } from 'vitest';
import type { ObjectSource, SourceEvent } from './controller/controller.js';
import type { EcsService } from './resources/service/types.js';
import type { EcsTaskDefinition } from './resources/task-definition/types.js';
import { PublishedRevisions } from './resources/task-definition/published-revisions.js';
import { taskDefinitionLookupFrom, taskDefinitionsReleasedBy } from './wiring.js';

const ARN = (rev: string) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${rev}`;

function td(name: string, family?: string): EcsTaskDefinition {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name, namespace: 'shop' },
    spec: { containerDefinitions: [{ name: 'app', image: 'x' }] },
    ...(family === undefined ? {} : { status: { family } }),
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
  return {
    name: 'tds',
    start: () => Promise.resolve(),
    stop: () => Promise.resolve(),
    hasSynced: () => true,
    list: () => objects,
    get: (key) => objects.find((o) => `${o.metadata.namespace}/${o.metadata.name}` === key),
    onEvent: () => () => undefined,
  };
}

const tds = source([td('web', 'web'), td('api'), td('other', 'other')]);

describe('taskDefinitionsReleasedBy', () => {
  it.each<[string, SourceEvent<EcsService>, string[]]>([
    [
      'a rollout moved off web:1: wakes the owner of family web',
      { type: 'updated', oldObject: svc(['web:2', 'web:1']), object: svc(['web:2']) },
      ['shop/web'],
    ],
    [
      'a rollout starts (nothing released): wakes nothing',
      { type: 'updated', oldObject: svc(['web:1']), object: svc(['web:2', 'web:1']) },
      [],
    ],
    [
      'a status write that changes nothing: wakes nothing',
      { type: 'updated', oldObject: svc(['web:2']), object: svc(['web:2']) },
      [],
    ],
    ['a new service: wakes nothing', { type: 'added', object: svc(['web:1']) }, []],
    ['a deleted service releases what it ran', { type: 'deleted', object: svc(['api:3']) }, ['shop/api']],
    [
      'a spec naming a revision directly counts as a use',
      { type: 'updated', oldObject: svc(['web:2'], 'other:4'), object: svc(['web:2'], 'web:2') },
      ['shop/other'],
    ],
  ])('%s', (_label, event, expected) => {
    expect(taskDefinitionsReleasedBy(tds, event)).toEqual(expected);
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

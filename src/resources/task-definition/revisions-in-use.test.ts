import { describe, expect, it } from 'vitest';
import { MemorySource } from '../../controller/memory-source.js';
import { RevisionsSeenInEcs } from '../revisions-seen.js';
import {
  EVERY_REVISION,
  familiesReleased,
  revisionsInUseFrom,
  type RevisionUser,
} from './revisions-in-use.js';

const ARN = (fr: string) => `arn:aws:ecs:us-east-1:123456789012:task-definition/${fr}`;

// A service as the informer hands it: with a status the rule must never read.
const service = (
  name: string,
  namespace: string,
  spec?: string,
  current?: string,
  ...deployments: string[]
): RevisionUser & { status: unknown } => ({
  metadata: { name, namespace, uid: `uid-${name}` },
  spec: spec === undefined ? {} : { taskDefinition: spec },
  status: {
    taskDefinitionArn: current,
    deployments: deployments.map((taskDefinition) => ({ taskDefinition })),
  },
});

// The services' cache: a watched cache that announces each change after holding it.
const cacheOf = (users: readonly RevisionUser[]) => {
  const cache = new MemorySource<RevisionUser>('services', (a, b) => a === b);
  for (const u of users) cache.set(`${u.metadata!.namespace}/${u.metadata!.name}`, u);
  return cache;
};

describe('revisionsInUseFrom', () => {
  it('counts the spec and what ECS reports each service runs, in both forms, for the family asked', async () => {
    const a = service('a', 'prod', 'web:1');
    const b = service('b', 'other');
    const seen = new RevisionsSeenInEcs();
    seen.record({ metadata: a.metadata! }, [ARN('web:2'), ARN('web:3'), ARN('api:9')]);
    seen.record({ metadata: b.metadata! }, []);
    const inUse = await revisionsInUseFrom(cacheOf([a, b]), seen)({ namespace: 'prod', family: 'web' });
    expect([...inUse].sort()).toEqual([ARN('web:2'), ARN('web:3'), 'web:1', 'web:2', 'web:3'].sort());
  });

  it('reads nothing of status: a lie neither frees a running revision nor keeps one', async () => {
    // Status claims web:7 runs and says nothing of web:2, which ECS reports.
    const liar = service('a', 'prod', undefined, ARN('web:7'), ARN('web:7'));
    const seen = new RevisionsSeenInEcs();
    seen.record({ metadata: liar.metadata! }, [ARN('web:2')]);
    const inUse = await revisionsInUseFrom(cacheOf([liar]), seen)({ namespace: 'prod', family: 'web' });
    expect([...inUse].sort()).toEqual([ARN('web:2'), 'web:2'].sort());
  });

  it('keeps every revision while a service that might run the family was not read from ECS', async () => {
    const seen = new RevisionsSeenInEcs();
    const sameNamespace = service('a', 'prod');
    const namesFamily = service('b', 'elsewhere', 'web:4');
    const unrelated = service('c', 'elsewhere', 'api:1');
    const ask = (users: RevisionUser[]) =>
      revisionsInUseFrom(cacheOf(users), seen)({ namespace: 'prod', family: 'web' });
    expect([...(await ask([sameNamespace]))]).toEqual([EVERY_REVISION]);
    expect([...(await ask([namesFamily]))]).toEqual([EVERY_REVISION]);
    expect([...(await ask([unrelated]))]).toEqual([]);
    // An earlier object of the same name (another uid) is not this one's reading.
    seen.record({ metadata: { ...sameNamespace.metadata!, uid: 'old' } }, []);
    expect([...(await ask([sameNamespace]))]).toEqual([EVERY_REVISION]);
    seen.record({ metadata: sameNamespace.metadata! }, []);
    expect([...(await ask([sameNamespace]))]).toEqual([]);
  });

  it('does not mistake a family for one whose name it starts', async () => {
    const seen = new RevisionsSeenInEcs();
    const s = service('a', 'p', 'web-api:1');
    seen.record({ metadata: s.metadata! }, [ARN('web-api:1')]);
    const inUse = await revisionsInUseFrom(cacheOf([s]), seen)({ namespace: 'p', family: 'web' });
    expect([...inUse]).toEqual([]);
  });
});

describe('revisionsInUseFrom, as the services and their ECS readings change', () => {
  it('follows a service to its new revision, a new ECS reading, a new service and a deletion', async () => {
    const seen = new RevisionsSeenInEcs();
    const a = service('a', 'prod', 'web:1');
    seen.record({ metadata: a.metadata! }, [ARN('web:1')]);
    const cache = cacheOf([a]);
    const inUse = revisionsInUseFrom(cache, seen);
    const ask = async () => [...(await inUse({ namespace: 'prod', family: 'web' }))].sort();
    expect(await ask()).toEqual([ARN('web:1'), 'web:1'].sort());

    // The spec moves to web:2; ECS still runs web:1.
    const moved = service('a', 'prod', 'web:2');
    cache.set('prod/a', moved);
    expect(await ask()).toEqual([ARN('web:1'), 'web:1', 'web:2'].sort());
    // ECS finishes the rollout.
    seen.record({ metadata: moved.metadata! }, [ARN('web:2')]);
    expect(await ask()).toEqual([ARN('web:2'), 'web:2'].sort());

    // A new service of the namespace, not read from ECS yet, might run any revision.
    const b = service('b', 'prod', 'api:1');
    cache.set('prod/b', b);
    expect(await ask()).toEqual([EVERY_REVISION]);
    seen.record({ metadata: b.metadata! }, [ARN('api:1')]);
    expect(await ask()).toEqual([ARN('web:2'), 'web:2'].sort());

    // The service is gone: nothing of it counts any more.
    cache.delete('prod/a');
    expect(await ask()).toEqual([]);
  });

  it('reads only the services that changed, not every service per question', async () => {
    const seen = new RevisionsSeenInEcs();
    const users = Array.from({ length: 50 }, (_, i) => service(`s${i}`, 'prod', `web${i}:1`));
    for (const u of users) seen.record({ metadata: u.metadata! }, [ARN(`${u.spec.taskDefinition}`)]);
    const cache = cacheOf(users);
    let lists = 0;
    const gets: string[] = [];
    const counted = {
      list: () => (lists++, cache.list()),
      get: (key: string) => (gets.push(key), cache.get(key)),
      onEvent: cache.onEvent.bind(cache),
    };
    const inUse = revisionsInUseFrom(counted, seen);
    for (let i = 0; i < 50; i++) {
      expect([...(await inUse({ namespace: 'prod', family: `web${i}` }))].sort()).toEqual(
        [ARN(`web${i}:1`), `web${i}:1`].sort(),
      );
    }
    expect(lists).toBe(1);
    expect(gets).toEqual([]);
    cache.set('prod/s7', service('s7', 'prod', 'web7:2'));
    expect([...(await inUse({ namespace: 'prod', family: 'web7' }))].sort()).toEqual(
      [ARN('web7:1'), 'web7:1', 'web7:2'].sort(),
    );
    expect(lists).toBe(1);
    expect(gets).toEqual(['prod/s7']);
  });
});

describe('familiesReleased', () => {
  it('names the families of the references no longer named or run', () => {
    expect([...familiesReleased(['web:1', ARN('api:2')], ['web:1'])]).toEqual(['api']);
    expect([...familiesReleased(['web:1', undefined], [])]).toEqual(['web']);
    expect([...familiesReleased([], ['web:1'])]).toEqual([]);
    // The same revision in its two forms is still in use.
    expect([...familiesReleased([ARN('web:3')], ['web:3'])]).toEqual([]);
  });
});

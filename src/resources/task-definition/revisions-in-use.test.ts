import { describe, expect, it } from 'vitest';
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

describe('revisionsInUseFrom', () => {
  it('counts the spec and what ECS reports each service runs, in both forms, for the family asked', async () => {
    const a = service('a', 'prod', 'web:1');
    const b = service('b', 'other');
    const seen = new RevisionsSeenInEcs();
    seen.record({ metadata: a.metadata! }, [ARN('web:2'), ARN('web:3'), ARN('api:9')]);
    seen.record({ metadata: b.metadata! }, []);
    const inUse = await revisionsInUseFrom(
      { list: () => [a, b] },
      seen,
    )({ namespace: 'prod', family: 'web' });
    expect([...inUse].sort()).toEqual([ARN('web:2'), ARN('web:3'), 'web:1', 'web:2', 'web:3'].sort());
  });

  it('reads nothing of status: a lie neither frees a running revision nor keeps one', async () => {
    // Status claims web:7 runs and says nothing of web:2, which ECS reports.
    const liar = service('a', 'prod', undefined, ARN('web:7'), ARN('web:7'));
    const seen = new RevisionsSeenInEcs();
    seen.record({ metadata: liar.metadata! }, [ARN('web:2')]);
    const inUse = await revisionsInUseFrom(
      { list: () => [liar] },
      seen,
    )({ namespace: 'prod', family: 'web' });
    expect([...inUse].sort()).toEqual([ARN('web:2'), 'web:2'].sort());
  });

  it('keeps every revision while a service that might run the family was not read from ECS', async () => {
    const seen = new RevisionsSeenInEcs();
    const sameNamespace = service('a', 'prod');
    const namesFamily = service('b', 'elsewhere', 'web:4');
    const unrelated = service('c', 'elsewhere', 'api:1');
    const ask = (users: RevisionUser[]) =>
      revisionsInUseFrom({ list: () => users }, seen)({ namespace: 'prod', family: 'web' });
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
    const inUse = await revisionsInUseFrom({ list: () => [s] }, seen)({ namespace: 'p', family: 'web' });
    expect([...inUse]).toEqual([]);
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

import type { Tag } from '@aws-sdk/client-ecs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TaskDefinitionAction, TaskDefinitionActionResult } from './actions.js';
import { desiredTaskDefinition, type DesiredTaskDefinition } from './desired.js';
import type { ObservedTaskDefinition } from './observe.js';
import { planTaskDefinition } from './plan.js';
import { projectObserved } from './project.js';
import { userTags, type ObservedRevision, type RevisionStatus } from './revision.js';
import { parseTaskDefinitionArn } from '../../shared/arn.js';
import type { EcsTaskDefinition } from './types.js';

const INSTANCE = 'inst-1';
const obj: EcsTaskDefinition = {
  apiVersion: 'ecs-bridge.dev/v1alpha1',
  kind: 'EcsTaskDefinition',
  metadata: { name: 'web', namespace: 'prod', generation: 1 },
  spec: {
    memory: '512',
    containerDefinitions: [{ name: 'web', image: 'httpd:2.4' }],
    tags: [{ key: 'team', value: 'a' }],
  },
};
const base = desiredTaskDefinition(obj, INSTANCE);
const HASH = base.specHash;
const OLD = 'v1:' + '0'.repeat(64);

function desired(over: Partial<DesiredTaskDefinition> = {}): DesiredTaskDefinition {
  return { ...base, ...over };
}

function rev(
  revision: number,
  over: { hash?: string; status?: RevisionStatus; tags?: Tag[] } = {},
): ObservedRevision {
  return {
    arn: `arn:aws:ecs:us-east-1:123456789012:task-definition/web:${revision}`,
    family: 'web',
    revision,
    status: over.status ?? 'ACTIVE',
    specHash: over.hash ?? OLD,
    owner: base.owner,
    instance: INSTANCE,
    userTags: over.tags ?? [{ key: 'team', value: 'a' }],
  };
}

function observed(owned: ObservedRevision[], inUse: string[] = []): ObservedTaskDefinition {
  return { family: 'web', owned, inUse: new Set(inUse), foreignActive: 0 };
}

/** Actions as short strings: `register`, `deregister:3`, `delete:1,2`, `tag:5:team=b`, `untag:5:x`. */
function short(actions: readonly TaskDefinitionAction[]): string[] {
  const n = (arn: string): string => String(parseTaskDefinitionArn(arn)?.revision);
  return actions.map((a) => {
    switch (a.type) {
      case 'register':
        return 'register';
      case 'deregister':
        return `deregister:${n(a.arn)}`;
      case 'delete':
        return `delete:${a.arns.map(n).join(',')}`;
      case 'tag':
        return `tag:${n(a.arn)}:${a.tags.map((t) => `${t.key}=${t.value}`).join(',')}`;
      case 'untag':
        return `untag:${n(a.arn)}:${a.tagKeys.join(',')}`;
    }
  });
}

describe('planTaskDefinition', () => {
  it.each<[string, DesiredTaskDefinition, ObservedTaskDefinition, string[]]>([
    ['nothing owned: register', desired(), observed([]), ['register']],
    ['the current revision carries the hash: nothing', desired(), observed([rev(3, { hash: HASH })]), []],
    ['only an older spec: register', desired(), observed([rev(3)]), ['register']],
    [
      'an INACTIVE revision with the hash does not count: register, delete it',
      desired(),
      observed([rev(3, { hash: HASH, status: 'INACTIVE' })]),
      ['register', 'delete:3'],
    ],
    [
      'limit 2 with current and 4 older: oldest 2 go, oldest first',
      desired({ revisionHistoryLimit: 2 }),
      observed([rev(1), rev(2), rev(3), rev(4), rev(5, { hash: HASH })]),
      ['deregister:1', 'deregister:2', 'delete:1,2'],
    ],
    [
      'limit 1 while registering: keep the newest old one',
      desired({ revisionHistoryLimit: 1 }),
      observed([rev(1), rev(2), rev(3)]),
      ['register', 'deregister:1', 'deregister:2', 'delete:1,2'],
    ],
    [
      'limit 0 keeps only the current',
      desired({ revisionHistoryLimit: 0 }),
      observed([rev(1), rev(2, { hash: HASH })]),
      ['deregister:1', 'delete:1'],
    ],
    [
      'never one a service runs (by ARN or family:revision)',
      desired({ revisionHistoryLimit: 0 }),
      observed(
        [rev(1), rev(2), rev(3), rev(4, { hash: HASH })],
        ['web:1', 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3'],
      ),
      ['deregister:2', 'delete:2'],
    ],
    [
      'duplicates of the current hash: adopt the newest, collect the rest as old',
      desired({ revisionHistoryLimit: 0 }),
      observed([rev(1, { hash: HASH }), rev(2, { hash: HASH })]),
      ['deregister:1', 'delete:1'],
    ],
    [
      'a pending INACTIVE revision is deleted once no service runs it',
      desired(),
      observed(
        [rev(1, { status: 'INACTIVE' }), rev(2, { status: 'INACTIVE' }), rev(3, { hash: HASH })],
        ['web:2'],
      ),
      ['delete:1'],
    ],
    [
      'user tags synced on the current revision',
      desired({
        userTags: [
          { key: 'env', value: 'prod' },
          { key: 'team', value: 'b' },
        ],
      }),
      observed([
        rev(3, {
          hash: HASH,
          tags: [
            { key: 'old', value: 'x' },
            { key: 'team', value: 'a' },
          ],
        }),
      ]),
      ['tag:3:env=prod,team=b', 'untag:3:old'],
    ],
    [
      'deletion with Delete: deregister all, delete all, those a service runs included',
      desired({ deleting: true }),
      observed([rev(1), rev(2, { status: 'INACTIVE' }), rev(3, { hash: HASH })], ['web:3']),
      ['deregister:1', 'deregister:3', 'delete:1,2,3'],
    ],
    [
      'deletion with Retain: nothing',
      desired({ deleting: true, deletionPolicy: 'Retain' }),
      observed([rev(1), rev(2, { hash: HASH })]),
      [],
    ],
    ['deletion with nothing owned: nothing', desired({ deleting: true }), observed([]), []],
  ])('%s', (_name, d, o, expected) => {
    expect(short(planTaskDefinition(d, o).actions)).toEqual(expected);
  });

  it('batches DeleteTaskDefinitions 10 at a time', () => {
    const owned = Array.from({ length: 26 }, (_, i) => rev(i + 1));
    owned.push(rev(27, { hash: HASH }));
    const plan = planTaskDefinition(desired({ revisionHistoryLimit: 1 }), observed(owned));
    const deletes = plan.actions.filter((a) => a.type === 'delete');
    expect(deletes.map((a) => (a.type === 'delete' ? a.arns.length : 0))).toEqual([10, 10, 5]);
    expect(plan.actions.filter((a) => a.type === 'deregister')).toHaveLength(25);
  });

  it('registers with the owner, instance and spec-hash tags plus the user’s', () => {
    const [action] = planTaskDefinition(desired(), observed([])).actions;
    expect(action?.type).toBe('register');
    if (action?.type !== 'register') return;
    expect(action.input.family).toBe('web');
    expect(action.input.tags).toEqual([
      { key: 'ecs-bridge.dev/owner', value: 'prod/web' },
      { key: 'ecs-bridge.dev/instance', value: INSTANCE },
      { key: 'ecs-bridge.dev/spec-hash', value: HASH },
      { key: 'team', value: 'a' },
    ]);
  });

  it('reports the adopted revision and says why', () => {
    const plan = planTaskDefinition(desired(), observed([rev(2), rev(7, { hash: HASH })]));
    expect(plan.current?.revision).toBe(7);
    expect(plan.reasons.join('\n')).toContain('web:7 carries');
  });
});

// --- idempotence ------------------------------------------------------------------------------

/** What ECS would answer to each action, applied to the model (the observed state). */
function modelResult(
  d: DesiredTaskDefinition,
  o: ObservedTaskDefinition,
  action: TaskDefinitionAction,
): TaskDefinitionActionResult {
  switch (action.type) {
    case 'register': {
      const revision = Math.max(0, ...o.owned.map((r) => r.revision)) + 1;
      return {
        type: 'registered',
        revision: { ...rev(revision, { hash: d.specHash }), userTags: userTags(action.input.tags ?? []) },
      };
    }
    case 'tag':
      return { type: 'tagged', arn: action.arn, tags: action.tags };
    case 'untag':
      return { type: 'untagged', arn: action.arn, tagKeys: action.tagKeys };
    case 'deregister':
      return { type: 'deregistered', arn: action.arn };
    case 'delete':
      return { type: 'deleted', arns: action.arns };
  }
}

const tagsArb = fc.uniqueArray(
  fc.record({ key: fc.constantFrom('team', 'env', 'cost'), value: fc.constantFrom('a', 'b') }),
  {
    selector: (t) => t.key,
    maxLength: 3,
  },
);
const revisionArb = fc.record({
  hash: fc.constantFrom(HASH, OLD, 'v1:' + '1'.repeat(64)),
  status: fc.constantFrom<RevisionStatus>('ACTIVE', 'ACTIVE', 'INACTIVE'),
  tags: tagsArb,
  inUse: fc.boolean(),
});
const worldArb = fc.record({
  revisions: fc.array(revisionArb, { maxLength: 30 }),
  limit: fc.integer({ min: 0, max: 6 }),
  deleting: fc.boolean(),
  policy: fc.constantFrom<'Delete' | 'Retain'>('Delete', 'Retain'),
  wantedTags: tagsArb,
});

describe('plan idempotence', () => {
  it('applying the plan and planning again yields no actions', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const d = desired({
          revisionHistoryLimit: w.limit,
          deleting: w.deleting,
          deletionPolicy: w.policy,
          userTags: userTags(w.wantedTags),
        });
        const owned = w.revisions.map((r, i) =>
          rev(i + 1, { hash: r.hash, status: r.status, tags: userTags(r.tags) }),
        );
        const inUse = w.revisions.flatMap((r, i) => (r.inUse ? [`web:${i + 1}`] : []));
        let state = observed(owned, inUse);
        const first = planTaskDefinition(d, state);
        const results: TaskDefinitionActionResult[] = [];
        for (const action of first.actions) {
          const result = modelResult(d, state, action);
          results.push(result);
          state = projectObserved(state, [result]);
        }
        expect(short(planTaskDefinition(d, state).actions)).toEqual([]);
        // The same results folded at once give the same state.
        expect(projectObserved(observed(owned, inUse), results)).toEqual(state);
      }),
    );
  });

  it('never touches a revision a service runs while the object lives, and never the current one', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const d = desired({ revisionHistoryLimit: w.limit, deleting: w.deleting, deletionPolicy: w.policy });
        const owned = w.revisions.map((r, i) => rev(i + 1, { hash: r.hash, status: r.status }));
        const inUse = new Set(w.revisions.flatMap((r, i) => (r.inUse ? [`web:${i + 1}`] : [])));
        const plan = planTaskDefinition(d, observed(owned, [...inUse]));
        const deleted = plan.actions.flatMap((a) => (a.type === 'delete' ? a.arns : []));
        const deregistered = plan.actions.flatMap((a) => (a.type === 'deregister' ? [a.arn] : []));
        const keyOf = (arn: string): string => `web:${parseTaskDefinitionArn(arn)?.revision ?? -1}`;
        if (!d.deleting) {
          expect(deleted.filter((arn) => inUse.has(keyOf(arn)))).toEqual([]);
          expect(deregistered.filter((arn) => inUse.has(keyOf(arn)))).toEqual([]);
          if (plan.current !== undefined) {
            expect(deregistered).not.toContain(plan.current.arn);
            expect(deleted).not.toContain(plan.current.arn);
          }
        }
        // Deletion only of what is (or is about to be) INACTIVE.
        const inactive = new Set([
          ...owned.filter((r) => r.status === 'INACTIVE').map((r) => r.arn),
          ...deregistered,
        ]);
        expect(deleted.filter((arn) => !inactive.has(arn))).toEqual([]);
        // Deleting with Delete leaves nothing of its own, in use or not (ECS keeps what runs).
        if (d.deleting && d.deletionPolicy === 'Delete') {
          expect(new Set(deleted)).toEqual(new Set(owned.map((r) => r.arn)));
        }
      }),
    );
  });
});

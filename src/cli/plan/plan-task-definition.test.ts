import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { planTaskDefinitionEntry } from './plan-task-definition.js';
import { REGION, registeredTaskDefinition, taskDefinitionManifest } from '../testing/fixtures.js';
import { ownerTagValue } from '../../resources/api-group.js';
import { canonicalFromAws } from '../../resources/task-definition/canonical.js';
import { desiredTaskDefinition } from '../../resources/task-definition/desired.js';
import { specHash } from '../../resources/task-definition/hash.js';
import type { ObservedRevision } from '../../resources/task-definition/revision.js';
import type { EcsTaskDefinitionSpec } from '../../resources/task-definition/types.js';
import { expectInPlaceUpdate } from '../testing/expect-plan.js';

const SPEC: Partial<EcsTaskDefinitionSpec> = {
  family: 'web',
  requiresCompatibilities: ['EC2'],
  containerDefinitions: [{ name: 'app', image: 'httpd:2.4' }],
};

function revision(
  td: TaskDefinition,
  owned: boolean,
  tags: { key: string; value: string }[] = [],
): ObservedRevision {
  return {
    arn: td.taskDefinitionArn ?? '',
    family: td.family ?? '',
    revision: td.revision ?? 0,
    status: 'ACTIVE',
    specHash: specHash(canonicalFromAws(td)),
    ...(owned ? { owner: ownerTagValue('team-a', 'web'), instance: 'default' } : {}),
    userTags: tags,
  };
}

function plan(
  spec: Partial<EcsTaskDefinitionSpec>,
  revisions: { td: TaskDefinition; owned: boolean; tags?: { key: string; value: string }[] }[],
) {
  const observed = revisions.map((r) => revision(r.td, r.owned, r.tags));
  return planTaskDefinitionEntry({
    manifest: taskDefinitionManifest('web', spec),
    instanceId: 'default',
    region: REGION,
    observation: {
      observed: {
        family: 'web',
        owned: observed.filter((r) => r.owner !== undefined),
        inUse: new Set(),
        foreignActive: 0,
      },
      contents: new Map(revisions.map((r) => [r.td.taskDefinitionArn ?? '', r.td])),
    },
  });
}

describe('planTaskDefinitionEntry', () => {
  it('registers the first revision of an object as <family>:<next>', () => {
    const entry = plan(SPEC, []);
    expect(entry).toMatchObject({ verdict: 'create', resolvedRevision: 'web:<next>' });
    expect(entry.operations[0]).toMatchObject({
      call: 'RegisterTaskDefinition',
      title: 'register web:<next>',
    });
    expect(entry.operations[0]?.changes).toContainEqual({ path: 'family', after: 'web' });
  });

  it('registers nothing when an owned revision carries the hash, whatever AWS filled in', () => {
    const entry = plan(SPEC, [{ td: registeredTaskDefinition('web', 3), owned: true }]);
    expect(entry).toMatchObject({
      verdict: 'nothing',
      operations: [],
      resolvedRevision: registeredTaskDefinition('web', 3).taskDefinitionArn,
    });
    expect(entry.summary).toContain('web:3 matches the spec');
  });

  it('registers a new revision with the field diff against the newest owned one', () => {
    const entry = plan({ ...SPEC, containerDefinitions: [{ name: 'app', image: 'httpd:2.5' }] }, [
      { td: registeredTaskDefinition('web', 2, 'httpd:2.3'), owned: true },
      { td: registeredTaskDefinition('web', 3), owned: true },
    ]);
    expect(entry.verdict).toBe('register');
    expect(entry.summary).toContain('differs from web:3');
    expect(entry.operations[0]?.changes).toEqual([
      { path: 'containerDefinitions[app].image', before: 'httpd:2.4', after: 'httpd:2.5' },
    ]);
  });

  it('says when an identical revision exists that the operator will not adopt (no owner tag)', () => {
    const entry = plan(SPEC, [{ td: registeredTaskDefinition('web', 7), owned: false }]);
    expect(entry.verdict).toBe('create');
    expect(entry.notes.join(' ')).toContain(
      'web:7 already has this exact content but no ecs-bridge owner tag',
    );
  });

  it('plans a tag change on the current revision as an update', () => {
    const entry = plan({ ...SPEC, tags: [{ key: 'team', value: 'b' }] }, [
      { td: registeredTaskDefinition('web', 3), owned: true, tags: [{ key: 'team', value: 'a' }] },
    ]);
    expectInPlaceUpdate(entry, [
      'TagResource',
      'tag web:3',
      [{ path: 'tags.team', before: 'a', after: 'b' }],
    ]);
  });

  it('plans garbage collection beyond revisionHistoryLimit', () => {
    const entry = plan({ ...SPEC, revisionHistoryLimit: 0 }, [
      { td: registeredTaskDefinition('web', 2, 'old'), owned: true },
      { td: registeredTaskDefinition('web', 3), owned: true },
    ]);
    expect(entry.verdict).toBe('update');
    expect(entry.operations.map((o) => `${o.symbol} ${o.call}: ${o.title}`)).toEqual([
      '- DeregisterTaskDefinition: deregister web:2 (beyond revisionHistoryLimit 0)',
      '- DeleteTaskDefinitions: delete web:2',
    ]);
  });

  it('reports an invalid spec with its problems', () => {
    const entry = plan({ ...SPEC, taskRoleArn: 'not-an-arn' }, []);
    expect(entry.verdict).toBe('invalid');
    expect(entry.summary).toContain('spec.taskRoleArn');
  });

  it('hashes like the operator does', () => {
    const manifest = taskDefinitionManifest('web', SPEC);
    const desired = desiredTaskDefinition(manifest.obj, 'default');
    expect(desired.specHash).toBe(specHash(canonicalFromAws(registeredTaskDefinition('web', 3))));
  });
});

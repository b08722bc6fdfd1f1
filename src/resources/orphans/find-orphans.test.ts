import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../api-group.js';
import { findOrphans, orphanMessage, type OrphanContext, type TaggedResource } from './find-orphans.js';

function resource(kind: TaggedResource['kind'], tags: Record<string, string>): TaggedResource {
  return {
    kind,
    arn: `arn:${kind}:${JSON.stringify(tags)}`,
    label: 'demo/web',
    region: 'eu-west-1',
    status: 'ACTIVE',
    tags,
  };
}

const ours = (owner: string, uid?: string): Record<string, string> => ({
  [TAG_KEYS.owner]: owner,
  [TAG_KEYS.instance]: 'inst-1',
  ...(uid === undefined ? {} : { [TAG_KEYS.ownerUid]: uid }),
});

const ctx = (services: [string, string | undefined][], namespaces?: string[]): OrphanContext => ({
  instanceId: 'inst-1',
  objects: { EcsService: new Map(services), EcsTaskDefinition: new Map() },
  ...(namespaces === undefined ? {} : { namespaces }),
});

describe('findOrphans', () => {
  it.each([
    ['the owner exists with the same uid', ours('shop/web', 'u1'), [['shop/web', 'u1']], undefined, []],
    ['the owner exists, no uid tag (older resource)', ours('shop/web'), [['shop/web', 'u1']], undefined, []],
    ['the owner is gone', ours('shop/web', 'u1'), [], undefined, ['gone']],
    [
      'an object of that name with another uid',
      ours('shop/web', 'u1'),
      [['shop/web', 'u2']],
      undefined,
      ['replaced'],
    ],
    ['another installation', { ...ours('shop/web', 'u1'), [TAG_KEYS.instance]: 'other' }, [], undefined, []],
    ['not ours at all', { team: 'a' }, [], undefined, []],
    ['a namespace this process does not watch', ours('other/web', 'u1'), [], ['shop'], []],
    ['a watched namespace', ours('shop/web', 'u1'), [], ['shop'], ['gone']],
  ] as const)('%s', (_name, tags, services, namespaces, why) => {
    const found = findOrphans(
      [resource('EcsService', tags)],
      ctx(services as unknown as [string, string | undefined][], namespaces as string[] | undefined),
    );
    expect(found.map((o) => o.why)).toEqual(why);
  });

  it('judges each kind by the objects of that kind', () => {
    const found = findOrphans(
      [resource('EcsTaskDefinition', ours('shop/web', 'u1'))],
      ctx([['shop/web', 'u1']]),
    );
    expect(found.map((o) => o.owner)).toEqual(['shop/web']);
  });

  it('the message names the resource, the owner and the way to adopt it', () => {
    const [orphan] = findOrphans([resource('EcsService', ours('shop/web', 'u1'))], ctx([]));
    const message = orphanMessage(orphan!);
    expect(message).toContain('ECS service demo/web');
    expect(message).toContain('EcsService shop/web (uid u1)');
    expect(message).toContain('spec.adopt: true');
  });
});

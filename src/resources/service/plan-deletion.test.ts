import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../api-group.js';
import { observeService } from './observe.js';
import { ownerIdentity } from './ownership.js';
import { deletionEvent, planServiceDeletion, type DeletionIntent } from './plan-deletion.js';

const identity = ownerIdentity('default', 'web', 'inst-1');
const ours = [
  { key: TAG_KEYS.owner, value: 'default/web' },
  { key: TAG_KEYS.instance, value: 'inst-1' },
  { key: 'team', value: 'a' },
];
const arn = 'arn:aws:ecs:us-east-1:123456789012:service/demo/web';

function observed(status: string, tags = ours) {
  const service: Service = { serviceArn: arn, serviceName: 'web', status, desiredCount: 2, tags };
  return observeService(service, identity);
}

const del: DeletionIntent = {
  cluster: 'demo',
  serviceName: 'web',
  deletionPolicy: 'Delete',
  suspended: false,
};
const retain: DeletionIntent = { ...del, deletionPolicy: 'Retain' };

describe('planServiceDeletion', () => {
  it.each([
    [
      'Delete, ACTIVE and ours: one forced DeleteService, then wait',
      del,
      observed('ACTIVE'),
      'waiting',
      ['deleteService'],
    ],
    ['Delete, DRAINING: wait without writing', del, observed('DRAINING'), 'waiting', []],
    ['Delete, INACTIVE: done', del, observed('INACTIVE'), 'done', []],
    ['Delete, missing: done', del, undefined, 'done', []],
    ['Delete, not ours: done, untouched', del, observed('ACTIVE', [{ key: 'team', value: 'a' }]), 'done', []],
    ['Retain, ours: untag our keys only, done', retain, observed('ACTIVE'), 'done', ['untagService']],
    ['suspended: touch nothing', { ...del, suspended: true }, observed('ACTIVE'), 'done', []],
    [
      'Delete, untagged but adopted (spec.adopt): one forced DeleteService',
      { ...del, adopt: true },
      observed('ACTIVE', [{ key: 'team', value: 'a' }]),
      'waiting',
      ['deleteService'],
    ],
    [
      'Retain, untagged but adopted: nothing to untag, done',
      { ...retain, adopt: true },
      observed('ACTIVE', [{ key: 'team', value: 'a' }]),
      'done',
      [],
    ],
    [
      'Delete, another owner, adopt set: done, untouched',
      { ...del, adopt: true },
      observed('ACTIVE', [{ key: TAG_KEYS.owner, value: 'default/other' }]),
      'done',
      [],
    ],
  ])('%s', (_name, intent, obs, outcome, actions) => {
    const plan = planServiceDeletion(intent, obs);
    expect(plan.outcome).toBe(outcome);
    expect(plan.actions.map((a) => a.type)).toEqual(actions);
  });

  it('deletes with force and untags only the ownership keys', () => {
    expect(planServiceDeletion(del, observed('ACTIVE')).actions).toEqual([
      { type: 'deleteService', input: { cluster: 'demo', service: 'web', force: true } },
    ]);
    expect(planServiceDeletion(retain, observed('ACTIVE')).actions).toEqual([
      { type: 'untagService', resourceArn: arn, tagKeys: [TAG_KEYS.owner, TAG_KEYS.instance] },
    ]);
  });
});

describe('deletionEvent', () => {
  it.each([
    ['deleted', del, undefined, 'Deleted', 'is deleted'],
    ['retained', retain, observed('ACTIVE'), 'Retained', 'left running'],
    ['untouched', del, observed('ACTIVE', []), 'Retained', 'left untouched'],
  ])('%s', (_name, intent, obs, reason, text) => {
    const event = deletionEvent(planServiceDeletion(intent, obs), intent);
    expect(event.reason).toBe(reason);
    expect(event.message).toContain(text);
  });
});

describe('planServiceDeletion: an orphan of an earlier object of the same name', () => {
  const tags = [...ours, { key: TAG_KEYS.ownerUid, value: 'uid-first' }];
  const orphan = observeService(
    { serviceArn: arn, serviceName: 'web', status: 'ACTIVE', desiredCount: 2, tags },
    ownerIdentity('default', 'web', 'inst-1', 'uid-second'),
  );

  it('is left alone by the new object’s Delete, unless it adopted it', () => {
    expect(planServiceDeletion(del, orphan)).toMatchObject({ result: 'untouched', actions: [] });
    expect(planServiceDeletion({ ...del, adopt: true }, orphan).actions).toEqual([
      { type: 'deleteService', input: { cluster: 'demo', service: 'web', force: true } },
    ]);
  });

  it('Retain removes the uid tag with the owner tags', () => {
    const own = observeService(
      { serviceArn: arn, serviceName: 'web', status: 'ACTIVE', desiredCount: 2, tags },
      ownerIdentity('default', 'web', 'inst-1', 'uid-first'),
    );
    expect(planServiceDeletion(retain, own).actions).toEqual([
      {
        type: 'untagService',
        resourceArn: arn,
        tagKeys: [TAG_KEYS.owner, TAG_KEYS.instance, TAG_KEYS.ownerUid],
      },
    ]);
  });
});

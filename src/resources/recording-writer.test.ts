import { describe, expect, it } from 'vitest';
import { FakeObjectStore } from './task-definition/testing/fake-kube.js';
import { OwnWrites } from '../k8s/own-writes.js';
import { recordingWriter } from './recording-writer.js';
import type { EcsTaskDefinition } from './task-definition/types.js';

function copy(
  resourceVersion: string,
  extra: Partial<EcsTaskDefinition['metadata']> = {},
): EcsTaskDefinition {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name: 'web', namespace: 'prod', uid: 'u1', resourceVersion, ...extra },
    spec: { containerDefinitions: [] },
  };
}

describe('OwnWrites', () => {
  it.each([
    { what: 'nothing recorded', writes: [], given: '3', expected: '3' },
    { what: 'the copy our first write replaced', writes: [['3', '4']], given: '3', expected: '4' },
    {
      what: 'a copy an earlier write of ours replaced',
      writes: [
        ['3', '4'],
        ['4', '5'],
      ],
      given: '3',
      expected: '5',
    },
    {
      what: 'an intermediate copy of ours',
      writes: [
        ['3', '4'],
        ['4', '5'],
      ],
      given: '4',
      expected: '5',
    },
    { what: 'our latest copy (informer caught up)', writes: [['3', '4']], given: '4', expected: '4' },
    { what: "someone else's newer write", writes: [['3', '4']], given: '7', expected: '7' },
  ] as const)('$what: works from resourceVersion $expected', ({ writes, given, expected }) => {
    const own = new OwnWrites<EcsTaskDefinition>();
    for (const [before, after] of writes) own.record(copy(before), copy(after));
    expect(own.freshest(copy(given)).metadata.resourceVersion).toBe(expected);
  });

  it('drops an entry once the informer delivers a copy it did not replace', () => {
    const own = new OwnWrites<EcsTaskDefinition>();
    own.record(copy('3'), copy('4'));
    expect(own.size).toBe(1);
    own.freshest(copy('4'));
    expect(own.size).toBe(0);
    // A stale copy arriving after that is taken as it is: nothing is remembered any more.
    expect(own.freshest(copy('3')).metadata.resourceVersion).toBe('3');
  });

  it("keeps our write's answer as the informer keeps its copies: without managedFields", () => {
    const own = new OwnWrites<EcsTaskDefinition>();
    const managedFields = [{ manager: 'ecs-bridge', operation: 'Update', fieldsV1: { 'f:status': {} } }];
    const answer = copy('4', { finalizers: ['ecs-bridge.dev/finalizer'] });
    own.record(copy('3'), {
      ...answer,
      metadata: { ...answer.metadata, managedFields },
    } as EcsTaskDefinition);
    const latest = own.freshest(copy('3'));
    expect(latest.metadata).not.toHaveProperty('managedFields');
    expect(latest.metadata).toMatchObject({ resourceVersion: '4', finalizers: ['ecs-bridge.dev/finalizer'] });
  });

  it('ignores a write that did not move the resourceVersion', () => {
    const own = new OwnWrites<EcsTaskDefinition>();
    own.record(copy('3'), copy('3'));
    expect(own.size).toBe(0);
  });

  it('never hands out a copy of an object that was deleted and created again under the same name', () => {
    const own = new OwnWrites<EcsTaskDefinition>();
    own.record(copy('3'), copy('4'));
    const recreated = copy('3', { uid: 'u2' });
    expect(own.freshest(recreated)).toBe(recreated);
  });

  it('records through the writer: status and finalizer writes, forgotten when the finalizer goes', async () => {
    const store = new FakeObjectStore(copy('1'));
    const own = new OwnWrites<EcsTaskDefinition>();
    const writer = recordingWriter(store, own);
    const first = store.obj;
    const withFinalizer = await writer.addFinalizer(first, 'f');
    const { object: withStatus } = await writer.updateStatus(withFinalizer, { family: 'web' });
    expect(own.freshest(first)).toBe(withStatus);
    await writer.removeFinalizer(withStatus, 'f');
    expect(own.size).toBe(0);
  });
});

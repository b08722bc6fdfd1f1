import { describe, expect, it } from 'vitest';
import { ScalableTargetTagSimulator, type ScalableTargetKey } from './autoscaling-target-tags.js';

const ARN = 'arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/0ec5aaaa';
const KEY: ScalableTargetKey = {
  serviceNamespace: 'ecs',
  resourceId: 'service/c/web',
  scalableDimension: 'ecs:service:DesiredCount',
};
const REGISTER = {
  ServiceNamespace: KEY.serviceNamespace,
  ResourceId: KEY.resourceId,
  ScalableDimension: KEY.scalableDimension,
  MinCapacity: 1,
  MaxCapacity: 4,
  Tags: { 'ecs-bridge.dev/owner': 'team-a/web' },
};

/** Records what the simulator asked moto, and answers from a set of registered ARNs. */
function moto(registered: Set<string>) {
  const asked: { arn: string; key: ScalableTargetKey | undefined }[] = [];
  const isRegistered = (arn: string, key: ScalableTargetKey | undefined): Promise<boolean> => {
    asked.push({ arn, key });
    return Promise.resolve(registered.has(arn));
  };
  return { asked, isRegistered };
}

describe('scalable target tags in the proxy', () => {
  it('asks moto about a target it saw registered with that registration key, so one filtered read answers', async () => {
    const sim = new ScalableTargetTagSimulator();
    sim.registered(REGISTER, { ScalableTargetARN: ARN });
    const world = moto(new Set([ARN]));
    const answer = await sim.answer('ListTagsForResource', { ResourceARN: ARN }, world.isRegistered);
    expect(answer).toEqual({ status: 200, body: { Tags: { 'ecs-bridge.dev/owner': 'team-a/web' } } });
    expect(world.asked).toEqual([{ arn: ARN, key: KEY }]);
  });

  it('asks without a key (a full scan) only for an ARN it never saw registered', async () => {
    const sim = new ScalableTargetTagSimulator();
    const world = moto(new Set([ARN]));
    const answer = await sim.answer('ListTagsForResource', { ResourceARN: ARN }, world.isRegistered);
    expect(answer).toEqual({ status: 200, body: { Tags: {} } });
    expect(world.asked).toEqual([{ arn: ARN, key: undefined }]);
  });

  it('answers ResourceNotFoundException for a deregistered target and forgets its key and tags', async () => {
    const sim = new ScalableTargetTagSimulator();
    sim.registered(REGISTER, { ScalableTargetARN: ARN });
    const gone = moto(new Set());
    const answer = await sim.answer('ListTagsForResource', { ResourceARN: ARN }, gone.isRegistered);
    expect(answer?.status).toBe(400);
    expect(answer?.body).toMatchObject({ __type: 'ResourceNotFoundException', ResourceName: ARN });
    const back = moto(new Set([ARN]));
    const after = await sim.answer('ListTagsForResource', { ResourceARN: ARN }, back.isRegistered);
    expect(after).toEqual({ status: 200, body: { Tags: {} } });
    expect(back.asked).toEqual([{ arn: ARN, key: undefined }]);
  });

  it('keeps the first registration tags when the same target is registered again', async () => {
    const sim = new ScalableTargetTagSimulator();
    sim.registered(REGISTER, { ScalableTargetARN: ARN });
    sim.registered({ ...REGISTER, Tags: { other: 'x' } }, { ScalableTargetARN: ARN });
    const world = moto(new Set([ARN]));
    const answer = await sim.answer('ListTagsForResource', { ResourceARN: ARN }, world.isRegistered);
    expect(answer?.body).toEqual({ Tags: { 'ecs-bridge.dev/owner': 'team-a/web' } });
  });

  it('TagResource adds and replaces keys, UntagResource removes them', async () => {
    const sim = new ScalableTargetTagSimulator();
    sim.registered(REGISTER, { ScalableTargetARN: ARN });
    const world = moto(new Set([ARN]));
    await sim.answer(
      'TagResource',
      { ResourceARN: ARN, Tags: { a: '1', 'ecs-bridge.dev/owner': 'b' } },
      world.isRegistered,
    );
    await sim.answer('UntagResource', { ResourceARN: ARN, TagKeys: ['a'] }, world.isRegistered);
    const answer = await sim.answer('ListTagsForResource', { ResourceARN: ARN }, world.isRegistered);
    expect(answer?.body).toEqual({ Tags: { 'ecs-bridge.dev/owner': 'b' } });
  });

  it('refuses a ResourceARN that is not an ARN without asking moto', async () => {
    const sim = new ScalableTargetTagSimulator();
    const world = moto(new Set());
    const answer = await sim.answer('ListTagsForResource', { ResourceARN: 'web' }, world.isRegistered);
    expect(answer?.body).toMatchObject({ __type: 'ValidationException' });
    expect(world.asked).toEqual([]);
  });
});

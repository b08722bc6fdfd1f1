import type { ScalingPolicy } from '@aws-sdk/client-application-auto-scaling';
import { describe, expect, it } from 'vitest';
import { SCALING_POLICY_LISTING } from './scaling-policy-listing.js';
import { withServiceListing } from './service-listing.js';
import { FakeClock } from '../shared/testing/fake-clock.js';
import { announcedWritesScenarioOf } from './testing/announced-writes-scenario.js';
import { fakePerServiceItemsApi, type PerServiceItemsKind } from './testing/fake-per-service-items-api.js';

const policy = (id: string, name: string, target = 50): ScalingPolicy =>
  ({
    ResourceId: id,
    PolicyName: name,
    TargetTrackingScalingPolicyConfiguration: { TargetValue: target },
  }) as ScalingPolicy;

const POLICIES: PerServiceItemsKind<ScalingPolicy> = {
  list: 'listScalingPoliciesUpTo',
  describe: 'describeScalingPolicies',
  put: 'putScalingPolicy',
  remove: 'deleteScalingPolicy',
  nameField: 'PolicyName',
  scenarioNames: { first: 'cpu', second: 'mem', added: 'req', removed: 'second' },
  written: (id, name) => policy(id, name, 70),
  putAnswer: { policyArn: 'arn', alarms: [] },
};
const fakeApi = (policies: ScalingPolicy[]) => fakePerServiceItemsApi(POLICIES, policies);

describe('withServiceListing(SCALING_POLICY_LISTING)', () => {
  it("answers every service's policies from one namespace listing, and reads a service the operator changed on its own", () =>
    announcedWritesScenarioOf(POLICIES, SCALING_POLICY_LISTING, policy));

  it("never answers a service from a listing requested before the service's previous visit began", async () => {
    const clock = new FakeClock();
    const policies = [policy('service/c/a', 'cpu'), policy('service/c/b', 'cpu')];
    const { api, calls } = fakeApi(policies);
    // The listing's age is the resync period (ADR 0035): 60 s.
    const aas = withServiceListing(api, { maxAgeMs: 60_000, clock }, SCALING_POLICY_LISTING);
    await aas.describeScalingPolicies('service/c/a'); // t = 0: the listing is read
    clock.advance(5000);
    await aas.describeScalingPolicies('service/c/b'); // served from the 0 s listing
    // Just after b's visit, b's policy changes outside the operator.
    policies[1] = policy('service/c/b', 'cpu', 90);
    clock.advance(45_000);
    // A visit of b 45 s later (its resync came sooner): the 0 s listing is young but older than
    // b's previous visit, so it is not evidence of no change.
    await expect(aas.describeScalingPolicies('service/c/b')).resolves.toEqual([
      policy('service/c/b', 'cpu', 90),
    ]);
    expect(calls).toEqual(['list', 'list']);
    // a, whose previous visit began before that new listing, is served from it: no extra call.
    clock.advance(5000);
    await aas.describeScalingPolicies('service/c/a');
    expect(calls).toEqual(['list', 'list']);
  });
});

describe('keptOfPolicy', () => {
  it("keeps a listed policy's configuration and alarm names, and drops its alarm ARNs and creation time", async () => {
    const listed = {
      ...policy('service/c/a', 'cpu'),
      PolicyARN: 'arn:aws:autoscaling:eu-west-1:1:scalingPolicy:x:resource/ecs/service/c/a:policyName/cpu',
      CreationTime: new Date(0),
      Alarms: [{ AlarmName: 'TargetTracking-service/c/a-AlarmHigh-1', AlarmARN: 'arn:aws:cloudwatch:x' }],
    } as ScalingPolicy;
    const { api } = fakeApi([listed]);
    const aas = withServiceListing(api, { maxAgeMs: 60_000, clock: new FakeClock() }, SCALING_POLICY_LISTING);
    const [answer] = await aas.describeScalingPolicies('service/c/a');
    expect(answer).toEqual({
      ...policy('service/c/a', 'cpu'),
      PolicyARN: listed.PolicyARN,
      Alarms: [{ AlarmName: 'TargetTracking-service/c/a-AlarmHigh-1' }],
    });
    expect(answer?.CreationTime).toBeUndefined();
    expect(answer?.Alarms?.[0]?.AlarmARN).toBeUndefined();
  });
});

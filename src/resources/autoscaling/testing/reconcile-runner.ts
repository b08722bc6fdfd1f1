/**
 * Successive reconciles of one service's autoscaling against the stateful fake, each handed the
 * status the one before reported, as the EcsService reconciler does. For unit tests.
 */
import { expect } from 'vitest';
import type { AutoscalingSpec } from '../desired.js';
import { previewAutoscaling, type AutoscalingPreview } from '../preview-autoscaling.js';
import { reconcileAutoscaling, type AutoscalingOutcome } from '../reconcile-autoscaling.js';
import { FakeAwsAutoscaling } from './fake-apis.js';

/** The service `prod/api` with two tasks and no load balancer. */
const SERVICE = { clusterName: 'prod', serviceName: 'api', loadBalancers: [], desiredCount: 2 };

/** A function that reconciles `spec` on `aws`, carrying the previous status from call to call. */
export function reconcileRunner(
  aws: FakeAwsAutoscaling,
): (spec: AutoscalingSpec | undefined) => Promise<AutoscalingOutcome> {
  let last: AutoscalingOutcome | undefined;
  return async (spec) => {
    last = await reconcileAutoscaling({
      api: aws,
      loadBalancing: aws,
      service: SERVICE,
      spec,
      previousStatus: last?.status,
    });
    return last;
  };
}

/**
 * Previews `spec` on `prod/api` with no status before, as `ecs-bridge plan` or managementPolicy
 * Observe would: the actions and changes it shows, and every write it made on `aws` (none expected).
 */
export async function previewOnce(
  aws: FakeAwsAutoscaling,
  spec: AutoscalingSpec,
): Promise<Pick<AutoscalingPreview, 'actions' | 'changes'> & { writes: unknown[] }> {
  const { actions, changes } = await previewAutoscaling({
    api: aws,
    loadBalancing: aws,
    service: SERVICE,
    spec,
    previousStatus: undefined,
  });
  return { actions, changes, writes: aws.writes() };
}

/**
 * Asserts the outcome of a visit that found entries the spec names but does not adopt: NotOwned,
 * its message naming each of `mentions` and the fix, not terminal, rechecked later.
 */
export function expectNotOwned(out: AutoscalingOutcome, ...mentions: string[]): void {
  expect(out.condition).toMatchObject({ status: 'False', reason: 'NotOwned' });
  for (const m of mentions) expect(out.condition.message).toContain(m);
  expect(out.condition.message).toContain('adopt: true');
  expect(out.requeueAfterMs).toBeGreaterThan(0);
  expect(out.terminal).toBe(false);
}

/** A fake holding the scalable target of `prod/api` (capacity [1, 4]), as if registered earlier. */
export async function fakeWithTarget(): Promise<FakeAwsAutoscaling> {
  const aws = new FakeAwsAutoscaling();
  await aws.registerScalableTarget({
    ServiceNamespace: 'ecs',
    ResourceId: 'service/prod/api',
    ScalableDimension: 'ecs:service:DesiredCount',
    MinCapacity: 1,
    MaxCapacity: 4,
  });
  return aws;
}

/**
 * The narrow interface over Application Auto Scaling for ECS services: only the calls ecs-bridge
 * makes, typed with the SDK's own shapes so the AWS docs read across. The real implementation is
 * `autoscaling-client.ts`; tests use a stateful fake or the emulator.
 *
 * Every method throws the SDK's errors unchanged (classify them with `errors.ts`) and takes an
 * optional trailing {@link AwsCallOptions} (an abort signal).
 */
import type {
  Alarm,
  DeleteScalingPolicyCommandInput,
  DeleteScheduledActionCommandInput,
  DeregisterScalableTargetCommandInput,
  PutScalingPolicyCommandInput,
  PutScheduledActionCommandInput,
  RegisterScalableTargetCommandInput,
  ScalableTarget,
  ScalingActivity,
  ScalingPolicy,
  ScheduledAction,
} from '@aws-sdk/client-application-auto-scaling';
import type { AwsCallOptions } from './call-runner.js';
import { nameOfArn } from '../shared/arn.js';

/** `ServiceNamespace` of an ECS service's scalable target. */
export const ECS_SERVICE_NAMESPACE = 'ecs';

/** `ScalableDimension` of an ECS service's scalable target. */
export const ECS_DESIRED_COUNT_DIMENSION = 'ecs:service:DesiredCount';

/** What PutScalingPolicy answers: the policy's ARN and the CloudWatch alarms AWS made for it. */
export interface PutScalingPolicyResult {
  readonly policyArn: string;
  readonly alarms: readonly Alarm[];
}

/** The Application Auto Scaling calls ecs-bridge makes. */
export interface AutoscalingApi {
  /** RegisterScalableTarget (an upsert). Returns the target's ARN when AWS gives one. */
  registerScalableTarget(
    input: RegisterScalableTargetCommandInput,
    options?: AwsCallOptions,
  ): Promise<string | undefined>;
  /** DeregisterScalableTarget; AWS deletes the target's policies with it. */
  deregisterScalableTarget(
    input: DeregisterScalableTargetCommandInput,
    options?: AwsCallOptions,
  ): Promise<void>;
  /**
   * DescribeScalableTargets of ECS services' desired counts for these resource ids
   * (`service/<cluster>/<service>`), all pages; any number of ids (sent 50 per call). Ids without a
   * target are simply absent from the answer.
   */
  describeScalableTargets(
    resourceIds: readonly string[],
    options?: AwsCallOptions,
  ): Promise<ScalableTarget[]>;
  /** PutScalingPolicy (an upsert by policy name on one target). */
  putScalingPolicy(
    input: PutScalingPolicyCommandInput,
    options?: AwsCallOptions,
  ): Promise<PutScalingPolicyResult>;
  /** DeleteScalingPolicy. */
  deleteScalingPolicy(input: DeleteScalingPolicyCommandInput, options?: AwsCallOptions): Promise<void>;
  /** DescribeScalingPolicies of one ECS service's desired count, all pages. */
  describeScalingPolicies(resourceId: string, options?: AwsCallOptions): Promise<ScalingPolicy[]>;
  /** PutScheduledAction (an upsert by action name on one target). */
  putScheduledAction(input: PutScheduledActionCommandInput, options?: AwsCallOptions): Promise<void>;
  /** DeleteScheduledAction. */
  deleteScheduledAction(input: DeleteScheduledActionCommandInput, options?: AwsCallOptions): Promise<void>;
  /** DescribeScheduledActions of one ECS service's desired count, all pages. */
  describeScheduledActions(resourceId: string, options?: AwsCallOptions): Promise<ScheduledAction[]>;
  /**
   * The recent scaling activities of one ECS service's desired count (DescribeScalingActivities),
   * newest first; not all of its six weeks of history. The real one answers from one namespace-wide
   * listing of the Region's newest activities per resync period (scaling-activity-listing.ts).
   * Optional: an API without it reads no activities (status and Events then show none).
   */
  describeScalingActivities?(resourceId: string, options?: AwsCallOptions): Promise<ScalingActivity[]>;
  /**
   * ListTagsForResource of one scalable target (`ResourceARN` is its `ScalableTargetARN`): its tags
   * as a map. ResourceNotFoundException when the target is gone.
   */
  listTagsForResource(resourceArn: string, options?: AwsCallOptions): Promise<Record<string, string>>;
  /** TagResource of one scalable target: adds or replaces these tags, leaves the others. */
  tagResource(
    resourceArn: string,
    tags: Readonly<Record<string, string>>,
    options?: AwsCallOptions,
  ): Promise<void>;
}

/**
 * The Application Auto Scaling `ResourceId` of an ECS service: `service/<cluster-name>/<service-name>`.
 * Accepts names or ARNs for both (it keeps the last path segment of an ARN).
 */
export function ecsServiceResourceId(cluster: string, service: string): string {
  return `service/${nameOfArn(cluster)}/${nameOfArn(service)}`;
}

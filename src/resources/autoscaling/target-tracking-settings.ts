/**
 * The settings of a target-tracking (or predictive) scaling policy that the desired and the
 * observed side both carry, normalised alike so the planner compares them field by field: AWS's
 * defaults filled in on both sides, a label or a metric AWS leaves out read as absent.
 */
import type { NormalMetricQuery } from './customized-metric.js';
import type { NormalPredictive } from './predictive-scaling.js';

/** What PutScalingPolicy sets on a policy beyond its name, type and metric, in normalised form. */
export interface TargetTrackingSettings {
  /**
   * ResourceLabel, only for ALBRequestCountPerTarget: `app/<lb>/<id>/targetgroup/<tg>/<id>`;
   * absent for every other metric (an empty label in AWS's answer reads as absent).
   */
  readonly resourceLabel?: string | undefined;
  /** ScaleInCooldown, in seconds; when the spec or AWS leaves it out, AWS's ECS default of 300. */
  readonly scaleInCooldown: number;
  /** ScaleOutCooldown, in seconds; when the spec or AWS leaves it out, AWS's ECS default of 300. */
  readonly scaleOutCooldown: number;
  /** DisableScaleIn: true when the policy only scales out; left out means false. */
  readonly disableScaleIn: boolean;
  /**
   * CustomizedMetricSpecification's queries (`spec.autoscaling.customMetrics`, see
   * `customized-metric.ts`); exclusive with a predefined metric type.
   */
  readonly customMetrics?: readonly NormalMetricQuery[] | undefined;
  /**
   * PredictiveScalingPolicyConfiguration (`spec.autoscaling.predictive`, see
   * `predictive-scaling.ts`); then no target tracking field applies.
   */
  readonly predictive?: NormalPredictive | undefined;
}

/** The capacity range of a scalable target: RegisterScalableTarget's MinCapacity and MaxCapacity. */
export interface CapacityRange {
  /** MinCapacity: the fewest tasks scaling may leave running. */
  readonly minCapacity: number;
  /** MaxCapacity: the most tasks scaling may start. */
  readonly maxCapacity: number;
}

/**
 * The AWS fault proxy of the test world: public entry point. See README.md for the rule and
 * control API.
 */
export { AwsServices, identifyCall, type AwsCall, type AwsProtocol } from './actions.js';
export {
  CALL_OUTCOMES,
  countCalls,
  type CallCount,
  type CallFilter,
  type CallOutcome,
  type CallQuery,
  type CallRecord,
} from './call-recorder.js';
export type { AwsProxyControl } from './control.js';
export { ProxyControl, ProxyControlError } from './control-client.js';
export { CONTROL_PREFIX } from './control-routes.js';
export {
  ECS_ACTION_CATEGORIES,
  ECS_BUCKET_LIMITS,
  ECS_THROTTLE_CATEGORIES,
  ecsCategoryOf,
  type EcsThrottleCategory,
} from './ecs-buckets.js';
export {
  CIRCUIT_BREAKER_MESSAGE,
  CIRCUIT_BREAKER_REASON,
  DEFAULT_ROLLOUTS_CONFIG,
  findServiceRollout,
  type DeploymentStatus,
  type DeploymentView,
  type RolloutFailureSpec,
  type RolloutsConfig,
  type RolloutSelector,
  type RolloutsState,
  type RolloutState,
  type ServiceRolloutView,
  type ServiceStatus,
} from './ecs-rollout-types.js';
export {
  hookFailureReason,
  type HookAnswerSpec,
  type HookInvocation,
  type HookStatus,
} from './ecs-lifecycle-hooks.js';
export type { BucketsConfig, BucketState, BucketsState } from './ecs-throttle.js';
export type { FaultKind, FaultRule, FaultRuleSpec, FaultSpec } from './fault-rules.js';
export type { JsonObject, JsonValue } from './json.js';
export type { ResponsePatch } from './response-patch.js';
export {
  describeServicesPatch,
  resetRule,
  serverErrorRule,
  throttleRule,
  type RuleScope,
} from './rule-builders.js';
export { startAwsProxy, type AnsweredCall, type AwsProxy, type AwsProxyOptions } from './server.js';
export type { Clock } from '../../../src/shared/clock.js';
export type { BucketLimit } from '../../../src/shared/token-bucket.js';

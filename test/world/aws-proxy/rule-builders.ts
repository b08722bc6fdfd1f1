/**
 * Builders for the fault rules tests write most often, so a rollout scenario reads as what it
 * plays ("web's rollout is IN_PROGRESS") rather than as a patch document.
 */
import type { FaultRuleSpec } from './fault-rules.js';
import type { JsonObject } from './json.js';

/** Which calls a builder's rule applies to and for how long; every field optional. */
export interface RuleScope {
  readonly service?: string;
  readonly action?: string;
  readonly bodyContains?: string;
  readonly times?: number;
  readonly probability?: number;
  readonly description?: string;
}

/**
 * A rule that merges `merge` (JSON Merge Patch) into the service named `serviceName` in every
 * ECS DescribeServices answer, leaving the other services of a batched answer untouched. This is
 * how tests play rollouts moto does not simulate: `deployments`, `runningCount`, `rolloutState`.
 */
export function describeServicesPatch(
  serviceName: string,
  merge: JsonObject,
  scope: RuleScope = {},
): FaultRuleSpec {
  return {
    service: 'ecs',
    action: 'DescribeServices',
    ...scope,
    fault: { kind: 'patch', patches: [{ path: 'services', where: { serviceName }, merge }] },
  };
}

/** A rule that answers ThrottlingException (awsQuery: Throttling) to matching calls. */
export function throttleRule(scope: RuleScope): FaultRuleSpec {
  return { ...scope, fault: { kind: 'throttle' } };
}

/** A rule that answers an AWS-shaped server error (default 503) to matching calls. */
export function serverErrorRule(scope: RuleScope, status: 500 | 502 | 503 | 504 = 503): FaultRuleSpec {
  return { ...scope, fault: { kind: 'error', status } };
}

/** A rule that resets the connection of matching calls. */
export function resetRule(scope: RuleScope): FaultRuleSpec {
  return { ...scope, fault: { kind: 'reset' } };
}

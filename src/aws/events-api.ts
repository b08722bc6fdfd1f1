/**
 * The narrow interface over Amazon EventBridge (rules and their targets on an event bus): the calls
 * the EcsTaskTrigger kind makes to own a rule with an ECS target. SDK shapes; errors thrown
 * unchanged (`errors.ts` classifies them), except that a rule that does not exist is `undefined`
 * from {@link EventBridgeApi.describeRule}. Every method takes an optional trailing {@link AwsCallOptions}.
 */
import type { DescribeRuleResponse, PutRuleRequest, Rule, Tag, Target } from '@aws-sdk/client-eventbridge';
import type { AwsCallOptions } from './call-runner.js';

/** The EventBridge calls ecs-bridge makes. */
export interface EventBridgeApi {
  /** DescribeRule; undefined when the rule does not exist on that bus. */
  describeRule(
    name: string,
    eventBusName: string,
    options?: AwsCallOptions,
  ): Promise<DescribeRuleResponse | undefined>;
  /** ListRules on a bus (all pages), optionally by name prefix (for import). */
  listRules(eventBusName: string, namePrefix?: string, options?: AwsCallOptions): Promise<Rule[]>;
  /** PutRule (creates or replaces the whole rule); returns its ARN. */
  putRule(rule: PutRuleRequest, options?: AwsCallOptions): Promise<string>;
  /** DeleteRule (its targets must be removed first). */
  deleteRule(name: string, eventBusName: string, options?: AwsCallOptions): Promise<void>;
  /** ListTargetsByRule, all pages. */
  listTargetsByRule(rule: string, eventBusName: string, options?: AwsCallOptions): Promise<Target[]>;
  /** PutTargets; a target EventBridge refused (FailedEntries) throws {@link EventsEntryError}. */
  putTargets(
    rule: string,
    eventBusName: string,
    targets: readonly Target[],
    options?: AwsCallOptions,
  ): Promise<void>;
  /** RemoveTargets by id; a refused entry throws {@link EventsEntryError}. */
  removeTargets(
    rule: string,
    eventBusName: string,
    ids: readonly string[],
    options?: AwsCallOptions,
  ): Promise<void>;
  /** ListTagsForResource of a rule ARN. */
  listTags(ruleArn: string, options?: AwsCallOptions): Promise<Tag[]>;
  /** TagResource of a rule ARN. */
  tagRule(ruleArn: string, tags: readonly Tag[], options?: AwsCallOptions): Promise<void>;
  /** UntagResource of a rule ARN. */
  untagRule(ruleArn: string, keys: readonly string[], options?: AwsCallOptions): Promise<void>;
}

/**
 * PutTargets and RemoveTargets answer HTTP 200 with per-entry failures; this makes them an error
 * (code and message of the first, e.g. `ValidationException`), so they are not lost.
 */
export class EventsEntryError extends Error {
  override readonly name = 'EventsEntryError';
  constructor(
    readonly operation: 'PutTargets' | 'RemoveTargets',
    readonly entries: readonly {
      readonly TargetId?: string | undefined;
      readonly ErrorCode?: string | undefined;
      readonly ErrorMessage?: string | undefined;
    }[],
  ) {
    const first = entries[0];
    super(
      `${operation} refused ${entries.length} target(s); first: ${first?.TargetId ?? '?'}: ${first?.ErrorCode ?? 'unknown'}: ${first?.ErrorMessage ?? ''}`,
    );
  }
}

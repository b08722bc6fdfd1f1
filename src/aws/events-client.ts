/**
 * The real {@link EventBridgeApi}: one EventBridge command per call, through the shared rate limiter and
 * the call observer, on a client imported and built on first use (`lazy-sdk-client.ts`).
 * EventBridge's control-plane quotas are per account and Region
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html); ours stay well below
 * them, since a trigger makes a handful of calls per reconcile.
 */
import type * as EventBridgeSdk from '@aws-sdk/client-eventbridge';
import { MODEST_READ_WRITE_LIMITS, readWriteService } from './read-write-categories.js';
import { EventsEntryError, type EventBridgeApi } from './events-api.js';
import { lazySdkEdge, type LazySdkApi, type LazySdkApiOptions } from './lazy-sdk-edge.js';
import { prefixField } from './pages.js';

/**
 * EventBridge's control plane as the limiter knows it: our own modest limits (overridable through
 * the limiter) and which actions read or write.
 */
export const EVENTS_SERVICE = readWriteService('events', MODEST_READ_WRITE_LIMITS, {
  reads: ['DescribeRule', 'ListRules', 'ListTargetsByRule', 'ListTagsForResource'],
  writes: ['PutRule', 'DeleteRule', 'PutTargets', 'RemoveTargets', 'TagResource', 'UntagResource'],
});

/** The real {@link EventBridgeApi} and a way to close its client. */
export type EventsEdge = LazySdkApi<EventBridgeApi>;

/** Builds the real {@link EventBridgeApi} for one Region; the SDK is imported on the first call. */
export function createEventsApi(options: LazySdkApiOptions): EventsEdge {
  const edge = lazySdkEdge(options, {
    ...EVENTS_SERVICE,
    load: (): Promise<typeof EventBridgeSdk> => import('@aws-sdk/client-eventbridge'),
    build: (m, sdkConfig) => new m.EventBridgeClient({ ...sdkConfig }),
  });

  return {
    describeRule: (name, eventBusName, callOptions) =>
      edge.sendOrMissing(
        'DescribeRule',
        (m) => new m.DescribeRuleCommand({ Name: name, EventBusName: eventBusName }),
        (error, m) => error instanceof m.ResourceNotFoundException,
        callOptions,
      ),

    listRules: (eventBusName, namePrefix, callOptions) =>
      edge.sendAllPages(
        'ListRules',
        (m, next) =>
          new m.ListRulesCommand({ EventBusName: eventBusName, ...prefixField(namePrefix), ...next }),
        (page) => page.Rules,
        callOptions,
      ),

    async putRule(rule, callOptions) {
      const out = await edge.send('PutRule', (m) => new m.PutRuleCommand(rule), callOptions);
      if (out.RuleArn === undefined) throw new Error(`PutRule ${rule.Name} answered without a RuleArn`);
      return out.RuleArn;
    },

    async deleteRule(name, eventBusName, callOptions) {
      await edge.send(
        'DeleteRule',
        (m) => new m.DeleteRuleCommand({ Name: name, EventBusName: eventBusName }),
        callOptions,
      );
    },

    listTargetsByRule: (rule, eventBusName, callOptions) =>
      edge.sendAllPages(
        'ListTargetsByRule',
        (m, next) => new m.ListTargetsByRuleCommand({ Rule: rule, EventBusName: eventBusName, ...next }),
        (page) => page.Targets,
        callOptions,
      ),

    async putTargets(rule, eventBusName, targets, callOptions) {
      const out = await edge.send(
        'PutTargets',
        (m) => new m.PutTargetsCommand({ Rule: rule, EventBusName: eventBusName, Targets: [...targets] }),
        callOptions,
      );
      if ((out.FailedEntryCount ?? 0) > 0) throw new EventsEntryError('PutTargets', out.FailedEntries ?? []);
    },

    async removeTargets(rule, eventBusName, ids, callOptions) {
      const out = await edge.send(
        'RemoveTargets',
        (m) => new m.RemoveTargetsCommand({ Rule: rule, EventBusName: eventBusName, Ids: [...ids] }),
        callOptions,
      );
      if ((out.FailedEntryCount ?? 0) > 0)
        throw new EventsEntryError('RemoveTargets', out.FailedEntries ?? []);
    },

    async listTags(ruleArn, callOptions) {
      const out = await edge.send(
        'ListTagsForResource',
        (m) => new m.ListTagsForResourceCommand({ ResourceARN: ruleArn }),
        callOptions,
      );
      return out.Tags ?? [];
    },

    async tagRule(ruleArn, tags, callOptions) {
      await edge.send(
        'TagResource',
        (m) => new m.TagResourceCommand({ ResourceARN: ruleArn, Tags: [...tags] }),
        callOptions,
      );
    },

    async untagRule(ruleArn, keys, callOptions) {
      await edge.send(
        'UntagResource',
        (m) => new m.UntagResourceCommand({ ResourceARN: ruleArn, TagKeys: [...keys] }),
        callOptions,
      );
    },

    destroy: () => edge.destroy(),
  };
}

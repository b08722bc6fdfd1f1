/**
 * The real {@link EventBridgeApi}: one EventBridge command per call, through the shared rate limiter and
 * the call observer, on a client imported and built on first use (`lazy-sdk-client.ts`).
 * EventBridge's control-plane quotas are per account and Region
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html); ours stay well below
 * them, since a trigger makes a handful of calls per reconcile.
 */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type * as EventBridgeSdk from '@aws-sdk/client-eventbridge';
import { AwsCallRunner, type AwsApiOptions } from './call-runner.js';
import type { CategoryLimit } from './ecs-categories.js';
import { EventsEntryError, type EventBridgeApi } from './events-api.js';
import { lazySdkClient, type LazySdkClient } from './lazy-sdk-client.js';
import { installThrottleReporter } from './throttle-reporter.js';
import { readAllPages } from './pages.js';

/** Throttling categories of EventBridge, as the rate limiter knows them. */
export type EventsCategory = 'events:read' | 'events:write';

/** Our own limits for EventBridge's control plane: modest, overridable through the limiter. */
export const EVENTS_CATEGORY_LIMITS: Readonly<Record<EventsCategory, CategoryLimit>> = {
  'events:read': { burst: 20, sustained: 10 },
  'events:write': { burst: 10, sustained: 5 },
};

const ACTIONS = {
  DescribeRule: 'events:read',
  ListRules: 'events:read',
  ListTargetsByRule: 'events:read',
  ListTagsForResource: 'events:read',
  PutRule: 'events:write',
  DeleteRule: 'events:write',
  PutTargets: 'events:write',
  RemoveTargets: 'events:write',
  TagResource: 'events:write',
  UntagResource: 'events:write',
} as const satisfies Record<string, EventsCategory>;

type EventsAction = keyof typeof ACTIONS;

const isEventsAction = (action: string): action is EventsAction => action in ACTIONS;

/** Options for {@link createEventsApi}. */
export interface EventsApiOptions extends AwsApiOptions {
  /** The SDK client configuration (region, endpoint, credentials, retries) for the lazy client. */
  readonly sdkConfig: Readonly<Record<string, unknown>>;
}

/** The real {@link EventBridgeApi} and a way to close its client. */
export interface EventsEdge extends EventBridgeApi {
  destroy(): void;
}

/** Builds the real {@link EventBridgeApi} for one Region; the SDK is imported on the first call. */
export function createEventsApi(options: EventsApiOptions): EventsEdge {
  const runner = new AwsCallRunner<EventsAction>({
    ...options,
    service: 'events',
    categoryOf: (action) => ACTIONS[action],
  });
  const lazy: LazySdkClient<EventBridgeClient> = lazySdkClient(async () => {
    const { EventBridgeClient } = await import('@aws-sdk/client-eventbridge');
    const client = new EventBridgeClient({ ...options.sdkConfig });
    installThrottleReporter(client.middlewareStack, (action) =>
      runner.reportThrottle(action, isEventsAction),
    );
    return client;
  });
  const sdk = (): Promise<typeof EventBridgeSdk> => import('@aws-sdk/client-eventbridge');

  return {
    async describeRule(name, eventBusName, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      try {
        return await runner.run(
          'DescribeRule',
          (http) => client.send(new m.DescribeRuleCommand({ Name: name, EventBusName: eventBusName }), http),
          callOptions,
        );
      } catch (error) {
        if (error instanceof m.ResourceNotFoundException) return undefined;
        throw error;
      }
    },

    async listRules(eventBusName, namePrefix, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      return readAllPages(async (token) => {
        const page = await runner.run(
          'ListRules',
          (http) =>
            client.send(
              new m.ListRulesCommand({
                EventBusName: eventBusName,
                ...(namePrefix === undefined ? {} : { NamePrefix: namePrefix }),
                ...(token === undefined ? {} : { NextToken: token }),
              }),
              http,
            ),
          callOptions,
        );
        return { items: page.Rules ?? [], next: page.NextToken };
      });
    },

    async putRule(rule, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      const out = await runner.run(
        'PutRule',
        (http) => client.send(new m.PutRuleCommand(rule), http),
        callOptions,
      );
      if (out.RuleArn === undefined) throw new Error(`PutRule ${rule.Name} answered without a RuleArn`);
      return out.RuleArn;
    },

    async deleteRule(name, eventBusName, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      await runner.run(
        'DeleteRule',
        (http) => client.send(new m.DeleteRuleCommand({ Name: name, EventBusName: eventBusName }), http),
        callOptions,
      );
    },

    async listTargetsByRule(rule, eventBusName, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      return readAllPages(async (token) => {
        const page = await runner.run(
          'ListTargetsByRule',
          (http) =>
            client.send(
              new m.ListTargetsByRuleCommand({
                Rule: rule,
                EventBusName: eventBusName,
                ...(token === undefined ? {} : { NextToken: token }),
              }),
              http,
            ),
          callOptions,
        );
        return { items: page.Targets ?? [], next: page.NextToken };
      });
    },

    async putTargets(rule, eventBusName, targets, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      const out = await runner.run(
        'PutTargets',
        (http) =>
          client.send(
            new m.PutTargetsCommand({ Rule: rule, EventBusName: eventBusName, Targets: [...targets] }),
            http,
          ),
        callOptions,
      );
      if ((out.FailedEntryCount ?? 0) > 0) throw new EventsEntryError('PutTargets', out.FailedEntries ?? []);
    },

    async removeTargets(rule, eventBusName, ids, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      const out = await runner.run(
        'RemoveTargets',
        (http) =>
          client.send(
            new m.RemoveTargetsCommand({ Rule: rule, EventBusName: eventBusName, Ids: [...ids] }),
            http,
          ),
        callOptions,
      );
      if ((out.FailedEntryCount ?? 0) > 0)
        throw new EventsEntryError('RemoveTargets', out.FailedEntries ?? []);
    },

    async listTags(ruleArn, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      const out = await runner.run(
        'ListTagsForResource',
        (http) => client.send(new m.ListTagsForResourceCommand({ ResourceARN: ruleArn }), http),
        callOptions,
      );
      return out.Tags ?? [];
    },

    async tagRule(ruleArn, tags, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      await runner.run(
        'TagResource',
        (http) => client.send(new m.TagResourceCommand({ ResourceARN: ruleArn, Tags: [...tags] }), http),
        callOptions,
      );
    },

    async untagRule(ruleArn, keys, callOptions) {
      const [client, m] = await Promise.all([lazy.get(), sdk()]);
      await runner.run(
        'UntagResource',
        (http) => client.send(new m.UntagResourceCommand({ ResourceARN: ruleArn, TagKeys: [...keys] }), http),
        callOptions,
      );
    },

    destroy: () => lazy.destroy(),
  };
}

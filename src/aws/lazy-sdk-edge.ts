/**
 * The calls of one lazily loaded AWS service (EventBridge, Scheduler, S3, STS, CloudWatch): a
 * runner keyed by each action's throttling category, an SDK client imported and built on the first
 * call (`lazy-sdk-client.ts`, ADR 0025) with the throttle reporter installed, and one way to send a
 * command built from the imported module. The `*-client.ts` files keep their SDK import and the
 * commands they send; this file holds what they all repeated around them.
 */
import { AwsCallRunner, type AwsApiOptions, type AwsCallOptions } from './call-runner.js';
import type { AwsServiceName } from './call-observer.js';
import {
  commandSender,
  type CommandSender,
  type SdkCommand,
  type SdkSendingClient,
} from './command-sender.js';
import { lazySdkClient } from './lazy-sdk-client.js';
import { readAllPages } from './pages.js';
import { installThrottleReporter, type RelativeMiddlewareStack } from './throttle-reporter.js';

/** What every lazily loaded edge's factory is given: the shared AWS options and its SDK configuration. */
export interface LazySdkApiOptions extends AwsApiOptions {
  /** The SDK client configuration (region, endpoint, credentials, retries) for the lazy client. */
  readonly sdkConfig: Readonly<Record<string, unknown>>;
}

/** A lazily loaded edge's API and a way to close its client (if it was ever built). */
export type LazySdkApi<Api> = Api & { destroy(): void };

/** An SDK v3 client as a lazy edge builds, uses and closes it. */
export interface LazyEdgeClient extends SdkSendingClient {
  readonly middlewareStack: RelativeMiddlewareStack;
  destroy(): void;
}

/** How {@link lazySdkEdge} reaches one AWS service. */
export interface LazySdkEdgeSpec<Action extends string, Sdk> {
  readonly service: AwsServiceName;
  /** The throttling category (a key of the limiter's `limits`) of each action the edge sends. */
  readonly actions: Readonly<Record<Action, string>>;
  /** Imports the SDK module (`import('@aws-sdk/…')`), on the first call only. */
  readonly load: () => Promise<Sdk>;
  /** Builds the client from the imported module and the edge's `sdkConfig`. */
  readonly build: (sdk: Sdk, sdkConfig: Readonly<Record<string, unknown>>) => LazyEdgeClient;
}

/** Sends commands built from the lazily imported module `Sdk`. */
export interface LazySdkEdge<Action extends string, Sdk> {
  /** Sends the command `command(sdk)` as `action`; resolves with its output. */
  send<Output>(
    action: Action,
    command: (sdk: Sdk) => SdkCommand<Output>,
    callOptions?: AwsCallOptions,
  ): Promise<Output>;
  /** As {@link LazySdkEdge.send}, resolving `undefined` when the error is one `isMissing` names. */
  sendOrMissing<Output>(
    action: Action,
    command: (sdk: Sdk) => SdkCommand<Output>,
    isMissing: (error: unknown, sdk: Sdk) => boolean,
    callOptions?: AwsCallOptions,
  ): Promise<Output | undefined>;
  /**
   * Every item of the NextToken-paged listing `action`: each page's command is `command(sdk, next)`,
   * `next` holding the page's `NextToken` (empty for the first); `items` picks a page's items.
   */
  sendAllPages<Output extends { readonly NextToken?: string | undefined }, T>(
    action: Action,
    command: (sdk: Sdk, next: { NextToken?: string }) => SdkCommand<Output>,
    items: (output: Output) => T[] | undefined,
    callOptions?: AwsCallOptions,
  ): Promise<T[]>;
  /** Closes the client's connections if it was ever built. */
  destroy(): void;
}

/** The calls of one lazily loaded service, through one runner, on a client built on first use. */
export function lazySdkEdge<Action extends string, Sdk>(
  options: LazySdkApiOptions,
  spec: LazySdkEdgeSpec<Action, Sdk>,
): LazySdkEdge<Action, Sdk> {
  const { actions } = spec;
  const isAction = (action: string): action is Action => Object.hasOwn(actions, action);
  const runner = new AwsCallRunner<Action>({
    ...options,
    service: spec.service,
    categoryOf: (action) => actions[action],
  });
  const lazy = lazySdkClient(async () => {
    const client = spec.build(await spec.load(), options.sdkConfig);
    installThrottleReporter(client.middlewareStack, (action) => runner.reportThrottle(action, isAction));
    return client;
  });
  const withSender = async <T>(use: (send: CommandSender<Action>, sdk: Sdk) => Promise<T>): Promise<T> => {
    const [client, sdk] = await Promise.all([lazy.get(), spec.load()]);
    return use(commandSender(runner, client), sdk);
  };
  const send: LazySdkEdge<Action, Sdk>['send'] = (action, command, callOptions) =>
    withSender((sender, sdk) => sender(action, command(sdk), callOptions));
  return {
    send,
    sendAllPages: (action, command, items, callOptions) =>
      readAllPages(async (token) => {
        const next = token === undefined ? {} : { NextToken: token };
        const out = await send(action, (sdk) => command(sdk, next), callOptions);
        return { items: items(out) ?? [], next: out.NextToken };
      }),
    sendOrMissing: (action, command, isMissing, callOptions) =>
      withSender(async (send, sdk) => {
        try {
          return await send(action, command(sdk), callOptions);
        } catch (error) {
          if (isMissing(error, sdk)) return undefined;
          throw error;
        }
      }),
    destroy: () => lazy.destroy(),
  };
}

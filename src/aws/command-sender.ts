/**
 * One SDK command sent through an {@link AwsCallRunner}: the step every client of this folder
 * repeats for each of its methods (wait for a token, send under the deadline with the runner's
 * abort signal, observe). The command is built by the caller, so each `*-client.ts` still names
 * the commands it sends (the IAM policy test reads them there).
 */
import { internStrings } from '../shared/intern-strings.js';
import type { AwsCallOptions, AwsCallRunner, SdkSendOptions } from './call-runner.js';

/**
 * Any SDK v3 command answering `Output`, described by the one member that carries its output type
 * (smithy's `CommandIO`): the handler its middleware resolves to.
 */
export interface SdkCommand<Output> {
  resolveMiddleware(...args: never[]): (args: never) => Promise<{ readonly output: Output }>;
}

/** The slice of an SDK v3 client a sender needs: `send(command, { abortSignal })`. */
export interface SdkSendingClient {
  send(command: never, options?: SdkSendOptions): Promise<unknown>;
}

/** Sends `command` as `action` through the runner; resolves with the command's output. */
export type CommandSender<Action extends string> = <Output>(
  action: Action,
  command: SdkCommand<Output>,
  callOptions?: AwsCallOptions,
) => Promise<Output>;

/**
 * A {@link CommandSender} over `client`, every call through `runner`. Its answers hold one shared
 * copy of each string (`src/shared/intern-strings.ts`): listings kept for a period repeat the same
 * policy types, metric names, dimensions and ARNs across thousands of items.
 */
export function commandSender<Action extends string>(
  runner: AwsCallRunner<Action>,
  client: SdkSendingClient,
): CommandSender<Action> {
  return <Output>(action: Action, command: SdkCommand<Output>, callOptions?: AwsCallOptions) =>
    runner.run(
      action,
      // The SDK's `send` is generic over its own command union; the command's type carries the output.
      async (http) => internStrings((await client.send(command as never, http)) as Output),
      callOptions,
    );
}

/**
 * Client methods built from a table of operations: the shape most methods of the `*-client.ts`
 * files share (send one SDK command built from the method's argument, answer a member of its
 * output), so each such method is one entry naming its action, its command class and what it
 * answers. The command class is named in the client file, where the IAM policy test reads it.
 */
import type { AwsCallOptions } from './call-runner.js';
import type { CommandSender, SdkCommand } from './command-sender.js';

/** An SDK v3 command class: built from its input, answering its output. */
// `never`: any command class's constructor accepts what this type lets be passed (nothing typed).
export type SdkCommandClass = new (input: never) => SdkCommand<unknown>;

/** The input a command class is built from (commands whose every member is optional take none). */
export type InputOf<C extends SdkCommandClass> = C extends new (...args: infer A) => unknown
  ? Exclude<A[0], undefined>
  : never;

/** The output a command class answers. */
export type OutputOf<C extends SdkCommandClass> = InstanceType<C> extends SdkCommand<infer O> ? O : never;

/** A command class whose output may hold `member`. */
export type CommandAnswering<K extends string> = new (
  input: never,
) => SdkCommand<{ readonly [P in K]?: unknown }>;

/** A client method of one argument and the optional trailing call options. */
export type OperationMethod<Arg, Result> = (arg: Arg, options?: AwsCallOptions) => Promise<Result>;

/** Builders of client methods, each sending one command through `send`. */
export function operations<Action extends string>(send: CommandSender<Action>) {
  /** Sends `Command` built from `toInput(arg)` as `action`; answers `answer(output)`. */
  function call<C extends SdkCommandClass, Arg, Result>(
    action: Action,
    Command: C,
    toInput: (arg: Arg) => InputOf<C>,
    answer: (output: OutputOf<C>) => Result,
  ): OperationMethod<Arg, Result> {
    return async (arg, callOptions) => {
      const command = new Command(toInput(arg) as never) as SdkCommand<OutputOf<C>>;
      return answer(await send(action, command, callOptions));
    };
  }
  /**
   * Sends the method's input as is; answers the output's `member`, which the API always answers:
   * an answer without it breaks the contract and throws `<action> returned no <what>`.
   */
  function required<C extends SdkCommandClass, K extends keyof OutputOf<C>>(
    action: Action,
    command: C,
    member: K,
    what: string,
  ): OperationMethod<InputOf<C>, Exclude<OutputOf<C>[K], undefined>> {
    return call(action, command, asIs<InputOf<C>>, (output) => {
      const value = output[member];
      if (value === undefined) throw new Error(`${action} returned no ${what}`);
      return value as Exclude<OutputOf<C>[K], undefined>;
    });
  }
  /**
   * {@link required} for every command of a client that answers the same `member` (CreateService and
   * UpdateService a `service`, ...): builds each such method from its action and command alone.
   */
  function answering<K extends string>(member: K, what: string) {
    return <C extends CommandAnswering<K>>(action: Action, command: C) =>
      required(action, command, member as K & keyof OutputOf<C>, what);
  }
  /** Sends the method's input as is; answers the output's `member` (undefined when it has none). */
  function member<C extends SdkCommandClass, K extends keyof OutputOf<C>>(
    action: Action,
    command: C,
    name: K,
  ): OperationMethod<InputOf<C>, OutputOf<C>[K]> {
    return call(action, command, asIs<InputOf<C>>, (output) => output[name]);
  }
  /** Sends the method's input as is; answers nothing (the answer carries nothing the callers keep). */
  function write<C extends SdkCommandClass>(action: Action, command: C): OperationMethod<InputOf<C>, void> {
    return call(action, command, asIs<InputOf<C>>, () => undefined);
  }
  return { call, required, answering, member, write };
}

function asIs<Input>(input: Input): Input {
  return input;
}

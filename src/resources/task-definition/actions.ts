/**
 * The closed set of things the task definition planner can ask for, each one ECS call, and what
 * each call reports back. The planner produces actions; apply.ts performs them; project.ts folds
 * their results into the observed state (for status, the cache and the idempotence property).
 */
import type { RegisterTaskDefinitionCommandInput, Tag } from '@aws-sdk/client-ecs';
import type { ObservedRevision } from './revision.js';

/** One ECS call the planner wants made. */
export type TaskDefinitionAction =
  /** RegisterTaskDefinition with the canonical input and our tags. */
  | { readonly type: 'register'; readonly input: RegisterTaskDefinitionCommandInput }
  /** TagResource on the current revision: user tags added or changed. */
  | { readonly type: 'tag'; readonly arn: string; readonly tags: readonly Tag[] }
  /** UntagResource on the current revision: user tags removed from the spec. */
  | { readonly type: 'untag'; readonly arn: string; readonly tagKeys: readonly string[] }
  /** DeregisterTaskDefinition: the revision becomes INACTIVE (running tasks keep running). */
  | { readonly type: 'deregister'; readonly arn: string }
  /** DeleteTaskDefinitions for at most 10 INACTIVE revisions. */
  | { readonly type: 'delete'; readonly arns: readonly string[] };

/**
 * The result type of each action that reports back exactly what it was asked (its own members): a
 * tag, untag, deregister or delete changes nothing ECS has to tell us about.
 */
interface EchoedResultType {
  readonly tag: 'tagged';
  readonly untag: 'untagged';
  readonly deregister: 'deregistered';
  readonly delete: 'deleted';
}

/** The result of the echoed action `T`: its members under the result type. */
type EchoedResult<T extends keyof EchoedResultType> = Omit<
  Extract<TaskDefinitionAction, { type: T }>,
  'type'
> & {
  readonly type: EchoedResultType[T];
};

/**
 * What an applied action did, in the observed state's terms: the registered revision as ECS
 * answered it, or the action's own members for the others.
 */
export type TaskDefinitionActionResult =
  | { readonly type: 'registered'; readonly revision: ObservedRevision }
  | { [T in keyof EchoedResultType]: EchoedResult<T> }[keyof EchoedResultType];

/** DeleteTaskDefinitions takes at most this many revisions per call. */
export const MAX_DELETE_BATCH = 10;

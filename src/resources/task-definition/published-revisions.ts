/**
 * The revision each EcsTaskDefinition publishes, as this process last derived it from ECS and the
 * spec: what an EcsService with `taskDefinitionRef` deploys. Status is a report and never an input
 * (a user with status rights could otherwise write a foreign ARN into
 * `status.taskDefinitionArn` and have the operator deploy it), so the service reconciler reads this
 * instead of the object's status.
 *
 * The task definition reconciler records an entry after every visit that reached a verdict: the
 * revision it resolved from its ListTaskDefinitions answer (the newest ACTIVE revision tagged with
 * this object's owner and the desired spec hash, or an adopted one), or "not ready" for an invalid
 * spec or a terminal AWS error. A retryable error leaves the entry as it was, like status keeps
 * Ready. No AWS call is made to answer a lookup: the reads are those the reconciler makes anyway.
 *
 * After a restart the memory is empty until the task definition reconciler has visited the object
 * once (every cached object is queued at start); a lookup then answers `undefined`, and the service
 * waits without concluding anything. Each change is announced as an event, so the services that
 * reference the object are queued at once (this class is an `ObjectSource` for
 * `Controller.watches`).
 */
import { ObjectVerdicts, type ObjectVerdict, type VerdictSubject } from '../object-verdicts.js';
import { resolveCurrentRevision } from './current-revision.js';
import type { ObservedTaskDefinition } from './observe.js';
import type { TaskDefinitionOutcome } from './status.js';
import type { EcsTaskDefinition } from './types.js';

/** One object's published revision, as last derived. */
export interface PublishedRevision extends ObjectVerdict {
  /** The ARN of the revision the spec resolves to; undefined when none (yet) does. */
  readonly taskDefinitionArn: string | undefined;
  /** True when the revision carries this generation's spec and may be deployed. */
  readonly ready: boolean;
}

/** The published revision of every EcsTaskDefinition this process has visited; see the file header. */
export class PublishedRevisions extends ObjectVerdicts<PublishedRevision> {
  constructor() {
    super('published-task-definition-revisions', isSame);
  }

  /**
   * The published revision of `namespace/name` for the object with `uid` at `generation`, or
   * undefined when this process has not derived one for that object yet.
   */
  lookup(namespace: string, name: string, object: VerdictSubject): PublishedRevision | undefined {
    const entry = this.verdictOf(namespace, name, object);
    if (entry === undefined) return undefined;
    // A verdict about an older generation still names the revision, but not a ready one.
    return entry.generation === object.generation ? entry : { ...entry, ready: false };
  }
}

function isSame(a: PublishedRevision, b: PublishedRevision): boolean {
  return (
    a.uid === b.uid &&
    a.generation === b.generation &&
    a.taskDefinitionArn === b.taskDefinitionArn &&
    a.ready === b.ready
  );
}

/**
 * The verdict a visit's outcome gives, or undefined when it leaves the previous one standing (a
 * retryable error, the first "progressing" write, a deletion under way is recorded separately).
 * Pure: the same resolution the status uses (current-revision.ts), from the same observation.
 */
export function publishedRevisionOf(
  obj: EcsTaskDefinition,
  observed: ObservedTaskDefinition | undefined,
  outcome: TaskDefinitionOutcome,
): PublishedRevision | undefined {
  const base = {
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    generation: obj.metadata.generation,
  };
  switch (outcome.kind) {
    case 'synced': {
      const current =
        observed === undefined
          ? undefined
          : resolveCurrentRevision(observed, outcome.specHash, outcome.adopt ?? false, outcome.adoptRevision);
      return {
        ...base,
        taskDefinitionArn: current?.revision.arn,
        ready: current !== undefined && obj.metadata.deletionTimestamp === undefined,
      };
    }
    case 'observed': {
      // Observe (ADR 0018): a family that matches its spec publishes its current revision, found as
      // adoption would; a drifted one is not Ready, as its status says.
      const current =
        observed === undefined || outcome.drift !== undefined
          ? undefined
          : resolveCurrentRevision(observed, outcome.specHash, true, outcome.adoptRevision);
      return { ...base, taskDefinitionArn: current?.revision.arn, ready: current !== undefined };
    }
    case 'invalid':
    case 'failed':
    case 'guarded':
      return { ...base, taskDefinitionArn: undefined, ready: false };
    case 'progressing':
    case 'retrying':
    case 'deleting':
      return undefined;
  }
}

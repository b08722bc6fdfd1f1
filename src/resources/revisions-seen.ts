/**
 * The task definition revisions each EcsService runs, as ECS last reported them (DescribeServices
 * deployments, read by the service kind on every visit anyway), never as its status says: status
 * is a report a user with status rights can wipe or write (ADR 0031). The service kind records
 * here; task definition garbage collection reads it (task-definition/revisions-in-use.ts), and each
 * change is announced (this class is an `ObjectSource` for `Controller.watches`) so the owners of a
 * revision a service stopped running are woken at once. Neither kind imports the other: this
 * module knows objects only by namespace, name and uid.
 *
 * In memory only: after a restart an EcsService counts as not seen until its first visit, and
 * garbage collection keeps what such a service might run until then.
 */
import { MemorySource } from '../controller/memory-source.js';

/** What a service's last ECS read said it runs. */
export interface SeenRevisions {
  readonly namespace: string;
  readonly name: string;
  readonly uid: string | undefined;
  /** The task definition of every deployment ECS reported (empty: no ECS service). */
  readonly taskDefinitions: readonly string[];
}

/** The object a record belongs to. */
export interface SeenObject {
  readonly metadata: {
    readonly namespace?: string | undefined;
    readonly name: string;
    readonly uid?: string | undefined;
  };
}

function keyOf(obj: SeenObject): string {
  return `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

function isSame(a: SeenRevisions, b: SeenRevisions): boolean {
  return (
    a.uid === b.uid &&
    a.taskDefinitions.length === b.taskDefinitions.length &&
    a.taskDefinitions.every((td, i) => b.taskDefinitions[i] === td)
  );
}

/** The revisions every EcsService ran at its last ECS read; see the file header. */
export class RevisionsSeenInEcs extends MemorySource<SeenRevisions> {
  constructor() {
    super('task-definition-revisions-seen-in-ecs', isSame);
  }

  /**
   * Records what ECS reported `obj`'s service runs (an empty list when ECS has no such service);
   * announces it when it differs from the reading before.
   */
  record(obj: SeenObject, taskDefinitions: readonly string[]): void {
    this.set(keyOf(obj), {
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      taskDefinitions: [...taskDefinitions],
    });
  }

  /** What ECS last reported `obj` runs, or undefined when it was not read since the operator started. */
  of(obj: SeenObject): readonly string[] | undefined {
    const entry = this.get(keyOf(obj));
    // An entry of an earlier object of the same name is not this one's.
    if (entry === undefined || entry.uid !== obj.metadata.uid) return undefined;
    return entry.taskDefinitions;
  }

  /** Forgets an object that is gone; announces it, since what it ran is released. */
  forget(obj: SeenObject): void {
    this.delete(keyOf(obj));
  }
}

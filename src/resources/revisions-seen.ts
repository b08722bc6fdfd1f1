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
import type { ObjectSource, SourceEvent } from '../controller/controller.js';

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
export class RevisionsSeenInEcs implements ObjectSource<SeenRevisions> {
  readonly name = 'task-definition-revisions-seen-in-ecs';
  readonly #seen = new Map<string, SeenRevisions>();
  readonly #handlers = new Set<(event: SourceEvent<SeenRevisions>) => void>();

  /**
   * Records what ECS reported `obj`'s service runs (an empty list when ECS has no such service);
   * announces it when it differs from the reading before.
   */
  record(obj: SeenObject, taskDefinitions: readonly string[]): void {
    const key = keyOf(obj);
    const entry: SeenRevisions = {
      namespace: obj.metadata.namespace ?? '',
      name: obj.metadata.name,
      uid: obj.metadata.uid,
      taskDefinitions: [...taskDefinitions],
    };
    const before = this.#seen.get(key);
    if (before !== undefined && isSame(before, entry)) return;
    this.#seen.set(key, entry);
    this.#emit(
      before === undefined
        ? { type: 'added', object: entry }
        : { type: 'updated', object: entry, oldObject: before },
    );
  }

  /** What ECS last reported `obj` runs, or undefined when it was not read since the operator started. */
  of(obj: SeenObject): readonly string[] | undefined {
    const entry = this.#seen.get(keyOf(obj));
    // An entry of an earlier object of the same name is not this one's.
    if (entry === undefined || entry.uid !== obj.metadata.uid) return undefined;
    return entry.taskDefinitions;
  }

  /** Forgets an object that is gone; announces it, since what it ran is released. */
  forget(obj: SeenObject): void {
    const key = keyOf(obj);
    const before = this.#seen.get(key);
    if (before === undefined) return;
    this.#seen.delete(key);
    this.#emit({ type: 'deleted', object: before });
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  hasSynced(): boolean {
    return true;
  }

  list(): readonly SeenRevisions[] {
    return [...this.#seen.values()];
  }

  get(key: string): SeenRevisions | undefined {
    return this.#seen.get(key);
  }

  onEvent(handler: (event: SourceEvent<SeenRevisions>) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  #emit(event: SourceEvent<SeenRevisions>): void {
    for (const handler of this.#handlers) handler(event);
  }
}

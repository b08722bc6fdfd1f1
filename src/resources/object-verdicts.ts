/**
 * Verdicts this process derived about objects of a kind (a cluster's readiness, a task
 * definition's published revision), kept per `namespace/name` and announced on each change, so the
 * kinds that depend on them are queued at once. Status is a report and never an input: these
 * memories are what dependants read instead. Each verdict names the object's uid and generation, so
 * a re-created object or a newer spec is never answered with an older verdict.
 */
import { MemorySource } from '../controller/memory-source.js';

/** Whose a verdict is: the object, its uid and the generation whose spec it is about. */
export interface ObjectVerdict {
  readonly namespace: string;
  readonly name: string;
  /** `metadata.uid` of the object it was concluded for: a re-created object starts afresh. */
  readonly uid: string | undefined;
  /** The generation whose spec the verdict is about. */
  readonly generation: number | undefined;
}

/** The uid and generation of the object a dependant asks about. */
export interface VerdictSubject {
  readonly uid: string | undefined;
  readonly generation: number | undefined;
}

/** The last verdict about each object of a kind; see the file header. */
export class ObjectVerdicts<T extends ObjectVerdict> extends MemorySource<T> {
  /** Records a verdict; announces it when it differs from the one before. */
  record(entry: T): void {
    this.set(`${entry.namespace}/${entry.name}`, entry);
  }

  /** Forgets an object (deleted, or no longer ours). */
  forget(namespace: string, name: string): void {
    this.delete(`${namespace}/${name}`);
  }

  /** The verdict about `namespace/name` when it was concluded for the object with `object.uid`. */
  protected verdictOf(namespace: string, name: string, object: VerdictSubject): T | undefined {
    const entry = this.get(`${namespace}/${name}`);
    return entry !== undefined && entry.uid === object.uid ? entry : undefined;
  }
}

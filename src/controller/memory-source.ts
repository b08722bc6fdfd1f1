/**
 * An {@link ObjectSource} over what this process itself recorded (verdicts it derived, what it read
 * from AWS), so a controller can be woken by a change of such a memory as by an informer event. It
 * never syncs from anywhere: it is synced at once, and empty after a restart.
 */
import type { ObjectSource, SourceEvent } from './object-source.js';

/** The entries this process recorded, keyed as the caller likes; each change is announced. */
export class MemorySource<T> implements ObjectSource<T> {
  readonly name: string;
  readonly #entries = new Map<string, T>();
  readonly #handlers = new Set<(event: SourceEvent<T>) => void>();
  readonly #isSame: (a: T, b: T) => boolean;

  /** `isSame` says when a new entry changes nothing (then it is not announced). */
  constructor(name: string, isSame: (a: T, b: T) => boolean) {
    this.name = name;
    this.#isSame = isSame;
  }

  /** Records `entry` under `key`; announces it when it differs from the one before. */
  set(key: string, entry: T): void {
    const before = this.#entries.get(key);
    if (before !== undefined && this.#isSame(before, entry)) return;
    this.#entries.set(key, entry);
    this.#emit(
      before === undefined
        ? { type: 'added', object: entry }
        : { type: 'updated', object: entry, oldObject: before },
    );
  }

  /** Forgets `key`; announces the entry it held as deleted. */
  delete(key: string): void {
    const before = this.#entries.get(key);
    if (before === undefined) return;
    this.#entries.delete(key);
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

  list(): readonly T[] {
    return [...this.#entries.values()];
  }

  get(key: string): T | undefined {
    return this.#entries.get(key);
  }

  onEvent(handler: (event: SourceEvent<T>) => void): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  #emit(event: SourceEvent<T>): void {
    for (const handler of this.#handlers) handler(event);
  }
}

/**
 * How every kind's reconciler starts a visit: it works from its own last write when the informer
 * lags (src/k8s/own-writes.ts says why), writes through a writer that records those writes
 * (recording-writer.ts), and sends the visit one of three ways by the object's deletion state and
 * our finalizer. One piece, so the next kind gets these three rules by using it (docs/adding-a-kind.md).
 */
import type { ReconcileResult } from '../controller/reconciler.js';
import { OwnWrites } from '../k8s/own-writes.js';
import type { KubeObject } from '../k8s/object.js';
import { FINALIZER } from './api-group.js';
import { recordingWriter, type KindWriter } from './recording-writer.js';

/**
 * Where a visit goes: `converge` (the object lives), `finalize` (it is being deleted and still
 * carries our finalizer: clean up, then remove it), `released` (it is being deleted and our
 * finalizer is gone: nothing of ours is left to do).
 */
export type VisitRoute = 'converge' | 'finalize' | 'released';

/** Whether `obj` carries ecs-bridge's finalizer. */
export function hasOurFinalizer(obj: KubeObject): boolean {
  return obj.metadata.finalizers?.includes(FINALIZER) ?? false;
}

/** The route of a visit to `obj`; see {@link VisitRoute}. */
export function visitRoute(obj: KubeObject): VisitRoute {
  if (obj.metadata.deletionTimestamp === undefined) return 'converge';
  return hasOurFinalizer(obj) ? 'finalize' : 'released';
}

/** A kind reconciler's own objects: its recorded writes and the copy each visit works from. */
export class KindObjects<T extends KubeObject> {
  readonly #ownWrites = new OwnWrites<T>();
  /** The kind's status and finalizer writer; every write it makes is recorded. */
  readonly writer: KindWriter<T>;

  constructor(writer: KindWriter<T>) {
    this.writer = recordingWriter(writer, this.#ownWrites);
  }

  /** The copy a visit works from (ours when the informer lags) and where the visit goes. */
  start(received: T): { readonly obj: T; readonly route: VisitRoute } {
    const obj = this.#ownWrites.freshest(received);
    return { obj, route: visitRoute(obj) };
  }

  /**
   * Starts a visit and sends it its way: a released object needs nothing (`{}`), one being deleted
   * with our finalizer goes to `finalize`, a living one to `converge`.
   */
  route(
    received: T,
    steps: {
      readonly finalize: (obj: T) => Promise<ReconcileResult>;
      readonly converge: (obj: T) => Promise<ReconcileResult>;
    },
  ): Promise<ReconcileResult> {
    const { obj, route } = this.start(received);
    if (route === 'released') return Promise.resolve({});
    return route === 'finalize' ? steps.finalize(obj) : steps.converge(obj);
  }

  /**
   * Whether a deletion visit may still make its AWS writes: true only when the API server (read
   * live, not the cache) still holds this object, being deleted, with our finalizer. A user who
   * removes the finalizer lets the AWS resource go; a visit that began before, on a copy that still
   * showed it (its reads retried through an outage), must not delete it afterwards. Ask right
   * before the first AWS write of the visit; an unreadable API server throws, so the visit retries
   * rather than deletes unconfirmed.
   */
  async stillFinalizing(obj: T, signal?: AbortSignal): Promise<boolean> {
    const live = await this.writer.readCurrent(obj, signal);
    return live !== undefined && live.metadata.uid === obj.metadata.uid && visitRoute(live) === 'finalize';
  }

  /**
   * The informer cache took in `obj`: our remembered write is dropped once the cache holds it (or
   * someone else's newer one), not only at the key's next visit, which may be a resync period away.
   */
  cached(obj: T): void {
    this.#ownWrites.freshest(obj);
  }

  /** Records a write made outside {@link writer} (an annotation) that turned `before` into `after`. */
  record(before: T, after: T): void {
    this.#ownWrites.record(before, after);
  }
}

/**
 * A kind's status and finalizer writer that records its own writes in an {@link OwnWrites}
 * (src/k8s/own-writes.ts says why a reconciler works from its own last write when the informer
 * lags). One wrapper for every kind whose writer is the k8s edge's ObjectWriter, narrowed.
 */
import type { ObjectWriter } from '../k8s/object-writer.js';
import type { OwnWrites } from '../k8s/own-writes.js';
import type { KubeObject } from '../k8s/object.js';

/** The writes a kind's reconciler makes to its own objects, and its one live read of them. */
export type KindWriter<T extends KubeObject> = Pick<
  ObjectWriter<T>,
  'updateStatus' | 'addFinalizer' | 'removeFinalizer' | 'readCurrent'
>;

/** Wraps `writer` so every write it makes is recorded in `writes`. */
export function recordingWriter<T extends KubeObject>(
  writer: KindWriter<T>,
  writes: OwnWrites<T>,
): KindWriter<T> {
  return {
    async updateStatus(obj, status, signal) {
      const result = await writer.updateStatus(obj, status, signal);
      if (result.written) writes.record(obj, result.object);
      return result;
    },
    async addFinalizer(obj, finalizer, signal) {
      const after = await writer.addFinalizer(obj, finalizer, signal);
      writes.record(obj, after);
      return after;
    },
    async removeFinalizer(obj, finalizer, signal) {
      const after = await writer.removeFinalizer(obj, finalizer, signal);
      writes.forget(obj);
      return after;
    },
    readCurrent: (obj, signal) => writer.readCurrent(obj, signal),
  };
}

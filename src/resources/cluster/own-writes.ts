/**
 * The cluster writer that records its own writes in an {@link OwnWrites} (src/k8s/own-writes.ts
 * says why a reconciler works from its own last write when the informer lags).
 */
import type { OwnWrites } from '../../k8s/own-writes.js';
import type { ClusterWriter } from './seams.js';
import type { EcsCluster } from './types.js';

/** Wraps `writer` so every write it makes is recorded in `writes`. */
export function recordingWriter(writer: ClusterWriter, writes: OwnWrites<EcsCluster>): ClusterWriter {
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
  };
}

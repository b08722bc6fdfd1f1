/**
 * In-memory stand-ins for the Kubernetes edge the task definition reconciler writes through, with
 * the k8s edge's shapes: an object store that applies status and finalizer writes the way the API
 * server would (bumping resourceVersion, refusing a stale finalizer write with 409). The Event
 * recorder is the k8s edge's one fake (src/k8s/testing/fake-event-recorder.ts). Test-only.
 */
import type { StatusUpdate } from '../../../k8s/object-writer.js';
import type { TaskDefinitionWriter } from '../ports.js';
import type { EcsTaskDefinition, EcsTaskDefinitionSpec, EcsTaskDefinitionStatus } from '../types.js';

/** Holds one EcsTaskDefinition and applies the reconciler's writes to it. */
export class FakeObjectStore implements TaskDefinitionWriter {
  obj: EcsTaskDefinition;
  statusWrites = 0;
  finalizerWrites = 0;
  /** When set, the next status write throws this (the operator "dies" before its status lands). */
  failNextStatusWrite: Error | undefined;
  #resourceVersion = 1;

  constructor(obj: EcsTaskDefinition) {
    this.obj = { ...obj, metadata: { ...obj.metadata, resourceVersion: '1' } };
  }

  updateStatus(_obj: EcsTaskDefinition, status: unknown): Promise<StatusUpdate<EcsTaskDefinition>> {
    if (this.failNextStatusWrite !== undefined) {
      const err = this.failNextStatusWrite;
      this.failNextStatusWrite = undefined;
      return Promise.reject(err);
    }
    this.statusWrites += 1;
    this.obj = {
      ...this.obj,
      status: structuredClone(status) as EcsTaskDefinitionStatus,
      metadata: this.#bump(),
    };
    return Promise.resolve({ written: true, object: this.obj });
  }

  addFinalizer(obj: EcsTaskDefinition, finalizer: string): Promise<EcsTaskDefinition> {
    if ((obj.metadata.finalizers ?? []).includes(finalizer)) return Promise.resolve(obj);
    return this.#writeFinalizers(obj, [...(this.obj.metadata.finalizers ?? []), finalizer]);
  }

  removeFinalizer(obj: EcsTaskDefinition, finalizer: string): Promise<EcsTaskDefinition> {
    if (!(obj.metadata.finalizers ?? []).includes(finalizer)) return Promise.resolve(obj);
    return this.#writeFinalizers(
      obj,
      (this.obj.metadata.finalizers ?? []).filter((f) => f !== finalizer),
    );
  }

  /** The stored object, as a live GET answers; undefined once deleted and released. */
  readCurrent(): Promise<EcsTaskDefinition | undefined> {
    const gone =
      this.obj.metadata.deletionTimestamp !== undefined && (this.obj.metadata.finalizers ?? []).length === 0;
    return Promise.resolve(gone ? undefined : this.obj);
  }

  /** Removes every finalizer as `kubectl patch` by a user would, behind the reconciler's back. */
  dropFinalizersByHand(): void {
    this.obj = { ...this.obj, metadata: { ...this.#bump(), finalizers: [] } };
  }

  /** Replaces the spec as `kubectl apply` would: a new generation. */
  setSpec(spec: EcsTaskDefinitionSpec): void {
    this.obj = {
      ...this.obj,
      spec,
      metadata: { ...this.#bump(), generation: (this.obj.metadata.generation ?? 0) + 1 },
    };
  }

  /** Marks the object for deletion, as `kubectl delete` does while a finalizer holds it. */
  markDeleted(at = '2026-01-01T00:00:00Z'): void {
    this.obj = { ...this.obj, metadata: { ...this.#bump(), deletionTimestamp: at } };
  }

  /** True while `finalizer` is on the object. */
  hasFinalizer(finalizer = 'ecs-bridge.dev/finalizer'): boolean {
    return this.obj.metadata.finalizers?.includes(finalizer) ?? false;
  }

  #writeFinalizers(obj: EcsTaskDefinition, finalizers: string[]): Promise<EcsTaskDefinition> {
    if (obj.metadata.resourceVersion !== this.obj.metadata.resourceVersion) {
      return Promise.reject(Object.assign(new Error('the object has been modified'), { code: 409 }));
    }
    this.finalizerWrites += 1;
    this.obj = { ...this.obj, metadata: { ...this.#bump(), finalizers } };
    return Promise.resolve(this.obj);
  }

  #bump(): EcsTaskDefinition['metadata'] {
    this.#resourceVersion += 1;
    return { ...this.obj.metadata, resourceVersion: String(this.#resourceVersion) };
  }
}

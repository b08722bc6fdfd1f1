/**
 * In-memory stand-ins for the Kubernetes edge the task definition reconciler writes through: one
 * object store that applies status patches and finalizer changes the way the API server would
 * (bumping resourceVersion), and an Event recorder. Test-only.
 */
import { FINALIZER } from '../api-group.js';
import type { KubeObject } from '../../k8s/object.js';
import type { EventRecorder, EventType, ObjectWriter } from './seams.js';
import type { EcsTaskDefinition, EcsTaskDefinitionSpec, EcsTaskDefinitionStatus } from './types.js';

/** Holds one EcsTaskDefinition and applies the reconciler's writes to it. */
export class FakeObjectStore implements ObjectWriter<EcsTaskDefinition, EcsTaskDefinitionStatus> {
  obj: EcsTaskDefinition;
  statusWrites = 0;
  finalizerWrites = 0;
  /** When set, the next status write throws this (the operator "dies" before its status lands). */
  failNextStatusWrite: Error | undefined;
  #resourceVersion = 1;

  constructor(obj: EcsTaskDefinition) {
    this.obj = obj;
  }

  patchStatus(_obj: EcsTaskDefinition, status: EcsTaskDefinitionStatus): Promise<void> {
    if (this.failNextStatusWrite !== undefined) {
      const err = this.failNextStatusWrite;
      this.failNextStatusWrite = undefined;
      return Promise.reject(err);
    }
    this.statusWrites += 1;
    this.obj = { ...this.obj, status: structuredClone(status), metadata: this.#bump() };
    return Promise.resolve();
  }

  addFinalizer(): Promise<void> {
    const finalizers = this.obj.metadata.finalizers ?? [];
    if (!finalizers.includes(FINALIZER)) {
      this.finalizerWrites += 1;
      this.obj = { ...this.obj, metadata: { ...this.#bump(), finalizers: [...finalizers, FINALIZER] } };
    }
    return Promise.resolve();
  }

  removeFinalizer(): Promise<void> {
    this.finalizerWrites += 1;
    const finalizers = (this.obj.metadata.finalizers ?? []).filter((f) => f !== FINALIZER);
    this.obj = { ...this.obj, metadata: { ...this.#bump(), finalizers } };
    return Promise.resolve();
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

  /** True while the operator's finalizer is on the object. */
  hasFinalizer(): boolean {
    return this.obj.metadata.finalizers?.includes(FINALIZER) ?? false;
  }

  #bump(): EcsTaskDefinition['metadata'] {
    this.#resourceVersion += 1;
    return { ...this.obj.metadata, resourceVersion: String(this.#resourceVersion) };
  }
}

/** One recorded Event. */
export interface RecordedEvent {
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

/** Records Events in memory. */
export class FakeEventRecorder implements EventRecorder {
  readonly events: RecordedEvent[] = [];

  event(_obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    this.events.push({ type, reason, message });
    return Promise.resolve();
  }

  /** The reasons recorded, in order. */
  reasons(): string[] {
    return this.events.map((e) => e.reason);
  }
}

/**
 * The writes a controller makes to its own custom resources: the status subresource (a JSON merge
 * patch of what changed, nothing when nothing did) and our finalizer (a merge patch carrying
 * `metadata.resourceVersion`, so a stale copy gets 409 Conflict and the queue retries on a fresh
 * one). It never writes `spec`.
 *
 * Custom resources reject strategic merge patch and client-node defaults to JSON patch, hence the
 * explicit merge-patch content type (kubernetes-facts.md, "Writing").
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { isNotFound } from './api-errors.js';
import { kubeApis, type CustomObjects } from './kube-apis.js';
import type { CustomResourceType } from './custom-resource.js';
import { createMergePatch, type JsonValue } from './merge-patch.js';
import { objectKey, type KubeObject } from './object.js';
import { mergePatchOptions, requestOptions } from './request-options.js';

/** The calls {@link ObjectWriter} makes; {@link CustomObjects} is one. */
export type CustomObjectsPatcher = Pick<
  CustomObjects,
  'patchNamespacedCustomObject' | 'patchNamespacedCustomObjectStatus' | 'getNamespacedCustomObject'
>;

/** Options for {@link ObjectWriter}. */
export interface ObjectWriterOptions {
  readonly type: CustomResourceType;
  /** Builds the API client; ignored when `api` is given. */
  readonly kubeConfig?: KubeConfig;
  readonly api?: CustomObjectsPatcher;
  /** Bound on one call. Default 30 s. */
  readonly timeoutMs?: number;
}

/** The outcome of {@link ObjectWriter.updateStatus}. */
export interface StatusUpdate<T> {
  /** False when the status was already as desired and nothing was sent. */
  readonly written: boolean;
  /** The object as the server returned it, or the input when nothing was written. */
  readonly object: T;
}

/**
 * Writes status, finalizers and (for records the operator owns) annotations of one custom resource
 * kind, and reads one object live for the checks a cached copy cannot answer. Every method throws the API's error
 * (wrapped, with `cause`; `isConflict`/`isNotFound` see through it), so the work queue retries.
 */
export class ObjectWriter<T extends KubeObject> {
  private readonly api: CustomObjectsPatcher;
  private readonly type: CustomResourceType;
  private readonly timeoutMs: number;

  constructor(options: ObjectWriterOptions) {
    this.type = options.type;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (options.api !== undefined) this.api = options.api;
    else if (options.kubeConfig !== undefined) this.api = kubeApis(options.kubeConfig).customObjects;
    else throw new Error('object writer needs a kubeConfig or an api');
  }

  /**
   * Makes `obj`'s status equal to `status`: sends the merge patch from `obj.status` (the copy the
   * caller read) to `status`, or nothing when they are equal. Fields the caller dropped are removed.
   */
  async updateStatus(obj: T, status: unknown, signal?: AbortSignal): Promise<StatusUpdate<T>> {
    const patch = createMergePatch(obj.status ?? {}, status);
    if (patch === undefined) return { written: false, object: obj };
    return { written: true, object: await this.patchStatus(obj, patch, signal) };
  }

  /** Sends `{ status: statusPatch }` as a merge patch to the status subresource. */
  async patchStatus(obj: T, statusPatch: JsonValue, signal?: AbortSignal): Promise<T> {
    const { namespace, name } = this.coordinates(obj);
    try {
      const answer: unknown = await this.api.patchNamespacedCustomObjectStatus(
        { ...this.typeParams(), namespace, name, body: { status: statusPatch } },
        mergePatchOptions(this.timeoutMs, signal),
      );
      return answer as T;
    } catch (cause) {
      throw new Error(`patching status of ${this.type.plural} ${objectKey(obj)}`, { cause });
    }
  }

  /**
   * Adds `finalizer` unless `obj` has it already (then nothing is sent). The write is conditional on
   * `obj`'s resourceVersion: a stale copy fails with 409.
   */
  async addFinalizer(obj: T, finalizer: string, signal?: AbortSignal): Promise<T> {
    const current = obj.metadata.finalizers ?? [];
    if (current.includes(finalizer)) return obj;
    return this.writeFinalizers(obj, [...current, finalizer], 'adding', signal);
  }

  /**
   * Removes `finalizer` when `obj` has it (otherwise nothing is sent). Conditional on `obj`'s
   * resourceVersion, so a finalizer is never dropped on the strength of an old copy. Once the last
   * finalizer of a deleted object is gone the server removes the object; the answer is then its
   * final state. A 404 (the object is already gone) counts as success and returns `obj` as given.
   */
  async removeFinalizer(obj: T, finalizer: string, signal?: AbortSignal): Promise<T> {
    const current = obj.metadata.finalizers ?? [];
    if (!current.includes(finalizer)) return obj;
    try {
      return await this.writeFinalizers(
        obj,
        current.filter((f) => f !== finalizer),
        'removing',
        signal,
      );
    } catch (err) {
      if (isNotFound(err)) return obj;
      throw err;
    }
  }

  /**
   * The object as the API server holds it now (a GET, not the informer's copy), or undefined when
   * it is gone. For the one decision a cached copy must not make: whether a deletion visit may still
   * delete in AWS, which a user who removed our finalizer has forbidden (kind-objects.ts).
   */
  async readCurrent(obj: T, signal?: AbortSignal): Promise<T | undefined> {
    const { namespace, name } = this.coordinates(obj);
    try {
      const answer: unknown = await this.api.getNamespacedCustomObject(
        { ...this.typeParams(), namespace, name },
        requestOptions({ timeoutMs: this.timeoutMs, ...(signal === undefined ? {} : { signal }) }),
      );
      return answer as T;
    } catch (cause) {
      if (isNotFound(cause)) return undefined;
      throw new Error(`reading ${this.type.plural} ${objectKey(obj)}`, { cause });
    }
  }

  /**
   * Sets one annotation on `obj` (nothing is sent when it already has that value). Conditional on
   * `obj`'s resourceVersion, like the finalizer writes: a stale copy fails with 409. For a record the
   * operator owns on the object itself (an EcsTaskRun's verdict), where status is a report only.
   */
  async setAnnotation(obj: T, key: string, value: string, signal?: AbortSignal): Promise<T> {
    if (obj.metadata.annotations?.[key] === value) return obj;
    const { namespace, name } = this.coordinates(obj);
    const resourceVersion = obj.metadata.resourceVersion;
    if (resourceVersion === undefined || resourceVersion === '') {
      throw new Error(`setting annotation ${key} on ${objectKey(obj)}: the object has no resourceVersion`);
    }
    try {
      const answer: unknown = await this.api.patchNamespacedCustomObject(
        {
          ...this.typeParams(),
          namespace,
          name,
          body: { metadata: { annotations: { [key]: value }, resourceVersion } },
        },
        mergePatchOptions(this.timeoutMs, signal),
      );
      return answer as T;
    } catch (cause) {
      throw new Error(`setting annotation ${key} on ${this.type.plural} ${objectKey(obj)}`, { cause });
    }
  }

  private async writeFinalizers(
    obj: T,
    finalizers: readonly string[],
    verb: 'adding' | 'removing',
    signal: AbortSignal | undefined,
  ): Promise<T> {
    const { namespace, name } = this.coordinates(obj);
    const resourceVersion = obj.metadata.resourceVersion;
    if (resourceVersion === undefined || resourceVersion === '') {
      throw new Error(
        `${verb} finalizer on ${objectKey(obj)}: the object has no resourceVersion to guard the write`,
      );
    }
    try {
      const answer: unknown = await this.api.patchNamespacedCustomObject(
        {
          ...this.typeParams(),
          namespace,
          name,
          // resourceVersion in a merge patch is a precondition: 409 when the object moved on.
          body: { metadata: { finalizers: [...finalizers], resourceVersion } },
        },
        mergePatchOptions(this.timeoutMs, signal),
      );
      return answer as T;
    } catch (cause) {
      throw new Error(`${verb} finalizer on ${this.type.plural} ${objectKey(obj)}`, { cause });
    }
  }

  private typeParams(): { group: string; version: string; plural: string } {
    return { group: this.type.group, version: this.type.version, plural: this.type.plural };
  }

  private coordinates(obj: T): { namespace: string; name: string } {
    const namespace = obj.metadata.namespace;
    if (namespace === undefined || namespace === '') {
      throw new Error(`${this.type.plural} ${obj.metadata.name} has no namespace`);
    }
    return { namespace, name: obj.metadata.name };
  }
}

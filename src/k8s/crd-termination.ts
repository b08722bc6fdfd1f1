/**
 * Whether a CustomResourceDefinition is being deleted, read through the API server and cached
 * briefly. Deleting a CRD makes the API server delete every object of its kind; a finalizer that
 * asks this first can tell that storm from a user deleting one object.
 *
 * One GET per CRD per `ttlMs` at most while it is being deleted, shared by every caller that asks
 * meanwhile (a deletion storm of a thousand objects costs a few reads, not a thousand). A "not
 * being deleted" answer is believed for `liveTtlMs` only (1 s): a cleanup that deletes things in AWS
 * must not run on an answer older than the CRD's deletion. A CRD that is gone counts as being deleted
 * (its objects are going with it). A 403 (an install whose RBAC predates the `get` on
 * customresourcedefinitions) answers false: the operator then behaves as it did before, and the
 * caller is told once through `onForbidden`. Other errors are thrown for the work queue to retry.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { apiStatusCode, isNotFound } from './api-errors.js';
import { kubeApis, type ApiextensionsV1 } from './kube-apis.js';
import { requestOptions } from './request-options.js';

/** The one call this needs from {@link ApiextensionsV1}. */
export type CrdReadApi = Pick<ApiextensionsV1, 'readCustomResourceDefinition'>;

/** Options for {@link CrdTermination}. */
export interface CrdTerminationOptions {
  /** Builds the API client; ignored when `api` is given. */
  readonly kubeConfig?: KubeConfig;
  readonly api?: CrdReadApi;
  /** How long "being deleted" is believed. Default 5 s. */
  readonly ttlMs?: number;
  /** How long "not being deleted" is believed. Default 1 s. */
  readonly liveTtlMs?: number;
  /** Bound on one GET. Default 10 s. */
  readonly timeoutMs?: number;
  /** Milliseconds since the epoch (tests inject one). */
  readonly now?: () => number;
  /** Called the first time the API server refuses the read (missing RBAC). */
  readonly onForbidden?: (crd: string) => void;
}

interface TerminationAnswer {
  readonly at: number;
  readonly answer: Promise<boolean>;
  /** The answer once known (undefined while the read is in flight). */
  settled?: boolean;
}

/** Cached "is this CRD being deleted?" answers; see the file header. */
export class CrdTermination {
  readonly #api: CrdReadApi;
  readonly #ttlMs: number;
  readonly #liveTtlMs: number;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #onForbidden: ((crd: string) => void) | undefined;
  readonly #entries = new Map<string, TerminationAnswer>();
  readonly #forbidden = new Set<string>();

  constructor(options: CrdTerminationOptions) {
    if (options.api !== undefined) this.#api = options.api;
    else if (options.kubeConfig !== undefined) this.#api = kubeApis(options.kubeConfig).apiextensionsV1;
    else throw new Error('crd termination check needs a kubeConfig or an api');
    this.#ttlMs = options.ttlMs ?? 5_000;
    this.#liveTtlMs = options.liveTtlMs ?? 1_000;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#onForbidden = options.onForbidden;
  }

  /** True when the CRD `name` (`<plural>.<group>`) has a deletionTimestamp or no longer exists. */
  isTerminating(name: string): Promise<boolean> {
    const now = this.#now();
    const cached = this.#entries.get(name);
    if (cached !== undefined) {
      const ttl = cached.settled === false ? this.#liveTtlMs : this.#ttlMs;
      if (cached.settled === undefined || now - cached.at < ttl) return cached.answer;
    }
    const answer = this.#read(name);
    const entry: TerminationAnswer = { at: now, answer };
    this.#entries.set(name, entry);
    answer.then(
      (terminating) => {
        entry.settled = terminating;
      },
      // A failed read is not remembered: the next caller asks again.
      () => {
        if (this.#entries.get(name) === entry) this.#entries.delete(name);
      },
    );
    return answer;
  }

  async #read(name: string): Promise<boolean> {
    try {
      const crd = await this.#api.readCustomResourceDefinition(
        { name },
        requestOptions({ timeoutMs: this.#timeoutMs }),
      );
      return crd.metadata?.deletionTimestamp !== undefined;
    } catch (err) {
      if (isNotFound(err)) return true;
      if (apiStatusCode(err) === 403) {
        if (!this.#forbidden.has(name)) {
          this.#forbidden.add(name);
          this.#onForbidden?.(name);
        }
        return false;
      }
      throw new Error(`reading CustomResourceDefinition ${name}`, { cause: err });
    }
  }
}

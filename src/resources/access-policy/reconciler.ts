/**
 * Reports each EcsAccessPolicy's status: the namespaces it selects, the generation read, Ready. It
 * makes no AWS call and decides nothing (the guards read the policies from the informer cache, not
 * from status); a status write only when the status would change.
 */
import type { ObjectSource } from '../../controller/controller.js';
import type { ReconcileContext, ReconcileResult, Reconciler } from '../../controller/reconciler.js';
import type { JsonValue } from '../../k8s/merge-patch.js';
import type { NamespaceLike } from './snapshot.js';
import type { AccessPolicyMode } from './rules.js';
import { accessPolicyStatus, selectedNamespaces } from './status.js';
import type { EcsAccessPolicy } from './types.js';

/** Writes a policy's status (src/k8s/cluster-status-writer.ts in production). */
export interface PolicyStatusWriter {
  patchStatus(name: string, status: JsonValue, signal?: AbortSignal): Promise<void>;
}

/** What {@link AccessPolicyReconciler} needs. */
export interface AccessPolicyReconcilerOptions {
  readonly mode: AccessPolicyMode;
  readonly namespaces: ObjectSource<NamespaceLike>;
  readonly writer: PolicyStatusWriter;
  readonly now?: () => Date;
}

/** Keeps an EcsAccessPolicy's status current. */
export class AccessPolicyReconciler implements Reconciler<EcsAccessPolicy> {
  readonly #o: AccessPolicyReconcilerOptions;

  constructor(options: AccessPolicyReconcilerOptions) {
    this.#o = options;
  }

  async reconcile(ctx: ReconcileContext, policy: EcsAccessPolicy): Promise<ReconcileResult> {
    if (policy.metadata.deletionTimestamp !== undefined) return {};
    const namespaces = this.#o.namespaces
      .list()
      .map((ns) => ({ name: ns.metadata.name, labels: ns.metadata.labels ?? {} }));
    const selected = selectedNamespaces(policy, namespaces);
    const now = this.#o.now?.() ?? new Date();
    const next = accessPolicyStatus(policy, selected, this.#o.mode, now);
    const current = policy.status;
    const same =
      current?.observedGeneration === next.observedGeneration &&
      current?.namespaces === next.namespaces &&
      JSON.stringify(current?.conditions) === JSON.stringify(next.conditions);
    if (same) return {};
    await this.#o.writer.patchStatus(policy.metadata.name, next as unknown as JsonValue, ctx.signal);
    ctx.log.info(
      { policy: policy.metadata.name, namespaces: selected.length },
      'access policy status written',
    );
    return {};
  }
}

/**
 * Reports each EcsAccessPolicy's status: the namespaces it selects, the generation read, Ready. It
 * makes no AWS call and decides nothing (the guards read the policies from the informer cache, not
 * from status); a status write only when the status would change.
 */
import type { ObjectSource } from '../../controller/controller.js';
import type { ReconcileContext, ReconcileResult, Reconciler } from '../../controller/reconciler.js';
import { setCondition } from '../../k8s/conditions.js';
import type { JsonValue } from '../../k8s/merge-patch.js';
import type { RoleToAssume } from '../../aws/assumed-role-credentials.js';
import { roleOfPolicy } from './account.js';
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
  /**
   * Tries the role a policy names (cached credentials: an STS call only when they are due for
   * renewal or a failure's backoff has passed); absent, no role condition is reported.
   */
  readonly probeRole?: (role: RoleToAssume, signal: AbortSignal) => Promise<RoleProbe>;
}

/** Whether a policy's role could be assumed. */
export type RoleProbe =
  { readonly ok: true; readonly account: string } | { readonly ok: false; readonly message: string };

/** How soon a policy whose role could not be assumed is tried again. */
export const ROLE_RETRY_MS = 60_000;
/** How often a policy whose role was assumed is looked at again (its credentials kept fresh). */
export const ROLE_RECHECK_MS = 5 * 60_000;

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
    let next = accessPolicyStatus(policy, selected, this.#o.mode, now);
    const role = roleOfPolicy(policy);
    let requeueAfterMs: number | undefined;
    if (role !== undefined && this.#o.probeRole !== undefined && this.#o.mode !== 'off') {
      const probe = await this.#o.probeRole(role, ctx.signal);
      const gen =
        policy.metadata.generation === undefined ? {} : { observedGeneration: policy.metadata.generation };
      const conditions = setCondition(
        next.conditions ?? [],
        probe.ok
          ? {
              type: 'RoleAssumed',
              status: 'True',
              reason: 'Assumed',
              message: `assumed ${role.roleArn}`,
              ...gen,
            }
          : {
              type: 'RoleAssumed',
              status: 'False',
              reason: 'AssumeRoleFailed',
              message: probe.message,
              ...gen,
            },
        now,
      );
      next = { ...next, conditions, ...(probe.ok ? { account: probe.account } : {}) };
      requeueAfterMs = probe.ok ? ROLE_RECHECK_MS : ROLE_RETRY_MS;
    }
    const current = policy.status;
    const same =
      current?.observedGeneration === next.observedGeneration &&
      current?.namespaces === next.namespaces &&
      current?.account === next.account &&
      JSON.stringify(current?.conditions) === JSON.stringify(next.conditions);
    const result = requeueAfterMs === undefined ? {} : { requeueAfterMs };
    if (same) return result;
    await this.#o.writer.patchStatus(policy.metadata.name, next as unknown as JsonValue, ctx.signal);
    ctx.log.info(
      { policy: policy.metadata.name, namespaces: selected.length },
      'access policy status written',
    );
    return result;
  }
}

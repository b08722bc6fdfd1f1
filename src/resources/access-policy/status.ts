/**
 * The status of an EcsAccessPolicy, pure: the namespaces it selects now, the generation that was
 * read, and Ready (True while the operator enforces it; False, reason `NotEnforced`, when the
 * operator runs with `--access-policies=off`, so nobody mistakes a policy for protection).
 */
import { setCondition } from '../../k8s/conditions.js';
import { observedGenerationField } from '../condition-values.js';
import type { AccessPolicyMode } from './rules.js';
import { policySelects } from './selection.js';
import type { EcsAccessPolicy, EcsAccessPolicyStatus } from './types.js';

/** The names of the namespaces `policy` selects among `namespaces` (name → labels), plus those it names. */
export function selectedNamespaces(
  policy: EcsAccessPolicy,
  namespaces: readonly { readonly name: string; readonly labels: Readonly<Record<string, string>> }[],
): string[] {
  const selected = new Set(policy.spec.namespaces.names ?? []);
  for (const ns of namespaces) if (policySelects(policy, ns.name, ns.labels)) selected.add(ns.name);
  return [...selected].sort();
}

/** The status to write. */
export function accessPolicyStatus(
  policy: EcsAccessPolicy,
  selected: readonly string[],
  mode: AccessPolicyMode,
  now: Date,
): EcsAccessPolicyStatus {
  const generation = policy.metadata.generation;
  const gen = observedGenerationField(generation);
  const ready =
    mode === 'off'
      ? {
          type: 'Ready',
          status: 'False' as const,
          reason: 'NotEnforced',
          message:
            'the operator runs with --access-policies=off: no policy is enforced, every watched object is converged',
        }
      : {
          type: 'Ready',
          status: 'True' as const,
          reason: 'Enforced',
          message:
            selected.length === 0
              ? 'enforced; the policy selects no namespace now'
              : `enforced for ${selected.length} namespace(s)`,
        };
  const conditions = setCondition(policy.status?.conditions ?? [], { ...ready, ...gen }, now);
  return { ...gen, namespaces: selected.join(','), conditions };
}

/**
 * Which EcsAccessPolicies apply to a namespace: those that name it in `spec.namespaces.names`, and
 * those whose `spec.namespaces.selector` matches its labels (Kubernetes label selector semantics:
 * every `matchLabels` pair and every `matchExpressions` entry must hold). An empty selector
 * (`selector: {}`) selects every namespace, as in Kubernetes; no selector selects none by labels.
 */
import type { EcsAccessPolicy, LabelSelector } from './types.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** True when `labels` satisfy `selector`. */
export function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, expr.key);
    const value = labels[expr.key];
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (has && value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        // An operator the schema does not allow selects nothing rather than everything.
        return false;
    }
  }
  return true;
}

/**
 * True when `policy` selects `namespace`. `labels` undefined: the namespace's labels are not known
 * (not cached yet, or gone), so only `names` can select it.
 */
export function policySelects(
  policy: EcsAccessPolicy,
  namespace: string,
  labels: Readonly<Record<string, string>> | undefined,
): boolean {
  const selection = policy.spec.namespaces;
  if (selection.names?.includes(namespace) === true) return true;
  if (selection.selector === undefined || labels === undefined) return false;
  return selectorMatches(selection.selector, labels);
}

/** The policies that select `namespace`, sorted by name (so messages are stable). */
export function policiesSelecting(
  policies: readonly EcsAccessPolicy[],
  namespace: string,
  labels: Readonly<Record<string, string>> | undefined,
): EcsAccessPolicy[] {
  return policies
    .filter((p) => p.metadata.deletionTimestamp === undefined && policySelects(p, namespace, labels))
    .sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));
}

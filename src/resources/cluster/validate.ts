/**
 * Checks on an EcsCluster spec the API server's schema and CEL rules do not make, each naming the
 * field, the value and the fix. A spec with problems is never sent to AWS.
 */
import { MAX_CHUNKS, managedKeysTags } from './managed-tags.js';
import type { EcsClusterSpec } from './types.js';

/** One problem: the field path and what to do about it. */
export interface ClusterProblem {
  readonly field: string;
  readonly message: string;
}

/** Every problem of `spec`; empty when it may be sent to ECS. */
export function validateClusterSpec(spec: EcsClusterSpec): ClusterProblem[] {
  const problems: ClusterProblem[] = [];
  const providers = new Set([
    ...(spec.capacityProviders ?? []),
    ...(spec.autoScalingGroupCapacityProviders ?? []).map((p) => p.name),
  ]);
  const strategy = spec.defaultCapacityProviderStrategy ?? [];
  strategy.forEach((item, i) => {
    const name = item.capacityProvider ?? '';
    if (!providers.has(name)) {
      problems.push({
        field: `spec.defaultCapacityProviderStrategy[${i}].capacityProvider`,
        message: `${JSON.stringify(name)} is not in spec.capacityProviders or spec.autoScalingGroupCapacityProviders (${[...providers].join(', ') || 'empty'}): ECS only accepts a strategy over the cluster's own capacity providers; add it to spec.capacityProviders`,
      });
    }
  });
  const withBase = strategy.filter((s) => (s.base ?? 0) > 0);
  if (withBase.length > 1) {
    problems.push({
      field: 'spec.defaultCapacityProviderStrategy',
      message: `${withBase.map((s) => s.capacityProvider ?? '').join(' and ')} both set base: ECS allows a base on only one capacity provider of a strategy; keep it on one`,
    });
  }
  const logging = spec.configuration?.executeCommandConfiguration?.logging;
  const logConfiguration = spec.configuration?.executeCommandConfiguration?.logConfiguration;
  if (logConfiguration !== undefined && logging !== 'OVERRIDE') {
    problems.push({
      field: 'spec.configuration.executeCommandConfiguration.logConfiguration',
      message: `is set while logging is ${JSON.stringify(logging ?? 'DEFAULT')}: ECS uses logConfiguration only with logging: OVERRIDE; set logging: OVERRIDE or remove logConfiguration`,
    });
  }
  if (managedKeysTags((spec.tags ?? []).map((t) => t.key)) === undefined) {
    problems.push({
      field: 'spec.tags',
      message: `the ${String(spec.tags?.length ?? 0)} tag keys are too long together for ecs-bridge to record which it manages (${String(MAX_CHUNKS)} tags of 256 characters, keys separated by spaces): use fewer or shorter tag keys`,
    });
  }
  return problems;
}

/** One message naming every problem. */
export function describeClusterProblems(problems: readonly ClusterProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}

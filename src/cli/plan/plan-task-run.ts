/**
 * The plan of one EcsTaskRun. A run is not desired state to converge but something that happens
 * once per object (ADR 0024): applying a manifest for a run the cluster does not hold starts
 * `count` tasks; applying one the cluster holds starts nothing (its spec is immutable, and a
 * finished run's verdict is the `ecs-bridge.dev/run-verdict` annotation, ADR 0031). So the plan
 * reads the object from the Kubernetes cluster (one GET), not AWS. Pure, from what was read.
 */
import { readRunVerdict } from '../../resources/task-run/verdict-record.js';
import type { EcsTaskRun } from '../../resources/task-run/types.js';
import { validateTaskRunSpec } from '../../resources/task-run/validate.js';
import type { TaskRunManifest } from '../manifests.js';
import { entryIdentity, operation, type PlanEntry } from './plan-model.js';

/** The object of the same namespace and name in the cluster, or why that is not known. */
export type RunInCluster =
  | { readonly kind: 'absent' }
  | { readonly kind: 'present'; readonly obj: EcsTaskRun }
  | { readonly kind: 'unknown'; readonly why: string };

/** Reads the EcsTaskRun `namespace/name` from the cluster. */
export type RunLookup = (namespace: string, name: string) => Promise<RunInCluster>;

function where(run: EcsTaskRun): string {
  const t = run.spec;
  const td =
    t.taskDefinition ?? `the revision EcsTaskDefinition ${t.taskDefinitionRef?.name ?? '?'} publishes`;
  const cluster = t.cluster ?? `the cluster of EcsCluster ${t.clusterRef?.name ?? '?'}`;
  return `${td} in ${t.cluster === undefined ? cluster : `cluster ${cluster}`}`;
}

/** The plan entry of one run from what the cluster holds. */
export function planTaskRunEntry(
  m: TaskRunManifest,
  inCluster: RunInCluster,
  defaultRegion: string | undefined,
): PlanEntry {
  const run = m.obj;
  const count = run.spec.count ?? 1;
  const base = {
    ...entryIdentity('EcsTaskRun', m, run.spec.region ?? defaultRegion ?? ''),
    target: `${count} task(s) of ${where(run)}`,
    operations: [],
    notes: [] as string[],
  };
  const problem = validateTaskRunSpec(run.spec);
  if (problem !== undefined)
    return { ...base, verdict: 'invalid', summary: `${problem}; fix: correct the manifest` };
  if (inCluster.kind === 'present') {
    const record = readRunVerdict(inCluster.obj);
    const notes = [
      'an EcsTaskRun runs once per object and its spec cannot change: to run it again, delete the object and apply it again (or apply it under a new name)',
    ];
    if (record !== undefined)
      return {
        ...base,
        verdict: 'nothing',
        summary: `already ran (${record.verdict}: ${record.reason}, ${record.succeeded} succeeded, ${record.failed} failed, finished ${record.completionTime}); applying starts nothing`,
        notes,
      };
    return {
      ...base,
      verdict: 'nothing',
      summary:
        'already in the cluster and not finished: the operator follows the tasks it started; applying starts nothing',
      notes,
    };
  }
  const notes =
    inCluster.kind === 'unknown'
      ? [
          `could not read the cluster (${inCluster.why}): if an EcsTaskRun ${base.namespace}/${run.metadata.name} exists there, it already ran and applying starts nothing`,
        ]
      : [];
  return {
    ...base,
    verdict: 'create',
    summary: `would start ${count} task(s) of ${where(run)}`,
    operations: [
      operation(
        '+',
        'RunTask',
        `${count} task(s) of ${where(run)} (once: RunTask's clientToken makes it idempotent)`,
      ),
    ],
    notes,
  };
}

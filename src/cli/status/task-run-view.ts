/**
 * EcsTaskRuns in `ecs-bridge status`: one row per run (cluster, verdict, tasks succeeded, failed and
 * active, age) and under it each task with its attempt, last status, stop code and every
 * container's exit code. The verdict is the operator's record (the `ecs-bridge.dev/run-verdict`
 * annotation, ADR 0031) when the run finished, else what its status reports. Pure.
 */
import { renderTable } from '../table.js';
import type { Style } from '../terminal.js';
import { readRunVerdict } from '../../resources/task-run/verdict-record.js';
import type { EcsTaskRun } from '../../resources/task-run/types.js';
import { age, rowIdentity, shortTaskDefinition, type RowIdentity } from './status-model.js';
import { taskLine, type TaskLine } from './task-line.js';

/** One task of a run as shown. */
export interface TaskRunTaskView extends TaskLine {
  /** The attempt that started it. */
  readonly attempt: number;
}

/** One EcsTaskRun as shown. */
export interface TaskRunView extends RowIdentity {
  readonly cluster: string;
  readonly taskDefinition: string;
  /** Complete, Failed (from the record), else Running, Waiting or the reason status reports. */
  readonly verdict: string;
  readonly reason: string;
  readonly message: string;
  readonly succeeded: number | undefined;
  readonly failed: number | undefined;
  readonly active: number | undefined;
  readonly tasks: readonly TaskRunTaskView[];
  readonly createdAt: Date | undefined;
}

/** The view of one EcsTaskRun. */
export function taskRunView(obj: EcsTaskRun): TaskRunView {
  const s = obj.status;
  const record = readRunVerdict(obj);
  const conditions = s?.conditions ?? [];
  const reconciling = conditions.find((c) => c.type === 'Reconciling');
  const stalled = conditions.find((c) => c.type === 'Stalled' && c.status === 'True');
  const shown = stalled ?? reconciling;
  const created = obj.metadata.creationTimestamp;
  const verdict =
    record?.verdict ??
    (stalled !== undefined ? 'Stalled' : reconciling?.status === 'True' ? 'Running' : 'Pending');
  return {
    ...rowIdentity(obj),
    cluster: record?.cluster ?? s?.cluster ?? obj.spec.cluster ?? obj.spec.clusterRef?.name ?? '-',
    taskDefinition: shortTaskDefinition(
      record?.taskDefinitionArn ??
        s?.taskDefinitionArn ??
        obj.spec.taskDefinition ??
        obj.spec.taskDefinitionRef?.name,
    ),
    verdict,
    reason: record?.reason ?? shown?.reason ?? '-',
    message: record?.message ?? shown?.message ?? '',
    succeeded: record?.succeeded ?? s?.succeeded,
    failed: record?.failed ?? s?.failed,
    active: record === undefined ? s?.active : 0,
    tasks: (s?.tasks ?? []).map((t) => ({ ...taskLine(t), attempt: t.attempt })),
    createdAt: created === undefined ? undefined : new Date(created),
  };
}

function count(n: number | undefined): string {
  return n === undefined ? '-' : String(n);
}

/** The task runs section of the status screen: a table, then each run's tasks. */
export function renderTaskRuns(runs: readonly TaskRunView[], style: Style, now: Date): string[] {
  if (runs.length === 0) return [];
  const verdictCell = (v: string): string =>
    v === 'Complete' ? style.green(v) : v === 'Failed' || v === 'Stalled' ? style.red(v) : style.yellow(v);
  const lines = [
    renderTable(
      [
        'NAMESPACE',
        'ECSTASKRUN',
        'CLUSTER',
        'TASK DEFINITION',
        'VERDICT',
        'REASON',
        'SUCCEEDED',
        'FAILED',
        'ACTIVE',
        'AGE',
      ],
      runs.map((r) => [
        r.namespace,
        r.name,
        r.cluster,
        r.taskDefinition,
        verdictCell(r.verdict),
        r.reason,
        count(r.succeeded),
        count(r.failed),
        count(r.active),
        age(r.createdAt, now),
      ]),
    ),
  ];
  const details = runs.flatMap((r) => {
    const tasks = r.tasks.map(
      (t) =>
        `    attempt ${t.attempt}  ${t.id}  ${t.lastStatus}  ${t.stopCode}  exit ${t.exitCodes}${t.reason === '' ? '' : style.dim(`  ${t.reason}`)}`,
    );
    const why =
      r.verdict !== 'Complete' && r.message !== ''
        ? [`    ${style.yellow(`${r.reason}:`)} ${r.message}`]
        : [];
    return tasks.length + why.length === 0
      ? []
      : [style.bold(`  ${r.namespace}/${r.name}`), ...why, ...tasks];
  });
  if (details.length > 0) lines.push('', 'Task runs (tasks and exit codes):', ...details);
  return lines;
}

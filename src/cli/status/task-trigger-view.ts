/**
 * EcsTaskTriggers in `ecs-bridge status`: one row per trigger (rule or schedule, its state, whether
 * `spec.suspend` holds it, readiness, the last run) and under it the recent runs the operator found
 * (newest first) with their last status, stop code and every container's exit code. Everything comes
 * from the trigger's status as the operator last wrote it. Pure.
 */
import { findCondition } from '../../k8s/conditions.js';
import { renderTable } from '../table.js';
import type { Style } from '../terminal.js';
import type { EcsTaskTrigger } from '../../resources/task-trigger/types.js';
import { age, rowIdentity, shortTaskDefinition, type RowIdentity } from './status-model.js';
import { taskLine, type TaskLine } from './task-line.js';

/** One task a trigger started, as shown. */
export interface TriggerRunView extends TaskLine {
  /** When ECS created the task, if it said. */
  readonly createdAt: Date | undefined;
}

/** One EcsTaskTrigger as shown. */
export interface TaskTriggerView extends RowIdentity {
  /** `rule` or `schedule` (from status, else from which of event and schedule the spec sets). */
  readonly mode: string;
  /** The rule or schedule name, `-` before the operator reported one. */
  readonly target: string;
  readonly arn: string;
  /** ENABLED or DISABLED as AWS reported it, `-` before the first report. */
  readonly state: string;
  /** `yes` when spec.suspend holds the trigger (as the operator reported it), else `no`. */
  readonly suspended: string;
  readonly cluster: string;
  readonly taskDefinition: string;
  readonly ready: string;
  readonly reason: string;
  readonly message: string;
  readonly observed: boolean;
  readonly lastRun: Date | undefined;
  readonly runs: readonly TriggerRunView[];
  readonly createdAt: Date | undefined;
}

function toDate(v: string | undefined): Date | undefined {
  if (v === undefined) return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** The view of one EcsTaskTrigger. */
export function taskTriggerView(obj: EcsTaskTrigger): TaskTriggerView {
  const s = obj.status;
  const ready = findCondition(s?.conditions, 'Ready');
  const stalled = findCondition(s?.conditions, 'Stalled');
  const shown = stalled?.status === 'True' ? stalled : ready;
  const t = obj.spec.template;
  return {
    ...rowIdentity(obj),
    mode: s?.mode ?? (obj.spec.schedule !== undefined ? 'schedule' : 'rule'),
    target: s?.name ?? '-',
    arn: s?.arn ?? '-',
    state: s?.state ?? '-',
    suspended: (s?.suspended ?? obj.spec.suspend === true) ? 'yes' : 'no',
    cluster: s?.cluster ?? t.cluster ?? t.clusterRef?.name ?? '-',
    taskDefinition: shortTaskDefinition(
      s?.taskDefinitionArn ?? t.taskDefinition ?? t.taskDefinitionRef?.name,
    ),
    ready: ready?.status ?? '-',
    reason: shown?.reason ?? '-',
    message: shown?.message ?? '',
    observed: s?.observedGeneration === obj.metadata.generation,
    lastRun: toDate(s?.lastRunTime),
    runs: (s?.runs ?? []).map((r) => ({ ...taskLine(r), createdAt: toDate(r.createdAt ?? r.startedAt) })),
    createdAt: toDate(obj.metadata.creationTimestamp),
  };
}

/** The triggers section of the status screen: a table, then each trigger's recent runs. */
export function renderTaskTriggers(triggers: readonly TaskTriggerView[], style: Style, now: Date): string[] {
  if (triggers.length === 0) return [];
  const readyCell = (v: TaskTriggerView): string => {
    const text = v.observed || v.ready === '-' ? v.ready : `${v.ready}*`;
    return v.ready === 'True'
      ? style.green(text)
      : v.ready === 'False'
        ? style.red(text)
        : style.yellow(text);
  };
  const lines = [
    renderTable(
      [
        'NAMESPACE',
        'ECSTASKTRIGGER',
        'MODE',
        'RULE/SCHEDULE',
        'STATE',
        'SUSPENDED',
        'CLUSTER',
        'TASK DEFINITION',
        'READY',
        'REASON',
        'LAST RUN',
        'AGE',
      ],
      triggers.map((v) => [
        v.namespace,
        v.name,
        v.mode,
        v.target,
        v.state,
        v.suspended,
        v.cluster,
        v.taskDefinition,
        readyCell(v),
        v.reason,
        v.lastRun === undefined ? '-' : `${age(v.lastRun, now)} ago`,
        age(v.createdAt, now),
      ]),
    ),
  ];
  const details = triggers.flatMap((v) => {
    const runs = v.runs.map((r) => {
      const stop = r.stopCode === '-' ? '' : `  ${r.stopCode}`;
      return `    ${r.id}  ${r.lastStatus}${stop}  exit ${r.exitCodes}${r.reason === '' ? '' : style.dim(`  ${r.reason}`)}`;
    });
    const why =
      v.ready !== 'True' && v.message !== '' ? [`    ${style.yellow(`${v.reason}:`)} ${v.message}`] : [];
    const arn = v.arn === '-' ? [] : [style.dim(`    ${v.arn}`)];
    return runs.length + why.length === 0
      ? []
      : [style.bold(`  ${v.namespace}/${v.name}`), ...arn, ...why, ...runs];
  });
  if (details.length > 0) lines.push('', 'Task triggers (recent runs and exit codes):', ...details);
  return lines;
}

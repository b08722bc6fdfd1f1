/**
 * The text of `ecs-bridge status`: a table of EcsClusters (ECS status, readiness, services and tasks
 * in them, capacity providers, age), then a table of EcsServices (readiness, tasks running/desired/pending,
 * rollout, autoscaling min/max/desired, task definition, age), then per service its deployments with
 * rollout progress and its latest ECS events, then a table of EcsTaskDefinitions, then counts. Pure.
 */
import { bakeTimeLeftMs } from '../../resources/service/service-deployment.js';
import { renderTable } from '../table.js';
import type { Style } from '../terminal.js';
import {
  age,
  progressBar,
  type ClusterView,
  type OrphanView,
  type ServiceView,
  type TaskDefinitionView,
} from './status-model.js';
import { renderTaskRuns, type TaskRunView } from './task-run-view.js';
import { renderTaskTriggers, type TaskTriggerView } from './task-trigger-view.js';

/** Everything one screen shows. */
export interface StatusScreen {
  /** Absent or empty: no EcsCluster objects (the section is left out). */
  readonly clusters?: readonly ClusterView[];
  readonly services: readonly ServiceView[];
  readonly taskDefinitions: readonly TaskDefinitionView[];
  /** What was listed, e.g. `namespace shop` or `all namespaces`. */
  readonly scope: string;
  /** AWS resources the operator reported as orphans (Events `OrphanedResource`), newest first. */
  readonly orphans?: readonly OrphanView[];
  /** Absent or empty: no EcsTaskRun objects (the section is left out). */
  readonly taskRuns?: readonly TaskRunView[];
  /** Absent or empty: no EcsTaskTrigger objects (the section is left out). */
  readonly taskTriggers?: readonly TaskTriggerView[];
}

/** The orphans section: what the operator found tagged as ours with its object gone (ADR 0012). */
function orphanLines(orphans: readonly OrphanView[], style: Style, now: Date): string[] {
  if (orphans.length === 0) return [];
  return [
    '',
    style.yellow(
      `Orphaned AWS resources (${orphans.length}): tagged as owned by an object that no longer exists; not managed, not deleted:`,
    ),
    ...orphans.map(
      (o) =>
        `  ${style.bold(`${o.namespace}/${o.name}`)} (${o.kind}, last reported ${o.lastSeen === undefined ? '-' : age(new Date(o.lastSeen), now)} ago): ${o.message}`,
    ),
  ];
}

function readyCell(ready: string, observed: boolean, style: Style): string {
  const text = observed || ready === '-' ? ready : `${ready}*`;
  if (ready === 'True') return style.green(text);
  if (ready === 'False') return style.red(text);
  return style.yellow(text);
}

function count(n: number | undefined): string {
  return n === undefined ? '-' : String(n);
}

function clock(d: Date | undefined): string {
  return d === undefined ? '--:--:--' : d.toISOString().slice(11, 19);
}

/** `4m05s`, `1h02m`: the bake time left, to the second while it is short. */
function duration(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = seconds % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : `${m}m${String(sec).padStart(2, '0')}s`;
}

function serviceDetails(s: ServiceView, style: Style, now: Date): string[] {
  const lines: string[] = [];
  const interesting = s.deployments.length > 1 || s.deployments.some((d) => d.rolloutState !== 'COMPLETED');
  if (s.deployments.length > 0 && (interesting || s.events.length > 0)) {
    for (const d of s.deployments) {
      const state =
        d.rolloutState === 'FAILED'
          ? style.red(d.rolloutState)
          : d.rolloutState === 'COMPLETED'
            ? style.green(d.rolloutState)
            : style.yellow(d.rolloutState);
      const failed = d.failed > 0 ? style.red(`, ${d.failed} failed`) : '';
      lines.push(
        `    ${d.status.padEnd(8)} ${d.taskDefinition}  ${progressBar(d.running, d.desired)} ${d.running}/${d.desired} running, ${d.pending} pending${failed}  ${state}${d.reason === undefined ? '' : style.dim(`  ${d.reason}`)}`,
      );
    }
  }
  const sd = s.serviceDeployment;
  if (sd !== undefined) {
    const traffic =
      sd.productionTrafficPercent === undefined
        ? ''
        : `  production ${sd.productionTrafficPercent} %${sd.testTrafficPercent === undefined ? '' : `, test ${sd.testTrafficPercent} %`}`;
    // In BAKE_TIME the time left, from the latest end status reports (never early: see bakeEndsBy).
    const left = bakeTimeLeftMs(sd, now);
    const bake =
      sd.bakeTimeInMinutes === undefined
        ? ''
        : style.dim(
            `  (bake ${sd.bakeTimeInMinutes} min${left === undefined ? '' : `, at most ${duration(left)} left`})`,
          );
    const status = sd.status.startsWith('ROLLBACK') ? style.red(sd.status) : style.yellow(sd.status);
    lines.push(`    ${sd.strategy} ${status} ${sd.lifecycleStage ?? ''}${traffic}${bake}`);
    // Why a rollout does not move: the hooks it waits on (a PAUSE hook has no ARN, only an id).
    for (const h of sd.waitingOnHooks ?? []) {
      const target = h.targetArn ?? `${h.targetType ?? 'PAUSE'} hook ${h.hookId ?? ''}`.trim();
      // A PAUSE hook waits for a person: say how to let it go on from here (ADR 0039).
      const hint =
        h.status === 'AWAITING_ACTION'
          ? style.dim(`  continue: ecs-bridge deployment continue ${s.name} -n ${s.namespace}`)
          : '';
      lines.push(`    ${style.yellow('waiting on')} ${target} (${h.status})${hint}`);
    }
  }
  if (s.ready !== 'True' && s.message !== '') lines.push(`    ${style.yellow(`${s.reason}:`)} ${s.message}`);
  for (const e of s.events) {
    const msg = e.type === 'Warning' ? style.red(e.message) : e.message;
    lines.push(`    ${style.dim(clock(e.at))}  ${msg}`);
  }
  return lines.length === 0 ? [] : [style.bold(`  ${s.namespace}/${s.name}`), ...lines];
}

/** Renders one screen of status at `now`. */
export function renderStatus(screen: StatusScreen, style: Style, now: Date): string {
  const out: string[] = [];
  const orphans = orphanLines(screen.orphans ?? [], style, now);
  const clusters = screen.clusters ?? [];
  const runs = screen.taskRuns ?? [];
  const triggers = screen.taskTriggers ?? [];
  if (
    clusters.length === 0 &&
    screen.services.length === 0 &&
    screen.taskDefinitions.length === 0 &&
    runs.length === 0 &&
    triggers.length === 0
  ) {
    return `${[`No EcsCluster, EcsService or EcsTaskDefinition objects in ${screen.scope}.`, ...orphans].join('\n')}\n`;
  }
  if (clusters.length > 0) {
    out.push(
      renderTable(
        [
          'NAMESPACE',
          'ECSCLUSTER',
          'CLUSTER NAME',
          'REGION',
          'STATUS',
          'READY',
          'REASON',
          'SERVICES',
          'TASKS RUNNING/PENDING',
          'CAPACITY PROVIDERS',
          'AGE',
        ],
        clusters.map((c) => [
          c.namespace,
          c.name,
          c.clusterName,
          c.region,
          c.status,
          readyCell(c.ready, c.observed, style),
          c.reason,
          count(c.services),
          `${count(c.runningTasks)}/${count(c.pendingTasks)}`,
          c.capacityProviders.length === 0 ? '-' : c.capacityProviders.join(','),
          age(c.createdAt, now),
        ]),
      ),
    );
    for (const c of clusters.filter((x) => x.ready !== 'True' && x.message !== ''))
      out.push(`  ${style.bold(`${c.namespace}/${c.name}`)} ${style.yellow(`${c.reason}:`)} ${c.message}`);
    out.push('');
  }
  if (screen.services.length > 0) {
    out.push(
      renderTable(
        [
          'NAMESPACE',
          'ECSSERVICE',
          'CLUSTER',
          'READY',
          'REASON',
          'RUNNING/DESIRED',
          'PENDING',
          'ROLLOUT',
          'AUTOSCALING',
          'TASK DEFINITION',
          'AGE',
        ],
        screen.services.map((s) => [
          s.namespace,
          s.name,
          s.cluster,
          readyCell(s.ready, s.observed, style),
          s.reason,
          `${count(s.running)}/${count(s.desired)}`,
          count(s.pending),
          s.rollout,
          s.autoscaling === undefined
            ? '-'
            : `${s.autoscaling.min}-${s.autoscaling.max} (${count(s.autoscaling.desired)})`,
          s.taskDefinition,
          age(s.createdAt, now),
        ]),
      ),
    );
    const details = screen.services.flatMap((s) => serviceDetails(s, style, now));
    if (details.length > 0) out.push('', 'Deployments and latest ECS events:', ...details);
  }
  if (screen.taskDefinitions.length > 0) {
    out.push(
      '',
      renderTable(
        ['NAMESPACE', 'ECSTASKDEFINITION', 'FAMILY', 'REVISION', 'READY', 'REASON', 'AGE'],
        screen.taskDefinitions.map((t) => [
          t.namespace,
          t.name,
          t.family,
          t.revision,
          readyCell(t.ready, t.observed, style),
          t.reason,
          age(t.createdAt, now),
        ]),
      ),
    );
    const stuck = screen.taskDefinitions.filter((t) => t.ready !== 'True' && t.message !== '');
    for (const t of stuck)
      out.push(`  ${style.bold(`${t.namespace}/${t.name}`)} ${style.yellow(`${t.reason}:`)} ${t.message}`);
  }
  if (runs.length > 0) out.push('', ...renderTaskRuns(runs, style, now));
  if (triggers.length > 0) out.push('', ...renderTaskTriggers(triggers, style, now));
  const readyServices = screen.services.filter((s) => s.ready === 'True').length;
  const readyTds = screen.taskDefinitions.filter((t) => t.ready === 'True').length;
  const readyClusters = clusters.filter((c) => c.ready === 'True').length;
  const unobserved = [...clusters, ...screen.services, ...screen.taskDefinitions].some(
    (o) => !o.observed && o.ready !== '-',
  );
  out.push(
    '',
    `${clusters.length === 0 ? '' : `${clusters.length} EcsCluster(s), ${readyClusters} ready; `}${screen.services.length} EcsService(s), ${readyServices} ready; ${screen.taskDefinitions.length} EcsTaskDefinition(s), ${readyTds} ready${runs.length === 0 ? '' : `; ${runs.length} EcsTaskRun(s), ${runs.filter((r) => r.verdict === 'Complete').length} complete`}${triggers.length === 0 ? '' : `; ${triggers.length} EcsTaskTrigger(s), ${triggers.filter((t) => t.ready === 'True').length} ready`} (${screen.scope})${
      unobserved ? style.dim('; * = the operator has not seen the latest spec yet') : ''
    }`,
  );
  out.push(...orphans);
  return `${out.join('\n')}\n`;
}

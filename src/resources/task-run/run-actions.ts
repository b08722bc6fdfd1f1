/**
 * What a run's plan decision means, pure: the plan's settings from the spec, the RunTask and
 * StopTask actions a decision asks for (tagged with the run's owner and installation), and the
 * message status gives while tasks run.
 */
import { runTaskInput } from '../task-template/run-task-input.js';
import type { TaskRunAction } from './actions.js';
import type { ObservedTask } from './observe.js';
import { isStopped, type planRun, type RunDecision } from './plan.js';
import { attemptGroup, runClientToken } from './run-identity.js';
import type { ResolvedRun } from './run-placement.js';
import type { EcsTaskRun } from './types.js';
import { runKey } from './verdict-record.js';

/** The plan's settings from the spec: count, backoff limit and the deadline from creation. */
export function runSettings(obj: EcsTaskRun): Parameters<typeof planRun>[0] {
  const created = Date.parse(obj.metadata.creationTimestamp ?? '');
  const deadline = obj.spec.activeDeadlineSeconds;
  return {
    count: obj.spec.count ?? 1,
    backoffLimit: obj.spec.backoffLimit ?? 0,
    ...(deadline === undefined || Number.isNaN(created) ? {} : { deadlineAtMs: created + deadline * 1000 }),
  };
}

/** The actions `decision` asks for: StopTask per task to stop, or one RunTask of the attempt. */
export function runActions(
  obj: EcsTaskRun,
  resolved: ResolvedRun,
  decision: RunDecision,
  run: { readonly startedBy: string; readonly instanceId: string },
): TaskRunAction[] {
  if (decision.kind === 'stop') {
    return decision.taskArns.map((taskArn) => ({
      type: 'stopTask',
      cluster: resolved.cluster,
      taskArn,
      reason: `ecs-bridge: ${decision.reason}`,
    }));
  }
  if (decision.kind !== 'run') return [];
  const input = runTaskInput(obj.spec, {
    cluster: resolved.cluster,
    taskDefinition: resolved.taskDefinition,
    count: decision.count,
    clientToken: runClientToken(runKey(obj), decision.attempt),
    startedBy: run.startedBy,
    group: attemptGroup(decision.attempt),
    extraTags: [
      {
        key: 'ecs-bridge.dev/owner',
        value: `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`.slice(0, 256),
      },
      { key: 'ecs-bridge.dev/instance', value: run.instanceId },
    ],
  });
  return [{ type: 'runTask', attempt: decision.attempt, input }];
}

/** Status's message while the run is not finished. */
export function runningMessage(decision: RunDecision, tasks: readonly ObservedTask[]): string {
  const active = tasks.filter((t) => !isStopped(t)).length;
  if (decision.kind === 'stop') return `stopping ${decision.taskArns.length} task(s): ${decision.message}`;
  if (decision.kind === 'run') return `starting ${decision.count} task(s), attempt ${decision.attempt}`;
  return `${active} task(s) running`;
}

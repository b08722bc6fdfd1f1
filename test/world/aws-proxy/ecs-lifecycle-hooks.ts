/**
 * Lifecycle hooks of BLUE_GREEN, LINEAR and CANARY deployments, played by the rollout simulator. A
 * hook's Lambda function lives outside the test world, so the simulator stands in for it: at each
 * lifecycle stage a hook names, it records the invocation (what ECS would pass: the stage, the
 * service deployment, the hook's `hookDetails`) and takes the answer a test scripted
 * (`POST /__proxy/rollouts/hooks`), SUCCEEDED when none was. Pure, but for the script it keeps.
 *
 * After ECS's documentation
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/lambda-lifecycle-hooks.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHook.html):
 * - "SUCCEEDED - The deployment continues to the next lifecycle stage.";
 * - "FAILED - Amazon ECS rolls back the deployment to the last successful service revision.";
 * - "IN_PROGRESS - Amazon ECS invokes the function again after a delay. By default, the delay is
 *   30 seconds": the deployment waits at that stage, and is invoked again every half configured
 *   minute of the test world's clock until the script says otherwise;
 * - `targetType` defaults to AWS_LAMBDA; PAUSE hooks invoke nothing: "the deployment pauses and waits
 *   for an explicit action" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/pause-lifecycle-hooks.html):
 *   "Amazon ECS generates a unique hookId for the pause hook", DescribeServiceDeployments lists it in
 *   `lifecycleHookDetails` with `targetType` PAUSE, `status` AWAITING_ACTION and no `targetArn` ("For
 *   PAUSE hooks, this field is not set",
 *   https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentLifecycleHookDetail.html),
 *   and the deployment "remains paused until you call ContinueServiceDeployment with the hookId".
 *   "You can configure both Lambda hooks and pause hooks at the same lifecycle stage. Both hooks must
 *   complete before the deployment proceeds" (deployment-lifecycle-hooks.html): here the Lambda hooks
 *   of a stage run first, then its PAUSE hooks wait. A PAUSE hook's `timeoutConfiguration` is not
 *   played: the simulator waits for ContinueServiceDeployment and reports no `expiresAt`;
 * - `hookDetails` is passed "on each invocation".
 */
import { selectorMatches, type RolloutSelector } from './ecs-rollout-types.js';
import type { SimulatedDeployment } from './ecs-deployment.js';
import { failureOffset } from './ecs-strategy-lifecycle.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** What a hook's function returns in `hookStatus`. */
export type HookStatus = 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS';

const HOOK_STATUSES: ReadonlySet<string> = new Set(['SUCCEEDED', 'FAILED', 'IN_PROGRESS']);

/** A scripted answer: the hooks it applies to (all of the service's when no ARN or stage is named). */
export interface HookAnswerSpec extends RolloutSelector {
  readonly hookTargetArn?: string;
  readonly lifecycleStage?: string;
  readonly hookStatus: HookStatus;
}

/** One invocation of a hook, as the simulator recorded it. */
export interface HookInvocation {
  readonly serviceName: string;
  readonly clusterArn: string;
  readonly deploymentId: string;
  readonly hookTargetArn: string;
  readonly lifecycleStage: string;
  readonly hookDetails?: JsonValue;
  /** Epoch seconds of the invocation (the simulated time it happened at). */
  readonly invokedAt: number;
  readonly hookStatus: HookStatus;
}

/** The reason a deployment that a hook failed carries (the simulator's words; ECS's are not documented). */
export function hookFailureReason(hookTargetArn: string, stage: string): string {
  return `lifecycle hook ${hookTargetArn} returned hookStatus FAILED at ${stage}`;
}

/** A hook of the deployment configuration that invokes a function at `stage`. */
export interface LambdaHook {
  readonly hookTargetArn: string;
  readonly hookDetails?: JsonValue;
}

/** The AWS_LAMBDA hooks of `deploymentConfiguration` that run at `stage`, in the order written. */
export function lambdaHooksAt(deploymentConfiguration: JsonValue | undefined, stage: string): LambdaHook[] {
  if (!isJsonObject(deploymentConfiguration) || !Array.isArray(deploymentConfiguration.lifecycleHooks))
    return [];
  const hooks: LambdaHook[] = [];
  for (const hook of deploymentConfiguration.lifecycleHooks) {
    if (!isJsonObject(hook) || (hook.targetType ?? 'AWS_LAMBDA') !== 'AWS_LAMBDA') continue;
    if (typeof hook.hookTargetArn !== 'string') continue;
    if (!Array.isArray(hook.lifecycleStages) || !hook.lifecycleStages.includes(stage)) continue;
    hooks.push({
      hookTargetArn: hook.hookTargetArn,
      ...(hook.hookDetails === undefined ? {} : { hookDetails: hook.hookDetails }),
    });
  }
  return hooks;
}

/** How many PAUSE hooks of `deploymentConfiguration` wait at `stage`. */
export function pauseHooksAt(deploymentConfiguration: JsonValue | undefined, stage: string): number {
  if (!isJsonObject(deploymentConfiguration) || !Array.isArray(deploymentConfiguration.lifecycleHooks))
    return 0;
  return deploymentConfiguration.lifecycleHooks.filter(
    (hook) =>
      isJsonObject(hook) &&
      hook.targetType === 'PAUSE' &&
      Array.isArray(hook.lifecycleStages) &&
      hook.lifecycleStages.includes(stage),
  ).length;
}

/**
 * The hook id of the `index`th PAUSE hook at the stage `cursor` indexes, unique per deployment and
 * stage, in the form of ECS's example (`ecs-pause-e7tK9G_WRJqNF_EOMjztDXfKenlJuEUVjsNStf4WLKw`).
 */
export function pauseHookId(deploymentId: string, cursor: number, index: number): string {
  const tail = deploymentId.slice(deploymentId.lastIndexOf('/') + 1);
  return `ecs-pause-${Buffer.from(`${tail}:${cursor}:${index}`).toString('base64url')}`;
}

/** Parses a `POST /__proxy/rollouts/hooks` body; throws with the field at fault. */
export function parseHookAnswer(value: JsonValue | undefined): HookAnswerSpec {
  if (!isJsonObject(value)) throw new Error('hook answer must be a JSON object');
  const { serviceName, cluster, hookTargetArn, lifecycleStage, hookStatus } = value;
  if (typeof serviceName !== 'string' || serviceName === '')
    throw new Error('hook answer serviceName must be a non-empty string');
  if (typeof hookStatus !== 'string' || !HOOK_STATUSES.has(hookStatus))
    throw new Error('hook answer hookStatus must be SUCCEEDED, FAILED or IN_PROGRESS');
  for (const [name, v] of [
    ['cluster', cluster],
    ['hookTargetArn', hookTargetArn],
    ['lifecycleStage', lifecycleStage],
  ] as const) {
    if (v !== undefined && typeof v !== 'string') throw new Error(`hook answer ${name} must be a string`);
  }
  return {
    serviceName,
    hookStatus: hookStatus as HookStatus,
    ...(typeof cluster === 'string' ? { cluster } : {}),
    ...(typeof hookTargetArn === 'string' ? { hookTargetArn } : {}),
    ...(typeof lifecycleStage === 'string' ? { lifecycleStage } : {}),
  };
}

// Invocations kept for tests to read (the newest).
const MAX_INVOCATIONS = 200;

/** The scripted answers and the invocations recorded; one per simulator. */
export class LifecycleHookScript {
  #answers: HookAnswerSpec[] = [];
  #invocations: HookInvocation[] = [];

  /** Scripts an answer; it stands (for every later invocation it matches) until another replaces it. */
  script(spec: HookAnswerSpec): void {
    this.#answers.push({ ...spec });
  }

  /** Invokes a hook: records it and answers with the newest matching script (SUCCEEDED by default). */
  invoke(call: Omit<HookInvocation, 'hookStatus'>): HookStatus {
    const answer = [...this.#answers]
      .reverse()
      .find(
        (a) =>
          selectorMatches(a, call.serviceName, call.clusterArn) &&
          (a.hookTargetArn === undefined || a.hookTargetArn === call.hookTargetArn) &&
          (a.lifecycleStage === undefined || a.lifecycleStage === call.lifecycleStage),
      );
    const hookStatus = answer?.hookStatus ?? 'SUCCEEDED';
    this.#invocations.push({ ...call, hookStatus });
    if (this.#invocations.length > MAX_INVOCATIONS) this.#invocations.shift();
    return hookStatus;
  }

  /** Every invocation recorded, oldest first. */
  invocations(): HookInvocation[] {
    return this.#invocations.map((i) => ({ ...i }));
  }

  /** Back to the start: no scripts, no invocations. */
  reset(): void {
    this.#answers = [];
    this.#invocations = [];
  }
}

/** What running the hooks due by `now` did to a deployment. */
export type HookOutcome =
  { readonly kind: 'none' } | { readonly kind: 'failed'; readonly at: number; readonly reason: string };

/** How the deployment's hooks are invoked: the simulator's script, its clock and its time scale. */
export interface HookRun {
  readonly now: number;
  /** The wait between invocations of a hook that answered IN_PROGRESS (ECS: 30 s by default). */
  readonly callbackMs: number;
  readonly serviceName: string;
  readonly clusterArn: string;
  invoke(call: Omit<HookInvocation, 'hookStatus' | 'invokedAt'> & { readonly at: number }): HookStatus;
}

/**
 * Plays the hooks of an IN_PROGRESS traffic-shifting deployment whose stages began by `run.now`, in
 * stage order. While a hook answers IN_PROGRESS the deployment waits at its stage (`hookHeld`, no
 * `dueAt`); when it succeeds, the wait is added to `hookDelayMs` and the rest of the timeline moves
 * on by as much. A FAILED answer is returned for the model to fail and roll back.
 */
export function runDueHooks(d: SimulatedDeployment, run: HookRun): HookOutcome {
  const timeline = d.timeline;
  if (timeline === undefined || d.rolloutState !== 'IN_PROGRESS') return { kind: 'none' };
  const moveOn = (cursor: number, heldFrom: number, resumedAt: number): void => {
    d.hookCursor = cursor + 1;
    d.hookDelayMs = (d.hookDelayMs ?? 0) + (resumedAt - heldFrom);
    d.dueAt =
      d.createdAt + d.hookDelayMs + (d.failure === undefined ? timeline.total : failureOffset(timeline));
  };
  for (;;) {
    const cursor = d.hookCursor ?? 0;
    const span = timeline.spans[cursor];
    if (span === undefined) return { kind: 'none' };
    const paused = d.paused;
    if (paused?.cursor === cursor) {
      // PAUSE hooks wait for ContinueServiceDeployment; the last one continued lets it move on.
      if (paused.awaiting.length > 0 || paused.continuedAt === undefined) return { kind: 'none' };
      d.paused = undefined;
      moveOn(cursor, paused.since, paused.continuedAt);
      continue;
    }
    const startsAt = d.createdAt + (d.hookDelayMs ?? 0) + span.from;
    // An armed failure that falls before this stage happens first.
    if (startsAt > run.now || (d.failure !== undefined && d.dueAt !== undefined && d.dueAt <= startsAt))
      return { kind: 'none' };
    const hooks = lambdaHooksAt(d.deploymentConfiguration, span.stage);
    const pauses = pauseHooksAt(d.deploymentConfiguration, span.stage);
    if (hooks.length === 0) {
      if (pauses > 0) {
        pause(d, cursor, pauses, startsAt);
        return { kind: 'none' };
      }
      d.hookCursor = cursor + 1;
      continue;
    }
    const callAt = d.hookHeld?.nextCallAt ?? startsAt;
    if (callAt > run.now) return { kind: 'none' };
    const answers = hooks.map((h) => ({
      hook: h,
      status: run.invoke({
        serviceName: run.serviceName,
        clusterArn: run.clusterArn,
        deploymentId: d.id,
        hookTargetArn: h.hookTargetArn,
        lifecycleStage: span.stage,
        ...(h.hookDetails === undefined ? {} : { hookDetails: h.hookDetails }),
        at: callAt,
      }),
    }));
    const failed = answers.find((a) => a.status === 'FAILED');
    if (failed !== undefined) {
      d.hookHeld = undefined;
      return { kind: 'failed', at: callAt, reason: hookFailureReason(failed.hook.hookTargetArn, span.stage) };
    }
    const waiting = answers.filter((a) => a.status === 'IN_PROGRESS').map((a) => a.hook.hookTargetArn);
    if (waiting.length > 0) {
      d.hookHeld = { since: d.hookHeld?.since ?? startsAt, nextCallAt: callAt + run.callbackMs, waiting };
      d.dueAt = undefined;
      continue;
    }
    const held = d.hookHeld;
    d.hookHeld = undefined;
    if (pauses > 0) {
      // The Lambda hooks done, the stage's PAUSE hooks wait; the time held so far counts now.
      if (held !== undefined) d.hookDelayMs = (d.hookDelayMs ?? 0) + (callAt - held.since);
      pause(d, cursor, pauses, callAt);
      return { kind: 'none' };
    }
    if (held === undefined) d.hookCursor = cursor + 1;
    else moveOn(cursor, held.since, callAt);
  }
}

function pause(d: SimulatedDeployment, cursor: number, count: number, since: number): void {
  d.paused = {
    cursor,
    since,
    awaiting: Array.from({ length: count }, (_, i) => pauseHookId(d.id, cursor, i)),
  };
  d.dueAt = undefined;
}

/** What ContinueServiceDeployment did to a deployment's PAUSE hook. */
export type ContinueOutcome = 'continued' | 'rollback' | 'notAwaiting';

/**
 * ContinueServiceDeployment on a deployment at `now`: `hookId` must be one of its PAUSE hooks in
 * AWAITING_ACTION ("The pause hook must be in AWAITING_ACTION status"; "The deployment must be in the
 * IN_PROGRESS state",
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/continue-service-deployment.html).
 * CONTINUE clears the hook (the deployment moves on when none awaits); ROLLBACK is for the caller to
 * play, as a failed deployment with rollback.
 */
export function continuePausedHook(
  d: SimulatedDeployment,
  hookId: string,
  action: 'CONTINUE' | 'ROLLBACK',
  now: number,
): ContinueOutcome {
  const paused = d.paused;
  if (
    d.rolloutState !== 'IN_PROGRESS' ||
    d.superseded === true ||
    paused === undefined ||
    !paused.awaiting.includes(hookId)
  )
    return 'notAwaiting';
  if (action === 'ROLLBACK') {
    d.paused = undefined;
    return 'rollback';
  }
  const awaiting = paused.awaiting.filter((id) => id !== hookId);
  d.paused = { ...paused, awaiting, ...(awaiting.length === 0 ? { continuedAt: now } : {}) };
  return 'continued';
}

/** The hooks a deployment waits on, as DescribeServiceDeployments' `lifecycleHookDetails`. */
export function lifecycleHookDetails(d: SimulatedDeployment): JsonObject[] {
  const lambdas: JsonObject[] = (d.hookHeld?.waiting ?? []).map((arn) => ({
    targetType: 'AWS_LAMBDA',
    targetArn: arn,
    status: 'IN_PROGRESS',
  }));
  const pauses: JsonObject[] = (
    d.rolloutState === 'IN_PROGRESS' && d.superseded !== true ? (d.paused?.awaiting ?? []) : []
  ).map((hookId) => ({ hookId, targetType: 'PAUSE', status: 'AWAITING_ACTION' }));
  return [...lambdas, ...pauses];
}

/** True while the deployment waits at a stage on hooks (Lambda hooks answering IN_PROGRESS, or PAUSE). */
export function heldSince(d: SimulatedDeployment): number | undefined {
  return d.hookHeld?.since ?? d.paused?.since;
}

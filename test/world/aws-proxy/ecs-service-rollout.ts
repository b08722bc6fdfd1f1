/**
 * One ECS service as the rollout simulator plays it: its deployments (PRIMARY, ACTIVE), their
 * rollout states and task counts, and the service's ACTIVE → DRAINING → INACTIVE life. Time only
 * moves when {@link ServiceRollout.advance} is called with the clock's reading, so the model is a
 * pure function of the calls it saw and the times they came at.
 *
 * What it plays, after ECS's rolling (`ECS` controller) deployments:
 * - a new deployment starts PRIMARY, IN_PROGRESS, with its tasks pending; the previous PRIMARY
 *   becomes ACTIVE and keeps its running tasks;
 * - after `rolloutMs` the PRIMARY is COMPLETED with running = desired, and the ACTIVE ones are
 *   gone (ECS drops replaced deployments from the list);
 * - a scripted failure makes it FAILED instead (failed tasks at the circuit breaker's threshold);
 *   with rollback, a new PRIMARY of the last completed task definition starts and, when it
 *   completes, the failed deployment is gone too;
 * - under BLUE_GREEN, LINEAR or CANARY (the service's `deploymentConfiguration.strategy`), a new
 *   deployment walks the lifecycle stages of `ecs-strategy-lifecycle.ts` and completes after its
 *   bake time; an armed failure happens at SCALE_UP, before traffic moved, and rolls back; its
 *   lifecycle hooks run at their stages (`ecs-lifecycle-hooks.ts`): FAILED rolls back, IN_PROGRESS waits;
 * - every deployment it started is kept as a service deployment (the latest 50), which
 *   ListServiceDeployments and DescribeServiceDeployments read (`ecs-service-deployments.ts`).
 */
import {
  canonical,
  completeDeployment,
  DEPLOYMENT_CONFIG_FIELDS,
  deploymentView,
  extrasOf,
  failDeployment,
  renderDeployment,
  startedDeployment,
  countsOf,
  type DeploymentFailure,
  type SimulatedDeployment,
} from './ecs-deployment.js';
import {
  CIRCUIT_BREAKER_EVENT_REASON,
  CIRCUIT_BREAKER_REASON,
  circuitBreakerRollbackReason,
  type ServiceRolloutView,
  type ServiceStatus,
} from './ecs-rollout-types.js';
import { serviceDeploymentDocument } from './ecs-service-deployments.js';
import {
  currentServiceRevisions,
  revisionSnapshotOf,
  serviceRevisionDocument,
  withoutRevisionOnly,
} from './ecs-service-revisions.js';
import { plannedRun, STAGES_PER_ROLLOUT } from './ecs-strategy-lifecycle.js';
import {
  deploymentLevelOf,
  keptFromCreate,
  keptFromUpdate,
  withoutDeploymentLevel,
} from './ecs-kept-fields.js';
import { isJsonObject, type JsonObject } from './json.js';
import { continuePausedHook, runDueHooks, type ContinueOutcome } from './ecs-lifecycle-hooks.js';
import { ServiceEvents } from './ecs-service-events.js';
import { updateChanges } from './ecs-update-changes.js';
import {
  firstDeployment,
  MAX_HISTORY,
  numberOr,
  stringOr,
  type RolloutStep,
  type ServiceRolloutInit,
} from './ecs-rollout-step.js';

export type { RolloutStep } from './ecs-rollout-step.js';

/**
 * The reason a deployment stopped with StopServiceDeployment ROLLBACK carries (the simulator's
 * words: ECS documents the states, "moves to the ROLLBACK_REQUESTED state, and then the rollback
 * operation starts", not the reason text).
 */
export const STOP_ROLLBACK_REASON =
  'Service deployment rolled back by StopServiceDeployment (stopType ROLLBACK).';

/**
 * The reason a deployment rolled back with ContinueServiceDeployment ROLLBACK carries (the
 * simulator's words: ECS documents the action, "rolls back the service deployment to the previous
 * service revision", not the reason text).
 */
export const CONTINUE_ROLLBACK_REASON =
  'Service deployment rolled back by ContinueServiceDeployment (action ROLLBACK).';

/** The simulated state of one ECS service. */
export class ServiceRollout {
  readonly serviceArn: string;
  readonly serviceName: string;
  readonly clusterArn: string;
  #status: ServiceStatus = 'ACTIVE';
  #desiredCount: number;
  #deployments: SimulatedDeployment[] = [];
  #drainUntil: number | undefined;
  #lastCompleted: SimulatedDeployment | undefined;
  readonly #events: ServiceEvents;
  // What moto last said, to tell a change made straight in moto (bypassing the proxy) from ours.
  #upstreamTaskDefinition: string | undefined;
  #upstreamDesiredCount: number;
  // The deployment fields as last set, canonical, to tell whether an UpdateService changes them.
  readonly #config = new Map<string, string>();
  // The service's deployment configuration as last sent (moto drops it on CreateService).
  #deploymentConfiguration: JsonObject | undefined;
  // Every deployment started, newest first: the service deployments.
  #history: SimulatedDeployment[] = [];
  // Service members ECS keeps from CreateService and UpdateService that moto's create drops.
  #kept: JsonObject = {};
  // What the next service revision records beyond its deployment (ecs-service-revisions.ts).
  #revision: JsonObject = {};

  /** Starts a model from an answer; `init.stable` decides between a fresh rollout and adoption. */
  constructor(init: ServiceRolloutInit, step: RolloutStep) {
    const { service } = init;
    this.serviceArn = stringOr(service.serviceArn, '');
    this.serviceName = stringOr(service.serviceName, '');
    this.#events = new ServiceEvents(this.serviceName);
    this.clusterArn = stringOr(service.clusterArn, '');
    this.#desiredCount = numberOr(service.desiredCount, 0);
    this.#upstreamDesiredCount = this.#desiredCount;
    this.#upstreamTaskDefinition =
      typeof service.taskDefinition === 'string' ? service.taskDefinition : undefined;
    for (const field of DEPLOYMENT_CONFIG_FIELDS) {
      const value = init.request?.[field] ?? service[field];
      this.#config.set(field, canonical(value));
    }
    const dc = init.request?.deploymentConfiguration ?? service.deploymentConfiguration;
    this.#deploymentConfiguration = isJsonObject(dc) ? dc : undefined;
    const first = firstDeployment(service);
    const id = isJsonObject(first) && typeof first.id === 'string' ? first.id : step.nextDeploymentId();
    // A created service keeps what its request set (on the service or on its first deployment);
    // an adopted one is as moto reports it.
    if (init.request !== undefined) {
      this.#kept = keptFromCreate(init.request, this.serviceArn);
      this.#revision = revisionSnapshotOf(init.request);
    }
    const extras = {
      ...extrasOf(first),
      ...(init.request === undefined ? {} : deploymentLevelOf(init.request)),
    };
    if (init.stable) {
      const deployment = this.#newDeployment(id, init.taskDefinition, extras, step.now);
      this.#deployments = [deployment];
      this.#remember(deployment);
      this.#complete(deployment, step.now);
      if (service.status === 'INACTIVE') this.#deactivate(step.now);
    } else {
      this.#deployments = [this.#newDeployment(id, init.taskDefinition, extras, step.now, step)];
      this.#remember(this.#deployments[0]);
      this.advance(step);
    }
  }

  /** The service's status: ACTIVE, DRAINING (deleted, tasks stopping) or INACTIVE. */
  get status(): ServiceStatus {
    return this.#status;
  }

  /** The raw `taskDefinition` moto last reported for the service. */
  get upstreamTaskDefinition(): string | undefined {
    return this.#upstreamTaskDefinition;
  }

  get #primary(): SimulatedDeployment | undefined {
    return this.#deployments[0];
  }

  // With a step, the deployment is due after rolloutMs (or its strategy's timeline) and takes the
  // failure armed for it.
  #newDeployment(
    id: string,
    taskDefinition: string,
    extras: JsonObject,
    now: number,
    step?: RolloutStep,
  ): SimulatedDeployment {
    const failure = step?.takeFailure();
    const { timeline, dueIn } =
      step === undefined
        ? { timeline: undefined, dueIn: undefined }
        : plannedRun(this.#deploymentConfiguration, step.rolloutMs, failure !== undefined);
    const deployment = startedDeployment({
      id,
      taskDefinition,
      desiredCount: this.#desiredCount,
      extras,
      now,
      dueAt: dueIn === undefined ? undefined : now + dueIn,
      failure,
    });
    deployment.timeline = timeline;
    deployment.source = this.#primary;
    if (this.#deploymentConfiguration !== undefined)
      deployment.deploymentConfiguration = this.#deploymentConfiguration;
    deployment.revision = this.#revision;
    return deployment;
  }

  #remember(deployment: SimulatedDeployment | undefined): void {
    if (deployment === undefined) return;
    this.#history.unshift(deployment);
    this.#history.length = Math.min(this.#history.length, MAX_HISTORY);
  }

  // Without a step (adoption) no events: nothing happened that the service would have reported.
  #complete(deployment: SimulatedDeployment, at: number, step?: RolloutStep): void {
    completeDeployment(deployment, at);
    // Replaced deployments are drained and leave the list.
    this.#deployments = this.#deployments.filter((d) => d === deployment);
    this.#lastCompleted = { ...deployment };
    if (step !== undefined) this.#events.completed(deployment.id, at, () => step.nextEventId());
  }

  #fail(deployment: SimulatedDeployment, failure: DeploymentFailure, at: number, step: RolloutStep): void {
    failDeployment(deployment, failure.reason, at);
    const byBreaker = failure.reason === CIRCUIT_BREAKER_REASON;
    // The breaker's service event says less than its rolloutStateReason; other reasons are repeated.
    const eventReason = byBreaker ? CIRCUIT_BREAKER_EVENT_REASON : failure.reason;
    this.#events.failed(deployment.id, eventReason, at, () => step.nextEventId());
    const stable = this.#lastCompleted;
    // A first deployment has nothing to roll back to: it stays FAILED, as in ECS.
    if (!failure.rollback || stable === undefined) return;
    deployment.status = 'ACTIVE';
    const rollback = this.#newDeployment(step.nextDeploymentId(), stable.taskDefinition, stable.extras, at);
    // A rollback is part of the failed service deployment, not one of its own; it replaces tasks,
    // and runs what the last successful revision recorded.
    rollback.timeline = undefined;
    rollback.revision = stable.revision;
    rollback.dueAt = at + step.rolloutMs;
    if (byBreaker) rollback.rolloutStateReason = circuitBreakerRollbackReason(stable.id);
    deployment.rollback = { reason: failure.reason, at, by: rollback };
    this.#deployments.unshift(rollback);
    this.#events.rollingBack(stable.id, at, () => step.nextEventId());
  }

  #deactivate(at: number): void {
    this.#status = 'INACTIVE';
    this.#drainUntil = undefined;
    this.#desiredCount = 0;
    this.#deployments = this.#deployments.slice(0, 1);
    for (const deployment of this.#deployments) {
      deployment.desiredCount = 0;
      deployment.runningCount = 0;
      deployment.pendingCount = 0;
      deployment.dueAt = undefined;
      deployment.updatedAt = at;
    }
  }

  /** Plays everything that falls due up to `step.now`: drains ending, rollouts completing or failing. */
  advance(step: RolloutStep): void {
    if (this.#status === 'DRAINING' && this.#drainUntil !== undefined && step.now >= this.#drainUntil) {
      this.#deactivate(this.#drainUntil);
    }
    if (this.#status !== 'ACTIVE' || step.held) return;
    for (;;) {
      const primary = this.#primary;
      if (primary?.rolloutState === 'IN_PROGRESS') {
        const hooks = runDueHooks(primary, {
          now: step.now,
          // ECS invokes a hook that answered IN_PROGRESS again after 30 s: half a configured minute.
          callbackMs: step.rolloutMs / STAGES_PER_ROLLOUT / 2,
          serviceName: this.serviceName,
          clusterArn: this.clusterArn,
          invoke: (call) => step.invokeHook(call),
        });
        if (hooks.kind === 'failed') {
          this.#fail(primary, { reason: hooks.reason, rollback: true }, hooks.at, step);
          continue;
        }
      }
      if (
        primary?.rolloutState !== 'IN_PROGRESS' ||
        primary.dueAt === undefined ||
        primary.dueAt > step.now
      ) {
        return;
      }
      const at = primary.dueAt;
      if (primary.failure === undefined) this.#complete(primary, at, step);
      else this.#fail(primary, primary.failure, at, step);
    }
  }

  /** After a hold is released: a rollout that fell due while held finishes now, not in the past. */
  release(now: number): void {
    const primary = this.#primary;
    if (primary?.dueAt !== undefined && primary.dueAt < now) primary.dueAt = now;
  }

  /** Starts a new deployment of `taskDefinition`; the current PRIMARY becomes ACTIVE. */
  #startDeployment(taskDefinition: string, extraChanges: JsonObject, step: RolloutStep): void {
    const previous = this.#primary;
    if (previous !== undefined) {
      if (previous.rolloutState === 'IN_PROGRESS') {
        previous.superseded = true;
        previous.finishedAt = step.now;
      }
      previous.status = 'ACTIVE';
      previous.dueAt = undefined;
      previous.failure = undefined;
      previous.updatedAt = step.now;
    }
    const extras = { ...(previous?.extras ?? {}), ...extraChanges };
    const next = this.#newDeployment(step.nextDeploymentId(), taskDefinition, extras, step.now, step);
    this.#deployments.unshift(next);
    this.#remember(next);
    this.advance(step);
  }

  /** Sets the desired count: the PRIMARY's too, with no new deployment. */
  #setDesiredCount(desiredCount: number, now: number): void {
    this.#desiredCount = desiredCount;
    const primary = this.#primary;
    if (primary === undefined) return;
    primary.desiredCount = desiredCount;
    primary.updatedAt = now;
    if (primary.rolloutState === 'COMPLETED') {
      primary.runningCount = desiredCount;
      primary.pendingCount = 0;
    } else if (primary.rolloutState === 'IN_PROGRESS') {
      primary.pendingCount = desiredCount;
    }
  }

  /**
   * Applies an UpdateService request moto accepted. `taskDefinition` is the request's task
   * definition, resolved to an ARN. A deployment starts when a deployment field changes or
   * `forceNewDeployment` is set; otherwise only counts move.
   */
  update(
    request: JsonObject,
    answer: JsonObject,
    taskDefinition: string | undefined,
    step: RolloutStep,
  ): void {
    // What fell due before this call happened first.
    this.advance(step);
    this.#noteUpstream(answer);
    if (this.#status !== 'ACTIVE') return;
    if (typeof request.desiredCount === 'number') this.#setDesiredCount(request.desiredCount, step.now);
    // A new strategy applies from the next deployment; it starts none by itself.
    if (isJsonObject(request.deploymentConfiguration))
      this.#deploymentConfiguration = request.deploymentConfiguration;
    this.#kept = { ...this.#kept, ...keptFromUpdate(request) };
    this.#revision = { ...this.#revision, ...revisionSnapshotOf(request) };
    const primary = this.#primary;
    const { changed, extraChanges } = updateChanges(request, this.#config, primary, taskDefinition);
    if (changed) {
      this.#startDeployment(taskDefinition ?? primary?.taskDefinition ?? '', extraChanges, step);
    } else {
      this.advance(step);
    }
  }

  /**
   * Follows a DescribeServices answer: moto's word wins for changes made straight in moto (a
   * deleted service, another desiredCount, another task definition, which starts a deployment).
   * `taskDefinition` is moto's task definition resolved to an ARN, given when it changed.
   */
  follow(answer: JsonObject, taskDefinition: string | undefined, step: RolloutStep): void {
    this.advance(step);
    if (this.#status === 'ACTIVE' && answer.status === 'INACTIVE') this.#deactivate(step.now);
    if (this.#status === 'ACTIVE') {
      const desired = answer.desiredCount;
      if (typeof desired === 'number' && desired !== this.#upstreamDesiredCount) {
        this.#setDesiredCount(desired, step.now);
      }
      if (
        answer.taskDefinition !== this.#upstreamTaskDefinition &&
        taskDefinition !== undefined &&
        taskDefinition !== this.#primary?.taskDefinition
      ) {
        this.#startDeployment(taskDefinition, {}, step);
      }
    }
    this.#noteUpstream(answer);
    this.advance(step);
  }

  #noteUpstream(answer: JsonObject): void {
    if (typeof answer.taskDefinition === 'string') this.#upstreamTaskDefinition = answer.taskDefinition;
    if (typeof answer.desiredCount === 'number') this.#upstreamDesiredCount = answer.desiredCount;
  }

  /** DeleteService: DRAINING for `drainMs`, then INACTIVE. Rollouts stop where they are. */
  delete(step: RolloutStep): void {
    if (this.#status !== 'ACTIVE') return;
    this.advance(step);
    this.#status = 'DRAINING';
    this.#drainUntil = step.now + step.drainMs;
    this.#desiredCount = 0;
    for (const deployment of this.#deployments) {
      deployment.dueAt = undefined;
      deployment.pendingCount = 0;
    }
    this.advance(step);
  }

  /**
   * StopServiceDeployment with ROLLBACK of the service deployment whose ARN ends in `tail`
   * (stop-service-deployment.html): one IN_PROGRESS (PENDING here) rolls back to the revision that
   * last completed, as a failed deployment with rollback does; one already rolling back "continues
   * the rollback operation". Anything else is not stoppable; `undefined`: no such deployment.
   */
  stopDeployment(tail: string, step: RolloutStep): 'rollingBack' | 'notStoppable' | undefined {
    this.advance(step);
    const d = this.#history.find((h) => h.id.slice(h.id.lastIndexOf('/') + 1) === tail);
    if (d === undefined) return undefined;
    if (
      d.rolloutState === 'FAILED' &&
      d.rollback !== undefined &&
      d.rollback.by.rolloutState === 'IN_PROGRESS'
    )
      return 'rollingBack';
    if (d !== this.#primary || d.rolloutState !== 'IN_PROGRESS' || this.#status !== 'ACTIVE')
      return 'notStoppable';
    this.#fail(d, { reason: STOP_ROLLBACK_REASON, rollback: true }, step.now, step);
    return 'rollingBack';
  }

  /**
   * ContinueServiceDeployment on the service deployment whose ARN ends in `tail`
   * (continue-service-deployment.html): CONTINUE lets a deployment paused at a PAUSE hook move on to
   * its next stage; ROLLBACK "rolls back the service deployment to the previous service revision", as
   * a failed deployment with rollback does. `undefined`: no such deployment; 'notAwaiting': the hook
   * is not one of its PAUSE hooks in AWAITING_ACTION, or it is not IN_PROGRESS.
   */
  continueDeployment(
    tail: string,
    hookId: string,
    action: 'CONTINUE' | 'ROLLBACK',
    step: RolloutStep,
  ): ContinueOutcome | undefined {
    this.advance(step);
    const d = this.#history.find((h) => h.id.slice(h.id.lastIndexOf('/') + 1) === tail);
    if (d === undefined) return undefined;
    if (d !== this.#primary || this.#status !== 'ACTIVE') return 'notAwaiting';
    const outcome = continuePausedHook(d, hookId, action, step.now);
    if (outcome === 'rollback') {
      this.#fail(d, { reason: CONTINUE_ROLLBACK_REASON, rollback: true }, step.now, step);
    }
    this.advance(step);
    return outcome;
  }

  /** Every service revision remembered or running, as DescribeServiceRevisions shows it. */
  serviceRevisions(epoch: (t: number) => number): JsonObject[] {
    const svc = { serviceArn: this.serviceArn, serviceName: this.serviceName, clusterArn: this.clusterArn };
    const all = new Set([...this.#deployments, ...this.#history]);
    return [...all].map((d) => serviceRevisionDocument(d, svc, epoch));
  }

  /** Every service deployment remembered, newest first, as DescribeServiceDeployments shows it. */
  serviceDeployments(now: number, epoch: (t: number) => number): JsonObject[] {
    const svc = { serviceArn: this.serviceArn, serviceName: this.serviceName, clusterArn: this.clusterArn };
    return this.#history.map((d) => serviceDeploymentDocument(d, svc, now, epoch));
  }

  /** The model as plain data, for assertions. */
  view(epoch: (t: number) => number, held: boolean): ServiceRolloutView {
    return {
      serviceArn: this.serviceArn,
      serviceName: this.serviceName,
      clusterArn: this.clusterArn,
      status: this.#status,
      taskDefinition: this.#primary?.taskDefinition ?? '',
      ...countsOf(this.#deployments, this.#desiredCount),
      held,
      deployments: this.#deployments.map((d) => deploymentView(d, epoch)),
    };
  }

  /** `service` (an ECS Service document from moto) with the model's status, counts, deployments and events. */
  render(service: JsonObject, epoch: (t: number) => number): JsonObject {
    const primary = this.#primary;
    const svc = { serviceArn: this.serviceArn, serviceName: this.serviceName, clusterArn: this.clusterArn };
    return {
      ...withoutRevisionOnly(withoutDeploymentLevel(service)),
      ...this.#kept,
      status: this.#status,
      ...countsOf(this.#deployments, this.#desiredCount),
      ...(primary === undefined ? {} : { taskDefinition: primary.taskDefinition }),
      ...(this.#deploymentConfiguration === undefined
        ? {}
        : { deploymentConfiguration: this.#deploymentConfiguration }),
      deployments: this.#deployments.map((d) => renderDeployment(d, epoch)),
      currentServiceRevisions: currentServiceRevisions(this.#deployments, svc),
      events: this.#events.render(epoch),
    };
  }
}

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
 *   bake time; an armed failure happens at SCALE_UP, before traffic moved, and rolls back;
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
  type DeploymentFailure,
  type SimulatedDeployment,
} from './ecs-deployment.js';
import type { ServiceRolloutView, ServiceStatus } from './ecs-rollout-types.js';
import { serviceDeploymentDocument } from './ecs-service-deployments.js';
import { failureOffset, lifecycleTimeline } from './ecs-strategy-lifecycle.js';
import {
  deploymentLevelOf,
  keptFromCreate,
  keptFromUpdate,
  withoutDeploymentLevel,
} from './ecs-kept-fields.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** What a model needs from its simulator for one step: the time and the dice. */
export interface RolloutStep {
  /** The clock's reading, in milliseconds. */
  readonly now: number;
  readonly rolloutMs: number;
  readonly drainMs: number;
  /** True while a hold keeps this service's rollouts from finishing. */
  readonly held: boolean;
  /** A fresh `ecs-svc/<digits>` id. */
  nextDeploymentId(): string;
  /** Takes the failure armed for this service's next new deployment, if any. */
  takeFailure(): DeploymentFailure | undefined;
  /** A fresh service event id. */
  nextEventId(): string;
}

// ECS keeps the latest 100 service events.
const MAX_EVENTS = 100;
// Service deployments the model remembers per service (enough for any test; ECS keeps more).
const MAX_HISTORY = 50;
// In the test world a lifecycle stage lasts a tenth of a rollout, and so does a configured minute.
const STAGES_PER_ROLLOUT = 10;

interface ServiceEvent {
  readonly id: string;
  readonly at: number;
  readonly message: string;
}

function numberOr(value: JsonValue | undefined, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function stringOr(value: JsonValue | undefined, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function firstDeployment(service: JsonObject): JsonValue | undefined {
  return Array.isArray(service.deployments) ? service.deployments[0] : undefined;
}

/** How a model starts: from a CreateService answer, or adopted as stable from any answer. */
interface ServiceRolloutInit {
  readonly service: JsonObject;
  /** The resolved task definition ARN of the first deployment. */
  readonly taskDefinition: string;
  /** The CreateService request, whose deployment fields moto may not echo. */
  readonly request?: JsonObject;
  /** True: adopted as stable (PRIMARY COMPLETED); false: a fresh rollout (IN_PROGRESS). */
  readonly stable: boolean;
}

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
  #events: ServiceEvent[] = [];
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

  /** Starts a model from an answer; `init.stable` decides between a fresh rollout and adoption. */
  constructor(init: ServiceRolloutInit, step: RolloutStep) {
    const { service } = init;
    this.serviceArn = stringOr(service.serviceArn, '');
    this.serviceName = stringOr(service.serviceName, '');
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
    if (init.request !== undefined) this.#kept = keptFromCreate(init.request, this.serviceArn);
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
    const unit = (step?.rolloutMs ?? 0) / STAGES_PER_ROLLOUT;
    const timeline =
      step === undefined ? undefined : lifecycleTimeline(this.#deploymentConfiguration, unit, unit);
    const dueIn =
      step === undefined
        ? undefined
        : timeline === undefined
          ? step.rolloutMs
          : failure === undefined
            ? timeline.total
            : failureOffset(timeline);
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
    return deployment;
  }

  #remember(deployment: SimulatedDeployment | undefined): void {
    if (deployment === undefined) return;
    this.#history.unshift(deployment);
    this.#history.length = Math.min(this.#history.length, MAX_HISTORY);
  }

  #event(at: number, message: string, step: RolloutStep): void {
    this.#events.unshift({ id: step.nextEventId(), at, message });
    this.#events.length = Math.min(this.#events.length, MAX_EVENTS);
  }

  // Without a step (adoption) no events: nothing happened that the service would have reported.
  #complete(deployment: SimulatedDeployment, at: number, step?: RolloutStep): void {
    completeDeployment(deployment, at);
    // Replaced deployments are drained and leave the list.
    this.#deployments = this.#deployments.filter((d) => d === deployment);
    this.#lastCompleted = { ...deployment };
    if (step !== undefined) {
      this.#event(
        at,
        `(service ${this.serviceName}) (deployment ${deployment.id}) deployment completed.`,
        step,
      );
      this.#event(at, `(service ${this.serviceName}) has reached a steady state.`, step);
    }
  }

  #fail(deployment: SimulatedDeployment, failure: DeploymentFailure, at: number, step: RolloutStep): void {
    failDeployment(deployment, failure.reason, at);
    this.#event(
      at,
      `(service ${this.serviceName}) (deployment ${deployment.id}) deployment failed: ${failure.reason}`,
      step,
    );
    const stable = this.#lastCompleted;
    // A first deployment has nothing to roll back to: it stays FAILED, as in ECS.
    if (!failure.rollback || stable === undefined) return;
    deployment.status = 'ACTIVE';
    const rollback = this.#newDeployment(step.nextDeploymentId(), stable.taskDefinition, stable.extras, at);
    // A rollback is part of the failed service deployment, not one of its own; it replaces tasks.
    rollback.timeline = undefined;
    rollback.dueAt = at + step.rolloutMs;
    deployment.rollback = { reason: failure.reason, at, by: rollback };
    this.#deployments.unshift(rollback);
    this.#event(at, `(service ${this.serviceName}) rolling back to deployment ${stable.id}.`, step);
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
    const primary = this.#primary;
    let changed = request.forceNewDeployment === true;
    if (taskDefinition !== undefined && taskDefinition !== primary?.taskDefinition) changed = true;
    const extraChanges: JsonObject = {};
    for (const field of DEPLOYMENT_CONFIG_FIELDS) {
      const value = request[field];
      if (value === undefined) continue;
      const text = canonical(value);
      if (text !== this.#config.get(field)) changed = true;
      this.#config.set(field, text);
      // The deployment carries these; the others belong to the service.
      if (field !== 'loadBalancers' && field !== 'serviceRegistries') extraChanges[field] = value;
    }
    // VPC Lattice is reported on the deployment too; a change of it alone starts none here (it is
    // not on ECS's list of fields that do), so the PRIMARY carries the new value.
    const lattice = deploymentLevelOf(request).vpcLatticeConfigurations;
    if (lattice !== undefined) {
      extraChanges.vpcLatticeConfigurations = lattice;
      if (!changed && primary !== undefined)
        primary.extras = { ...primary.extras, vpcLatticeConfigurations: lattice };
    }
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

  #counts(): { desiredCount: number; runningCount: number; pendingCount: number } {
    const sum = (pick: (d: SimulatedDeployment) => number) =>
      this.#deployments.reduce((n, d) => n + pick(d), 0);
    return {
      desiredCount: this.#desiredCount,
      runningCount: sum((d) => d.runningCount),
      pendingCount: sum((d) => d.pendingCount),
    };
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
      ...this.#counts(),
      held,
      deployments: this.#deployments.map((d) => deploymentView(d, epoch)),
    };
  }

  /** `service` (an ECS Service document from moto) with the model's status, counts, deployments and events. */
  render(service: JsonObject, epoch: (t: number) => number): JsonObject {
    const primary = this.#primary;
    return {
      ...withoutDeploymentLevel(service),
      ...this.#kept,
      status: this.#status,
      ...this.#counts(),
      ...(primary === undefined ? {} : { taskDefinition: primary.taskDefinition }),
      ...(this.#deploymentConfiguration === undefined
        ? {}
        : { deploymentConfiguration: this.#deploymentConfiguration }),
      deployments: this.#deployments.map((d) => renderDeployment(d, epoch)),
      events: this.#events.map((e) => ({ id: e.id, createdAt: epoch(e.at), message: e.message })),
    };
  }
}

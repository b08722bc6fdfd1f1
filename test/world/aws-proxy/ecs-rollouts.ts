/**
 * The rollout simulator: plays ECS rolling deployments that moto does not. moto makes one PRIMARY
 * deployment at CreateService that never completes (the world runs it with
 * `MOTO_ECS_SERVICE_RUNNING=0`), makes no deployment on UpdateService, and deletes straight to
 * INACTIVE. The proxy hands the simulator moto's 2xx answers to CreateService, UpdateService,
 * DeleteService and DescribeServices; it keeps a model per service ARN ({@link ServiceRollout})
 * and rewrites each service in the answer with the model's status, counts, task definition,
 * deployments and events. Every other field moto sent is kept, and the proxy's `patch` rules apply
 * afterwards, so a test can still script any answer by hand.
 *
 * Tests script what cannot happen on its own: {@link EcsRolloutSimulator.failNext} (the next new
 * deployment of a service fails, with or without rollback), {@link EcsRolloutSimulator.hold} and
 * {@link EcsRolloutSimulator.release} (a rollout stays IN_PROGRESS as long as the test wants).
 */
import { randomInt, randomUUID } from 'node:crypto';
import {
  CIRCUIT_BREAKER_REASON,
  clusterNameOf,
  DEFAULT_ROLLOUTS_CONFIG,
  selectorMatches,
  type ResolvedRolloutsConfig,
  type RolloutFailureSpec,
  type RolloutsConfig,
  type RolloutSelector,
  type RolloutsState,
} from './ecs-rollout-types.js';
import { ServiceRollout } from './ecs-service-rollout.js';
import type { RolloutStep } from './ecs-rollout-step.js';
import { LifecycleHookScript, type HookAnswerSpec, type HookInvocation } from './ecs-lifecycle-hooks.js';
import { describeServiceRevisions } from './ecs-service-revisions.js';
import { briefOf } from './ecs-service-deployments.js';
import {
  ANSWERED_ECS_ACTIONS,
  isSimulatable,
  LIST_DEFAULT_MAX,
  LIST_MAX,
  SIMULATED_ECS_ACTIONS,
  type SimulatorAnswer,
  type TaskDefinitionResolver,
} from './ecs-simulated-actions.js';

export {
  ANSWERED_ECS_ACTIONS,
  SIMULATED_ECS_ACTIONS,
  type SimulatorAnswer,
  type TaskDefinitionResolver,
} from './ecs-simulated-actions.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { Clock } from '../../../src/shared/clock.js';

/** ECS's description of ServiceNotFoundException, which the simulator answers as its message. */
export const SERVICE_NOT_FOUND_MESSAGE =
  "The specified service wasn't found. You can view your available services with ListServices. Amazon ECS services are cluster specific and Region specific.";

/** Options for {@link EcsRolloutSimulator}. */
export interface EcsRolloutSimulatorOptions {
  /** Monotonic clock that schedules rollouts and drains (the proxy's injectable clock). */
  readonly clock: Clock;
  /** Wall clock in epoch milliseconds, read once to date deployments (default `Date.now`). */
  readonly now?: () => number;
  /** Initial configuration; `reset` returns to it. */
  readonly config?: RolloutsConfig;
}

function assertConfig(config: RolloutsConfig): void {
  for (const field of ['rolloutMs', 'drainMs'] as const) {
    const value = config[field];
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new RangeError(`${field} must be a finite number of milliseconds, 0 or more`);
    }
  }
}

function textOf(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

const FAMILY_REVISION = /^[A-Za-z0-9_-]+:\d+$/;

/** The simulator's state and scripts; one per proxy. */
export class EcsRolloutSimulator {
  readonly #clock: Clock;
  readonly #epochBase: number;
  readonly #clockBase: number;
  readonly #initial: ResolvedRolloutsConfig;
  #config: ResolvedRolloutsConfig;
  readonly #models = new Map<string, ServiceRollout>();
  #holds: RolloutSelector[] = [];
  #failures: RolloutFailureSpec[] = [];
  readonly #hooks = new LifecycleHookScript();
  // Deployment ids look like ECS's (`ecs-svc/` and 19 digits) and stay unique across resets.
  readonly #idBase = String(randomInt(1_000_000_000_000, 9_999_999_999_999));
  #idCounter = 0;

  constructor(options: EcsRolloutSimulatorOptions) {
    assertConfig(options.config ?? {});
    this.#clock = options.clock;
    this.#clockBase = options.clock.now();
    this.#epochBase = (options.now ?? Date.now)();
    this.#initial = { ...DEFAULT_ROLLOUTS_CONFIG, ...options.config };
    this.#config = this.#initial;
  }

  /** True when the simulator is on and answers this action itself (moto has no such API). */
  answers(service: string, action: string): boolean {
    return this.#config.enabled && service === 'ecs' && ANSWERED_ECS_ACTIONS.has(action);
  }

  #find(service: JsonValue | undefined, cluster: JsonValue | undefined): ServiceRollout | undefined {
    if (typeof service !== 'string') return undefined;
    const clusterName = clusterNameOf(typeof cluster === 'string' ? cluster : 'default');
    for (const model of this.#models.values()) {
      if (model.serviceArn === service) return model;
      if (model.serviceName === service && clusterNameOf(model.clusterArn) === clusterName) return model;
    }
    return undefined;
  }

  /** Answers one of {@link ANSWERED_ECS_ACTIONS} from the model, as ECS would. */
  answer(action: string, request: JsonValue | undefined): SimulatorAnswer {
    const params = isJsonObject(request) ? request : {};
    this.#advanceAll();
    const now = this.#clock.now();
    if (action === 'ListServiceDeployments') {
      const model = this.#find(params.service, params.cluster);
      if (model === undefined) {
        return {
          status: 400,
          // ECS's words for the error (API_ListServiceDeployments.html#API_ListServiceDeployments_Errors).
          body: { __type: 'ServiceNotFoundException', message: SERVICE_NOT_FOUND_MESSAGE },
        };
      }
      const wanted = Array.isArray(params.status) ? params.status.filter((x) => typeof x === 'string') : [];
      const all = model
        .serviceDeployments(now, this.#epoch)
        .filter((d) => wanted.length === 0 || wanted.includes(d.status as string));
      const max =
        typeof params.maxResults === 'number' ? Math.min(params.maxResults, LIST_MAX) : LIST_DEFAULT_MAX;
      const start = typeof params.nextToken === 'string' ? Number.parseInt(params.nextToken, 10) || 0 : 0;
      const page = all.slice(start, start + max);
      return {
        status: 200,
        body: {
          serviceDeployments: page.map(briefOf),
          ...(start + max < all.length ? { nextToken: String(start + max) } : {}),
        },
      };
    }
    if (action === 'DescribeServiceRevisions') {
      const arns = Array.isArray(params.serviceRevisionArns)
        ? params.serviceRevisionArns.filter((x): x is string => typeof x === 'string')
        : [];
      const byArn = new Map<string, JsonObject>();
      for (const model of this.#models.values())
        for (const doc of model.serviceRevisions(this.#epoch))
          byArn.set(doc.serviceRevisionArn as string, doc);
      return describeServiceRevisions(arns, byArn);
    }
    if (action === 'StopServiceDeployment') return this.#stop(params);
    if (action === 'ContinueServiceDeployment') return this.#continue(params);
    // DescribeServiceDeployments: found ones in the order asked, the others as MISSING failures.
    const arns = Array.isArray(params.serviceDeploymentArns)
      ? params.serviceDeploymentArns.filter((x): x is string => typeof x === 'string')
      : [];
    const byArn = new Map<string, JsonObject>();
    for (const model of this.#models.values()) {
      for (const doc of model.serviceDeployments(now, this.#epoch)) {
        byArn.set(doc.serviceDeploymentArn as string, doc);
      }
    }
    const found = arns.flatMap((arn) => byArn.get(arn) ?? []);
    const failures = arns.filter((arn) => !byArn.has(arn)).map((arn) => ({ arn, reason: 'MISSING' }));
    return { status: 200, body: { serviceDeployments: found, failures } };
  }

  /**
   * StopServiceDeployment (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html):
   * stopType "The valid values are ROLLBACK" (absent is taken as ROLLBACK, the only one); an unknown
   * ARN is ServiceDeploymentNotFoundException; a deployment that is over is ConflictException ("The
   * request could not be processed because of conflict in the current state of the resource").
   */
  #stop(params: JsonObject): SimulatorAnswer {
    const arn = params.serviceDeploymentArn;
    if (params.stopType !== undefined && params.stopType !== 'ROLLBACK') {
      return {
        status: 400,
        body: { __type: 'InvalidParameterException', message: 'The valid values are ROLLBACK.' },
      };
    }
    // arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<id>
    const parts =
      typeof arn === 'string' ? /:service-deployment\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(arn) : null;
    const model = parts === null ? undefined : this.#find(parts[2], parts[1]);
    const outcome =
      model === undefined || parts === null
        ? undefined
        : model.stopDeployment(parts[3] ?? '', this.#stepFor(model));
    if (outcome === undefined) {
      return {
        status: 400,
        body: {
          __type: 'ServiceDeploymentNotFoundException',
          message:
            "The service deploy ARN that you specified in the StopServiceDeployment doesn't exist. You can use ListServiceDeployments to retrieve the service deployment ARNs.",
        },
      };
    }
    if (outcome === 'notStoppable') {
      return {
        status: 400,
        body: {
          __type: 'ConflictException',
          message:
            'The request could not be processed because of conflict in the current state of the resource.',
        },
      };
    }
    return { status: 200, body: { serviceDeploymentArn: arn as string } };
  }

  /**
   * ContinueServiceDeployment (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContinueServiceDeployment.html):
   * `action` ROLLBACK or CONTINUE ("If no value is specified, the default action is CONTINUE");
   * `hookId` "The ID of the paused lifecycle hook to act on"; an unknown ARN is
   * ServiceDeploymentNotFoundException; a hook not in AWAITING_ACTION or a deployment not IN_PROGRESS
   * ("The pause hook must be in AWAITING_ACTION status", "The deployment must be in the IN_PROGRESS
   * state", continue-service-deployment.html) is InvalidParameterException, the operation's error for
   * a parameter that is not valid (its model lists no ConflictException). Answers `serviceDeploymentArn`.
   */
  #continue(params: JsonObject): SimulatorAnswer {
    const invalid = (message: string): SimulatorAnswer => ({
      status: 400,
      body: { __type: 'InvalidParameterException', message },
    });
    const { serviceDeploymentArn: arn, hookId } = params;
    const action = params.action ?? 'CONTINUE';
    if (action !== 'CONTINUE' && action !== 'ROLLBACK')
      return invalid('action must be ROLLBACK or CONTINUE.');
    if (typeof hookId !== 'string' || hookId === '')
      return invalid('The ID of the paused lifecycle hook to act on (hookId) is required.');
    const parts =
      typeof arn === 'string' ? /:service-deployment\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(arn) : null;
    const model = parts === null ? undefined : this.#find(parts[2], parts[1]);
    const outcome =
      model === undefined || parts === null
        ? undefined
        : model.continueDeployment(parts[3] ?? '', hookId, action, this.#stepFor(model));
    if (outcome === undefined) {
      return {
        status: 400,
        body: {
          __type: 'ServiceDeploymentNotFoundException',
          message:
            "The service deploy ARN that you specified in the ContinueServiceDeployment doesn't exist. You can use ListServiceDeployments to retrieve the service deployment ARNs.",
        },
      };
    }
    if (outcome === 'notAwaiting')
      return invalid(
        'The pause hook must be in AWAITING_ACTION status. The deployment must be in the IN_PROGRESS state.',
      );
    return { status: 200, body: { serviceDeploymentArn: arn as string } };
  }

  /** True when the simulator is on and rewrites answers to this action. */
  simulates(service: string, action: string): boolean {
    return this.#config.enabled && service === 'ecs' && SIMULATED_ECS_ACTIONS.has(action);
  }

  readonly #epoch = (t: number): number => Math.round(this.#epochBase + (t - this.#clockBase)) / 1000;

  #isHeld(serviceName: string, clusterArn: string): boolean {
    return this.#holds.some((hold) => selectorMatches(hold, serviceName, clusterArn));
  }

  #step(serviceName: string, clusterArn: string): RolloutStep {
    return {
      now: this.#clock.now(),
      rolloutMs: this.#config.rolloutMs,
      drainMs: this.#config.drainMs,
      held: this.#isHeld(serviceName, clusterArn),
      nextDeploymentId: () => {
        this.#idCounter += 1;
        return `ecs-svc/${this.#idBase}${String(this.#idCounter).padStart(6, '0')}`;
      },
      takeFailure: () => {
        const index = this.#failures.findIndex((f) => selectorMatches(f, serviceName, clusterArn));
        if (index === -1) return undefined;
        const [failure] = this.#failures.splice(index, 1);
        return failure === undefined
          ? undefined
          : { reason: failure.reason ?? CIRCUIT_BREAKER_REASON, rollback: failure.rollback };
      },
      nextEventId: () => randomUUID(),
      invokeHook: ({ at, ...call }) => this.#hooks.invoke({ ...call, invokedAt: this.#epoch(at) }),
    };
  }

  #stepFor(model: ServiceRollout): RolloutStep {
    return this.#step(model.serviceName, model.clusterArn);
  }

  #advanceAll(): void {
    for (const model of this.#models.values()) model.advance(this.#stepFor(model));
  }

  async #resolve(
    reference: JsonValue | undefined,
    serviceArn: string,
    resolver: TaskDefinitionResolver | undefined,
  ): Promise<string | undefined> {
    if (typeof reference !== 'string' || reference === '') return undefined;
    if (reference.startsWith('arn:')) return reference;
    // arn:aws:ecs:<region>:<account>:service/... → arn:aws:ecs:<region>:<account>:task-definition/<ref>
    const cut = serviceArn.indexOf(':service/');
    if (FAMILY_REVISION.test(reference) && cut > 0) {
      return `${serviceArn.slice(0, cut)}:task-definition/${reference}`;
    }
    return (await resolver?.(reference)) ?? reference;
  }

  /** The model of an answered service; none when it is new or was created again straight in moto. */
  #current(service: JsonObject): ServiceRollout | undefined {
    const model = this.#models.get(service.serviceArn as string);
    // Gone in the model while moto says ACTIVE: created again without the proxy seeing it.
    if (model !== undefined && model.status !== 'ACTIVE' && service.status === 'ACTIVE') return undefined;
    return model;
  }

  #adopt(service: JsonObject, taskDefinition: string | undefined): ServiceRollout {
    const model = new ServiceRollout(
      { service, taskDefinition: taskDefinition ?? '', stable: true },
      this.#step(textOf(service.serviceName), textOf(service.clusterArn)),
    );
    this.#models.set(model.serviceArn, model);
    return model;
  }

  /**
   * Rewrites moto's 2xx answer to one of {@link SIMULATED_ECS_ACTIONS}, updating the model from the
   * request and the answer. Resolves the new document, or `undefined` when nothing in it is
   * simulated (an answer without a service ARN, a CODE_DEPLOY service, the simulator off).
   */
  async rewrite(
    action: string,
    request: JsonValue | undefined,
    answer: JsonValue,
    resolver?: TaskDefinitionResolver,
  ): Promise<JsonValue | undefined> {
    if (!this.simulates('ecs', action) || !isJsonObject(answer)) return undefined;
    const params = isJsonObject(request) ? request : {};
    if (action === 'DescribeServices') return this.#describe(answer, resolver);
    const service = answer.service;
    if (!isSimulatable(service)) return undefined;
    const arn = service.serviceArn as string;
    switch (action) {
      case 'CreateService': {
        const taskDefinition = await this.#resolve(service.taskDefinition, arn, resolver);
        const model = new ServiceRollout(
          { service, taskDefinition: taskDefinition ?? '', request: params, stable: false },
          this.#step(textOf(service.serviceName), textOf(service.clusterArn)),
        );
        // moto replaces a service created again under the same name; so does the model.
        this.#models.set(arn, model);
        return { ...answer, service: model.render(service, this.#epoch) };
      }
      case 'UpdateService': {
        const first = Array.isArray(service.deployments) ? service.deployments[0] : undefined;
        const before = isJsonObject(first) ? first.taskDefinition : service.taskDefinition;
        const known = this.#current(service) !== undefined;
        const [requested, adopted] = await Promise.all([
          this.#resolve(params.taskDefinition, arn, resolver),
          known ? undefined : this.#resolve(before, arn, resolver),
        ]);
        const model = this.#current(service) ?? this.#adopt(service, adopted);
        model.update(params, service, requested, this.#stepFor(model));
        return { ...answer, service: model.render(service, this.#epoch) };
      }
      case 'DeleteService': {
        const adopted = this.#models.has(arn)
          ? undefined
          : await this.#resolve(service.taskDefinition, arn, resolver);
        const model = this.#models.get(arn) ?? this.#adopt({ ...service, status: 'ACTIVE' }, adopted);
        model.delete(this.#stepFor(model));
        return { ...answer, service: model.render(service, this.#epoch) };
      }
      default:
        return undefined;
    }
  }

  async #describe(
    answer: JsonObject,
    resolver: TaskDefinitionResolver | undefined,
  ): Promise<JsonValue | undefined> {
    if (!Array.isArray(answer.services)) return undefined;
    const services = answer.services;
    // Resolve first (it may ask the upstream), then change the model without awaiting in between.
    const resolved = await Promise.all(
      services.map(async (service) => {
        if (!isSimulatable(service)) return undefined;
        const model = this.#current(service);
        if (model !== undefined && model.upstreamTaskDefinition === service.taskDefinition) return undefined;
        return this.#resolve(service.taskDefinition, service.serviceArn as string, resolver);
      }),
    );
    let changed = false;
    const rewritten = services.map((service, index) => {
      if (!isSimulatable(service)) return service;
      changed = true;
      let model = this.#current(service);
      if (model === undefined) {
        model = this.#adopt(service, resolved[index]);
      } else {
        model.follow(service, resolved[index], this.#stepFor(model));
      }
      return model.render(service, this.#epoch);
    });
    return changed ? { ...answer, services: rewritten } : undefined;
  }

  /** Configuration, holds, armed failures and every modelled service, as of now. */
  state(): RolloutsState {
    this.#advanceAll();
    return {
      ...this.#config,
      holds: this.#holds.map((h) => ({ ...h })),
      armedFailures: this.#failures.map((f) => ({ ...f })),
      services: [...this.#models.values()].map((model) =>
        model.view(this.#epoch, this.#isHeld(model.serviceName, model.clusterArn)),
      ),
    };
  }

  /** Changes the configuration; new timings apply to rollouts and drains that start from now on. */
  configure(change: RolloutsConfig): RolloutsState {
    assertConfig(change);
    this.#advanceAll();
    this.#config = { ...this.#config, ...change };
    // Switched off, the model goes stale at once; switched on again, services are adopted afresh.
    if (!this.#config.enabled) this.#models.clear();
    return this.state();
  }

  /** Arms a failure for the next new deployment of the selected service (failures queue up). */
  failNext(spec: RolloutFailureSpec): void {
    this.#failures.push({ ...spec });
  }

  /** Scripts how the selected service's lifecycle hooks answer from now on (SUCCEEDED unscripted). */
  answerHooks(spec: HookAnswerSpec): void {
    this.#advanceAll();
    this.#hooks.script(spec);
  }

  /** Every lifecycle hook invocation played so far, oldest first. */
  hookInvocations(): HookInvocation[] {
    this.#advanceAll();
    return this.#hooks.invocations();
  }

  /** Keeps the selected services' rollouts IN_PROGRESS (and failures unplayed) until released. */
  hold(selector: RolloutSelector): void {
    // What fell due before the hold has happened.
    this.#advanceAll();
    this.#holds.push({ ...selector });
  }

  /**
   * Lifts holds: all when no selector is given; otherwise those on the service name, in the
   * selector's cluster or in no particular cluster. A rollout that fell due while held finishes now.
   */
  release(selector?: RolloutSelector): void {
    this.#advanceAll();
    this.#holds = this.#holds.filter(
      (hold) =>
        selector !== undefined &&
        (hold.serviceName !== selector.serviceName ||
          (selector.cluster !== undefined &&
            hold.cluster !== undefined &&
            clusterNameOf(hold.cluster) !== clusterNameOf(selector.cluster))),
    );
    const now = this.#clock.now();
    for (const model of this.#models.values()) {
      if (!this.#isHeld(model.serviceName, model.clusterArn)) model.release(now);
    }
    this.#advanceAll();
  }

  /** Forgets every modelled service (moto was reset); holds, failures and configuration stay. */
  clearModel(): void {
    this.#models.clear();
  }

  /** Back to the start: configuration as at construction, no model, no holds, no armed failures. */
  reset(): void {
    this.#config = this.#initial;
    this.#models.clear();
    this.#holds = [];
    this.#failures = [];
    this.#hooks.reset();
  }
}

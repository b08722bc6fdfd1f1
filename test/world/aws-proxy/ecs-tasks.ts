/**
 * Plays the lifecycle of ECS tasks that moto does not: moto's RunTask ignores `clientToken` and its
 * tasks stay RUNNING for ever. Calls still reach moto (it checks the cluster and task definition
 * and makes the task ARNs); this rewrites its answers from a model of every task RunTask started
 * through the proxy.
 *
 * - RunTask with a `clientToken` already seen in the same cluster and the same parameters answers
 *   the original result without calling moto; the same token with other parameters answers
 *   ConflictException. Tokens are kept 24 hours.
 *   https://docs.aws.amazon.com/AmazonECS/latest/APIReference/ECS_Idempotency.html (RunTask)
 * - A task moves PROVISIONING → PENDING → RUNNING → STOPPED on the proxy's clock, then reports the
 *   stop code, reason and container exit codes a test scripted (default: exit 0,
 *   EssentialContainerExited). Dates as ECS gives them (createdAt, startedAt, stoppingAt,
 *   stoppedAt, executionStoppedAt; epoch seconds in awsJson1_1).
 *   https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html
 *   https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html
 * - StopTask stops the task at once with `stopCode: UserInitiated` and the caller's reason
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopTask.html).
 * - ListTasks answers by `desiredStatus` (RUNNING by default; STOPPED lists stopped tasks) with
 *   the `cluster`, `startedBy` and `family` filters
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTasks.html).
 * - A stopped task is forgotten `stoppedRetentionMs` after it stopped (default one hour): ListTasks
 *   no longer lists it and DescribeTasks answers it as a failure with reason MISSING. "Currently,
 *   stopped tasks appear in the returned results for at least one hour"
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html); a test
 *   shortens it to see what a run does once ECS forgot its tasks.
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';
import type { Clock } from '../../../src/shared/clock.js';

/** Timing of the lifecycle and the switch. */
export interface TaskLifecyclesConfig {
  /** Off: moto's answers pass unchanged and the model is forgotten. Default on. */
  readonly enabled?: boolean;
  /** Milliseconds in PROVISIONING (default 200). */
  readonly provisioningMs?: number;
  /** Milliseconds in PENDING (default 200). */
  readonly pendingMs?: number;
  /** Milliseconds in RUNNING before the essential container exits (default 1000). */
  readonly runningMs?: number;
  /** Milliseconds a stopped task stays visible to ListTasks and DescribeTasks (default one hour). */
  readonly stoppedRetentionMs?: number;
}

/** How tasks that match end: the first matching script, latest first. */
export interface TaskOutcomeSpec {
  /** Matches tasks of this task definition family. */
  readonly family?: string;
  /** Matches tasks started with this `startedBy`. */
  readonly startedBy?: string;
  /** The exit code of every container (default 0). Ignored with TaskFailedToStart. */
  readonly exitCode?: number;
  /** Default EssentialContainerExited. */
  readonly stopCode?: 'EssentialContainerExited' | 'TaskFailedToStart' | 'SpotInterruption';
  /** Default `Essential container in task exited` (or `CannotPullContainerError: ...` when failing to start). */
  readonly stoppedReason?: string;
  /** Overrides the configured running time for these tasks (a long one lets a deadline pass). */
  readonly runningMs?: number;
  /** Applies to the next `times` tasks only (default: every matching task). */
  readonly times?: number;
}

/** What the control API reports. */
export interface TaskLifecyclesState {
  readonly config: Required<TaskLifecyclesConfig>;
  readonly outcomes: readonly TaskOutcomeSpec[];
  readonly tasks: readonly { taskArn: string; startedBy?: string; family: string; lastStatus: string }[];
}

/** The defaults a reset restores. */
export const DEFAULT_TASK_LIFECYCLES: Required<TaskLifecyclesConfig> = {
  enabled: true,
  provisioningMs: 200,
  pendingMs: 200,
  runningMs: 1000,
  stoppedRetentionMs: 3_600_000,
};

const TOKEN_TTL_MS = 24 * 3600 * 1000;

/**
 * A task's container reports its `cpu`, `memory` and `memoryReservation` as strings in ECS's
 * model (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Container.html); moto sends
 * the task definition's numbers.
 */
function containerUnitsAsText(container: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of ['cpu', 'memory', 'memoryReservation']) {
    const value = container[key];
    if (typeof value === 'number') out[key] = String(value);
  }
  return out;
}

interface ModelTask {
  readonly taskArn: string;
  readonly clusterArn: string;
  readonly family: string;
  readonly startedBy?: string;
  readonly createdAtMs: number;
  readonly createdAtWall: number;
  readonly outcome: TaskOutcomeSpec;
  readonly runningMs: number;
  stoppedAt?: { mono: number; wall: number; stopCode: string; reason: string };
}

interface TokenEntry {
  readonly params: string;
  readonly answer: JsonObject;
  readonly atMs: number;
}

/** An answer the proxy gives without calling moto. */
export interface SimulatedAnswer {
  readonly status: number;
  readonly body: JsonObject;
}

const ACTIONS = new Set(['RunTask', 'DescribeTasks', 'ListTasks', 'StopTask']);

function str(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function familyOf(taskDefinitionArn: string): string {
  return (taskDefinitionArn.split('/').pop() ?? '').split(':')[0] ?? '';
}

/** Cluster short name or ARN → short name, to compare what callers pass with what moto returns. */
function clusterName(value: string | undefined): string {
  return (value ?? 'default').split('/').pop() ?? 'default';
}

/** The ECS task lifecycle model; see the module comment. */
export class EcsTaskSimulator {
  readonly #clock: Clock;
  readonly #now: () => number;
  readonly #initial: Required<TaskLifecyclesConfig>;
  #config: Required<TaskLifecyclesConfig>;
  #outcomes: { spec: TaskOutcomeSpec; left: number }[] = [];
  readonly #tasks = new Map<string, ModelTask>();
  readonly #tokens = new Map<string, TokenEntry>();

  constructor(options: { clock: Clock; now?: () => number; config?: TaskLifecyclesConfig }) {
    this.#clock = options.clock;
    this.#now = options.now ?? Date.now;
    this.#initial = { ...DEFAULT_TASK_LIFECYCLES, ...options.config };
    this.#config = this.#initial;
  }

  /** True when this call's answer is the simulator's business. */
  simulates(service: string, action: string): boolean {
    return this.#config.enabled && service === 'ecs' && ACTIONS.has(action);
  }

  /** Changes timing or the switch; off forgets the model. */
  configure(config: TaskLifecyclesConfig): TaskLifecyclesState {
    for (const [k, v] of Object.entries(config)) {
      if (k === 'enabled' ? typeof v !== 'boolean' : !(typeof v === 'number' && v >= 0)) {
        throw new TypeError(
          `task lifecycles: ${k} must be ${k === 'enabled' ? 'a boolean' : 'a number >= 0'}`,
        );
      }
      if (!(k in DEFAULT_TASK_LIFECYCLES)) throw new TypeError(`task lifecycles: unknown field ${k}`);
    }
    this.#config = { ...this.#config, ...config };
    if (!this.#config.enabled) this.clearModel();
    return this.state();
  }

  /** Adds an outcome script; later scripts win over earlier ones. */
  scriptOutcome(spec: TaskOutcomeSpec): void {
    if (spec.exitCode !== undefined && !Number.isInteger(spec.exitCode)) {
      throw new TypeError('task outcome: exitCode must be an integer');
    }
    this.#outcomes.unshift({ spec, left: spec.times ?? Number.POSITIVE_INFINITY });
  }

  /** Forgets tasks and tokens (moto was reset). */
  clearModel(): void {
    this.#tasks.clear();
    this.#tokens.clear();
  }

  /** Back to the configuration given at start, no scripts, no model. */
  reset(): void {
    this.#config = this.#initial;
    this.#outcomes = [];
    this.clearModel();
  }

  /** Configuration, scripts and the model, for the control API. */
  state(): TaskLifecyclesState {
    return {
      config: this.#config,
      outcomes: this.#outcomes.map((o) => o.spec),
      tasks: [...this.#tasks.values()].map((t) => ({
        taskArn: t.taskArn,
        family: t.family,
        ...(t.startedBy === undefined ? {} : { startedBy: t.startedBy }),
        lastStatus: this.#phase(t).lastStatus,
      })),
    };
  }

  /**
   * Before moto is called: a RunTask whose token was seen is answered here (the original result,
   * or ConflictException for other parameters). Undefined: forward to moto.
   */
  answerBeforeForward(action: string, params: JsonValue | undefined): SimulatedAnswer | undefined {
    if (action !== 'RunTask' || !isJsonObject(params)) return undefined;
    const key = this.#tokenKey(params);
    if (key === undefined) return undefined;
    const seen = this.#tokens.get(key);
    if (seen === undefined || this.#clock.now() - seen.atMs > TOKEN_TTL_MS) return undefined;
    if (seen.params !== this.#paramsKey(params)) {
      return {
        status: 400,
        body: {
          __type: 'ConflictException',
          // ECS's description of the error (API_RunTask.html#API_RunTask_Errors).
          message:
            'The RunTask request could not be processed due to conflicts. The provided clientToken is already in use with a different RunTask request.',
        },
      };
    }
    return { status: 200, body: this.#rewriteTasks(seen.answer) };
  }

  /** After moto answered 2xx: records RunTask's tasks and rewrites the answer from the model. */
  rewrite(action: string, params: JsonValue | undefined, document: JsonValue): JsonValue | undefined {
    if (!isJsonObject(document)) return undefined;
    const request = isJsonObject(params) ? params : {};
    switch (action) {
      case 'RunTask':
        return this.#recordRun(request, document);
      case 'DescribeTasks':
        return this.#forget(this.#rewriteTasks(document));
      case 'StopTask':
        return this.#stop(request, document);
      case 'ListTasks':
        return this.#list(request, document);
      default:
        return undefined;
    }
  }

  #tokenKey(params: JsonObject): string | undefined {
    const token = str(params.clientToken);
    return token === undefined ? undefined : `${clusterName(str(params.cluster))}#${token}`;
  }

  #paramsKey(params: JsonObject): string {
    const { clientToken: _token, ...rest } = params;
    return JSON.stringify(rest, Object.keys(rest).sort());
  }

  #recordRun(params: JsonObject, document: JsonObject): JsonValue {
    const tasks = Array.isArray(document.tasks) ? document.tasks : [];
    for (const task of tasks) {
      if (!isJsonObject(task)) continue;
      const taskArn = str(task.taskArn);
      if (taskArn === undefined) continue;
      const family = familyOf(str(task.taskDefinitionArn) ?? '');
      const startedBy = str(params.startedBy);
      const outcome = this.#takeOutcome(family, startedBy);
      this.#tasks.set(taskArn, {
        taskArn,
        clusterArn: str(task.clusterArn) ?? '',
        family,
        ...(startedBy === undefined ? {} : { startedBy }),
        createdAtMs: this.#clock.now(),
        createdAtWall: this.#now(),
        outcome,
        runningMs: outcome.runningMs ?? this.#config.runningMs,
      });
    }
    const key = this.#tokenKey(params);
    if (key !== undefined) {
      this.#tokens.set(key, { params: this.#paramsKey(params), answer: document, atMs: this.#clock.now() });
    }
    return this.#rewriteTasks(document);
  }

  #takeOutcome(family: string, startedBy: string | undefined): TaskOutcomeSpec {
    const match = this.#outcomes.find(
      (o) =>
        o.left > 0 &&
        (o.spec.family === undefined || o.spec.family === family) &&
        (o.spec.startedBy === undefined || o.spec.startedBy === startedBy),
    );
    if (match === undefined) return {};
    match.left -= 1;
    return match.spec;
  }

  #phase(t: ModelTask): {
    lastStatus: string;
    desiredStatus: string;
    startedAtWall?: number;
    stopped?: { wall: number; stopCode: string; reason: string };
  } {
    const c = this.#config;
    const elapsed = this.#clock.now() - t.createdAtMs;
    const failsToStart = t.outcome.stopCode === 'TaskFailedToStart';
    const startAfter = c.provisioningMs + c.pendingMs;
    const naturalEnd = failsToStart ? startAfter : startAfter + t.runningMs;
    if (t.stoppedAt === undefined && elapsed >= naturalEnd) {
      const endWall = t.createdAtWall + naturalEnd;
      t.stoppedAt = {
        mono: t.createdAtMs + naturalEnd,
        wall: endWall,
        stopCode: t.outcome.stopCode ?? 'EssentialContainerExited',
        reason:
          t.outcome.stoppedReason ??
          (failsToStart
            ? 'CannotPullContainerError: pull image manifest has been retried 5 time(s)'
            : 'Essential container in task exited'),
      };
    }
    const started =
      !failsToStart && (t.stoppedAt?.mono ?? Number.POSITIVE_INFINITY) > t.createdAtMs + startAfter;
    const startedAtWall = started && elapsed >= startAfter ? t.createdAtWall + startAfter : undefined;
    const base = startedAtWall === undefined ? {} : { startedAtWall };
    if (t.stoppedAt !== undefined) {
      return { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', ...base, stopped: t.stoppedAt };
    }
    const lastStatus =
      elapsed < c.provisioningMs ? 'PROVISIONING' : elapsed < startAfter ? 'PENDING' : 'RUNNING';
    return { lastStatus, desiredStatus: 'RUNNING', ...base };
  }

  /** True once ECS no longer shows the stopped task (see the module comment). */
  #forgotten(t: ModelTask): boolean {
    const stopped = this.#phase(t).stopped === undefined ? undefined : t.stoppedAt;
    return stopped !== undefined && this.#clock.now() - stopped.mono >= this.#config.stoppedRetentionMs;
  }

  /** DescribeTasks: forgotten tasks leave `tasks` and come back as MISSING failures. */
  #forget(document: JsonObject): JsonObject {
    if (!Array.isArray(document.tasks)) return document;
    const gone = (task: JsonValue): boolean => {
      const model = isJsonObject(task) ? this.#tasks.get(str(task.taskArn) ?? '') : undefined;
      return model !== undefined && this.#forgotten(model);
    };
    const missing = document.tasks.filter(gone).map((task) => ({
      arn: isJsonObject(task) ? (str(task.taskArn) ?? '') : '',
      reason: 'MISSING',
    }));
    if (missing.length === 0) return document;
    const failures = Array.isArray(document.failures) ? document.failures : [];
    return {
      ...document,
      tasks: document.tasks.filter((t) => !gone(t)),
      failures: [...failures, ...missing],
    };
  }

  #rewriteTasks(document: JsonObject): JsonObject {
    if (!Array.isArray(document.tasks)) return document;
    return { ...document, tasks: document.tasks.map((task) => this.#rewriteTask(task)) };
  }

  #rewriteTask(task: JsonValue): JsonValue {
    if (!isJsonObject(task)) return task;
    const model = this.#tasks.get(str(task.taskArn) ?? '');
    if (model === undefined) return task;
    const phase = this.#phase(model);
    const { stopCode: _a, stoppedReason: _b, startedAt: _c, stoppedAt: _d, stoppingAt: _e, ...rest } = task;
    const exitCode =
      phase.stopped !== undefined && phase.startedAtWall !== undefined
        ? phase.stopped.stopCode === 'UserInitiated'
          ? 137 // SIGKILL after the stop timeout, as ECS reports a container it stopped
          : (model.outcome.exitCode ?? 0)
        : undefined;
    const containers = Array.isArray(task.containers) ? task.containers : [];
    const secs = (ms: number): number => ms / 1000;
    return {
      ...rest,
      lastStatus: phase.lastStatus,
      desiredStatus: phase.desiredStatus,
      createdAt: secs(model.createdAtWall),
      ...(model.startedBy === undefined ? {} : { startedBy: model.startedBy }),
      ...(phase.startedAtWall === undefined ? {} : { startedAt: secs(phase.startedAtWall) }),
      ...(phase.stopped === undefined
        ? {}
        : {
            stopCode: phase.stopped.stopCode,
            stoppedReason: phase.stopped.reason,
            stoppingAt: secs(phase.stopped.wall),
            stoppedAt: secs(phase.stopped.wall),
            executionStoppedAt: secs(phase.stopped.wall),
          }),
      containers: containers.map((container) => {
        if (!isJsonObject(container)) return container;
        const { exitCode: _x, reason: _r, ...own } = container;
        return {
          ...own,
          ...containerUnitsAsText(own),
          lastStatus:
            phase.lastStatus === 'STOPPED'
              ? 'STOPPED'
              : phase.lastStatus === 'RUNNING'
                ? 'RUNNING'
                : 'PENDING',
          ...(exitCode === undefined ? {} : { exitCode }),
        };
      }),
    };
  }

  #stop(params: JsonObject, document: JsonObject): JsonValue {
    const arn = str(params.task) ?? '';
    const model = [...this.#tasks.values()].find((t) => t.taskArn === arn || t.taskArn.endsWith(`/${arn}`));
    if (model !== undefined && this.#phase(model).stopped === undefined) {
      model.stoppedAt = {
        mono: this.#clock.now(),
        wall: this.#now(),
        stopCode: 'UserInitiated',
        reason: str(params.reason) ?? 'Task stopped by user',
      };
    }
    return isJsonObject(document.task) ? { ...document, task: this.#rewriteTask(document.task) } : document;
  }

  #list(params: JsonObject, document: JsonObject): JsonValue {
    const arns = Array.isArray(document.taskArns)
      ? document.taskArns.filter((a) => typeof a === 'string')
      : [];
    const wanted = str(params.desiredStatus) ?? 'RUNNING';
    const cluster = clusterName(str(params.cluster));
    const startedBy = str(params.startedBy);
    const family = str(params.family);
    const fromMoto = arns.filter((arn) => !this.#tasks.has(arn));
    const fromModel = [...this.#tasks.values()]
      .filter(
        (t) =>
          clusterName(t.clusterArn) === cluster &&
          (startedBy === undefined || t.startedBy === startedBy) &&
          (family === undefined || t.family === family) &&
          this.#phase(t).desiredStatus === wanted &&
          !this.#forgotten(t),
      )
      .map((t) => t.taskArn);
    const { nextToken: _n, ...rest } = document;
    return { ...rest, taskArns: [...fromMoto, ...fromModel] };
  }
}

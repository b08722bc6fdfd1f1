/**
 * The in-process implementation of {@link AwsProxyControl}: direct calls on the proxy's rule set,
 * throttle, recorder and rollout simulator, wrapped in promises so it is interchangeable with the
 * HTTP client.
 */
import { countCalls, type CallFilter, type CallQuery, type CallRecorder } from './call-recorder.js';
import type { AwsProxyControl } from './control.js';
import type { EcsThrottleCategory } from './ecs-buckets.js';
import type { HookAnswerSpec } from './ecs-lifecycle-hooks.js';
import {
  findServiceRollout,
  type RolloutFailureSpec,
  type RolloutsConfig,
  type RolloutSelector,
} from './ecs-rollout-types.js';
import { EcsRolloutSimulator } from './ecs-rollouts.js';
import { ScalingActivitySimulator, type ScalingActivitySpec } from './autoscaling-activities.js';
import { EcsTaskSimulator, type TaskLifecyclesConfig, type TaskOutcomeSpec } from './ecs-tasks.js';
import type { BucketsConfig, EcsThrottle } from './ecs-throttle.js';
import type { FaultRuleSet, FaultRuleSpec } from './fault-rules.js';
import { systemClock } from '../../../src/shared/clock.js';

/** The mutable parts of a proxy that its control acts on. */
export interface ProxyParts {
  readonly rules: FaultRuleSet;
  readonly throttle: EcsThrottle;
  readonly recorder: CallRecorder;
  /** The rollout simulator; a default one on the system clock when absent. */
  readonly rollouts?: EcsRolloutSimulator;
  /** The task lifecycle simulator; a default one on the system clock when absent. */
  readonly tasks?: EcsTaskSimulator;
  readonly activities?: ScalingActivitySimulator;
}

/** Controls a proxy running in this process. Methods run synchronously; errors come back as rejections. */
export class LocalProxyControl implements AwsProxyControl {
  readonly #parts: Required<ProxyParts>;

  constructor(parts: ProxyParts) {
    this.#parts = {
      ...parts,
      rollouts: parts.rollouts ?? new EcsRolloutSimulator({ clock: systemClock }),
      tasks: parts.tasks ?? new EcsTaskSimulator({ clock: systemClock }),
      activities: parts.activities ?? new ScalingActivitySimulator(),
    };
  }

  addRule(spec: FaultRuleSpec) {
    return run(() => this.#parts.rules.add(spec));
  }

  listRules() {
    return run(() => this.#parts.rules.list());
  }

  removeRule(id: string) {
    return run(() => this.#parts.rules.remove(id));
  }

  clearRules() {
    return run(() => this.#parts.rules.clear());
  }

  counts() {
    return run(() => this.#parts.recorder.counts());
  }

  count(filter: CallFilter = {}) {
    return run(() => countCalls(this.#parts.recorder.counts(), filter));
  }

  calls(query: CallQuery = {}) {
    return run(() => this.#parts.recorder.calls(query));
  }

  lastSeq() {
    return run(() => this.#parts.recorder.lastSeq());
  }

  resetCalls() {
    return run(() => this.#parts.recorder.reset());
  }

  buckets() {
    return run(() => this.#parts.throttle.state());
  }

  configureBuckets(config: BucketsConfig) {
    return run(() => this.#parts.throttle.configure(config));
  }

  drainBuckets(categories?: readonly EcsThrottleCategory[]) {
    return run(() => this.#parts.throttle.drain(categories));
  }

  refillBuckets(categories?: readonly EcsThrottleCategory[]) {
    return run(() => this.#parts.throttle.refill(categories));
  }

  rollouts() {
    return run(() => this.#parts.rollouts.state());
  }

  serviceRollout(selector: RolloutSelector) {
    return run(() => findServiceRollout(this.#parts.rollouts.state(), selector));
  }

  configureRollouts(config: RolloutsConfig) {
    return run(() => this.#parts.rollouts.configure(config));
  }

  failNextRollout(spec: RolloutFailureSpec) {
    return run(() => this.#parts.rollouts.failNext(spec));
  }

  answerHooks(spec: HookAnswerSpec) {
    return run(() => this.#parts.rollouts.answerHooks(spec));
  }

  hookInvocations() {
    return run(() => this.#parts.rollouts.hookInvocations());
  }

  holdRollouts(selector: RolloutSelector) {
    return run(() => this.#parts.rollouts.hold(selector));
  }

  releaseRollouts(selector?: RolloutSelector) {
    return run(() => this.#parts.rollouts.release(selector));
  }

  taskLifecycles() {
    return run(() => this.#parts.tasks.state());
  }

  configureTaskLifecycles(config: TaskLifecyclesConfig) {
    return run(() => this.#parts.tasks.configure(config));
  }

  scriptTaskOutcome(spec: TaskOutcomeSpec) {
    return run(() => this.#parts.tasks.scriptOutcome(spec));
  }

  playScalingActivity(spec: ScalingActivitySpec) {
    return run(() => this.#parts.activities.play(spec));
  }

  reset() {
    return run(() => {
      this.#parts.rules.clear();
      this.#parts.recorder.reset();
      this.#parts.throttle.reset();
      this.#parts.rollouts.reset();
      this.#parts.tasks.reset();
    });
  }
}

// Turns a synchronous throw into a rejection, as the HTTP client would report it.
function run<T>(action: () => T): Promise<T> {
  try {
    return Promise.resolve(action());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

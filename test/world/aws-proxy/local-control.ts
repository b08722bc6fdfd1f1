/**
 * The in-process implementation of {@link AwsProxyControl}: direct calls on the proxy's rule set,
 * throttle and recorder, wrapped in promises so it is interchangeable with the HTTP client.
 */
import { countCalls, type CallFilter, type CallQuery, type CallRecorder } from './call-recorder.js';
import type { AwsProxyControl } from './control.js';
import type { EcsThrottleCategory } from './ecs-buckets.js';
import type { BucketsConfig, EcsThrottle } from './ecs-throttle.js';
import type { FaultRuleSet, FaultRuleSpec } from './fault-rules.js';

/** The mutable parts of a proxy that its control acts on. */
export interface ProxyParts {
  readonly rules: FaultRuleSet;
  readonly throttle: EcsThrottle;
  readonly recorder: CallRecorder;
}

/** Controls a proxy running in this process. Methods run synchronously; errors come back as rejections. */
export class LocalProxyControl implements AwsProxyControl {
  readonly #parts: ProxyParts;

  constructor(parts: ProxyParts) {
    this.#parts = parts;
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

  reset() {
    return run(() => {
      this.#parts.rules.clear();
      this.#parts.recorder.reset();
      this.#parts.throttle.reset();
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

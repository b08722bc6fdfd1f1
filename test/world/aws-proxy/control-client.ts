/**
 * `ProxyControl`: the HTTP client of the proxy's control API, for code in another process than the
 * proxy (vitest workers, benchmarks, a shell next to `npm run world`). Same interface as the
 * in-process handle, so helpers take an {@link AwsProxyControl} and work with either.
 */
import type { ScalingActivitySpec } from './autoscaling-activities.js';
import {
  countCalls,
  type CallCount,
  type CallFilter,
  type CallQuery,
  type CallRecord,
} from './call-recorder.js';
import type { AwsProxyControl } from './control.js';
import { CONTROL_PREFIX } from './control-routes.js';
import type { EcsThrottleCategory } from './ecs-buckets.js';
import type { HookAnswerSpec, HookInvocation } from './ecs-lifecycle-hooks.js';
import {
  findServiceRollout,
  type RolloutFailureSpec,
  type RolloutsConfig,
  type RolloutSelector,
  type RolloutsState,
  type ServiceRolloutView,
} from './ecs-rollout-types.js';
import type { TaskLifecyclesConfig, TaskLifecyclesState, TaskOutcomeSpec } from './ecs-tasks.js';
import type { BucketsConfig, BucketsState } from './ecs-throttle.js';
import type { FaultRule, FaultRuleSpec } from './fault-rules.js';

/** A control request the proxy refused or failed; `status` is the HTTP status it answered. */
export class ProxyControlError extends Error {
  override name = 'ProxyControlError';
  readonly status: number;

  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** Controls a proxy over HTTP; construct it with the proxy's base URL (`http://127.0.0.1:<port>`). */
export class ProxyControl implements AwsProxyControl {
  readonly #base: string;

  constructor(proxyUrl: string) {
    this.#base = proxyUrl.replace(/\/+$/, '') + CONTROL_PREFIX.replace(/\/$/, '');
  }

  /** Resolves when the proxy answers its health route; rejects on a network error. */
  async health(): Promise<void> {
    await this.#request('GET', '/health');
  }

  async addRule(spec: FaultRuleSpec): Promise<FaultRule> {
    return (await this.#request('POST', '/rules', spec)) as FaultRule;
  }

  async listRules(): Promise<FaultRule[]> {
    return (await this.#request('GET', '/rules')) as FaultRule[];
  }

  async removeRule(id: string): Promise<boolean> {
    try {
      await this.#request('DELETE', `/rules/${encodeURIComponent(id)}`);
      return true;
    } catch (error) {
      if (error instanceof ProxyControlError && error.status === 404) return false;
      throw error;
    }
  }

  async clearRules(): Promise<void> {
    await this.#request('DELETE', '/rules');
  }

  async counts(): Promise<CallCount[]> {
    return (await this.#request('GET', '/counts')) as CallCount[];
  }

  async count(filter: CallFilter = {}): Promise<number> {
    return countCalls(await this.counts(), filter);
  }

  async calls(query: CallQuery = {}): Promise<CallRecord[]> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    const search = params.size === 0 ? '' : `?${params.toString()}`;
    return (await this.#request('GET', `/calls${search}`)) as CallRecord[];
  }

  async lastSeq(): Promise<number> {
    return ((await this.#request('GET', '/last-seq')) as { seq: number }).seq;
  }

  async resetCalls(): Promise<void> {
    await this.#request('DELETE', '/calls');
  }

  async buckets(): Promise<BucketsState> {
    return (await this.#request('GET', '/buckets')) as BucketsState;
  }

  async configureBuckets(config: BucketsConfig): Promise<BucketsState> {
    return (await this.#request('PUT', '/buckets', config)) as BucketsState;
  }

  async drainBuckets(categories?: readonly EcsThrottleCategory[]): Promise<BucketsState> {
    return (await this.#request(
      'POST',
      '/buckets/drain',
      categories === undefined ? {} : { categories },
    )) as BucketsState;
  }

  async refillBuckets(categories?: readonly EcsThrottleCategory[]): Promise<BucketsState> {
    return (await this.#request(
      'POST',
      '/buckets/refill',
      categories === undefined ? {} : { categories },
    )) as BucketsState;
  }

  async rollouts(): Promise<RolloutsState> {
    return (await this.#request('GET', '/rollouts')) as RolloutsState;
  }

  async serviceRollout(selector: RolloutSelector): Promise<ServiceRolloutView | undefined> {
    return findServiceRollout(await this.rollouts(), selector);
  }

  async configureRollouts(config: RolloutsConfig): Promise<RolloutsState> {
    return (await this.#request('PUT', '/rollouts', config)) as RolloutsState;
  }

  async failNextRollout(spec: RolloutFailureSpec): Promise<void> {
    await this.#request('POST', '/rollouts/fail', spec);
  }

  async answerHooks(spec: HookAnswerSpec): Promise<void> {
    await this.#request('POST', '/rollouts/hooks', spec);
  }

  async hookInvocations(): Promise<HookInvocation[]> {
    return (await this.#request('GET', '/rollouts/hooks')) as HookInvocation[];
  }

  async holdRollouts(selector: RolloutSelector): Promise<void> {
    await this.#request('POST', '/rollouts/hold', selector);
  }

  async releaseRollouts(selector?: RolloutSelector): Promise<void> {
    await this.#request('POST', '/rollouts/release', selector ?? {});
  }

  async taskLifecycles(): Promise<TaskLifecyclesState> {
    return (await this.#request('GET', '/tasks')) as TaskLifecyclesState;
  }

  async configureTaskLifecycles(config: TaskLifecyclesConfig): Promise<TaskLifecyclesState> {
    return (await this.#request('PUT', '/tasks', config)) as TaskLifecyclesState;
  }

  async scriptTaskOutcome(spec: TaskOutcomeSpec): Promise<void> {
    await this.#request('POST', '/tasks/outcome', spec);
  }

  async playScalingActivity(spec: ScalingActivitySpec): Promise<string> {
    const body = (await this.#request('POST', '/scaling-activities', spec)) as { activityId: string };
    return body.activityId;
  }

  async reset(): Promise<void> {
    await this.#request('POST', '/reset');
  }

  async #request(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(this.#base + path, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    if (!response.ok) {
      const error =
        typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String(parsed.error) : text;
      throw new ProxyControlError(
        `proxy control ${method} ${path}: ${response.status} ${error}`,
        response.status,
      );
    }
    return parsed;
  }
}

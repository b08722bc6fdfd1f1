/**
 * The HTTP control API of the proxy, served on the proxy's own port under {@link CONTROL_PREFIX},
 * mapped one to one onto {@link AwsProxyControl}. Requests and answers are JSON.
 *
 * | method and path | does | answers |
 * |---|---|---|
 * | `GET /__proxy/health` | liveness | `{ ok: true }` |
 * | `GET /__proxy/rules` | list rules | `FaultRule[]` |
 * | `POST /__proxy/rules` | add a rule (body: `FaultRuleSpec`) | 201 `FaultRule`, 400 `{ error }` |
 * | `DELETE /__proxy/rules` | remove all rules | 204 |
 * | `DELETE /__proxy/rules/<id>` | remove one rule | 204, 404 |
 * | `GET /__proxy/counts` | call counts | `CallCount[]` |
 * | `GET /__proxy/calls?service=&action=&outcome=a,b&status=&afterSeq=&limit=` | call log | `CallRecord[]` |
 * | `GET /__proxy/last-seq` | the last call's `seq` (survives resets) | `{ seq }` |
 * | `DELETE /__proxy/counts`, `DELETE /__proxy/calls` | forget counts and log | 204 |
 * | `GET /__proxy/buckets` | throttle state | `BucketsState` |
 * | `PUT /__proxy/buckets` | configure (body: `BucketsConfig`) | `BucketsState` |
 * | `PUT /__proxy/speedup` | set K (body: `{ speedup }`) | `BucketsState` |
 * | `POST /__proxy/buckets/drain`, `.../refill` | body `{ categories? }` | `BucketsState` |
 * | `GET /__proxy/rollouts` | rollout simulator state and model | `RolloutsState` |
 * | `PUT /__proxy/rollouts` | configure (body: `RolloutsConfig`) | `RolloutsState` |
 * | `POST /__proxy/rollouts/fail` | arm a failure (body: `RolloutFailureSpec`) | 204 |
 * | `POST /__proxy/rollouts/hold` | hold (body: `RolloutSelector`) | 204 |
 * | `POST /__proxy/rollouts/release` | release (body: `RolloutSelector`, or `{}` for all) | 204 |
 * | `POST /__proxy/rollouts/hooks` | script lifecycle hook answers (body: `HookAnswerSpec`) | 204 |
 * | `GET /__proxy/rollouts/hooks` | lifecycle hook invocations, oldest first | `HookInvocation[]` |
 * | `GET /__proxy/tasks` | task lifecycle simulator state | `TaskLifecyclesState` |
 * | `PUT /__proxy/tasks` | configure (body: `TaskLifecyclesConfig`) | `TaskLifecyclesState` |
 * | `POST /__proxy/tasks/outcome` | script how tasks end (body: `TaskOutcomeSpec`) | 204 |
 * | `POST /__proxy/reset` | everything back to the start | 204 |
 */
import type { ScalingActivitySpec } from './autoscaling-activities.js';
import { parseHookAnswer } from './ecs-lifecycle-hooks.js';
import { CALL_OUTCOMES, type CallOutcome, type CallQuery } from './call-recorder.js';
import type { AwsProxyControl } from './control.js';
import { ECS_THROTTLE_CATEGORIES, isEcsThrottleCategory, type EcsThrottleCategory } from './ecs-buckets.js';
import {
  parseRolloutFailure,
  parseRolloutsConfig,
  parseRolloutSelector,
  type RolloutSelector,
} from './ecs-rollout-types.js';
import type { BucketsConfig } from './ecs-throttle.js';
import type { FaultRuleSpec } from './fault-rules.js';
import { isJsonObject, tryParseJson, type JsonObject, type JsonValue } from './json.js';
import type { BucketLimit } from '../../../src/shared/token-bucket.js';

/** The path prefix reserved for the control API; AWS calls never use it. */
export const CONTROL_PREFIX = '/__proxy/';

/** A control API answer: status and optional JSON body. */
export interface ControlResponse {
  readonly status: number;
  readonly body?: unknown;
}

/** A control request refused because of its content (answered 400). */
class BadControlRequest extends TypeError {
  override name = 'BadControlRequest';
}

function parseBody(text: string): JsonValue | undefined {
  if (text.trim() === '') return undefined;
  const value = tryParseJson(text);
  if (value === undefined) throw new BadControlRequest('request body is not JSON');
  return value;
}

function parseCategories(body: JsonValue | undefined): EcsThrottleCategory[] | undefined {
  if (body === undefined) return undefined;
  if (!isJsonObject(body)) throw new BadControlRequest('body must be an object { categories? }');
  const categories = body.categories;
  if (categories === undefined) return undefined;
  if (!Array.isArray(categories) || !categories.every(isEcsThrottleCategory)) {
    throw new BadControlRequest(`categories must be a list of: ${ECS_THROTTLE_CATEGORIES.join(', ')}`);
  }
  return categories;
}

/** Validates a buckets configuration from outside; throws naming the bad field. */
export function parseBucketsConfig(body: JsonValue | undefined): BucketsConfig {
  if (!isJsonObject(body))
    throw new BadControlRequest('body must be an object { enabled?, speedup?, limits? }');
  const extra = Object.keys(body).filter((key) => !['enabled', 'speedup', 'limits'].includes(key));
  if (extra.length > 0) throw new BadControlRequest(`unknown bucket field(s): ${extra.join(', ')}`);
  const { enabled, speedup, limits } = body;
  if (enabled !== undefined && typeof enabled !== 'boolean')
    throw new BadControlRequest('enabled must be a boolean');
  if (speedup !== undefined && typeof speedup !== 'number')
    throw new BadControlRequest('speedup must be a number');
  let parsedLimits: Partial<Record<EcsThrottleCategory, Partial<BucketLimit>>> | undefined;
  if (limits !== undefined) {
    if (!isJsonObject(limits)) throw new BadControlRequest('limits must be an object keyed by category');
    parsedLimits = {};
    for (const [category, limit] of Object.entries(limits)) {
      if (!isEcsThrottleCategory(category)) {
        throw new BadControlRequest(
          `unknown category ${category}; known: ${ECS_THROTTLE_CATEGORIES.join(', ')}`,
        );
      }
      if (!isJsonObject(limit))
        throw new BadControlRequest(`limits.${category} must be { burst?, ratePerSecond? }`);
      const parsed: { burst?: number; ratePerSecond?: number } = {};
      for (const [field, value] of Object.entries(limit)) {
        if ((field !== 'burst' && field !== 'ratePerSecond') || typeof value !== 'number') {
          throw new BadControlRequest(`limits.${category}.${field}: only numeric burst and ratePerSecond`);
        }
        parsed[field] = value;
      }
      parsedLimits[category] = parsed;
    }
  }
  return {
    ...(enabled === undefined ? {} : { enabled }),
    ...(speedup === undefined ? {} : { speedup }),
    ...(parsedLimits === undefined ? {} : { limits: parsedLimits }),
  };
}

function optionalInteger(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new BadControlRequest(`${name} must be an integer`);
  return value;
}

/** Reads a call query from URL search parameters (`outcome` may list several, comma-separated). */
export function parseCallQuery(params: URLSearchParams): CallQuery {
  const service = params.get('service');
  const action = params.get('action');
  const outcomeText = params.get('outcome');
  let outcome: CallOutcome[] | undefined;
  if (outcomeText !== null) {
    const outcomes = outcomeText.split(',');
    const unknown = outcomes.filter((o) => !(CALL_OUTCOMES as readonly string[]).includes(o));
    if (unknown.length > 0) throw new BadControlRequest(`unknown outcome(s): ${unknown.join(', ')}`);
    outcome = outcomes as CallOutcome[];
  }
  const status = optionalInteger(params, 'status');
  const afterSeq = optionalInteger(params, 'afterSeq');
  const limit = optionalInteger(params, 'limit');
  return {
    ...(service === null ? {} : { service }),
    ...(action === null ? {} : { action }),
    ...(outcome === undefined ? {} : { outcome }),
    ...(status === undefined ? {} : { status }),
    ...(afterSeq === undefined ? {} : { afterSeq }),
    ...(limit === undefined ? {} : { limit }),
  };
}

async function route(
  control: AwsProxyControl,
  method: string,
  url: URL,
  text: string,
): Promise<ControlResponse> {
  const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, '');
  const [resource, id, extra] = path.split('/');
  if (extra !== undefined) return notFound(method, url);
  switch (`${method} ${resource ?? ''}${id === undefined ? '' : '/:id'}`) {
    case 'GET health':
      return { status: 200, body: { ok: true } };
    case 'GET rules':
      return { status: 200, body: await control.listRules() };
    case 'POST rules':
      // The rule set validates the spec and throws TypeError naming the bad field.
      return { status: 201, body: await control.addRule(parseBody(text) as unknown as FaultRuleSpec) };
    case 'DELETE rules':
      await control.clearRules();
      return { status: 204 };
    case 'DELETE rules/:id':
      return (await control.removeRule(decodeURIComponent(id!)))
        ? { status: 204 }
        : { status: 404, body: { error: `no rule ${id}` } };
    case 'GET counts':
      return { status: 200, body: await control.counts() };
    case 'GET calls':
      return { status: 200, body: await control.calls(parseCallQuery(url.searchParams)) };
    case 'GET last-seq':
      return { status: 200, body: { seq: await control.lastSeq() } };
    case 'DELETE counts':
    case 'DELETE calls':
      await control.resetCalls();
      return { status: 204 };
    case 'GET buckets':
      return { status: 200, body: await control.buckets() };
    case 'PUT buckets':
      return { status: 200, body: await control.configureBuckets(parseBucketsConfig(parseBody(text))) };
    case 'PUT speedup': {
      const body = parseBody(text);
      if (!isJsonObject(body) || typeof body.speedup !== 'number') {
        throw new BadControlRequest('body must be { speedup: number }');
      }
      return { status: 200, body: await control.configureBuckets({ speedup: body.speedup }) };
    }
    case 'POST buckets/:id':
      if (id === 'drain')
        return { status: 200, body: await control.drainBuckets(parseCategories(parseBody(text))) };
      if (id === 'refill')
        return { status: 200, body: await control.refillBuckets(parseCategories(parseBody(text))) };
      return notFound(method, url);
    case 'GET rollouts':
      return { status: 200, body: await control.rollouts() };
    case 'PUT rollouts':
      return { status: 200, body: await control.configureRollouts(parseRolloutsConfig(parseBody(text))) };
    case 'GET rollouts/:id':
      return id === 'hooks' ? { status: 200, body: await control.hookInvocations() } : notFound(method, url);
    case 'POST rollouts/:id':
      return rolloutScript(control, id!, parseBody(text), method, url);
    case 'GET tasks':
      return { status: 200, body: await control.taskLifecycles() };
    case 'PUT tasks':
      return {
        status: 200,
        body: await control.configureTaskLifecycles(objectBody(text)),
      };
    case 'POST tasks/:id':
      if (id !== 'outcome') return notFound(method, url);
      await control.scriptTaskOutcome(objectBody(text));
      return { status: 204 };
    case 'POST scaling-activities':
      return {
        status: 201,
        body: {
          activityId: await control.playScalingActivity(objectBody(text) as unknown as ScalingActivitySpec),
        },
      };
    case 'POST reset':
      await control.reset();
      return { status: 204 };
    default:
      return notFound(method, url);
  }
}

async function rolloutScript(
  control: AwsProxyControl,
  verb: string,
  body: JsonValue | undefined,
  method: string,
  url: URL,
): Promise<ControlResponse> {
  switch (verb) {
    case 'fail':
      await control.failNextRollout(parseRolloutFailure(body));
      return { status: 204 };
    case 'hooks':
      await control.answerHooks(parseHookAnswer(body));
      return { status: 204 };
    case 'hold':
      await control.holdRollouts(parseRolloutSelector(body, 'hold'));
      return { status: 204 };
    case 'release': {
      const everything = body === undefined || (isJsonObject(body) && Object.keys(body).length === 0);
      const selector: RolloutSelector | undefined = everything
        ? undefined
        : parseRolloutSelector(body, 'release');
      await control.releaseRollouts(selector);
      return { status: 204 };
    }
    default:
      return notFound(method, url);
  }
}

function objectBody(text: string): JsonObject {
  const body = parseBody(text);
  if (!isJsonObject(body)) throw new BadControlRequest('body must be a JSON object');
  return body;
}

function notFound(method: string, url: URL): ControlResponse {
  return { status: 404, body: { error: `no control route ${method} ${url.pathname}` } };
}

/**
 * Answers one control request. Never throws: invalid input (a `TypeError` or `RangeError` from
 * validation) becomes 400 with `{ error }`, anything else 500.
 */
export async function handleControlRequest(
  control: AwsProxyControl,
  request: { readonly method: string; readonly url: string; readonly body: string },
): Promise<ControlResponse> {
  const url = new URL(request.url, 'http://proxy.invalid');
  try {
    return await route(control, request.method, url, request.body);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const status = error instanceof TypeError || error instanceof RangeError ? 400 : 500;
    return { status, body: { error: message } };
  }
}

/**
 * The AWS fault proxy: an HTTP server on loopback that the SDK clients use as their `endpoint`.
 * It forwards each AWS call unchanged to the upstream emulator (moto), after deciding, in this
 * order: does an answering fault rule fire (throttle, error, reset, respond)? Is the call's ECS
 * token bucket empty (answer ThrottlingException)? Which shaping rules fire (latency before
 * forwarding, patches of the JSON answer)? Between forwarding and patching, the rollout simulator
 * rewrites ECS service answers so services roll out as in ECS (`ecs-rollouts.ts`). Every AWS call
 * is counted and logged. Paths under `/moto-api/` pass through uncounted; paths under `/__proxy/`
 * are the control API.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { AwsServices, identifyCall, type AwsCall } from './actions.js';
import {
  awsErrorResponse,
  defaultServerErrorCode,
  scriptedResponse,
  throttlingResponse,
  type AwsResponse,
} from './aws-errors.js';
import { CallRecorder, type CallOutcome } from './call-recorder.js';
import type { AwsProxyControl } from './control.js';
import { CONTROL_PREFIX, handleControlRequest } from './control-routes.js';
import type { RolloutsConfig } from './ecs-rollout-types.js';
import { EcsRolloutSimulator } from './ecs-rollouts.js';
import { fillTaskSetCounts } from './ecs-task-set-counts.js';
import { EcsTaskSimulator, type TaskLifecyclesConfig } from './ecs-tasks.js';
import { ScalingActivitySimulator } from './autoscaling-activities.js';
import { PredictiveScalingSimulator } from './autoscaling-predictive.js';
import { ScalableTargetTagSimulator, type ScalableTargetKey } from './autoscaling-target-tags.js';
import { pagedScalableTargets, pagesScalableTargets } from './autoscaling-target-pages.js';
import { EcsThrottle, type BucketsConfig } from './ecs-throttle.js';
import { FaultRuleSet, type FaultRule } from './fault-rules.js';
import { isJsonObject, tryParseJson, type JsonValue } from './json.js';
import { LocalProxyControl } from './local-control.js';
import { applyResponsePatches, type ResponsePatch } from './response-patch.js';
import { systemClock, type Clock } from '../../../src/shared/clock.js';
import { CallerAccounts } from './caller-account.js';
import { endToEndHeaders, readBody, Upstream, type UpstreamAnswer } from './upstream.js';

/** Options for {@link startAwsProxy}. */
export interface AwsProxyOptions {
  /** Base URL of the emulator every call is forwarded to, e.g. `http://127.0.0.1:5000`. */
  readonly upstream: string;
  /** Interface to listen on; loopback by default. */
  readonly host?: string;
  /** Port to listen on; 0 (default) picks a free one. */
  readonly port?: number;
  /** Initial ECS throttle configuration (on, K = 1, published limits when absent); `reset` restores it. */
  readonly buckets?: BucketsConfig;
  /** Shorthand for `buckets.speedup`: refill ECS's buckets K times faster (K > 0, default 1). */
  readonly speedup?: number;
  /** Most calls kept in the call log (default 2000). */
  readonly logLimit?: number;
  /** Requests in flight to the emulator at once (default 1: see {@link Upstream}). */
  readonly upstreamConcurrency?: number;
  /** Initial rollout simulator configuration (on, 1000 ms rollouts and drains when absent); `reset` restores it. */
  readonly rollouts?: RolloutsConfig;
  /** Initial task lifecycle configuration (`ecs-tasks.ts`; on by default); `reset` restores it. */
  readonly taskLifecycles?: TaskLifecyclesConfig;
  /** Monotonic clock for the token buckets, rollouts and durations; injectable for deterministic tests. */
  readonly clock?: Clock;
  /** Wall clock for call log times and deployment dates (default `Date.now`). */
  readonly now?: () => number;
  /** Source of randomness for `probability` rules (default `Math.random`). */
  readonly random?: () => number;
  /** How `latency` rules wait (default a real timer). */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Told of every AWS call the upstream answered, after the answer is sent (the world's event
   * delivery watches S3 writes through it). Must not throw; it is not awaited.
   */
  readonly onAnswered?: (call: AnsweredCall) => void;
}

/** An AWS call the upstream answered, as {@link AwsProxyOptions.onAnswered} sees it. */
export interface AnsweredCall {
  readonly service: string;
  readonly action: string;
  readonly method: string;
  /** Path and query string. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly status: number;
}

/** A running proxy. */
export interface AwsProxy {
  /** `http://<host>:<port>`: the `endpoint` for the SDK clients and the base URL for `ProxyControl`. */
  readonly url: string;
  readonly port: number;
  /** In-process control; same interface as `new ProxyControl(url)`. */
  readonly control: AwsProxyControl;
  /** Stops listening, drops open connections and upstream sockets. Safe to call twice. */
  close(): Promise<void>;
}

const MOTO_API_PREFIX = '/moto-api/';
const MOTO_RESET_PATH = '/moto-api/reset';

function send(
  res: ServerResponse,
  status: number,
  headers: IncomingHttpHeaders | Readonly<Record<string, string>>,
  body: Buffer | string,
): void {
  if (res.destroyed || res.headersSent) return;
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...headers, 'content-length': String(payload.length) });
  res.end(payload);
}

function sendAws(res: ServerResponse, answer: AwsResponse): void {
  send(res, answer.status, answer.headers, answer.body);
}

/** Starts a proxy in this process; resolves once it is listening. */
export async function startAwsProxy(options: AwsProxyOptions): Promise<AwsProxy> {
  const upstream = new URL(options.upstream);
  if (upstream.protocol !== 'http:')
    throw new TypeError(`upstream must be an http:// URL, got ${options.upstream}`);
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const rules = new FaultRuleSet(options.random === undefined ? {} : { random: options.random });
  const throttle = new EcsThrottle({
    clock,
    ...options.buckets,
    ...(options.speedup === undefined ? {} : { speedup: options.speedup }),
  });
  const recorder = new CallRecorder({
    ...(options.logLimit === undefined ? {} : { logLimit: options.logLimit }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  const rollouts = new EcsRolloutSimulator({
    clock,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.rollouts === undefined ? {} : { config: options.rollouts }),
  });
  const tasks = new EcsTaskSimulator({
    clock,
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.taskLifecycles === undefined ? {} : { config: options.taskLifecycles }),
  });
  // Predictive scaling policies moto refuses (autoscaling-predictive.ts); always on.
  const predictive = new PredictiveScalingSimulator(options.now === undefined ? {} : { now: options.now });
  // Scaling activities moto does not serve (autoscaling-activities.ts); always on.
  const activities = new ScalingActivitySimulator(options.now === undefined ? {} : { now: options.now });
  // Scalable target tags moto does not keep (autoscaling-target-tags.ts); always on.
  const targetTags = new ScalableTargetTagSimulator();
  const control = new LocalProxyControl({ rules, throttle, recorder, rollouts, tasks, activities });
  const target = new Upstream(upstream, options.upstreamConcurrency);
  // moto's default account: the world's own credentials act in it.
  const accounts = new CallerAccounts('123456789012');

  function forward(req: IncomingMessage, body: Buffer): Promise<UpstreamAnswer> {
    return target.forward({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers }, body);
  }

  async function passThrough(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    try {
      const answer = await forward(req, body);
      // moto forgot every service: so does the simulator.
      if (answer.status < 300 && (req.url ?? '').startsWith(MOTO_RESET_PATH)) {
        rollouts.clearModel();
        tasks.clearModel();
        predictive.clearModel();
        activities.clearModel();
        targetTags.clearModel();
      }
      send(res, answer.status, endToEndHeaders(answer.headers), answer.body);
    } catch (error) {
      send(res, 502, { 'content-type': 'text/plain' }, `upstream unreachable: ${String(error)}`);
    }
  }

  function answerFault(
    call: AwsCall,
    rule: FaultRule,
    res: ServerResponse,
  ): { outcome: CallOutcome; status?: number } {
    const fault = rule.fault;
    switch (fault.kind) {
      case 'throttle':
        sendAws(res, throttlingResponse(call.protocol, call.service));
        return { outcome: 'fault-throttle', status: 400 };
      case 'error':
        sendAws(
          res,
          awsErrorResponse({
            protocol: call.protocol,
            service: call.service,
            status: fault.status,
            code: fault.code ?? defaultServerErrorCode(call.service, call.protocol, fault.status),
            message: fault.message ?? `Injected by fault proxy rule ${rule.id}`,
          }),
        );
        return { outcome: 'fault-error', status: fault.status };
      case 'reset':
        // No answer at all: the client sees the socket close under it (ECONNRESET / socket hang up).
        res.socket?.destroy();
        res.destroy();
        return { outcome: 'fault-reset' };
      case 'respond':
        sendAws(
          res,
          scriptedResponse({
            protocol: call.protocol,
            status: fault.status,
            body: fault.body,
            ...(fault.headers === undefined ? {} : { headers: fault.headers }),
          }),
        );
        return { outcome: 'fault-respond', status: fault.status };
      case 'latency':
      case 'patch':
        throw new Error(`rule ${rule.id}: ${fault.kind} is not an answering fault`);
    }
  }

  // moto does not always label JSON as JSON, so the body decides, not the content type.
  function jsonOf(answer: UpstreamAnswer): JsonValue | undefined {
    const encoding = answer.headers['content-encoding'];
    if (answer.status >= 300 || (encoding !== undefined && encoding !== 'identity')) return undefined;
    return tryParseJson(answer.body.toString('utf8'));
  }

  async function simulateRollouts(
    call: AwsCall,
    headers: IncomingHttpHeaders,
    answer: UpstreamAnswer,
  ): Promise<UpstreamAnswer | undefined> {
    if (!rollouts.simulates(call.service, call.action)) return undefined;
    const document = jsonOf(answer);
    if (document === undefined) return undefined;
    const rewritten = await rollouts.rewrite(call.action, call.params, document, (family) =>
      target.taskDefinitionArn(family, endToEndHeaders(headers)),
    );
    return rewritten === undefined ? undefined : { ...answer, body: Buffer.from(JSON.stringify(rewritten)) };
  }

  function simulateTasks(call: AwsCall, answer: UpstreamAnswer): UpstreamAnswer | undefined {
    if (!tasks.simulates(call.service, call.action)) return undefined;
    const document = jsonOf(answer);
    if (document === undefined) return undefined;
    const rewritten = tasks.rewrite(call.action, call.params, document);
    return rewritten === undefined ? undefined : { ...answer, body: Buffer.from(JSON.stringify(rewritten)) };
  }

  // Task sets' counts moto leaves out (ecs-task-set-counts.ts); on whatever the simulators made.
  function fillTaskSets(call: AwsCall, answer: UpstreamAnswer): UpstreamAnswer | undefined {
    if (call.service !== AwsServices.ecs || call.action !== 'DescribeServices') return undefined;
    const document = jsonOf(answer);
    const rewritten = document === undefined ? undefined : fillTaskSetCounts(document);
    return rewritten === undefined ? undefined : { ...answer, body: Buffer.from(JSON.stringify(rewritten)) };
  }

  /** One DescribeScalableTargets straight to moto, with the call's headers (not counted or logged). */
  async function describeScalableTargetsInMoto(
    headers: IncomingMessage['headers'],
    request: Record<string, unknown>,
  ): Promise<unknown> {
    const answer = await target.forward(
      {
        method: 'POST',
        path: '/',
        headers: { ...headers, 'x-amz-target': 'AnyScaleFrontendService.DescribeScalableTargets' },
      },
      Buffer.from(JSON.stringify(request)),
    );
    return jsonOf(answer);
  }

  /** Whether moto has the scalable target (asked with the call's headers; not counted or logged). */
  async function scalableTargetExists(
    headers: IncomingMessage['headers'],
    namespace: string,
    resourceId: string,
    dimension: string,
  ): Promise<boolean> {
    const document = await describeScalableTargetsInMoto(headers, {
      ServiceNamespace: namespace,
      ResourceIds: [resourceId],
      ScalableDimension: dimension,
    });
    const targets = isJsonObject(document) ? document['ScalableTargets'] : undefined;
    return Array.isArray(targets) && targets.some((t) => isJsonObject(t) && t['ResourceId'] === resourceId);
  }

  /**
   * Whether moto has an ECS scalable target with this ARN (not counted or logged): one read filtered
   * on where the proxy saw it registered, or every page when it never saw the registration.
   */
  async function scalableTargetArnRegistered(
    headers: IncomingMessage['headers'],
    arn: string,
    key: ScalableTargetKey | undefined,
  ): Promise<boolean> {
    const filter =
      key === undefined
        ? { ServiceNamespace: 'ecs' }
        : {
            ServiceNamespace: key.serviceNamespace,
            ResourceIds: [key.resourceId],
            ScalableDimension: key.scalableDimension,
          };
    let token: string | undefined;
    do {
      const request = { ...filter, MaxResults: 50, ...(token === undefined ? {} : { NextToken: token }) };
      const answer = await describeScalableTargetsInMoto(headers, request);
      const document = isJsonObject(answer) ? (pagedScalableTargets(request, answer) ?? answer) : answer;
      if (!isJsonObject(document)) return false;
      const targets = document['ScalableTargets'];
      if (Array.isArray(targets) && targets.some((t) => isJsonObject(t) && t['ScalableTargetARN'] === arn))
        return true;
      token = typeof document['NextToken'] === 'string' ? document['NextToken'] : undefined;
    } while (token !== undefined && token !== '');
    return false;
  }

  function patchAnswer(
    answer: UpstreamAnswer,
    patches: readonly ResponsePatch[],
  ): { answer: UpstreamAnswer; applied: number } {
    if (patches.length === 0) return { answer, applied: 0 };
    const document = jsonOf(answer);
    if (document === undefined) return { answer, applied: 0 };
    const result = applyResponsePatches(document, patches);
    if (result.applied === 0) return { answer, applied: 0 };
    return {
      answer: { ...answer, body: Buffer.from(JSON.stringify(result.document)) },
      applied: result.applied,
    };
  }

  async function handleAwsCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = clock.now();
    const body = await readBody(req);
    const text = body.toString('utf8');
    const call = identifyCall({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: text,
    });
    const scope = { service: call.service, action: call.action, body: text };
    const account = accounts.accountOf(req.headers.authorization);
    const ruleIds: string[] = [];
    let patched: number | undefined;
    let simulated = false;
    const finish = (outcome: CallOutcome, status?: number): void => {
      recorder.record({
        service: call.service,
        action: call.action,
        outcome,
        ...(status === undefined ? {} : { status }),
        ruleIds,
        durationMs: clock.now() - started,
        ...(call.params === undefined ? {} : { params: call.params }),
        ...(account === undefined ? {} : { account }),
        ...(patched === undefined ? {} : { patched }),
        ...(simulated ? { simulated } : {}),
      });
    };

    const answering = rules.selectAnswer(scope);
    if (answering !== undefined) {
      ruleIds.push(answering.id);
      const { outcome, status } = answerFault(call, answering, res);
      finish(outcome, status);
      return;
    }
    if (call.service === AwsServices.ecs && !throttle.admit(call.action).allowed) {
      sendAws(res, throttlingResponse(call.protocol, call.service));
      finish('throttled', 400);
      return;
    }
    // The service deployment APIs moto lacks: the rollout simulator answers them from its model.
    if (rollouts.answers(call.service, call.action)) {
      const simulatedAnswer = rollouts.answer(call.action, call.params);
      simulated = true;
      sendAws(
        res,
        scriptedResponse({
          protocol: call.protocol,
          status: simulatedAnswer.status,
          body: simulatedAnswer.body,
        }),
      );
      finish(simulatedAnswer.status >= 400 ? 'upstream-error' : 'forwarded', simulatedAnswer.status);
      return;
    }
    const shapers = rules.selectShapers(scope);
    ruleIds.push(...shapers.map((rule) => rule.id));
    const latencyMs = shapers.reduce(
      (sum, rule) => sum + (rule.fault.kind === 'latency' ? rule.fault.ms : 0),
      0,
    );
    if (latencyMs > 0) await sleep(latencyMs);
    const patches = shapers.flatMap((rule) => (rule.fault.kind === 'patch' ? rule.fault.patches : []));

    const predictiveEarly = predictive.simulates(call.service, call.action)
      ? await predictive.answerBeforeForward(call.action, call.params, req.headers, (ns, rid, dim) =>
          scalableTargetExists(req.headers, ns, rid, dim),
        )
      : undefined;
    if (predictiveEarly !== undefined) {
      simulated = true;
      sendAws(
        res,
        scriptedResponse({
          protocol: call.protocol,
          status: predictiveEarly.status,
          body: predictiveEarly.body,
        }),
      );
      finish(predictiveEarly.status >= 400 ? 'upstream-error' : 'forwarded', predictiveEarly.status);
      return;
    }
    const tagAnswer = targetTags.simulates(call.service, call.action)
      ? await targetTags.answer(call.action, call.params, (arn, key) =>
          scalableTargetArnRegistered(req.headers, arn, key),
        )
      : undefined;
    if (tagAnswer !== undefined) {
      simulated = true;
      sendAws(
        res,
        scriptedResponse({ protocol: call.protocol, status: tagAnswer.status, body: tagAnswer.body }),
      );
      finish(tagAnswer.status >= 400 ? 'upstream-error' : 'forwarded', tagAnswer.status);
      return;
    }
    if (activities.simulates(call.service, call.action)) {
      const played = activities.answer(call.params, req.headers);
      simulated = true;
      sendAws(res, scriptedResponse({ protocol: call.protocol, status: played.status, body: played.body }));
      finish(played.status >= 400 ? 'upstream-error' : 'forwarded', played.status);
      return;
    }
    const early = tasks.simulates(call.service, call.action)
      ? tasks.answerBeforeForward(call.action, call.params)
      : undefined;
    if (early !== undefined) {
      simulated = true;
      sendAws(res, scriptedResponse({ protocol: call.protocol, status: early.status, body: early.body }));
      finish(early.status >= 400 ? 'upstream-error' : 'forwarded', early.status);
      return;
    }
    let answer: UpstreamAnswer;
    try {
      answer = await forward(req, body);
    } catch (error) {
      sendAws(
        res,
        awsErrorResponse({
          protocol: call.protocol,
          service: call.service,
          status: 502,
          code: 'UpstreamUnreachable',
          message: `fault proxy could not reach ${target.origin}: ${String(error)}`,
        }),
      );
      finish('upstream-unreachable', 502);
      return;
    }
    const simulatedAnswer = await simulateRollouts(call, req.headers, answer);
    if (simulatedAnswer !== undefined) {
      answer = simulatedAnswer;
      simulated = true;
    }
    if (predictive.simulates(call.service, call.action) && answer.status < 300) {
      const document = jsonOf(answer);
      const rewritten =
        document === undefined
          ? undefined
          : predictive.rewrite(call.action, call.params, req.headers, document);
      if (rewritten !== undefined) {
        answer = { ...answer, body: Buffer.from(JSON.stringify(rewritten)) };
        simulated = true;
      }
    }
    if (targetTags.simulates(call.service, call.action) && answer.status < 300) {
      const document = jsonOf(answer);
      if (document !== undefined) targetTags.registered(call.params, document);
    }
    const taskAnswer = simulateTasks(call, answer);
    if (taskAnswer !== undefined) {
      answer = taskAnswer;
      simulated = true;
    }
    if (pagesScalableTargets(call.service, call.action) && answer.status < 300) {
      const document = jsonOf(answer);
      const paged = document === undefined ? undefined : pagedScalableTargets(call.params, document);
      if (paged !== undefined) {
        answer = { ...answer, body: Buffer.from(JSON.stringify(paged)) };
        simulated = true;
      }
    }
    const taskSetAnswer = fillTaskSets(call, answer);
    if (taskSetAnswer !== undefined) {
      answer = taskSetAnswer;
      simulated = true;
    }
    if (patches.length > 0) {
      const result = patchAnswer(answer, patches);
      answer = result.answer;
      patched = result.applied;
    }
    send(res, answer.status, endToEndHeaders(answer.headers), answer.body);
    if (
      call.action === 'AssumeRole' &&
      answer.status < 300 &&
      answer.headers['content-encoding'] === undefined
    ) {
      const params = call.params as { RoleArn?: unknown } | undefined;
      accounts.learn(params?.RoleArn, answer.body.toString('utf8'));
    }
    finish(answer.status >= 400 ? 'upstream-error' : 'forwarded', answer.status);
    options.onAnswered?.({
      service: call.service,
      action: call.action,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      status: answer.status,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (url.startsWith(CONTROL_PREFIX)) {
      const body = (await readBody(req)).toString('utf8');
      const answer = await handleControlRequest(control, { method: req.method ?? 'GET', url, body });
      if (answer.body === undefined) {
        send(res, answer.status, {}, '');
      } else {
        send(res, answer.status, { 'content-type': 'application/json' }, JSON.stringify(answer.body));
      }
      return;
    }
    if (url.startsWith(MOTO_API_PREFIX)) {
      await passThrough(req, res);
      return;
    }
    await handleAwsCall(req, res);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, { 'content-type': 'text/plain' }, `fault proxy error: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    control,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        target.close();
      });
      return closing;
    },
  };
}

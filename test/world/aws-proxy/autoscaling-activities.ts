/**
 * Scaling activities, which moto does not serve (moto 5.2 has no DescribeScalingActivities and never
 * scales anything). The proxy answers DescribeScalingActivities from its own record of activities,
 * and a test plays one through the control API (`playScalingActivity`): "the alarm fired and
 * Application Auto Scaling set the service's desired count", as AWS would record it.
 *
 * The answer is one Application Auto Scaling could make
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalingActivities.html,
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_ScalingActivity.html):
 * - `ServiceNamespace` is required; `ResourceId` and `ScalableDimension` filter (a dimension needs a
 *   resource id, else ValidationException); `MaxResults` is 1–50, default 50;
 * - activities come newest first (by start time), paged with an opaque `NextToken`;
 * - each carries ActivityId, ServiceNamespace, ResourceId, ScalableDimension, Description, Cause,
 *   StartTime, EndTime (once finished), StatusCode (`Pending`, `InProgress`, `Successful`,
 *   `Overridden`, `Unfulfilled`, `Failed`) and StatusMessage when given; times in epoch seconds
 *   (awsJson1_1).
 * The record is per Region and forgotten on a moto reset. Activities stay after the target is
 * deregistered (AWS keeps six weeks of history).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { regionOf, type PredictiveAnswer } from './autoscaling-predictive.js';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** What a test plays: one scaling activity of an ECS service. */
export interface ScalingActivitySpec {
  /** `service/<cluster>/<service>`. */
  readonly resourceId: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** e.g. "Setting desired count to 3." */
  readonly description: string;
  /** e.g. "monitor alarm web-high in state ALARM triggered policy ecs-bridge-step-out" */
  readonly cause: string;
  /** Default `Successful`. */
  readonly statusCode?: 'Pending' | 'InProgress' | 'Successful' | 'Overridden' | 'Unfulfilled' | 'Failed';
  readonly statusMessage?: string;
}

const STATUS_CODES = new Set(['Pending', 'InProgress', 'Successful', 'Overridden', 'Unfulfilled', 'Failed']);
const FINISHED = new Set(['Successful', 'Overridden', 'Unfulfilled', 'Failed']);

interface StoredActivity {
  readonly region: string;
  readonly document: JsonObject;
}

function error(code: string, message: string): PredictiveAnswer {
  return { status: 400, body: { __type: code, Message: message } };
}

/** Checks a played activity, naming the bad field. */
function validSpec(spec: unknown): ScalingActivitySpec {
  if (!isJsonObject(spec)) throw new TypeError('scaling activity must be an object');
  const s = spec as Record<string, unknown>;
  for (const field of ['resourceId', 'description', 'cause'])
    if (typeof s[field] !== 'string' || s[field] === '')
      throw new TypeError(`scaling activity: ${field} must be a non-empty string`);
  if (!/^service\/[^/]+\/[^/]+$/.test(s['resourceId'] as string))
    throw new TypeError('scaling activity: resourceId must be service/<cluster>/<service>');
  if (s['statusCode'] !== undefined && !STATUS_CODES.has(s['statusCode'] as string))
    throw new TypeError(`scaling activity: statusCode must be one of ${[...STATUS_CODES].join(', ')}`);
  for (const key of Object.keys(s))
    if (!['resourceId', 'region', 'description', 'cause', 'statusCode', 'statusMessage'].includes(key))
      throw new TypeError(`scaling activity: unknown field ${key}`);
  return s as unknown as ScalingActivitySpec;
}

/** The record of scaling activities moto cannot hold. */
export class ScalingActivitySimulator {
  /** Newest first. */
  readonly #activities: StoredActivity[] = [];
  readonly #now: () => number;

  constructor(options: { readonly now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** True for the call this simulator answers. */
  simulates(service: string, action: string): boolean {
    return service === 'application-autoscaling' && action === 'DescribeScalingActivities';
  }

  /** Forgets every activity (moto was reset). */
  clearModel(): void {
    this.#activities.length = 0;
  }

  /** Records one activity as Application Auto Scaling would; returns its ActivityId. */
  play(spec: unknown): string {
    const s = validSpec(spec);
    const id = randomUUID();
    const now = this.#now() / 1000;
    const statusCode = s.statusCode ?? 'Successful';
    this.#activities.unshift({
      region: s.region ?? 'us-east-1',
      document: {
        ActivityId: id,
        ServiceNamespace: 'ecs',
        ResourceId: s.resourceId,
        ScalableDimension: 'ecs:service:DesiredCount',
        Description: s.description,
        Cause: s.cause,
        // Finished activities took a moment; the start precedes the end.
        StartTime: FINISHED.has(statusCode) ? now - 1 : now,
        ...(FINISHED.has(statusCode) ? { EndTime: now } : {}),
        StatusCode: statusCode,
        ...(s.statusMessage === undefined ? {} : { StatusMessage: s.statusMessage }),
      },
    });
    return id;
  }

  /** The answer to DescribeScalingActivities (never forwarded: moto does not serve it). */
  answer(params: JsonValue | undefined, headers: IncomingHttpHeaders): PredictiveAnswer {
    const p = isJsonObject(params) ? params : {};
    const namespace = p['ServiceNamespace'];
    if (typeof namespace !== 'string' || namespace === '')
      return error('ValidationException', 'ServiceNamespace is required.');
    const resourceId = typeof p['ResourceId'] === 'string' ? p['ResourceId'] : undefined;
    const dimension = typeof p['ScalableDimension'] === 'string' ? p['ScalableDimension'] : undefined;
    if (dimension !== undefined && resourceId === undefined)
      return error('ValidationException', 'ResourceId is required when ScalableDimension is given.');
    const max = p['MaxResults'] ?? 50;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 50)
      return error('ValidationException', 'MaxResults must be between 1 and 50.');
    const token = p['NextToken'];
    const offset = token === undefined ? 0 : typeof token === 'string' ? Number.parseInt(token, 36) : -1;
    if (!Number.isInteger(offset) || offset < 0)
      return error('InvalidNextTokenException', 'Invalid NextToken.');
    const region = regionOf(headers);
    const matching = this.#activities
      .filter(
        (a) =>
          a.region === region &&
          a.document['ServiceNamespace'] === namespace &&
          (resourceId === undefined || a.document['ResourceId'] === resourceId) &&
          (dimension === undefined || a.document['ScalableDimension'] === dimension),
      )
      .map((a) => a.document);
    const page = matching.slice(offset, offset + max);
    const next = offset + max < matching.length ? (offset + max).toString(36) : undefined;
    return {
      status: 200,
      body: { ScalingActivities: page, ...(next === undefined ? {} : { NextToken: next }) },
    };
  }
}

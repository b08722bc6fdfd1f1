/**
 * Predictive scaling policies, which moto refuses (its PutScalingPolicy knows only StepScaling and
 * TargetTrackingScaling and answers a ValidationException for `PolicyType: PredictiveScaling`). The
 * proxy plays them the way Application Auto Scaling does for ECS services:
 *
 * - PutScalingPolicy with `PolicyType: PredictiveScaling` is an upsert by (Region, namespace,
 *   resource id, dimension, policy name); it needs a registered scalable target, else
 *   ObjectNotFoundException; it answers the policy ARN and no alarms (predictive scaling makes none)
 *   https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html
 *   https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredictiveScalingPolicyConfiguration.html
 *   (Application Auto Scaling supports predictive scaling on ECS services only: another namespace
 *   gets a ValidationException).
 * - DescribeScalingPolicies answers them after moto's own, with `PolicyType`,
 *   `PredictiveScalingPolicyConfiguration` as put (AWS stores what it was given), `Alarms: []` and a
 *   `CreationTime`, filtered like AWS by namespace, exact resource id, dimension and policy names
 *   https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalingPolicies.html
 * - DeleteScalingPolicy of one of them deletes it (moto never knew it);
 * - DeregisterScalableTarget deletes the target's predictive policies with it, as AWS does.
 * - A moto reset forgets them.
 *
 * A PutScalingPolicy of another type, or a delete of a name the model does not hold, goes to moto.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** The answer the simulator gives instead of moto. */
export interface PredictiveAnswer {
  readonly status: number;
  readonly body: JsonValue;
}

interface StoredPolicy {
  readonly region: string;
  readonly document: JsonObject;
}

const SERVICE = 'application-autoscaling';

/** The Region of a SigV4-signed request (its credential scope), `us-east-1` when unsigned. */
export function regionOf(headers: IncomingHttpHeaders): string {
  const auth = headers.authorization;
  const scope = typeof auth === 'string' ? /Credential=[^/]+\/\d{8}\/([a-z0-9-]+)\//.exec(auth) : null;
  return scope?.[1] ?? 'us-east-1';
}

function str(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

function keyOf(region: string, p: JsonObject): string {
  return [
    region,
    str(p, 'ServiceNamespace'),
    str(p, 'ResourceId'),
    str(p, 'ScalableDimension'),
    str(p, 'PolicyName'),
  ].join('|');
}

function error(code: string, message: string): PredictiveAnswer {
  return { status: 400, body: { __type: code, Message: message } };
}

/** The model of predictive scaling policies moto cannot hold. */
export class PredictiveScalingSimulator {
  readonly #policies = new Map<string, StoredPolicy>();
  readonly #now: () => number;

  constructor(options: { readonly now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  /** True for the calls this simulator may answer or complete. */
  simulates(service: string, action: string): boolean {
    return (
      service === SERVICE &&
      [
        'PutScalingPolicy',
        'DescribeScalingPolicies',
        'DeleteScalingPolicy',
        'DeregisterScalableTarget',
      ].includes(action)
    );
  }

  /** Forgets every policy (moto was reset). */
  clearModel(): void {
    this.#policies.clear();
  }

  /**
   * The answer to a call the model owns, before it reaches moto; `undefined` to forward it.
   * `targetExists` asks moto whether the scalable target is registered (uncounted).
   */
  async answerBeforeForward(
    action: string,
    params: JsonValue | undefined,
    headers: IncomingHttpHeaders,
    targetExists: (namespace: string, resourceId: string, dimension: string) => Promise<boolean>,
  ): Promise<PredictiveAnswer | undefined> {
    if (!isJsonObject(params)) return undefined;
    const region = regionOf(headers);
    if (action === 'DeleteScalingPolicy') {
      const key = keyOf(region, params);
      if (!this.#policies.has(key)) return undefined;
      this.#policies.delete(key);
      return { status: 200, body: {} };
    }
    if (action !== 'PutScalingPolicy' || str(params, 'PolicyType') !== 'PredictiveScaling') return undefined;
    const namespace = str(params, 'ServiceNamespace') ?? '';
    const resourceId = str(params, 'ResourceId') ?? '';
    const dimension = str(params, 'ScalableDimension') ?? '';
    const name = str(params, 'PolicyName') ?? '';
    const config = params['PredictiveScalingPolicyConfiguration'];
    if (namespace !== 'ecs')
      return error('ValidationException', 'Predictive scaling is supported on Amazon ECS services only.');
    if (!isJsonObject(config))
      return error(
        'ValidationException',
        'PredictiveScalingPolicyConfiguration is required for policy type PredictiveScaling.',
      );
    if (!(await targetExists(namespace, resourceId, dimension)))
      return error(
        'ObjectNotFoundException',
        `No scalable target registered for service namespace: ${namespace}, resource ID: ${resourceId}, scalable dimension: ${dimension}`,
      );
    const key = keyOf(region, params);
    const previous = this.#policies.get(key);
    const arn =
      (previous === undefined ? undefined : str(previous.document, 'PolicyARN')) ??
      `arn:aws:autoscaling:${region}:123456789012:scalingPolicy:${randomUUID()}:resource/${namespace}/${resourceId}:policyName/${name}`;
    this.#policies.set(key, {
      region,
      document: {
        PolicyARN: arn,
        PolicyName: name,
        ServiceNamespace: namespace,
        ResourceId: resourceId,
        ScalableDimension: dimension,
        PolicyType: 'PredictiveScaling',
        PredictiveScalingPolicyConfiguration: config,
        Alarms: [],
        CreationTime:
          previous === undefined
            ? this.#now() / 1000
            : (previous.document['CreationTime'] ?? this.#now() / 1000),
      },
    });
    return { status: 200, body: { PolicyARN: arn, Alarms: [] } };
  }

  /**
   * Completes moto's 2xx answer: adds the model's policies to DescribeScalingPolicies, and drops a
   * deregistered target's. `undefined` when the answer stays as it is.
   */
  rewrite(
    action: string,
    params: JsonValue | undefined,
    headers: IncomingHttpHeaders,
    document: JsonValue,
  ): JsonValue | undefined {
    if (!isJsonObject(params)) return undefined;
    const region = regionOf(headers);
    if (action === 'DeregisterScalableTarget') {
      for (const [key, p] of this.#policies) {
        if (
          p.region === region &&
          p.document['ServiceNamespace'] === params['ServiceNamespace'] &&
          p.document['ResourceId'] === params['ResourceId'] &&
          p.document['ScalableDimension'] === params['ScalableDimension']
        )
          this.#policies.delete(key);
      }
      return undefined;
    }
    if (action !== 'DescribeScalingPolicies' || !isJsonObject(document)) return undefined;
    // moto answers `"NextToken": null` on the last page; Application Auto Scaling leaves an unset
    // member out (answer-shapes.test.ts holds every answer to the model).
    const { NextToken: token, ...rest } = document;
    const page = token === null ? rest : document;
    const names = Array.isArray(params['PolicyNames']) ? params['PolicyNames'] : undefined;
    const ours = [...this.#policies.values()]
      .filter(
        (p) =>
          p.region === region &&
          p.document['ServiceNamespace'] === params['ServiceNamespace'] &&
          (params['ResourceId'] === undefined || p.document['ResourceId'] === params['ResourceId']) &&
          (params['ScalableDimension'] === undefined ||
            p.document['ScalableDimension'] === params['ScalableDimension']) &&
          (names === undefined || names.includes(p.document['PolicyName'] ?? '')),
      )
      .map((p) => p.document);
    const rewritten = page === document ? undefined : page;
    if (ours.length === 0) return rewritten;
    // Added to the last page only (no NextToken), so a paging reader sees each exactly once.
    if (typeof token === 'string' && token !== '') return rewritten;
    const theirs = Array.isArray(page['ScalingPolicies']) ? page['ScalingPolicies'] : [];
    return { ...page, ScalingPolicies: [...theirs, ...ours] };
  }
}

/**
 * Test support only: an in-memory, stateful Application Auto Scaling and ELBv2 that implement
 * {@link AutoscalingApi} and {@link LoadBalancingApi} the way AWS behaves (RegisterScalableTarget
 * is an upsert, PutScalingPolicy replaces by name and makes two alarms, deleting what is not there
 * is ObjectNotFoundException, DeregisterScalableTarget cascades to the target's policies), with a
 * switch for moto's one difference that matters here (no cascade), a call log and error injection.
 */
import type {
  Alarm,
  ScalableTarget,
  ScalingActivity,
  ScalingPolicy,
  ScheduledAction,
} from '@aws-sdk/client-application-auto-scaling';
import {
  ObjectNotFoundException,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-application-auto-scaling';
import type { LoadBalancer, TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { TargetGroupNotFoundException } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { AutoscalingApi, PutScalingPolicyResult } from '../../../aws/autoscaling-api.js';
import type { LoadBalancingApi } from '../../../aws/load-balancing-api.js';
import { compareStrings } from '../../../shared/compare-strings.js';

/** What the real API's `method` takes: the fake follows the interface instead of restating it. */
type AutoscalingInputOf<M extends keyof AutoscalingApi> = Parameters<NonNullable<AutoscalingApi[M]>>[0];

/** The operations the fake records. */
export type FakeOperation =
  | 'registerScalableTarget'
  | 'deregisterScalableTarget'
  | 'describeScalableTargets'
  | 'putScalingPolicy'
  | 'deleteScalingPolicy'
  | 'describeScalingPolicies'
  | 'putScheduledAction'
  | 'deleteScheduledAction'
  | 'describeScheduledActions'
  | 'listScheduledActionsUpTo'
  | 'describeScalingActivities'
  | 'listTagsForResource'
  | 'tagResource'
  | 'describeTargetGroups'
  | 'describeLoadBalancers';

/** The operations that change state. */
export const WRITE_OPERATIONS: ReadonlySet<FakeOperation> = new Set([
  'registerScalableTarget',
  'deregisterScalableTarget',
  'putScalingPolicy',
  'deleteScalingPolicy',
  'putScheduledAction',
  'deleteScheduledAction',
  'tagResource',
]);

/** One recorded call. */
export interface FakeAutoscalingCall {
  readonly op: FakeOperation;
  readonly input: unknown;
}

/** Options of the fake. */
export interface FakeAwsOptions {
  /** AWS deletes a target's policies on deregister; moto does not. Default true. */
  readonly cascadeOnDeregister?: boolean;
}

const key = (resourceId: string, policyName: string): string => `${resourceId}\t${policyName}`;

function notFound(message: string): ObjectNotFoundException {
  return new ObjectNotFoundException({ message, $metadata: { httpStatusCode: 400 } });
}

function required(value: string | undefined, field: string): string {
  if (value === undefined || value === '') {
    throw new ValidationException({ message: `${field} is required`, $metadata: { httpStatusCode: 400 } });
  }
  return value;
}

/** The stateful fake. Every method is async and copies what it stores, like a real server. */
export class FakeAwsAutoscaling implements AutoscalingApi, LoadBalancingApi {
  /** Every call, in order. */
  readonly calls: FakeAutoscalingCall[] = [];
  private readonly targets = new Map<string, ScalableTarget>();
  private readonly policies = new Map<string, ScalingPolicy>();
  private readonly scheduled = new Map<string, ScheduledAction>();
  private readonly activities: ScalingActivity[] = [];
  /** Tags by ScalableTargetARN, as AWS keeps them. */
  private readonly tags = new Map<string, Record<string, string>>();
  private targetSeq = 0;
  private readonly targetGroups = new Map<string, TargetGroup>();
  private readonly failures: { op: FakeOperation; error: unknown }[] = [];
  private readonly cascade: boolean;
  private alarmSeq = 0;

  constructor(options: FakeAwsOptions = {}) {
    this.cascade = options.cascadeOnDeregister ?? true;
  }

  /** The calls that changed (or tried to change) state. */
  writes(): FakeAutoscalingCall[] {
    return this.calls.filter((c) => WRITE_OPERATIONS.has(c.op));
  }

  /** Makes the next call of `op` throw `error` (once). */
  failNext(op: FakeOperation, error: unknown): void {
    this.failures.push({ op, error });
  }

  /** Adds or replaces a target group, as ELBv2 would describe it. */
  putTargetGroup(tg: TargetGroup): void {
    this.targetGroups.set(required(tg.TargetGroupArn, 'TargetGroupArn'), structuredClone(tg));
  }

  /** The stored target of `resourceId`, if any. */
  target(resourceId: string): ScalableTarget | undefined {
    return this.targets.get(resourceId);
  }

  /** The stored policies of `resourceId`, sorted by name. */
  policiesOf(resourceId: string): ScalingPolicy[] {
    return [...this.policies.values()]
      .filter((p) => p.ResourceId === resourceId)
      .sort((a, b) => compareStrings(a.PolicyName ?? '', b.PolicyName ?? ''));
  }

  /** Adds a scaling activity, as Application Auto Scaling would record one (no call is recorded). */
  seedActivity(activity: ScalingActivity): void {
    this.activities.unshift(structuredClone(activity));
  }

  /** The activities of `resourceId`, newest first (in the order they were seeded, last first). */
  async describeScalingActivities(resourceId: string): Promise<ScalingActivity[]> {
    await Promise.resolve();
    this.record('describeScalingActivities', resourceId);
    return structuredClone(this.activities.filter((a) => a.ResourceId === resourceId));
  }

  /** The tags of the target registered for `resourceId` (undefined when none is). */
  tagsOf(resourceId: string): Record<string, string> | undefined {
    const arn = this.targets.get(resourceId)?.ScalableTargetARN;
    return arn === undefined ? undefined : { ...(this.tags.get(arn) ?? {}) };
  }

  async listTagsForResource(resourceArn: string): Promise<Record<string, string>> {
    await Promise.resolve();
    this.record('listTagsForResource', resourceArn);
    return { ...this.tagsOfArn(resourceArn) };
  }

  async tagResource(resourceArn: string, tags: Readonly<Record<string, string>>): Promise<void> {
    await Promise.resolve();
    this.record('tagResource', { resourceArn, tags });
    this.tags.set(resourceArn, { ...this.tagsOfArn(resourceArn), ...tags });
  }

  private tagsOfArn(resourceArn: string): Record<string, string> {
    const registered = [...this.targets.values()].some((t) => t.ScalableTargetARN === resourceArn);
    if (!registered)
      throw new ResourceNotFoundException({
        message: `Scalable target ${resourceArn} not found`,
        ResourceName: resourceArn,
        $metadata: { httpStatusCode: 400 },
      });
    return this.tags.get(resourceArn) ?? {};
  }

  /** Stores a policy directly, as another tool would have made it (no call is recorded). */
  seedPolicy(input: AutoscalingInputOf<'putScalingPolicy'>): void {
    this.storePolicy(input);
  }

  private record(op: FakeOperation, input: unknown): void {
    this.calls.push({ op, input: structuredClone(input) });
    const i = this.failures.findIndex((f) => f.op === op);
    if (i !== -1) {
      const [f] = this.failures.splice(i, 1);
      throw f?.error;
    }
  }

  private storePolicy(input: AutoscalingInputOf<'putScalingPolicy'>): ScalingPolicy {
    const resourceId = required(input.ResourceId, 'ResourceId');
    const name = required(input.PolicyName, 'PolicyName');
    const alarms: Alarm[] = ['AlarmHigh', 'AlarmLow'].map((kind) => {
      this.alarmSeq += 1;
      const AlarmName = `TargetTracking-${resourceId}-${kind}-${String(this.alarmSeq).padStart(8, '0')}`;
      return { AlarmName, AlarmARN: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${AlarmName}` };
    });
    const policy: ScalingPolicy = {
      PolicyARN: `arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:fake:resource/ecs/${resourceId}:policyName/${name}`,
      PolicyName: name,
      ServiceNamespace: input.ServiceNamespace,
      ResourceId: resourceId,
      ScalableDimension: input.ScalableDimension,
      PolicyType: input.PolicyType ?? 'StepScaling',
      ...(input.TargetTrackingScalingPolicyConfiguration === undefined
        ? {}
        : {
            TargetTrackingScalingPolicyConfiguration: structuredClone(
              input.TargetTrackingScalingPolicyConfiguration,
            ),
          }),
      // Kept as sent, as AWS keeps it, so a predictive policy reads back the same.
      ...(input.PredictiveScalingPolicyConfiguration === undefined
        ? {}
        : {
            PredictiveScalingPolicyConfiguration: structuredClone(input.PredictiveScalingPolicyConfiguration),
          }),
      Alarms: alarms,
      CreationTime: new Date(0),
    };
    this.policies.set(key(resourceId, name), policy);
    return policy;
  }

  async registerScalableTarget(
    input: AutoscalingInputOf<'registerScalableTarget'>,
  ): Promise<string | undefined> {
    await Promise.resolve();
    this.record('registerScalableTarget', input);
    const resourceId = required(input.ResourceId, 'ResourceId');
    const existing = this.targets.get(resourceId);
    this.targets.set(resourceId, {
      ServiceNamespace: input.ServiceNamespace,
      ResourceId: resourceId,
      ScalableDimension: input.ScalableDimension,
      // Like AWS: a register without SuspendedState (or a capacity) keeps the target's current one.
      ...keptUnlessGiven(input, existing, ['MinCapacity', 'MaxCapacity', 'SuspendedState']),
      RoleARN:
        'arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService',
      CreationTime: existing?.CreationTime ?? new Date(0),
      // Like AWS: each registration has an ARN of its own, kept while it stays registered.
      ScalableTargetARN:
        existing?.ScalableTargetARN ??
        `arn:aws:application-autoscaling:us-east-1:123456789012:scalable-target/fake${String((this.targetSeq += 1)).padStart(8, '0')}`,
    });
    const arn = this.targets.get(resourceId)?.ScalableTargetARN ?? '';
    // Tags are set when the target is created; an existing target is tagged with TagResource.
    if (existing === undefined) this.tags.set(arn, { ...(input.Tags ?? {}) });
    return this.targets.get(resourceId)?.ScalableTargetARN;
  }

  async deregisterScalableTarget(input: AutoscalingInputOf<'deregisterScalableTarget'>): Promise<void> {
    await Promise.resolve();
    this.record('deregisterScalableTarget', input);
    const resourceId = required(input.ResourceId, 'ResourceId');
    if (!this.targets.delete(resourceId)) throw notFound(`No scalable target registered for ${resourceId}`);
    if (this.cascade) {
      for (const [k, p] of this.policies) if (p.ResourceId === resourceId) this.policies.delete(k);
      for (const [k, a] of this.scheduled) if (a.ResourceId === resourceId) this.scheduled.delete(k);
    }
  }

  async putScheduledAction(input: AutoscalingInputOf<'putScheduledAction'>): Promise<void> {
    await Promise.resolve();
    this.record('putScheduledAction', input);
    const resourceId = required(input.ResourceId, 'ResourceId');
    const name = required(input.ScheduledActionName, 'ScheduledActionName');
    if (!this.targets.has(resourceId)) throw notFound(`No scalable target registered for ${resourceId}`);
    const existing = this.scheduled.get(key(resourceId, name));
    // AWS keeps a field a later put leaves out (PutScheduledAction updates what it is given).
    this.scheduled.set(key(resourceId, name), {
      ScheduledActionName: name,
      ScheduledActionARN: `arn:aws:autoscaling:us-east-1:123456789012:scheduledAction:x:resource/ecs/${resourceId}:scheduledActionName/${name}`,
      ServiceNamespace: input.ServiceNamespace,
      ResourceId: resourceId,
      ScalableDimension: input.ScalableDimension,
      ...keptUnlessGiven(input, existing, [
        'Schedule',
        'Timezone',
        'StartTime',
        'EndTime',
        'ScalableTargetAction',
      ]),
      CreationTime: existing?.CreationTime ?? new Date(0),
    });
  }

  async deleteScheduledAction(input: AutoscalingInputOf<'deleteScheduledAction'>): Promise<void> {
    await Promise.resolve();
    this.record('deleteScheduledAction', input);
    const k = key(
      required(input.ResourceId, 'ResourceId'),
      required(input.ScheduledActionName, 'ScheduledActionName'),
    );
    if (!this.scheduled.delete(k))
      throw notFound(`No scheduled action found: ${input.ScheduledActionName ?? ''}`);
  }

  async describeScheduledActions(resourceId: string): Promise<ScheduledAction[]> {
    await Promise.resolve();
    this.record('describeScheduledActions', resourceId);
    return copiesOn(this.scheduled, resourceId);
  }

  /** Every scheduled action of the namespace, on one page (the shared listing's Region read). */
  async listScheduledActionsUpTo(): Promise<{ items: ScheduledAction[]; complete: boolean }> {
    await Promise.resolve();
    this.record('listScheduledActionsUpTo', {});
    return { items: [...this.scheduled.values()].map((a) => structuredClone(a)), complete: true };
  }

  async describeScalableTargets(resourceIds: readonly string[]): Promise<ScalableTarget[]> {
    await Promise.resolve();
    this.record('describeScalableTargets', resourceIds);
    return [...this.targets.values()]
      .filter((t) => resourceIds.includes(t.ResourceId ?? ''))
      .map((t) => structuredClone(t));
  }

  async putScalingPolicy(input: AutoscalingInputOf<'putScalingPolicy'>): Promise<PutScalingPolicyResult> {
    await Promise.resolve();
    this.record('putScalingPolicy', input);
    const resourceId = required(input.ResourceId, 'ResourceId');
    if (!this.targets.has(resourceId)) throw notFound(`No scalable target registered for ${resourceId}`);
    const policy = this.storePolicy(input);
    return { policyArn: policy.PolicyARN ?? '', alarms: structuredClone(policy.Alarms ?? []) };
  }

  async deleteScalingPolicy(input: AutoscalingInputOf<'deleteScalingPolicy'>): Promise<void> {
    await Promise.resolve();
    this.record('deleteScalingPolicy', input);
    const k = key(required(input.ResourceId, 'ResourceId'), required(input.PolicyName, 'PolicyName'));
    if (!this.policies.delete(k)) throw notFound(`No scaling policy found: ${input.PolicyName ?? ''}`);
  }

  async describeScalingPolicies(resourceId: string): Promise<ScalingPolicy[]> {
    await Promise.resolve();
    this.record('describeScalingPolicies', resourceId);
    return copiesOn(this.policies, resourceId);
  }

  async describeTargetGroups(targetGroupArns: readonly string[]): Promise<TargetGroup[]> {
    await Promise.resolve();
    this.record('describeTargetGroups', targetGroupArns);
    return targetGroupArns.map((arn) => {
      const tg = this.targetGroups.get(arn);
      if (tg === undefined) {
        throw new TargetGroupNotFoundException({
          message: 'One or more target groups not found',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return structuredClone(tg);
    });
  }

  /** Load balancers as their ARNs describe them (type from the `app/`, `net/` or `gwy/` part). */
  async describeLoadBalancers(loadBalancerArns: readonly string[]): Promise<LoadBalancer[]> {
    await Promise.resolve();
    this.record('describeLoadBalancers', loadBalancerArns);
    const types = { app: 'application', net: 'network', gwy: 'gateway' } as const;
    return loadBalancerArns.map((arn) => {
      const kind = /:loadbalancer\/(app|net|gwy)\//.exec(arn)?.[1] as keyof typeof types | undefined;
      return { LoadBalancerArn: arn, ...(kind === undefined ? {} : { Type: types[kind] }) };
    });
  }
}

/**
 * Each of `keys` as a write sets it: from `input`, or where `input` leaves it out, as the `existing`
 * resource had it (AWS's register and put update what they are given and keep the rest).
 */
function keptUnlessGiven<I, E, K extends keyof I & keyof E>(
  input: I,
  existing: E | undefined,
  keys: readonly K[],
): { [P in K]: I[P] | E[P] | undefined } {
  return Object.fromEntries(keys.map((k) => [k, input[k] ?? existing?.[k]])) as {
    [P in K]: I[P] | E[P] | undefined;
  };
}

/** Copies of the entries of `stored` on `resourceId`, as a Describe* call answers (never the stored objects). */
function copiesOn<T extends { ResourceId?: string | undefined }>(
  stored: Map<string, T>,
  resourceId: string,
): T[] {
  return [...stored.values()].filter((x) => x.ResourceId === resourceId).map((x) => structuredClone(x));
}

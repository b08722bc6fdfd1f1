/**
 * The plan of one EcsTaskTrigger: the trigger kind's own validate → resolve → desired → observe →
 * plan, with read-only AWS calls in the namespace's account, turned into a plan entry people can
 * read. The reads are the reconciler's observe: DescribeRule, ListTagsForResource and (when the rule
 * is ours) ListTargetsByRule; or GetScheduleGroup, ListTagsForResource and GetSchedule; plus
 * GetBucketNotificationConfiguration for the `s3` shorthand. The task runs are not read: they are
 * the trigger's outcome, not its desired state.
 */
import { diffFields, type FieldChange } from '../field-diff.js';
import { explainAwsError } from '../cli-errors.js';
import type { TaskTriggerManifest } from '../manifests.js';
import type { ReadOnlyAws } from '../read-only-aws.js';
import type { TriggerWrite } from '../../resources/task-trigger/actions.js';
import { desiredTrigger, type DesiredTrigger } from '../../resources/task-trigger/desired.js';
import { OWNER_TAG, INSTANCE_TAG, ownerOf, triggerNames } from '../../resources/task-trigger/identity.js';
import {
  observeBucket,
  observeTrigger,
  type BucketObservation,
  type TriggerObservation,
  type TriggerPlace,
} from '../../resources/task-trigger/observe.js';
import { planTrigger, type ObservedTrigger } from '../../resources/task-trigger/plan.js';
import { resolveTemplate } from '../../resources/task-trigger/resolve.js';
import { validateTaskTrigger } from '../../resources/task-trigger/validate.js';
import { triggerWrites } from '../../resources/task-trigger/writes.js';
import { entryIdentity, operation, type PlanEntry, type PlanOperation } from './plan-model.js';
import type { TaskDefinitionResolution } from './plan-service.js';

/** An EcsCluster a template's `clusterRef` names, as the plan knows it. */
export interface PlannedCluster {
  readonly clusterName: string;
  readonly region?: string | undefined;
}

/** What {@link planTaskTriggerManifest} needs. */
export interface PlanTaskTriggerContext {
  readonly aws: ReadOnlyAws;
  readonly instanceId: string;
  readonly defaultRegion: string | undefined;
  readonly endpoint?: string | undefined;
  /** An EcsCluster among the manifests; undefined when it is not among them. */
  readonly cluster: (namespace: string, name: string) => PlannedCluster | undefined;
  /** The revision an EcsTaskDefinition publishes (among the manifests, else its newest in AWS). */
  readonly taskDefinition: (
    namespace: string,
    name: string,
    region: string,
  ) => Promise<TaskDefinitionResolution>;
}

/** What {@link planTaskTriggerEntry} needs: everything read, nothing left to ask. */
export interface PlanTaskTriggerInput {
  readonly manifest: TaskTriggerManifest;
  readonly region: string;
  readonly desired: DesiredTrigger;
  readonly observation: TriggerObservation;
  readonly bucket?: BucketObservation | undefined;
  readonly notes?: readonly string[];
  /** The installation whose owner tags an adopted rule would get with its first write. */
  readonly instanceId?: string;
}

function base(
  m: TaskTriggerManifest,
  region: string,
  target: string,
): Omit<PlanEntry, 'verdict' | 'summary'> {
  return {
    ...entryIdentity('EcsTaskTrigger', m, region),
    target,
    operations: [],
    notes: [],
  };
}

function targetOf(desired: DesiredTrigger): string {
  return desired.kind === 'rule'
    ? `EventBridge rule ${desired.rule.Name} on bus ${desired.rule.EventBusName}`
    : `Scheduler schedule ${desired.schedule.Name} in group ${desired.schedule.GroupName}`;
}

/** Where the desired rule or schedule lives, as the reconciler looks for it. */
function placeOf(desired: DesiredTrigger): TriggerPlace {
  return desired.kind === 'rule'
    ? { kind: 'rule', name: desired.rule.Name, eventBusName: desired.rule.EventBusName }
    : { kind: 'schedule', name: desired.schedule.Name, groupName: desired.schedule.GroupName };
}

/** JSON text as the value it says (patterns and inputs compare by content, as the planner does). */
function parsed(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A target with its JSON texts opened, so a change shows as the field that changed. */
function targetView(target: object | undefined): Record<string, unknown> {
  if (target === undefined) return {};
  const t = target as { Input?: string; InputTransformer?: { InputTemplate?: string } };
  // A JSON round trip drops absent members, as EventBridge's answers have none.
  return JSON.parse(
    JSON.stringify({
      ...target,
      Input: parsed(t.Input),
      InputTransformer:
        t.InputTransformer === undefined
          ? undefined
          : { ...t.InputTransformer, InputTemplate: parsed(t.InputTransformer.InputTemplate) },
    }),
  ) as Record<string, unknown>;
}

function ruleView(
  rule:
    | { EventPattern?: string | undefined; State?: string | undefined; Description?: string | undefined }
    | undefined,
): object {
  if (rule === undefined) return {};
  return {
    EventPattern: parsed(rule.EventPattern),
    State: rule.State,
    Description: rule.Description ?? '',
  };
}

function scheduleView(
  s:
    | {
        ScheduleExpression?: string | undefined;
        ScheduleExpressionTimezone?: string | undefined;
        FlexibleTimeWindow?: object | undefined;
        StartDate?: Date | undefined;
        EndDate?: Date | undefined;
        State?: string | undefined;
        Description?: string | undefined;
        Target?: object | undefined;
      }
    | undefined,
): object {
  if (s === undefined) return {};
  return {
    ScheduleExpression: s.ScheduleExpression,
    ScheduleExpressionTimezone: s.ScheduleExpressionTimezone ?? 'UTC',
    FlexibleTimeWindow: s.FlexibleTimeWindow,
    StartDate: s.StartDate?.toISOString(),
    EndDate: s.EndDate?.toISOString(),
    State: s.State,
    Description: s.Description ?? '',
    Target: targetView(s.Target),
  };
}

function changes(before: object, after: object): FieldChange[] {
  // JSON round trip: absent members drop out on both sides, so only real differences show.
  return diffFields(JSON.parse(JSON.stringify(before)), JSON.parse(JSON.stringify(after)));
}

function operationOf(write: TriggerWrite, desired: DesiredTrigger, observed: ObservedTrigger): PlanOperation {
  switch (write.type) {
    case 'tagRule':
      return operation(
        '~',
        'TagResource',
        `rule ${nameOfRuleArn(write.arn)}: ecs-bridge's owner tags (adopted, first write)`,
        write.tags.map((t) => ({ path: `tags.${t.Key ?? ''}`, after: t.Value })),
      );
    case 'createScheduleGroup':
      return operation('+', 'CreateScheduleGroup', `schedule group ${write.name}`);
    case 'enableBucketEventBridge':
      return operation(
        '~',
        'PutBucketNotificationConfiguration',
        `bucket ${write.bucket}: send events to EventBridge (its other notification settings kept)`,
        [{ path: 'EventBridgeConfiguration', after: {} }],
      );
    case 'putRule': {
      const old = observed.kind === 'rule' ? observed.rule : undefined;
      return operation(
        old === undefined ? '+' : '~',
        'PutRule',
        `rule ${write.rule.Name}`,
        changes(ruleView(old), ruleView(write.rule)),
      );
    }
    case 'putTargets': {
      const id = write.targets[0]?.Id;
      const old = observed.kind === 'rule' ? observed.targets.find((t) => t.Id === id) : undefined;
      return operation(
        old === undefined ? '+' : '~',
        'PutTargets',
        `ECS target ${id ?? ''} of rule ${write.rule}`,
        changes(targetView(old), targetView(write.targets[0])),
      );
    }
    case 'removeTargets':
      return operation(
        '-',
        'RemoveTargets',
        `targets ecs-bridge did not put on rule ${write.rule}: ${write.ids.join(', ')}`,
      );
    case 'createSchedule':
      return operation(
        '+',
        'CreateSchedule',
        `schedule ${write.schedule.Name}`,
        changes({}, scheduleView(write.schedule)),
      );
    case 'updateSchedule':
      return operation(
        '~',
        'UpdateSchedule',
        `schedule ${write.schedule.Name}`,
        changes(
          scheduleView(observed.kind === 'schedule' ? observed.schedule : undefined),
          scheduleView(write.schedule),
        ),
      );
    case 'deleteRule':
    case 'deleteSchedule':
      // Never planned for an object that exists; named for completeness of the union.
      return operation('-', write.type === 'deleteRule' ? 'DeleteRule' : 'DeleteSchedule', targetOf(desired));
  }
}

/** The rule name of a rule ARN (`arn:…:rule/[bus/]name`). */
function nameOfRuleArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The plan entry of one trigger from what was read. Pure. */
export function planTaskTriggerEntry(input: PlanTaskTriggerInput): PlanEntry {
  const { manifest, region, desired, observation, bucket } = input;
  const entry = base(manifest, region, targetOf(desired));
  const notes = [...(input.notes ?? [])];
  if (observation.notOwned !== undefined)
    return { ...entry, verdict: 'conflict', summary: observation.notOwned, notes };
  const s3 = manifest.obj.spec.event?.s3;
  const plan = planTrigger(desired, observation.trigger);
  const writes = triggerWrites({
    obj: manifest.obj,
    desired,
    observation,
    plan,
    bucket,
    adoptionTags: [
      { Key: OWNER_TAG, Value: ownerOf(manifest.obj) },
      { Key: INSTANCE_TAG, Value: input.instanceId ?? '' },
    ],
    scheduleGroupTags: [],
  });
  if (bucket !== undefined && !bucket.enabled && s3?.enableEventBridge !== true)
    notes.push(
      `bucket ${bucket.bucket} does not send its events to EventBridge, so the rule would never match: the operator would report Stalled (BucketEventsOff); turn EventBridge on for the bucket, or set spec.event.s3.enableEventBridge: true`,
    );
  if (manifest.obj.spec.suspend === true)
    notes.push('spec.suspend is true: the rule or schedule is kept DISABLED and starts no task');
  const operations = writes.map((w) => operationOf(w, desired, observation.trigger));
  const exists =
    observation.trigger.kind === 'rule'
      ? observation.trigger.rule !== undefined
      : observation.trigger.schedule !== undefined;
  if (writes.length === 0 && observation.adopted === true)
    return {
      ...entry,
      verdict: 'adopt',
      summary: `${targetOf(desired)} (made outside ecs-bridge) would be adopted as it is, with no write`,
      notes,
    };
  if (writes.length === 0)
    return {
      ...entry,
      verdict: 'nothing',
      summary: `${targetOf(desired)} ${desired.kind === 'rule' ? 'and its ECS target match' : 'matches'} the manifest`,
      notes,
    };
  return {
    ...entry,
    verdict: exists ? 'update' : 'create',
    summary: exists
      ? plan.reasons.join('; ') || `${targetOf(desired)}: ${writes.map((w) => w.type).join(', ')}`
      : `${targetOf(desired)} would be created${desired.kind === 'rule' ? ' with its ECS target' : ''}`,
    operations,
    notes,
  };
}

/** Plans one EcsTaskTrigger manifest: validates, resolves its template, reads AWS, plans. */
export async function planTaskTriggerManifest(
  m: TaskTriggerManifest,
  ctx: PlanTaskTriggerContext,
): Promise<PlanEntry> {
  const obj = m.obj;
  const namespace = obj.metadata.namespace ?? 'default';
  const names = triggerNames(obj, ctx.instanceId);
  const name = names.name;
  const what = obj.spec.schedule !== undefined ? `Scheduler schedule ${name}` : `EventBridge rule ${name}`;
  const fail = (verdict: 'invalid' | 'error', region: string, message: string): PlanEntry => ({
    ...base(m, region, what),
    verdict,
    summary: message,
  });
  const problem = validateTaskTrigger(obj.spec);
  if (problem !== undefined) return fail('invalid', '', `${problem}; fix: correct the manifest`);
  const template = obj.spec.template;
  const ref = template.clusterRef;
  const cluster: PlannedCluster | undefined =
    ref === undefined
      ? undefined
      : // Not among the manifests: assume the EcsCluster's default, its own name as the ECS cluster's.
        (ctx.cluster(namespace, ref.name) ?? { clusterName: ref.name, region: template.region });
  const region = cluster?.region ?? template.region ?? ctx.defaultRegion;
  if (region === undefined)
    return fail(
      'error',
      '',
      'no AWS Region for this object; fix: pass --region, set AWS_REGION, or set spec.template.region',
    );
  const notes: string[] = [];
  let taskDefinitionArn: string | undefined;
  const tdRef = template.taskDefinitionRef;
  if (tdRef !== undefined) {
    const td = await ctx.taskDefinition(namespace, tdRef.name, region).catch((err: unknown) => {
      const e = explainAwsError(err, {
        doing: `reading task definition family ${tdRef.name}`,
        region,
        endpoint: ctx.endpoint,
      });
      return {
        kind: 'unresolved' as const,
        message: e.fix === undefined ? e.message : `${e.message}; fix: ${e.fix}`,
      };
    });
    if (td.kind === 'unresolved') return fail('error', region, td.message);
    if (td.note !== undefined) notes.push(td.note);
    taskDefinitionArn = td.taskDefinition;
  }
  const resolved = await resolveTemplate(
    obj,
    {
      cluster: () => Promise.resolve(cluster === undefined ? undefined : { ...cluster, ready: true }),
      taskDefinition: () => Promise.resolve({ taskDefinitionArn, ready: true }),
    },
    region,
  );
  if (typeof resolved === 'string') return fail('error', region, resolved);
  const desired = desiredTrigger(obj.spec, {
    ...names,
    clusterArn: resolved.clusterArn,
    taskDefinitionArn: resolved.taskDefinitionArn,
  });
  try {
    const apis = ctx.aws(resolved.region, namespace).triggers;
    const observation = await observeTrigger(
      apis,
      placeOf(desired),
      { owner: ownerOf(obj), instanceId: ctx.instanceId, adopt: obj.spec.adopt === true },
      {},
    );
    const s3 = obj.spec.event?.s3;
    const bucket =
      s3 === undefined || observation.notOwned !== undefined
        ? undefined
        : await observeBucket(apis, s3.bucket, {});
    return planTaskTriggerEntry({
      manifest: m,
      region: resolved.region,
      desired,
      observation,
      bucket,
      notes,
      instanceId: ctx.instanceId,
    });
  } catch (err) {
    const e = explainAwsError(err, { doing: `reading ${targetOf(desired)}`, region, endpoint: ctx.endpoint });
    return fail('error', resolved.region, e.fix === undefined ? e.message : `${e.message}; fix: ${e.fix}`);
  }
}

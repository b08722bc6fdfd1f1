/**
 * The plan of one EcsService, pure: the service kind's own desired → observe → plan functions (and
 * autoscaling's) on what ECS has, turned into a plan entry. Ownership is judged as the operator
 * judges it, from the owner tag `<namespace>/<name>` and the instance tag alone, so no cluster is
 * needed. What only the object's status could tell (the last restart token, the spec tags ecs-bridge
 * applied) is taken on the safe side: a restart token is assumed applied, and no tag is untagged.
 */
import { clusterNamedBy } from '../../resources/service/cluster-ref.js';
import type { Service } from '@aws-sdk/client-ecs';
import { diffFields, type FieldChange } from '../field-diff.js';
import type { ServiceManifest } from '../manifests.js';
import { planAutoscalingSection } from './plan-autoscaling.js';
import {
  entryIdentity,
  operation,
  type PlanEntry,
  type PlanOperation,
  type PlanVerdict,
} from './plan-model.js';
import { TAG_KEYS } from '../../resources/api-group.js';
import type { ObservedAutoscaling } from '../../resources/autoscaling/observe.js';
import type { LabelResolution } from '../../resources/autoscaling/target-group-label.js';
import type { ObservedAlarm } from '../../resources/autoscaling/alarms.js';
import type { ServiceAction } from '../../resources/service/actions.js';
import { desiredService } from '../../resources/service/desired.js';
import { observedValue, shownConfigValue } from '../../resources/service/drift.js';
import { DEPLOYMENT_FIELDS, taskDefinitionKey, type ServiceConfig } from '../../resources/service/model.js';
import { observeService, type ObservedService } from '../../resources/service/observe.js';
import type { RevisionFields } from '../../resources/service/revision-fields.js';
import { ownerIdentity } from '../../resources/service/ownership.js';
import { managedConfig, planService, type DesiredCountOwner } from '../../resources/service/plan.js';
import { validateService } from '../../resources/service/validate.js';
import { rollbackHolds } from '../../resources/service/deployment-control.js';

/** The task definition the service would run, or why it cannot be known. */
export type TaskDefinitionResolution =
  | { readonly kind: 'resolved'; readonly taskDefinition: string; readonly note?: string }
  | { readonly kind: 'unresolved'; readonly message: string };

/** What {@link planServiceEntry} needs. */
export interface PlanServiceInput {
  readonly manifest: ServiceManifest;
  readonly instanceId: string;
  /** The service's Region: `spec.region`, else the default. */
  readonly region: string;
  readonly taskDefinition: TaskDefinitionResolution;
  /** DescribeServices' answer; undefined when ECS reports the service MISSING. */
  readonly described: Service | undefined;
  /** What Application Auto Scaling has for the service; undefined when not read. */
  readonly autoscaling: ObservedAutoscaling | undefined;
  /** The ALB policy's ResourceLabel lookup, when one is configured. */
  readonly albLabel: LabelResolution | undefined;
  /** The step scaling alarms read, by name; undefined when none were read. */
  readonly alarms?: ReadonlyMap<string, ObservedAlarm> | undefined;
  /** The current service revision's gatewayConnectors and monitoring; undefined when not read. */
  readonly revision?: RevisionFields | undefined;
}

const OWNERSHIP_KEYS: ReadonlySet<string> = new Set([TAG_KEYS.owner, TAG_KEYS.instance]);

function operationsOf(
  actions: readonly ServiceAction[],
  config: ServiceConfig,
  observed: ObservedService | undefined,
): PlanOperation[] {
  return actions.map((action): PlanOperation => {
    switch (action.type) {
      case 'createService': {
        const { clientToken: _t, cluster: _c, serviceName: _n, tags, ...fields } = action.input;
        const shown: Record<string, unknown> = { ...fields };
        if (typeof shown.taskDefinition === 'string')
          shown.taskDefinition = taskDefinitionKey(shown.taskDefinition);
        const tagMap = Object.fromEntries((tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
        return operation(
          '+',
          'CreateService',
          `create ECS service ${action.input.serviceName ?? ''}`,
          diffFields({}, { ...shown, tags: tagMap }),
        );
      }
      case 'updateService': {
        const o = observed?.config ?? {};
        const changes: FieldChange[] = action.fields.flatMap((f) =>
          diffFields(observedValue(f, o), shownConfigValue(f, config, o), f),
        );
        if (action.restart) changes.push({ path: 'forceNewDeployment', after: true });
        const deploys = action.restart || action.fields.some((f) => DEPLOYMENT_FIELDS.has(f));
        return operation(
          '~',
          'UpdateService',
          deploys ? 'update in place (starts a new deployment)' : 'update in place (no new deployment)',
          changes,
        );
      }
      case 'tagService': {
        const ownershipOnly = action.tags.every((t) => OWNERSHIP_KEYS.has(t.key ?? ''));
        return operation(
          '~',
          'TagResource',
          ownershipOnly ? 'tag with ecs-bridge ownership' : 'tag',
          action.tags.map((t) => ({
            path: `tags.${t.key ?? ''}`,
            ...(observed?.tags[t.key ?? ''] === undefined ? {} : { before: observed.tags[t.key ?? ''] }),
            after: t.value ?? '',
          })),
        );
      }
      case 'untagService':
        return operation(
          '-',
          'UntagResource',
          'untag',
          action.tagKeys.map((k) => ({ path: `tags.${k}`, before: observed?.tags[k] ?? '' })),
        );
      case 'deleteService':
        return operation('-', 'DeleteService', 'delete');
    }
  });
}

function isOwnershipTagging(op: PlanOperation): boolean {
  return (
    op.call === 'TagResource' && op.changes.every((c) => OWNERSHIP_KEYS.has(c.path.slice('tags.'.length)))
  );
}

/** Plans one EcsService against what ECS and Application Auto Scaling have. Pure. */
export function planServiceEntry(input: PlanServiceInput): PlanEntry {
  const { manifest, instanceId, region } = input;
  const obj = manifest.obj;
  const namespace = obj.metadata.namespace ?? 'default';
  const serviceName = obj.spec.serviceName ?? obj.metadata.name;
  const base = {
    ...entryIdentity('EcsService', manifest, region),
    target: `ECS service ${serviceName} in cluster ${obj.spec.cluster}`,
  };
  const fail = (verdict: PlanVerdict, summary: string, notes: readonly string[] = []): PlanEntry => ({
    ...base,
    verdict,
    summary,
    operations: [],
    notes,
  });

  const invalid = validateService(obj);
  if (invalid !== undefined) return fail('invalid', invalid);
  if (obj.spec.suspend === true) return fail('nothing', 'spec.suspend is true: the operator touches nothing');
  if (input.taskDefinition.kind === 'unresolved') return fail('error', input.taskDefinition.message);

  const desired = desiredService({
    spec: obj.spec,
    name: obj.metadata.name,
    taskDefinition: input.taskDefinition.taskDefinition,
    defaultRegion: region,
  });
  const identity = ownerIdentity(namespace, obj.metadata.name, instanceId);
  const seen = input.described === undefined ? undefined : observeService(input.described, identity);
  const observed =
    seen === undefined || input.revision === undefined
      ? seen
      : { ...seen, config: { ...seen.config, ...input.revision } };
  const notes: string[] = input.taskDefinition.note === undefined ? [] : [input.taskDefinition.note];
  if (obj.spec.restartAt !== undefined && observed !== undefined && !(TAG_KEYS.restartAt in observed.tags)) {
    notes.push(
      'spec.restartAt is taken as already acted on: the service carries no restart marker (an earlier ecs-bridge version wrote it)',
    );
  }

  const scaling = planAutoscalingSection({
    spec: obj.spec.autoscaling,
    cluster: observed?.clusterArn ?? clusterNamedBy(obj.spec),
    serviceName,
    loadBalancers: observed?.service.loadBalancers ?? obj.spec.loadBalancers,
    observed: input.autoscaling,
    label: input.albLabel,
    alarms: input.alarms,
  });
  if (scaling.invalid !== undefined) return fail('invalid', scaling.invalid);
  const countOwner: DesiredCountOwner =
    obj.spec.autoscaling !== undefined || scaling.ownsDesiredCount ? 'autoscaling' : 'spec';

  const plan = planService(desired, observed, {
    identity,
    desiredCountOwner: countOwner,
    clientToken: 'ecs-bridge-plan',
    // Without the object's status: a service without the restart marker is taken as having acted
    // on the token (restart-marker.ts); untag nothing.
    legacyRestartAt: obj.spec.restartAt,
    managedTagKeys: [],
    // A rollback requested through spec.deploymentControl holds its revision (the service's tags
    // say so), as the operator does; a failed rollout's hold rests on status, which plan does not read.
    holdRollout:
      observed !== undefined &&
      rollbackHolds(obj.spec.deploymentControl, observed.tags, desired.config.taskDefinition),
  });
  switch (plan.outcome) {
    case 'conflict':
      return fail('conflict', plan.message ?? 'the ECS service belongs to someone else');
    case 'refused':
      return fail('refuse', plan.message ?? 'a field that cannot change in place differs');
    case 'waiting':
      return { ...fail('wait', plan.message ?? 'the service is draining'), operations: [] };
    case 'converge':
      break;
  }
  const operations = [
    // Marking the restart token (the upgrade path) is bookkeeping, not a change to the service.
    ...operationsOf(
      plan.actions.filter((a) => !isRestartMarkOnly(a)),
      managedConfig(desired, countOwner),
      observed,
    ),
    ...scaling.operations,
  ];
  notes.push(...scaling.notes);
  if (countOwner === 'autoscaling' && observed !== undefined && obj.spec.desiredCount !== undefined) {
    notes.push('desiredCount belongs to autoscaling: it is used at creation only and never compared');
  }
  const adopting = observed?.ownership.kind === 'unowned';
  const creating = operations.some((o) => o.call === 'CreateService');
  const changing = operations.some((o) => !isOwnershipTagging(o));
  const verdict: PlanVerdict = creating ? 'create' : changing ? 'update' : adopting ? 'adopt' : 'nothing';
  const summary = ((): string => {
    switch (verdict) {
      case 'create':
        return plan.reasons[0] ?? 'create the ECS service';
      case 'update':
        return `${adopting ? 'adopt and ' : ''}${operations.length} change(s)`;
      case 'adopt':
        return 'adopt the existing ECS service as it is: every managed field already matches, nothing is written (ownership tags go on with the first change)';
      case 'nothing':
        return 'the ECS service matches the spec';
    }
  })();
  return { ...base, verdict, summary, operations, notes };
}

/** True for the TagResource that only records the restart token (restart-marker.ts). */
function isRestartMarkOnly(action: ServiceAction): boolean {
  return action.type === 'tagService' && action.tags.every((t) => t.key === TAG_KEYS.restartAt);
}

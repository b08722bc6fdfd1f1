/**
 * The service planner: a pure function of the desired service, the observed one and a little
 * context, returning the AWS writes that converge them and why. Every ownership rule lives here:
 *
 * - create when nothing (or only an INACTIVE service) exists, with a deterministic client token;
 * - touch a service only when it carries our owner and instance tags, or carries no owner tag and
 *   the spec asks for adoption; otherwise a Conflict with no write;
 * - a field that cannot change in place is a refusal, never a delete and re-create (ADR 0004);
 * - UpdateService carries only the fields that differ; fields the spec leaves out are never sent;
 * - `desiredCount` belongs to autoscaling when it owns it: sent at create only, never updated, and a
 *   different observed count is not drift;
 * - tags go through TagResource/UntagResource; only the spec's keys and ours are managed, and a key
 *   is untagged only if ecs-bridge put it there: the process remembers the spec keys it applied
 *   (managed-tag-keys.ts, never status). Tags others set are never removed; after a restart, a key
 *   dropped from the spec meanwhile stays on the service (the safe side) rather than guessing;
 * - a changed restart token adds `forceNewDeployment` once, judged from the marker tag on the
 *   service, never from status (restart-marker.ts);
 * - while a failed rollout of the same desired state is held, nothing that starts a deployment is
 *   sent (ECS rolled back; sending it again would fail again);
 * - under a CODE_DEPLOY or EXTERNAL deployment controller, only the fields ECS lets UpdateService
 *   change under it are sent, and never a restart (deployment-controller.ts, ADR 0028).
 */
import type { CreateServiceCommandInput, Tag, UpdateServiceCommandInput } from '@aws-sdk/client-ecs';
import type { ServiceAction } from './actions.js';
import { differingFields } from './compare.js';
import type { DesiredService } from './desired.js';
import {
  CREATE_FIELDS,
  DEPLOYMENT_FIELDS,
  taskDefinitionKey,
  type MutableField,
  type ServiceConfig,
} from './model.js';
import { fieldInput } from './field-input.js';
import { delegatedController, splitByController } from './deployment-controller.js';
import type { ObservedService } from './observe.js';
import { TAG_KEYS } from '../api-group.js';
import { isReservedTagKey, ownerTags, type OwnerIdentity } from './ownership.js';
import { decideRestart, RESTART_MARKER_TAG } from './restart-marker.js';
import { where } from './visit.js';

/** Who decides the service's desired count. */
export type DesiredCountOwner = 'spec' | 'autoscaling';

/** What the planner needs beside desired and observed. */
export interface ServicePlanContext {
  /** Our owner and instance tag values for this object. */
  readonly identity: OwnerIdentity;
  /**
   * `autoscaling` when a scalable target owns the count (ADR 0005). `spec.autoscaling` implies it
   * whatever this says.
   */
  readonly desiredCountOwner: DesiredCountOwner;
  /** The CreateService client token (see client-token.ts). */
  readonly clientToken: string;
  /**
   * `status.restartAt` of an object an earlier version wrote, for services without the restart
   * marker tag only; it can spare a restart, never cause one (restart-marker.ts).
   */
  readonly legacyRestartAt?: string | undefined;
  /** Spec tag keys ecs-bridge has put on the service (remembered by the process, never status). */
  readonly managedTagKeys: readonly string[];
  /** True while the failed rollout of this very desired state is held (see rollout.ts). */
  readonly holdRollout: boolean;
}

/** How the plan turned out. */
export type ServicePlanOutcome =
  /** Run `actions` (possibly none) and the service converges. */
  | 'converge'
  /** The service is someone else's; nothing is written. */
  | 'conflict'
  /** A field differs that cannot change in place; nothing is written. */
  | 'refused'
  /** The service is DRAINING after a delete outside ecs-bridge; wait until it is INACTIVE. */
  | 'waiting';

/** The planner's answer. */
export interface ServicePlan {
  readonly outcome: ServicePlanOutcome;
  readonly actions: readonly ServiceAction[];
  /** One line per decision, for logs, tests and messages. */
  readonly reasons: readonly string[];
  /** For conflict, refused and waiting: what is wrong and what to do, fit for a condition message. */
  readonly message?: string;
  /** Fields the spec changes that the service's other deployment controller owns: not sent (ADR 0028). */
  readonly delegated?: readonly MutableField[];
}

/** The configuration the planner converges to, with the ownership rules applied. */
export function managedConfig(desired: DesiredService, owner: DesiredCountOwner): ServiceConfig {
  const { desiredCount: _count, ...rest } = desired.config;
  const config: ServiceConfig = owner === 'autoscaling' ? rest : desired.config;
  // A launch type means "no capacity provider strategy": coming back from a strategy to a launch
  // type is UpdateService with an empty strategy (the only launch-type move ECS allows in place).
  return desired.config.launchType !== undefined ? { ...config, capacityProviderStrategy: [] } : config;
}

function toTags(map: Readonly<Record<string, string>>): Tag[] {
  return Object.keys(map)
    .sort()
    .map((key) => ({ key, value: map[key] ?? '' }));
}

function planCreate(desired: DesiredService, ctx: ServicePlanContext, replacing: boolean): ServicePlan {
  const c = managedConfig(desired, 'spec');
  const fields: Partial<UpdateServiceCommandInput> = {};
  for (const f of CREATE_FIELDS) {
    const value = fieldInput(f, c, undefined)[f];
    // An empty list at create is the same as none; leaving it out keeps the request minimal.
    if (value !== undefined && !(Array.isArray(value) && value.length === 0))
      Object.assign(fields, { [f]: value });
  }
  const input: CreateServiceCommandInput = {
    ...(fields as Omit<CreateServiceCommandInput, 'serviceName'>),
    cluster: desired.cluster,
    serviceName: desired.serviceName,
    clientToken: ctx.clientToken,
    schedulingStrategy: desired.schedulingStrategy,
    ...(desired.createDesiredCount !== undefined ? { desiredCount: desired.createDesiredCount } : {}),
    ...(desired.config.launchType !== undefined
      ? { launchType: desired.config.launchType as CreateServiceCommandInput['launchType'] }
      : {}),
    ...(desired.role !== undefined ? { role: desired.role } : {}),
    tags: toTags({
      ...desired.tags,
      ...ownerTags(ctx.identity),
      // A new service starts with the current token: creating it was the restart.
      ...(desired.restartAt === undefined ? {} : { [RESTART_MARKER_TAG]: desired.restartAt }),
    }),
  };
  return {
    outcome: 'converge',
    actions: [{ type: 'createService', input }],
    reasons: [
      replacing
        ? `create: ${where(desired)} is INACTIVE; creating it again`
        : `create: ${where(desired)} does not exist`,
    ],
  };
}

function immutableRefusal(desired: DesiredService, observed: ObservedService): string | undefined {
  const o = observed.config;
  if (o.schedulingStrategy !== desired.schedulingStrategy) {
    return `${where(desired)} has schedulingStrategy ${o.schedulingStrategy ?? 'REPLICA'} but the spec says ${desired.schedulingStrategy}; ECS cannot change it in place. Create a new EcsService with another serviceName, or delete the ECS service first.`;
  }
  const launchType = desired.config.launchType;
  const movingFromStrategy = (o.capacityProviderStrategy ?? []).length > 0;
  if (
    launchType !== undefined &&
    o.launchType !== undefined &&
    o.launchType !== launchType &&
    !movingFromStrategy
  ) {
    return `${where(desired)} has launchType ${o.launchType} but the spec says ${launchType}; ECS can only move a service between a launch type and a capacityProviderStrategy. Use capacityProviderStrategy, or create a new EcsService with another serviceName.`;
  }
  return undefined;
}

function planTags(
  desired: DesiredService,
  observed: ObservedService,
  ctx: ServicePlanContext,
  withOwnerTags: boolean,
): {
  actions: ServiceAction[];
  reasons: string[];
} {
  const want = withOwnerTags ? { ...desired.tags, ...ownerTags(ctx.identity) } : { ...desired.tags };
  // A service of ours tagged before the uid tag existed keeps its tags: no write per service on
  // upgrade; the owner tag alone judges it, as it did.
  if (observed.ownership.kind === 'ours' && !(TAG_KEYS.ownerUid in observed.tags)) {
    delete want[TAG_KEYS.ownerUid];
  }
  const toSet = Object.keys(want).filter((k) => observed.tags[k] !== want[k]);
  const toRemove = ctx.managedTagKeys
    .filter((k) => !(k in desired.tags) && k in observed.tags && !isReservedTagKey(k))
    .sort();
  const actions: ServiceAction[] = [];
  const reasons: string[] = [];
  if (toSet.length > 0) {
    const set: Record<string, string> = {};
    for (const k of toSet) set[k] = want[k] ?? '';
    actions.push({ type: 'tagService', resourceArn: observed.arn, tags: toTags(set) });
    reasons.push(`tag: ${toSet.sort().join(', ')}`);
  }
  if (toRemove.length > 0) {
    actions.push({ type: 'untagService', resourceArn: observed.arn, tagKeys: toRemove });
    reasons.push(`untag: ${toRemove.join(', ')} (removed from spec.tags)`);
  }
  return { actions, reasons };
}

/** Plans the writes that converge `observed` (undefined: not found) to `desired`. */
export function planService(
  desired: DesiredService,
  observed: ObservedService | undefined,
  ctx: ServicePlanContext,
): ServicePlan {
  if (observed === undefined || observed.lifecycle === 'INACTIVE') {
    return planCreate(desired, ctx, observed !== undefined);
  }
  if (observed.lifecycle === 'DRAINING') {
    const message = `${where(desired)} is DRAINING (it was deleted outside ecs-bridge); it is created again once ECS reports it INACTIVE.`;
    return { outcome: 'waiting', actions: [], reasons: ['wait: service is draining'], message };
  }

  const reasons: string[] = [];
  const own = observed.ownership;
  if (own.kind === 'foreign') {
    const message = `${where(desired)} is managed by ${own.owner ?? 'an unknown owner'} (operator instance ${own.instance ?? 'unknown'}), not by this object; ecs-bridge leaves it alone. Use another serviceName, or delete the other owner.`;
    return {
      outcome: 'conflict',
      actions: [],
      reasons: ['conflict: owned by another object or operator'],
      message,
    };
  }
  if (own.kind === 'unowned') {
    if (!desired.adopt) {
      const message = `${where(desired)} already exists and carries no ecs-bridge owner tag; ecs-bridge does not touch it. Set spec.adopt: true to adopt it, or use another serviceName.`;
      return {
        outcome: 'conflict',
        actions: [],
        reasons: ['conflict: unowned service, adopt not set'],
        message,
      };
    }
    reasons.push('adopt: spec.adopt is true and the service carries no owner tag');
  }
  if (own.kind === 'orphaned') {
    if (!desired.adopt) {
      const message = `${where(desired)} is tagged as managed by an earlier object ${own.owner} (uid ${own.uid}) that no longer exists: its deletion did not clean up (a finalizer removed by hand, or objects lost in a restore). ecs-bridge does not take it over silently. Set spec.adopt: true to adopt it as it is, or use another serviceName and delete the old service.`;
      return {
        outcome: 'conflict',
        actions: [],
        reasons: ['conflict: orphan of an earlier object of this name, adopt not set'],
        message,
      };
    }
    reasons.push(`adopt: spec.adopt is true; re-tag the orphan of uid ${own.uid} with this object's uid`);
  }
  const adopting = own.kind === 'unowned';

  const refusal = immutableRefusal(desired, observed);
  if (refusal !== undefined) {
    return {
      outcome: 'refused',
      actions: [],
      reasons: [...reasons, 'refuse: immutable field differs'],
      message: refusal,
    };
  }

  // Ownership first: an adopted service is tagged before anything else is written, so a crash
  // half-way leaves a service we will recognise. But only when something is written at all: adopting
  // a service that already matches the spec writes nothing (ADR 0007), so applying what
  // `ecs-bridge import` wrote costs no AWS write; the owner tags go on with the first real change.
  const userTagsOnly = planTags(desired, observed, ctx, !adopting);

  // spec.autoscaling always hands the count over; the context may keep it there a little longer
  // (a scalable target not yet deregistered after autoscaling was removed from the spec).
  const countOwner: DesiredCountOwner =
    desired.autoscaling !== undefined ? 'autoscaling' : ctx.desiredCountOwner;
  const config = managedConfig(desired, countOwner);
  let fields = differingFields(config, observed.config);
  if (countOwner === 'autoscaling' && observed.config.desiredCount !== desired.config.desiredCount) {
    reasons.push('desiredCount: owned by autoscaling, not compared');
  }
  if (ctx.holdRollout) {
    const held = fields.filter((f) => DEPLOYMENT_FIELDS.has(f));
    if (held.length > 0)
      reasons.push(`hold: the rollout of this spec failed; not sending ${held.join(', ')}`);
    fields = fields.filter((f) => !DEPLOYMENT_FIELDS.has(f));
  }
  // Another deployment controller runs this service's deployments: only what ECS lets UpdateService
  // change under it is sent, and no restart (ADR 0028). The spec may move it to another controller.
  const controller = config.deploymentController ?? observed.config.deploymentController;
  const delegated = delegatedController(controller);
  const split = splitByController(controller, fields);
  if (split.withheld.length > 0)
    reasons.push(
      `delegate: the ${controller ?? ''} controller runs deployments; not sending ${split.withheld.join(', ')}`,
    );
  fields = split.send;
  const restartDecision = decideRestart({
    wanted: desired.restartAt,
    tags: observed.tags,
    legacyApplied: ctx.legacyRestartAt,
    hold: ctx.holdRollout || delegated !== undefined,
  });
  const restart = restartDecision.restart;
  // Marking a token without a restart (the upgrade path) is no reason to write to a service being
  // adopted: adoption writes nothing until something differs (ADR 0007).
  const marker = restart || !adopting ? restartDecision.marker : undefined;

  const changes = userTagsOnly.actions.length > 0 || fields.length > 0 || restart;
  const tags = adopting && changes ? planTags(desired, observed, ctx, true) : userTagsOnly;
  const actions: ServiceAction[] = [...tags.actions];
  reasons.push(...tags.reasons);
  if (adopting && !changes)
    reasons.push('adopt: nothing differs, so nothing is written (not even owner tags)');

  if (fields.length > 0 || restart) {
    const input: UpdateServiceCommandInput = { cluster: desired.cluster, service: desired.serviceName };
    for (const f of fields) Object.assign(input, fieldInput(f, config, observed.config));
    if (restart) input.forceNewDeployment = true;
    actions.push({ type: 'updateService', input, fields, restart });
    for (const f of fields) reasons.push(`update ${f}${describeChange(f, config, observed.config)}`);
    if (restart) reasons.push(`restart: spec.restartAt changed to ${desired.restartAt ?? ''}`);
  }
  // After the update: a failed update leaves the old marker, so the restart is sent again.
  if (marker !== undefined) {
    actions.push({
      type: 'tagService',
      resourceArn: observed.arn,
      tags: toTags({ [RESTART_MARKER_TAG]: marker }),
    });
    reasons.push(`mark: restart token ${marker} ${restart ? 'sent' : 'already acted on'}`);
  }
  return {
    outcome: 'converge',
    actions,
    reasons,
    ...(split.withheld.length > 0 ? { delegated: split.withheld } : {}),
  };
}

function describeChange(field: MutableField, desired: ServiceConfig, observed: ServiceConfig): string {
  if (field === 'taskDefinition' && desired.taskDefinition !== undefined) {
    const from = observed.taskDefinition === undefined ? 'none' : taskDefinitionKey(observed.taskDefinition);
    return `: ${from} -> ${taskDefinitionKey(desired.taskDefinition)}`;
  }
  const d = desired[field];
  const o = observed[field];
  if (typeof d !== 'object' && typeof o !== 'object') return `: ${String(o)} -> ${String(d)}`;
  return '';
}

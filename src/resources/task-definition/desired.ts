/**
 * The desired state of one EcsTaskDefinition, normalised: its family, canonical document and spec
 * hash, the tags every revision it registers carries, and the policies that drive garbage
 * collection and deletion. Pure.
 */
import type { RegisterTaskDefinitionCommandInput, Tag } from '@aws-sdk/client-ecs';
import { ADOPT_REVISION_ANNOTATION, TAG_KEYS, ownerTagValue } from '../api-group.js';
import { canonicalFromSpec, writtenRegisterInput, type CanonicalTaskDefinition } from './canonical.js';
import { specHash } from './hash.js';
import { userTags } from './revision.js';
import {
  DEFAULT_REVISION_HISTORY_LIMIT,
  type DeletionPolicy,
  type EcsTaskDefinition,
  type EcsTaskDefinitionSpec,
} from './types.js';

/** What one object wants, in the planner's terms. */
export interface DesiredTaskDefinition {
  readonly family: string;
  /** The spec, as written: what RegisterTaskDefinition sends (the canonical form is for comparing). */
  readonly spec: EcsTaskDefinitionSpec;
  readonly canonical: CanonicalTaskDefinition;
  /** `v1:<sha256>` of the canonical document. */
  readonly specHash: string;
  /** The user's tags, sorted by key, values defaulted to "". */
  readonly userTags: readonly Tag[];
  /** The owner tag value: `<namespace>/<name>` (hashed when too long). */
  readonly owner: string;
  readonly instanceId: string;
  /** The object's `metadata.uid`, written as the owner-uid tag (absent only in tests and `plan`). */
  readonly ownerUid?: string;
  readonly revisionHistoryLimit: number;
  readonly deletionPolicy: DeletionPolicy;
  /** True once the object has a deletionTimestamp. */
  readonly deleting: boolean;
  /** `spec.adopt`: a revision registered outside ecs-bridge with the desired content may be adopted. */
  readonly adopt: boolean;
  /** The adopt-revision annotation: which of several twin revisions to adopt. */
  readonly adoptRevision?: number;
}

/** The family an object registers into: `spec.family`, else its name. */
export function effectiveFamily(obj: EcsTaskDefinition): string {
  return obj.spec.family ?? obj.metadata.name;
}

/**
 * Builds the desired state of `obj` for the operator installation `instanceId`; `defaultDeletionPolicy`
 * is the installation's, for objects whose spec sets none.
 */
export function desiredTaskDefinition(
  obj: EcsTaskDefinition,
  instanceId: string,
  defaultDeletionPolicy: DeletionPolicy = 'Delete',
): DesiredTaskDefinition {
  const family = effectiveFamily(obj);
  const canonical = canonicalFromSpec(obj.spec, family);
  return {
    family,
    spec: obj.spec,
    canonical,
    specHash: specHash(canonical),
    userTags: userTags(obj.spec.tags ?? []),
    owner: ownerTagValue(obj.metadata.namespace ?? '', obj.metadata.name),
    instanceId,
    ...(obj.metadata.uid === undefined ? {} : { ownerUid: obj.metadata.uid }),
    revisionHistoryLimit: Math.max(0, obj.spec.revisionHistoryLimit ?? DEFAULT_REVISION_HISTORY_LIMIT),
    deletionPolicy: obj.spec.deletionPolicy ?? defaultDeletionPolicy,
    deleting: obj.metadata.deletionTimestamp !== undefined,
    adopt: obj.spec.adopt ?? false,
    ...adoptRevisionOf(obj),
  };
}

/** The tags a registration carries: owner, instance, owner uid and spec hash first, then the user's. */
export function registrationTags(desired: DesiredTaskDefinition): Tag[] {
  return [
    { key: TAG_KEYS.owner, value: desired.owner },
    { key: TAG_KEYS.instance, value: desired.instanceId },
    ...(desired.ownerUid === undefined ? [] : [{ key: TAG_KEYS.ownerUid, value: desired.ownerUid }]),
    { key: TAG_KEYS.specHash, value: desired.specHash },
    ...desired.userTags,
  ];
}

/** The RegisterTaskDefinition input for the desired state, tags included. */
export function registerInput(desired: DesiredTaskDefinition): RegisterTaskDefinitionCommandInput {
  return writtenRegisterInput(desired.spec, desired.family, registrationTags(desired));
}

function adoptRevisionOf(obj: EcsTaskDefinition): { adoptRevision?: number } {
  const raw = obj.metadata.annotations?.[ADOPT_REVISION_ANNOTATION];
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? { adoptRevision: n } : {};
}

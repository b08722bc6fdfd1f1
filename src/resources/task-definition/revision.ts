/**
 * One task definition revision as the planner sees it: identity, status, and the tags that say who
 * registered it and with which spec hash. Built from DescribeTaskDefinition (or RegisterTaskDefinition)
 * answers; everything else about the revision is irrelevant once its hash is known.
 */
import type { Tag } from '@aws-sdk/client-ecs';
import type { TaskDefinitionWithTags } from '../../aws/ecs-api.js';
import { API_GROUP, TAG_KEYS } from '../api-group.js';
import { canonicalFromAws } from './canonical.js';
import { specHash as hashOf } from './hash.js';
import { parseTaskDefinitionArn } from '../../shared/arn.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** The lifecycle states the planner distinguishes (DELETE_IN_PROGRESS counts as gone). */
export type RevisionStatus = 'ACTIVE' | 'INACTIVE';

/** A revision with the facts ownership, adoption and garbage collection need. */
export interface ObservedRevision {
  readonly arn: string;
  readonly family: string;
  readonly revision: number;
  readonly status: RevisionStatus;
  /** The `ecs-bridge.dev/spec-hash` tag. */
  readonly specHash?: string;
  /**
   * The spec hash of the revision's own content (canonical form of the DescribeTaskDefinition
   * answer): what a spec registering the same content hashes to. Absent when the answer carried no
   * content (a RegisterTaskDefinition echo without containers). Used to adopt revisions registered
   * outside ecs-bridge (`spec.adopt`), which carry no spec-hash tag.
   */
  readonly contentHash?: string;
  /** The `ecs-bridge.dev/owner` tag: `<namespace>/<name>` of the registering object. */
  readonly owner?: string;
  /** The `ecs-bridge.dev/instance` tag: the operator installation that registered it. */
  readonly instance?: string;
  /** The `ecs-bridge.dev/owner-uid` tag: `metadata.uid` of the registering object (absent on older revisions). */
  readonly ownerUid?: string;
  /** The other tags (not ours, not `aws:`), sorted by key. */
  readonly userTags: readonly Tag[];
  /** RFC 3339. */
  readonly registeredAt?: string;
}

/** True for tag keys the user owns: neither ours nor AWS's reserved `aws:` keys. */
export function isUserTagKey(key: string): boolean {
  return !key.startsWith(`${API_GROUP}/`) && !key.toLowerCase().startsWith('aws:');
}

/** The user tags of a tag list, with values defaulted to "" and sorted by key. */
export function userTags(tags: readonly Tag[]): Tag[] {
  return tags
    .filter((t): t is Tag & { key: string } => t.key !== undefined && isUserTagKey(t.key))
    .map((t) => ({ key: t.key, value: t.value ?? '' }))
    .sort((a, b) => compareStrings(a.key, b.key));
}

/**
 * Maps an ECS answer to an {@link ObservedRevision}. `fallbackTags` are used when the answer carries
 * none (RegisterTaskDefinition's answer may omit them; the emulator's does): they are the tags the
 * request sent. Returns undefined for a revision without a parsable ARN or in DELETE_IN_PROGRESS.
 */
export function revisionFromAws(
  answer: TaskDefinitionWithTags,
  fallbackTags: readonly Tag[] = [],
): ObservedRevision | undefined {
  const td = answer.taskDefinition;
  const arn = td.taskDefinitionArn;
  if (arn === undefined) return undefined;
  const parsed = parseTaskDefinitionArn(arn);
  if (parsed === undefined) return undefined;
  const status = td.status ?? 'ACTIVE';
  if (status !== 'ACTIVE' && status !== 'INACTIVE') return undefined;
  const tags = answer.tags.length > 0 ? answer.tags : fallbackTags;
  const registeredAt = toIso(td.registeredAt);
  const contentHash = (td.containerDefinitions ?? []).length > 0 ? hashOf(canonicalFromAws(td)) : undefined;
  return {
    arn,
    family: td.family ?? parsed.family,
    revision: td.revision ?? parsed.revision,
    status,
    ...tagFacts(tags),
    ...(contentHash === undefined ? {} : { contentHash }),
    ...(registeredAt === undefined ? {} : { registeredAt }),
  };
}

/**
 * An ACTIVE revision known by its ARN and tags alone (a bulk tag listing, ADR 0051), when the tags
 * say ecs-bridge registered it: a spec-hash, owner and instance tag. Undefined otherwise (describe
 * it): adopting a revision registered outside ecs-bridge needs its content hash, which tags do not
 * carry. The result has no `contentHash` and no `registeredAt`.
 */
export function ownRevisionFromTags(arn: string, tags: readonly Tag[]): ObservedRevision | undefined {
  const parsed = parseTaskDefinitionArn(arn);
  if (parsed === undefined) return undefined;
  const facts = tagFacts(tags);
  if (facts.specHash === undefined || facts.owner === undefined || facts.instance === undefined) {
    return undefined;
  }
  return { arn, family: parsed.family, revision: parsed.revision, status: 'ACTIVE', ...facts };
}

/** What a revision's tags say: ours (spec hash, owner, instance, owner uid) and the user's. */
function tagFacts(
  tags: readonly Tag[],
): Pick<ObservedRevision, 'specHash' | 'owner' | 'instance' | 'ownerUid' | 'userTags'> {
  const tag = (key: string): string | undefined => tags.find((t) => t.key === key)?.value;
  const specHash = tag(TAG_KEYS.specHash);
  const owner = tag(TAG_KEYS.owner);
  const instance = tag(TAG_KEYS.instance);
  const ownerUid = tag(TAG_KEYS.ownerUid);
  return {
    ...(specHash === undefined ? {} : { specHash }),
    ...(owner === undefined ? {} : { owner }),
    ...(instance === undefined ? {} : { instance }),
    ...(ownerUid === undefined ? {} : { ownerUid }),
    userTags: userTags(tags),
  };
}

/**
 * True when the revision carries this object's owner tag and this installation's instance tag, and
 * no other object's uid: a revision an earlier object of the same name left behind is an orphan
 * ({@link isOrphanOf}), not this object's. `uid` undefined skips that check (adoption of orphans,
 * tests); a revision without the uid tag (registered before it existed) is judged by the owner tag.
 */
export function isOwnedBy(
  revision: ObservedRevision,
  owner: string,
  instanceId: string,
  uid?: string,
): boolean {
  return (
    revision.owner === owner &&
    revision.instance === instanceId &&
    (uid === undefined || revision.ownerUid === undefined || revision.ownerUid === uid)
  );
}

/** True when the revision carries this object's owner and instance tags but another object's uid. */
export function isOrphanOf(
  revision: ObservedRevision,
  owner: string,
  instanceId: string,
  uid: string | undefined,
): boolean {
  return (
    revision.owner === owner &&
    revision.instance === instanceId &&
    uid !== undefined &&
    revision.ownerUid !== undefined &&
    revision.ownerUid !== uid
  );
}

/**
 * True when the revision carries neither an ecs-bridge owner tag nor an instance tag: registered
 * outside ecs-bridge, so `spec.adopt` may claim it. A revision of another object or installation is
 * never adoptable.
 */
export function isUnclaimed(revision: ObservedRevision): boolean {
  return revision.owner === undefined && revision.instance === undefined;
}

/** The keys a service may use to name a revision: its ARN and `family:revision`. */
export function revisionKeys(
  revision: Pick<ObservedRevision, 'arn' | 'family' | 'revision'>,
): [string, string] {
  return [revision.arn, `${revision.family}:${revision.revision}`];
}

/** True when any of the revision's keys is in `inUse`, or `inUse` holds every revision (`*`). */
export function isInUse(revision: ObservedRevision, inUse: ReadonlySet<string>): boolean {
  return inUse.has('*') || revisionKeys(revision).some((k) => inUse.has(k));
}

// Dates arrive as Date from the SDK but as strings through some JSON paths (and fakes).
function toIso(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

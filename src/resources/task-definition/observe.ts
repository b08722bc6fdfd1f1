/**
 * Reads what exists in ECS for one EcsTaskDefinition: the family's ACTIVE revisions, which of them
 * this object registered (owner tag and instance tag both match), and which revisions services still
 * run. The answer is in the planner's terms (see plan.ts); nothing here decides anything.
 */
import type { EcsApi, EcsCallOptions, TaskDefinitionWithTags } from '../../aws/ecs-api.js';
import { classifyAwsError } from '../../aws/errors.js';
import type { RevisionCache } from './revision-cache.js';
import {
  isOrphanOf,
  isOwnedBy,
  isUnclaimed,
  ownRevisionFromTags,
  revisionFromAws,
  type ObservedRevision,
} from './revision.js';
import type { RevisionsInUse } from './ports.js';
import { parseTaskDefinitionArn } from '../../shared/arn.js';

/** The state of one object's family as the planner sees it. */
export interface ObservedTaskDefinition {
  readonly family: string;
  /**
   * Revisions this object registered: the ACTIVE ones, plus INACTIVE ones this process deregistered
   * and has not deleted yet. Ascending by revision number.
   */
  readonly owned: readonly ObservedRevision[];
  /** Keys (ARN or `family:revision`) of revisions services still run. */
  readonly inUse: ReadonlySet<string>;
  /** How many ACTIVE revisions of the family belong to something else (never touched). */
  readonly foreignActive: number;
  /**
   * ACTIVE revisions tagged with this object's owner and instance but an earlier object's uid:
   * orphans of a gone object of the same name, never touched without `spec.adopt` (ADR 0012).
   */
  readonly orphaned?: number;
  /**
   * ACTIVE revisions of the family registered outside ecs-bridge (no owner or instance tag),
   * ascending: what `spec.adopt` may claim. Absent means none.
   */
  readonly adoptable?: readonly ObservedRevision[];
  /**
   * The owner tags (`<namespace>/<name>`) of the ACTIVE revisions of the family this object does
   * not own, deduplicated: who else registers into the family (the access policy's family rule).
   */
  readonly foreignOwners?: readonly string[];
}

/**
 * The tags of revisions read in bulk (one shared Region listing, ADR 0051): a revision's tags, or
 * undefined when the listing does not hold it (then it is described).
 */
export interface RevisionTagLookup {
  tagsOf(
    arn: string,
    options?: EcsCallOptions,
  ): Promise<readonly { readonly key: string; readonly value: string }[] | undefined>;
}

/** What {@link observeTaskDefinition} needs. */
export interface ObserveOptions {
  readonly ecs: EcsApi;
  readonly cache: RevisionCache;
  readonly family: string;
  /** `ownerTagValue(namespace, name)`. */
  readonly owner: string;
  readonly instanceId: string;
  /** The object's uid: revisions of another uid are orphans, not owned. Undefined: not checked. */
  readonly ownerUid?: string;
  /** `spec.adopt`: orphans of an earlier object of the same name count as owned. */
  readonly adoptOrphans?: boolean;
  readonly namespace: string;
  readonly revisionsInUse: RevisionsInUse;
  /**
   * Also list the family's INACTIVE revisions, so ones this object registered and deregistered
   * without deleting (a crash or throttle between the two calls, or an older version that kept
   * them for services) are found after a restart and deleted. The reconciler asks for it when the
   * object is being deleted and once per family per process.
   */
  readonly includeInactive?: boolean;
  /**
   * The family's INACTIVE revision ARNs from the Region-wide listing (inactive-scan.ts), used
   * instead of listing the family when `includeInactive` is not set.
   */
  readonly inactiveArns?: readonly string[];
  /**
   * Tags of ACTIVE revisions not in the cache, read in bulk: one this installation registered (a
   * spec-hash, owner and instance tag) is known from them without a DescribeTaskDefinition. Absent:
   * every uncached revision is described.
   */
  readonly revisionTags?: RevisionTagLookup;
  /** Describe calls in flight at once for uncached revisions. Default 4. */
  readonly concurrency?: number;
  /** Aborts waiting calls when the reconcile is cancelled. */
  readonly signal?: AbortSignal;
}

/**
 * Observes one object's family.
 *
 * Cost per call: one ListTaskDefinitions (plus one per further page of 100 ACTIVE revisions); one
 * DescribeTaskDefinition (with tags) for each ACTIVE revision of the family not yet in the cache,
 * which happens once per revision per process lifetime (others' revisions included, since only
 * their tags say they are others'); newest first, at most `concurrency` at a time. With
 * `revisionTags`, revisions this installation registered are known from the shared tag listing
 * instead (about one GetResources per 100 of them per restart, ADR 0051) and only the others, and
 * ones the listing does not hold yet, are described. In steady state
 * that is one read call per reconcile, and less: the AWS edge answers ACTIVE listings of every
 * family from one shared Region-wide listing (src/aws/task-definition-listing.ts, ADR 0029). Plus
 * one `revisionsInUse` lookup (an informer read).
 * INACTIVE revisions are listed only with `includeInactive` (one more ListTaskDefinitions, and one
 * DescribeTaskDefinition per INACTIVE revision not cached yet); `inactiveArns` hands them in from
 * the Region-wide listing instead (no call but the describes).
 */
export async function observeTaskDefinition(options: ObserveOptions): Promise<ObservedTaskDefinition> {
  const { ecs, cache, family, owner, instanceId } = options;
  const call = options.signal === undefined ? {} : { signal: options.signal };
  const arns = await ecs.listTaskDefinitions(family, 'ACTIVE', call);
  const active = arns
    .map((arn) => ({ arn, parsed: parseTaskDefinitionArn(arn) }))
    .filter((a) => a.parsed?.family === family)
    .sort((a, b) => (b.parsed?.revision ?? 0) - (a.parsed?.revision ?? 0));
  const activeArns = new Set(active.map((a) => a.arn));
  cache.retainFamily(family, activeArns);

  const missing = active.filter((a) => cache.get(a.arn)?.status !== 'ACTIVE').map((a) => a.arn);
  await forEachLimited(missing, options.concurrency ?? 4, async (arn) => {
    const listed = await options.revisionTags?.tagsOf(arn, call);
    const known = listed === undefined ? undefined : ownRevisionFromTags(arn, listed);
    // Its ARN came from the ACTIVE listing just read: ACTIVE, as a describe would say.
    const revision = known ?? revisionFromAws(await describeUnlessGone(ecs, arn, call));
    // A revision deregistered between the list and the describe is simply not ACTIVE any more.
    if (revision?.status === 'ACTIVE') cache.put(revision);
  });

  if (options.includeInactive === true) {
    await findInactive(options, call, await ecs.listTaskDefinitions(family, 'INACTIVE', call));
  } else if (options.inactiveArns !== undefined) {
    await findInactive(options, call, options.inactiveArns);
  }

  const revisions = active
    .map((a) => cache.get(a.arn))
    .filter((r): r is ObservedRevision => r?.status === 'ACTIVE');
  const uid = options.adoptOrphans === true ? undefined : options.ownerUid;
  const ownedActive = revisions.filter((r) => isOwnedBy(r, owner, instanceId, uid));
  const pending = cache.pendingDeletion(family).filter((r) => isOwnedBy(r, owner, instanceId, uid));
  const orphaned = revisions.filter((r) => isOrphanOf(r, owner, instanceId, uid)).length;
  const inUse = await options.revisionsInUse({ namespace: options.namespace, family });
  const adoptable = revisions.filter(isUnclaimed).sort((a, b) => a.revision - b.revision);
  const foreignOwners = [
    ...new Set(
      revisions.filter((r) => !ownedActive.includes(r) && r.owner !== undefined).map((r) => r.owner),
    ),
  ] as string[];
  return {
    family,
    owned: [...ownedActive, ...pending].sort((a, b) => a.revision - b.revision),
    inUse,
    foreignActive: revisions.length - ownedActive.length,
    ...(orphaned === 0 ? {} : { orphaned }),
    ...(adoptable.length === 0 ? {} : { adoptable }),
    ...(foreignOwners.length === 0 ? {} : { foreignOwners }),
  };
}

/**
 * Caches the family's INACTIVE revisions (`listed`) not known yet as INACTIVE, where
 * `pendingDeletion` finds them (the caller keeps only its own). Describes run at most
 * `concurrency` at a time; each revision is described once per process.
 */
async function findInactive(
  options: ObserveOptions,
  call: EcsCallOptions,
  listed: readonly string[],
): Promise<void> {
  const { ecs, cache, family } = options;
  const arns = listed.filter(
    (arn) => parseTaskDefinitionArn(arn)?.family === family && cache.get(arn)?.status !== 'INACTIVE',
  );
  await forEachLimited(arns, options.concurrency ?? 4, async (arn) => {
    const revision = revisionFromAws(await describeUnlessGone(ecs, arn, call));
    if (revision?.status === 'INACTIVE') cache.put(revision);
  });
}

/**
 * DescribeTaskDefinition, or an empty answer when the revision was deleted since it was listed (ECS
 * answers a ClientException for that, which must not stall the object as an invalid request).
 */
async function describeUnlessGone(
  ecs: EcsApi,
  arn: string,
  call: EcsCallOptions,
): Promise<TaskDefinitionWithTags> {
  try {
    return await ecs.describeTaskDefinition(arn, call);
  } catch (err) {
    const { kind } = classifyAwsError(err);
    if (kind === 'invalid' || kind === 'notFound') return { taskDefinition: {}, tags: [] };
    throw err;
  }
}

async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

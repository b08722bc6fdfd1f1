/**
 * Whose a scalable target is, judged from its own tags (ADR 0047): the operator registers a
 * service's target with the service's ownership tags (`ecs-bridge.dev/owner`, `/instance`,
 * `/owner-uid`), so a later visit without `spec.autoscaling` learns from AWS, never from status,
 * whether the target is this object's to remove.
 *
 * - `ours`: owner and instance are this object's (and the uid, when both sides have one);
 * - `untagged`: no owner or instance tag: registered by hand, or by a version of the operator that
 *   did not tag targets (then only what AWS shows of ours on it, or a deleted object's spec, says so);
 * - `orphaned`: this object's owner and instance, another uid: an earlier object of the same name
 *   registered it; judged like `untagged`;
 * - `foreign`: another object's or another operator instance's: never written.
 */
import type { AutoscalingApi } from '../../aws/autoscaling-api.js';
import type { AwsCallOptions } from '../../aws/call-runner.js';
import { classifyAwsError } from '../../aws/errors.js';
import { TAG_KEYS } from '../api-group.js';

/** The verdict on one registered scalable target. */
export type TargetOwnership = 'ours' | 'untagged' | 'orphaned' | 'foreign';

const OWNERSHIP_KEYS: readonly string[] = [TAG_KEYS.owner, TAG_KEYS.instance, TAG_KEYS.ownerUid];

/**
 * The tags that mark a target as the service's: its owner, instance and uid tags, nothing else of
 * the service's (the restart marker or spec hash are the service's own state, not ownership).
 * Empty when the service carries no owner or instance tag (then no target can be judged ours).
 */
export function targetOwnershipTags(
  serviceTags: readonly { readonly key: string; readonly value: string }[],
): Readonly<Record<string, string>> {
  const tags = Object.fromEntries(
    serviceTags.filter((t) => OWNERSHIP_KEYS.includes(t.key)).map((t) => [t.key, t.value]),
  );
  return tags[TAG_KEYS.owner] === undefined || tags[TAG_KEYS.instance] === undefined ? {} : tags;
}

/** Judges a target's tags against the service's {@link targetOwnershipTags}. Pure. */
export function judgeTargetOwnership(
  targetTags: Readonly<Record<string, string>>,
  own: Readonly<Record<string, string>>,
): TargetOwnership {
  const owner = targetTags[TAG_KEYS.owner];
  const instance = targetTags[TAG_KEYS.instance];
  if (owner === undefined && instance === undefined) return 'untagged';
  if (owner !== own[TAG_KEYS.owner] || instance !== own[TAG_KEYS.instance]) return 'foreign';
  const uid = targetTags[TAG_KEYS.ownerUid];
  const ownUid = own[TAG_KEYS.ownerUid];
  return uid !== undefined && ownUid !== undefined && uid !== ownUid ? 'orphaned' : 'ours';
}

/**
 * Reads the target's tags (ListTagsForResource; kept per ScalableTargetARN by the real API,
 * scalable-target-tags.ts) and judges them. A target gone since it was listed is `untagged`: the
 * plan's removal of it then finds nothing, which is done.
 */
export async function readTargetOwnership(
  api: AutoscalingApi,
  targetArn: string,
  own: Readonly<Record<string, string>>,
  options?: AwsCallOptions,
): Promise<TargetOwnership> {
  try {
    return judgeTargetOwnership(await api.listTagsForResource(targetArn, options), own);
  } catch (err) {
    if (classifyAwsError(err).kind === 'notFound') return 'untagged';
    throw err;
  }
}

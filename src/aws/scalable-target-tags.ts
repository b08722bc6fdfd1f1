/**
 * ListTagsForResource of scalable targets, kept per `ScalableTargetARN`: a target's ownership tags
 * are read once per registration, not once per visit, and not at all after the operator's own
 * registration tagged them (ADR 0047).
 *
 * Why the ARN is the key: Application Auto Scaling gives every registration its own
 * `ScalableTargetARN` (`…:scalable-target/<id>`; a target deregistered and registered again gets a
 * new one), so an answer kept under an ARN can only go stale through a tag change on that very
 * registration
 * (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_ListTagsForResource.html).
 *
 * Invalidation: the operator's own TagResource merges what it sent into the kept answer (AWS adds or
 * replaces exactly those keys,
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TagResource.html); a failed
 * TagResource drops it. The operator's own RegisterScalableTarget with `Tags` keeps what it sent
 * under the `ScalableTargetARN` it answered, without a read: AWS tags a target with `Tags` only when
 * the call creates it ("To tag an existing scalable target, use the TagResource operation",
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html),
 * and the operator sends `Tags` only when it found no target registered, so the new target carries
 * exactly those. An ARN already kept (or being read) names a target that existed: its kept answer
 * stands, since the call left its tags alone. A failed registration keeps nothing. A target someone
 * else registered between the operator's read and its registration (with tags of their own) is
 * taken for the operator's until a restart, like any tag edit by others. Someone else's TagResource or UntagResource on a registered target is seen
 * after the operator restarts (the `ecs-bridge.dev/*` keys are the operator's; editing them by hand
 * is not supported). Concurrent reads of one ARN share one call; a failed read is not kept. At most {@link MAX_KEPT} answers are kept, the
 * oldest dropped first.
 */
import type { AutoscalingApi } from './autoscaling-api.js';

/** How many targets' tags are kept (a few hundred bytes each). */
const MAX_KEPT = 10_000;

/** `api` with ListTagsForResource answers kept per ScalableTargetARN (see the file comment). */
export function withScalableTargetTags<T extends AutoscalingApi>(api: T): T {
  const kept = new Map<string, Readonly<Record<string, string>>>();
  const reading = new Map<string, Promise<Record<string, string>>>();
  const keep = (arn: string, tags: Readonly<Record<string, string>>): void => {
    kept.delete(arn);
    kept.set(arn, tags);
    if (kept.size > MAX_KEPT) {
      const oldest = kept.keys().next().value;
      if (oldest !== undefined) kept.delete(oldest);
    }
  };
  return {
    ...api,
    async listTagsForResource(resourceArn, options) {
      const known = kept.get(resourceArn);
      if (known !== undefined) return { ...known };
      // Visits that ask while a read is on its way share it.
      let read = reading.get(resourceArn);
      if (read === undefined) {
        read = api.listTagsForResource(resourceArn, options).then(
          (tags) => {
            reading.delete(resourceArn);
            keep(resourceArn, { ...tags });
            return tags;
          },
          (err: unknown) => {
            reading.delete(resourceArn);
            throw err;
          },
        );
        reading.set(resourceArn, read);
      }
      return { ...(await read) };
    },
    async registerScalableTarget(input, options) {
      const arn = await api.registerScalableTarget(input, options);
      // Tags sent apply only to a target this call created: an ARN known already existed.
      if (arn !== undefined && input.Tags !== undefined && !kept.has(arn) && !reading.has(arn)) {
        keep(arn, { ...input.Tags });
      }
      return arn;
    },
    async tagResource(resourceArn, tags, options) {
      try {
        await api.tagResource(resourceArn, tags, options);
      } catch (err) {
        kept.delete(resourceArn);
        throw err;
      }
      const known = kept.get(resourceArn);
      if (known !== undefined) keep(resourceArn, { ...known, ...tags });
    },
  };
}

/**
 * Tags on Application Auto Scaling scalable targets, which moto does not keep (its
 * RegisterScalableTarget ignores `Tags`, and it has no ListTagsForResource, TagResource or
 * UntagResource). The proxy plays them the way Application Auto Scaling does:
 *
 * - RegisterScalableTarget with `Tags` tags the target it creates; a registration of a target that
 *   already exists leaves its tags alone ("Use this parameter to tag the scalable target when it is
 *   created. To tag an existing scalable target, use the TagResource operation",
 *   https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html).
 *   moto answers the call; the proxy records the tags under the `ScalableTargetARN` moto answered.
 * - ListTagsForResource answers `{ Tags }` of the target whose `ScalableTargetARN` is `ResourceARN`
 *   https://docs.aws.amazon.com/autoscaling/application/APIReference/API_ListTagsForResource.html
 * - TagResource adds or replaces the given keys, leaving the others
 *   https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TagResource.html
 * - UntagResource removes the given keys
 *   https://docs.aws.amazon.com/autoscaling/application/APIReference/API_UntagResource.html
 * - the three answer ResourceNotFoundException for an ARN no registered target has (a target
 *   deregistered since, or never registered); a target registered again gets a new ARN from moto,
 *   untagged, as AWS gives each registration its own.
 * - A moto reset forgets them.
 *
 * Whether a target still has an ARN is asked of moto with the target's own ResourceIds filter when
 * the proxy saw it registered (one read, whatever the fleet's size); only an ARN the proxy never saw
 * registered (a target made straight in moto) is looked for page by page.
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** Where a registered target lives: what DescribeScalableTargets filters on. */
export interface ScalableTargetKey {
  readonly serviceNamespace: string;
  readonly resourceId: string;
  readonly scalableDimension: string;
}

/** The answer the simulator gives instead of moto. */
export interface TagAnswer {
  readonly status: number;
  readonly body: JsonValue;
}

const SERVICE = 'application-autoscaling';
const ANSWERED = ['ListTagsForResource', 'TagResource', 'UntagResource'];

function error(code: string, message: string, resourceName?: string): TagAnswer {
  return {
    status: 400,
    body: {
      __type: code,
      Message: message,
      ...(resourceName === undefined ? {} : { ResourceName: resourceName }),
    },
  };
}

function stringMap(v: JsonValue | undefined): Record<string, string> | undefined {
  if (!isJsonObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') return undefined;
    out[k] = x;
  }
  return out;
}

/** The model of scalable target tags moto cannot hold. */
export class ScalableTargetTagSimulator {
  readonly #tags = new Map<string, Record<string, string>>();
  readonly #keys = new Map<string, ScalableTargetKey>();

  /** True for the calls this simulator answers or completes. */
  simulates(service: string, action: string): boolean {
    return service === SERVICE && (action === 'RegisterScalableTarget' || ANSWERED.includes(action));
  }

  /** Forgets every tag (moto was reset). */
  clearModel(): void {
    this.#tags.clear();
    this.#keys.clear();
  }

  /**
   * The answer to ListTagsForResource, TagResource or UntagResource; `undefined` for the calls moto
   * answers. `isRegistered` asks moto whether a target has this ARN (uncounted), given where the
   * target was registered when the proxy saw it.
   */
  async answer(
    action: string,
    params: JsonValue | undefined,
    isRegistered: (arn: string, key: ScalableTargetKey | undefined) => Promise<boolean>,
  ): Promise<TagAnswer | undefined> {
    if (!ANSWERED.includes(action)) return undefined;
    const p: JsonObject = isJsonObject(params) ? params : {};
    const arn = typeof p['ResourceARN'] === 'string' ? p['ResourceARN'] : '';
    if (!arn.startsWith('arn:')) return error('ValidationException', 'ResourceARN must be an ARN.');
    if (!(await isRegistered(arn, this.#keys.get(arn)))) {
      this.#tags.delete(arn);
      this.#keys.delete(arn);
      return error('ResourceNotFoundException', `No scalable target found for ResourceARN ${arn}.`, arn);
    }
    const current = this.#tags.get(arn) ?? {};
    if (action === 'ListTagsForResource') return { status: 200, body: { Tags: { ...current } } };
    if (action === 'TagResource') {
      const tags = stringMap(p['Tags']);
      if (tags === undefined) return error('ValidationException', 'Tags must be a map of strings.');
      this.#tags.set(arn, { ...current, ...tags });
      return { status: 200, body: {} };
    }
    const keys = Array.isArray(p['TagKeys']) ? p['TagKeys'].filter((k) => typeof k === 'string') : [];
    this.#tags.set(arn, Object.fromEntries(Object.entries(current).filter(([k]) => !keys.includes(k))));
    return { status: 200, body: {} };
  }

  /** Records the tags of a target moto created (a 2xx RegisterScalableTarget answer). */
  registered(params: JsonValue | undefined, document: JsonValue): void {
    if (!isJsonObject(document) || typeof document['ScalableTargetARN'] !== 'string') return;
    const arn = document['ScalableTargetARN'];
    if (this.#tags.has(arn)) return;
    const p: JsonObject = isJsonObject(params) ? params : {};
    const [serviceNamespace, resourceId, scalableDimension] = [
      p['ServiceNamespace'],
      p['ResourceId'],
      p['ScalableDimension'],
    ];
    if (
      typeof serviceNamespace === 'string' &&
      typeof resourceId === 'string' &&
      typeof scalableDimension === 'string'
    )
      this.#keys.set(arn, { serviceNamespace, resourceId, scalableDimension });
    const tags = isJsonObject(params) ? stringMap(params['Tags']) : undefined;
    this.#tags.set(arn, tags ?? {});
  }
}

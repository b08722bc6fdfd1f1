/**
 * Reads what the current service revision says of the members ECS reports nowhere else
 * (revision-fields.ts, ADR 0048), for a service whose spec sets one of them. A revision never
 * changes after ECS makes it, so each is described once, by ARN, and kept: a service visited again
 * costs nothing until a deployment makes a new revision. The ARNs a visit lacks go in one
 * DescribeServiceRevisions call (at most 20, ECS's limit); services are not batched across visits
 * because a new revision is rare (one per deployment) and a visit that meets one waits on it.
 */
import type { Service, ServiceRevision } from '@aws-sdk/client-ecs';
import type { EcsApi, EcsCallOptions } from '../../aws/ecs-api.js';
import type { ServiceConfig } from './model.js';
import type { ObservedService } from './observe.js';
import {
  currentRevisionArns,
  NO_REVISION_FIELDS,
  primaryRevision,
  revisionFieldsOf,
  type RevisionFields,
} from './revision-fields.js';

/** DescribeServiceRevisions takes at most this many ARNs. */
export const REVISION_ARNS_PER_CALL = 20;

/** Service revisions described so far, by ARN; the oldest go first past `capacity`. */
export class ServiceRevisionCache {
  readonly #byArn = new Map<string, ServiceRevision>();

  constructor(private readonly capacity = 4096) {}

  /** The revision kept for `arn`, if any. */
  get(arn: string): ServiceRevision | undefined {
    return this.#byArn.get(arn);
  }

  /** Keeps described revisions (a revision is immutable, so a kept one never goes stale). */
  keep(revisions: readonly ServiceRevision[]): void {
    for (const r of revisions) {
      if (r.serviceRevisionArn === undefined) continue;
      this.#byArn.delete(r.serviceRevisionArn);
      this.#byArn.set(r.serviceRevisionArn, r);
    }
    while (this.#byArn.size > this.capacity) {
      const oldest = this.#byArn.keys().next().value;
      if (oldest === undefined) break;
      this.#byArn.delete(oldest);
    }
  }

  /** How many revisions are kept. */
  get size(): number {
    return this.#byArn.size;
  }
}

/**
 * The reading of the PRIMARY deployment's revision; none set when the service names no current
 * revision; `undefined` when it cannot be read (the API lacks the call, or ECS cannot describe the
 * revision: made before October 25, 2024), and then the two members are not compared.
 */
export async function readRevisionFields(
  ecs: Pick<EcsApi, 'describeServiceRevisions'>,
  cache: ServiceRevisionCache,
  service: Service,
  options: EcsCallOptions,
): Promise<RevisionFields | undefined> {
  const arns = currentRevisionArns(service);
  if (arns.length === 0) return NO_REVISION_FIELDS;
  if (ecs.describeServiceRevisions === undefined) return undefined;
  const missing = arns.filter((arn) => cache.get(arn) === undefined).slice(0, REVISION_ARNS_PER_CALL);
  if (missing.length > 0) cache.keep(await ecs.describeServiceRevisions(missing, options));
  const known = arns.flatMap((arn) => cache.get(arn) ?? []);
  const revision = primaryRevision(service, known);
  return revision === undefined ? undefined : revisionFieldsOf(revision);
}

/**
 * `observed` with the current revision's reading of the two members, when the spec sets one of
 * them (only then: other services pay no read) and the service is there to read.
 */
export async function withRevisionFields(
  ecs: Pick<EcsApi, 'describeServiceRevisions'>,
  cache: ServiceRevisionCache,
  desired: ServiceConfig,
  observed: ObservedService | undefined,
  options: EcsCallOptions,
): Promise<ObservedService | undefined> {
  if (desired.gatewayConnectors === undefined && desired.monitoring === undefined) return observed;
  if (observed === undefined || observed.lifecycle !== 'ACTIVE') return observed;
  const fields = await readRevisionFields(ecs, cache, observed.service, options);
  return fields === undefined ? observed : { ...observed, config: { ...observed.config, ...fields } };
}

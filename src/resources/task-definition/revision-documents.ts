/**
 * The canonical documents of task definition revisions, read by DescribeTaskDefinition once per
 * revision per process: a revision's content never changes, so the drift an observed object reports
 * field by field (ADR 0018) costs one read per revision it is compared with, ever, not one per
 * resync. Only observed objects with drift ask, so the cache stays small; it is bounded anyway
 * ({@link RevisionDocuments} drops the oldest entries beyond its limit).
 *
 * Kept apart from revision-cache.ts on purpose: that cache holds hashes and tags for every revision
 * of every family (what managing needs); documents are only worth their memory while observing.
 */
import type { EcsApi, EcsCallOptions } from '../../aws/ecs-api.js';
import { classifyAwsError } from '../../aws/errors.js';
import type { JsonObject } from './canonical.js';
import { revisionDocument } from './content-diff.js';

/** The most documents kept; beyond it the oldest read is dropped (and read again if needed). */
export const DEFAULT_REVISION_DOCUMENTS_LIMIT = 500;

/** Canonical documents by revision ARN. Not shared between processes; safe to share between reconciles. */
export class RevisionDocuments {
  readonly #byArn = new Map<string, JsonObject>();
  readonly #limit: number;

  constructor(limit = DEFAULT_REVISION_DOCUMENTS_LIMIT) {
    this.#limit = limit;
  }

  /**
   * The revision's canonical document: cached, else one DescribeTaskDefinition. Undefined when ECS
   * says the revision is gone (deleted since it was listed): the caller falls back to what it knows
   * without the content. Throttling and other failures are thrown, for the work queue to retry.
   */
  async documentOf(ecs: EcsApi, arn: string, call: EcsCallOptions = {}): Promise<JsonObject | undefined> {
    const cached = this.#byArn.get(arn);
    if (cached !== undefined) return cached;
    let answer;
    try {
      answer = await ecs.describeTaskDefinition(arn, call);
    } catch (err) {
      const { kind } = classifyAwsError(err);
      if (kind === 'invalid' || kind === 'notFound') return undefined;
      throw err;
    }
    if (answer.taskDefinition.taskDefinitionArn === undefined) return undefined;
    const document = revisionDocument(answer.taskDefinition);
    this.#byArn.set(arn, document);
    if (this.#byArn.size > this.#limit) {
      const oldest = this.#byArn.keys().next().value;
      if (oldest !== undefined) this.#byArn.delete(oldest);
    }
    return document;
  }

  /** How many documents are cached. */
  get size(): number {
    return this.#byArn.size;
  }
}

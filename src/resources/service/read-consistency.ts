/**
 * Whether one DescribeServices answer can be believed about the deployment ecs-bridge follows, pure
 * (ADR 0009). The Amazon ECS API is eventually consistent: "the result of an API command you run
 * that affects your Amazon ECS resources might not be immediately visible to all subsequent
 * commands you run" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html).
 * So an answer that does not list the followed deployment (an empty deployment list, or a view from
 * before our own UpdateService, where the old PRIMARY is still COMPLETED) may be a view older than
 * our write, not a rollback.
 *
 * The rule: such an answer is "not yet known". The reconciler writes nothing to ECS on it, keeps the
 * verdict it had and reads again soon. Only when the deployment stays missing for
 * {@link MISSING_READS_TO_CONCLUDE} consecutive reads spanning at least {@link MISSING_SPAN_MS} is
 * the answer believed and judged as usual (`trackRollout`: a rollback, or a deployment someone else
 * started). ECS's own word that the deployment failed (its service event "(deployment X)
 * deployment failed: ...") is believed at once: a late read can delay that event, never invent it.
 *
 * The evidence (how many reads, since when) lives in the reconciler's memory, not in status: a
 * restart forgets it, which can only delay a verdict, never produce one.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { deploymentFailureFromEvents } from './rollout.js';
import type { RolloutStatus } from './types.js';

/**
 * Consecutive reads that must all miss the followed deployment before the miss is believed. Three:
 * the first miss, and two re-reads at the rollout poll interval (5 s by default), so one stale
 * replica answering twice in a row is not enough.
 */
export const MISSING_READS_TO_CONCLUDE = 3;

/**
 * The least time those reads must span, in ms. ECS documents no bound on its propagation delay; its
 * advice for reads after a write is to re-read "starting with a couple of seconds of wait time and
 * increasing gradually up to five minutes". 30 s covers the propagation delays seen in practice (a
 * few seconds) several times over, while a real rollback is still reported within a minute.
 */
export const MISSING_SPAN_MS = 30_000;

/** What this process has seen so far of a followed deployment missing from ECS's answers. */
export interface MissingDeploymentEvidence {
  /** The followed deployment that was not listed. */
  readonly deploymentId: string;
  /** When the first answer in this run of misses arrived. */
  readonly since: Date;
  /** Consecutive answers that did not list it, this one included. */
  readonly reads: number;
}

/** The verdict on one answer. */
export type ReadJudgement =
  /** The answer lists the followed deployment (or there is none to check): judge it as usual. */
  | { readonly kind: 'consistent' }
  /** The deployment is still missing after the bound, or ECS said it failed: judge it as usual. */
  | { readonly kind: 'confirmed'; readonly evidence: MissingDeploymentEvidence | undefined }
  /** Not yet known: write nothing, keep the verdict, read again soon. */
  | { readonly kind: 'unconfirmed'; readonly evidence: MissingDeploymentEvidence; readonly message: string };

/** What {@link judgeRead} needs. */
export interface JudgeReadInput {
  /** The rollout ecs-bridge follows (`status.rollout`, see ADR 0009 for why it is read back). */
  readonly followed: RolloutStatus | undefined;
  /** The service as ECS just described it. */
  readonly service: Service;
  /** What earlier answers showed, from this process's memory. */
  readonly evidence: MissingDeploymentEvidence | undefined;
  readonly now: Date;
}

/** Judges whether an answer may be believed about the followed deployment; see the file header. */
export function judgeRead(input: JudgeReadInput): ReadJudgement {
  const { followed, service, now } = input;
  // A failed rollout is re-checked by trackRollout on every visit; its deployment is expected to be
  // gone (rolled back), so its absence says nothing new.
  if (followed === undefined || followed.state === 'Failed' || followed.deploymentId === '')
    return { kind: 'consistent' };
  const listed = (service.deployments ?? []).some(
    (d) => d.id === followed.deploymentId && d.status !== 'INACTIVE',
  );
  if (listed) return { kind: 'consistent' };

  const previous = input.evidence?.deploymentId === followed.deploymentId ? input.evidence : undefined;
  const evidence: MissingDeploymentEvidence = {
    deploymentId: followed.deploymentId,
    since: previous?.since ?? now,
    reads: (previous?.reads ?? 0) + 1,
  };
  if (deploymentFailureFromEvents(service, followed.deploymentId) !== undefined)
    return { kind: 'confirmed', evidence };
  if (
    evidence.reads >= MISSING_READS_TO_CONCLUDE &&
    now.getTime() - evidence.since.getTime() >= MISSING_SPAN_MS
  ) {
    return { kind: 'confirmed', evidence };
  }
  const listedNow = (service.deployments ?? []).length;
  return {
    kind: 'unconfirmed',
    evidence,
    message: `ECS deployment ${followed.deploymentId} is not in ECS's latest answer (${listedNow === 0 ? 'no deployments listed' : `${listedNow} other deployment${listedNow === 1 ? '' : 's'} listed`}) since ${evidence.since.toISOString()}; ECS reads are eventually consistent, so ecs-bridge reads again and changes nothing until ${MISSING_READS_TO_CONCLUDE} reads over ${MISSING_SPAN_MS / 1000} s agree`,
  };
}

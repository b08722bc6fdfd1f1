/**
 * The read check of an EcsService visit, before anything is planned: an answer from ECS that does
 * not list the deployment we follow is not believed until enough reads agree (read-consistency.ts,
 * ADR 0009). It remembers, per object, what recent answers did not list.
 */
import { judgeRead, type MissingDeploymentEvidence } from './read-consistency.js';
import { evidenceKey, type Visit } from './visit.js';
import { endWith, type ServiceVisitEnd } from './visit-end.js';

/** The read check step and its memory of missing deployments (one per reconciler). */
export class ReadCheck {
  /** Per object: the followed deployment ECS's recent answers did not list. */
  private readonly missingDeployments = new Map<string, MissingDeploymentEvidence>();

  /**
   * An answer that does not list the deployment we follow may be older than our own last write
   * (ECS reads are eventually consistent, ADR 0009): nothing is concluded or written from it; the
   * verdict stays as it was and ECS is read again soon, until enough reads agree.
   */
  check(visit: Visit, rolloutPollMs: number): ServiceVisitEnd | undefined {
    const { ctx, obj, observed } = visit;
    const key = evidenceKey(obj);
    const read =
      visit.scalable && observed !== undefined
        ? judgeRead({
            followed: obj.status?.rollout,
            service: observed.service,
            evidence: this.missingDeployments.get(key),
            now: visit.now,
          })
        : ({ kind: 'consistent' } as const);
    if (read.kind === 'unconfirmed') {
      this.missingDeployments.set(key, read.evidence);
      const { deploymentId, reads, since } = read.evidence;
      ctx.log.info(
        { deploymentId, reads, since },
        'followed ecs deployment not listed; reading again before concluding',
      );
      const outcome = { kind: 'unconfirmedRead', message: read.message } as const;
      return endWith({ ...visit.base, outcome }, { requeueAfterMs: rolloutPollMs });
    }
    this.missingDeployments.delete(key);
    if (read.kind === 'confirmed' && read.evidence !== undefined) {
      const { deploymentId, reads, since } = read.evidence;
      ctx.log.info(
        { deploymentId, reads, since },
        'followed ecs deployment still not listed; judging the answer',
      );
    }
    return undefined;
  }

  /** Forgets an object (its finalizer is gone). */
  forget(key: string): void {
    this.missingDeployments.delete(key);
  }
}

/**
 * The observe step of an EcsService visit: one DescribeServices (batched, ADR 0029), the revisions
 * it runs reported to the task definition side, and the members ECS reports only on the current
 * service revision (ADR 0048). A failed read ends the visit like any other AWS failure.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { FailVisit } from './control-step.js';
import { observeService, type ObservedService } from './observe.js';
import type { ResolvedServiceOptions } from './ports.js';
import { withRevisionFields, type ServiceRevisionCache } from './read-service-revision.js';
import type { Visit } from './visit.js';
import type { ServiceVisitEnd } from './visit-end.js';

/** What the observe step found: ECS's answer, and the service as the planner reads it. */
export interface Seen {
  readonly described: Service | undefined;
  readonly observed: ObservedService | undefined;
}

/** Reads the service; the visit's end when a read failed. */
export async function observeStep(
  o: Pick<ResolvedServiceOptions, 'describeService' | 'revisionsSeen' | 'ecsFor'>,
  revisions: ServiceRevisionCache,
  visit: Pick<Visit, 'ctx' | 'obj' | 'desired' | 'identity' | 'base'>,
  fail: FailVisit,
): Promise<Seen | ServiceVisitEnd> {
  const { ctx, obj, desired, identity, base } = visit;
  const namespace = obj.metadata.namespace;
  let described: Service | undefined;
  try {
    described = await o.describeService(desired.region, desired.cluster, desired.serviceName, {
      signal: ctx.signal,
      ...(namespace === undefined ? {} : { namespace }),
    });
  } catch (err) {
    return fail(base, err, 'describing the ECS service');
  }
  const running = (described?.deployments ?? []).flatMap((d) =>
    d.taskDefinition === undefined ? [] : [d.taskDefinition],
  );
  o.revisionsSeen(obj, running);
  const plain = described === undefined ? undefined : observeService(described, identity);
  try {
    const observed = await withRevisionFields(
      o.ecsFor(desired.region, namespace),
      revisions,
      desired.config,
      plain,
      {
        signal: ctx.signal,
      },
    );
    return { described, observed };
  } catch (err) {
    return fail({ ...base, service: described }, err, 'reading the current service revision');
  }
}

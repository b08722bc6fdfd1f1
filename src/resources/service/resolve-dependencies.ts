/**
 * The step before a service is observed: what it depends on, resolved from the other kinds' caches.
 * Its task definition (the referenced object's revision, or the ARN the spec names), the ports the
 * spec uses declared by that task definition (ECS would refuse the write otherwise), and its
 * cluster (a `clusterRef` waits for the EcsCluster to be Ready). Either the visit ends here, waiting
 * or refused, or the desired service comes out. No AWS call.
 */
import { TerminalError } from '../../controller/reconciler.js';
import { placeService } from './cluster-ref.js';
import { undeclaredPorts } from './declared-ports.js';
import { desiredService, type DesiredService } from './desired.js';
import { ServiceReasons, type ServiceReason } from './reasons.js';
import type { ResolvedServiceOptions } from './ports.js';
import { resolveTaskDefinition } from './resolve-task-definition.js';
import type { ServiceOutcome } from './status.js';
import type { EcsService } from './types.js';
import { endQuietly, endThrowing, endWith, type ServiceVisitEnd } from './visit-end.js';

/** The desired service, or how the visit ends for now. */
export type Dependencies =
  | { readonly kind: 'ready'; readonly desired: DesiredService }
  | { readonly kind: 'end'; readonly end: ServiceVisitEnd };

/** Resolves the task definition, checks its ports, places the service. */
export async function resolveDependencies(
  o: Pick<
    ResolvedServiceOptions,
    'taskDefinitions' | 'clusters' | 'dependencyPollMs' | 'defaultRegion' | 'now'
  >,
  obj: EcsService,
): Promise<Dependencies> {
  const namespace = obj.metadata.namespace ?? '';
  const waiting = (reason: ServiceReason, message: string): Dependencies => {
    const outcome: ServiceOutcome = { kind: 'waiting', reason, message };
    return {
      kind: 'end',
      end: endWith({ obj, outcome, now: o.now() }, { requeueAfterMs: o.dependencyPollMs }),
    };
  };
  const taskDefinition = await resolveTaskDefinition(o.taskDefinitions, obj, namespace);
  // Just started: the referenced object's revision is not derived yet; a status written now
  // would flap Ready. It queues this service when it is (published-revisions.ts).
  if (taskDefinition.pending === true)
    return { kind: 'end', end: endQuietly({ requeueAfterMs: o.dependencyPollMs }) };
  if (taskDefinition.arn === undefined)
    return waiting(ServiceReasons.TaskDefinitionNotReady, taskDefinition.message);
  if (taskDefinition.declared !== undefined) {
    const undeclared = undeclaredPorts(
      obj.spec,
      taskDefinition.declared.containers,
      taskDefinition.declared.source,
    );
    if (undeclared.length > 0) {
      // ECS would refuse the write; say so before making it. A new revision of the referenced
      // object queues this service again.
      const message = undeclared.join('; ');
      const status = { obj, outcome: { kind: 'invalidSpec', message } as const, now: o.now() };
      return {
        kind: 'end',
        end: endThrowing(status, new TerminalError(ServiceReasons.InvalidSpec, message)),
      };
    }
  }
  const placement = await placeService(obj, o.clusters);
  if (placement.waiting !== undefined) return waiting(ServiceReasons.ClusterNotReady, placement.waiting);
  const desired = desiredService({
    spec: {
      ...obj.spec,
      cluster: placement.cluster,
      ...(placement.region === undefined ? {} : { region: placement.region }),
    },
    name: obj.metadata.name,
    taskDefinition: taskDefinition.arn,
    defaultRegion: o.defaultRegion,
  });
  return { kind: 'ready', desired };
}

/**
 * What an applied cluster action tells people: one log line and, for what a user of
 * `kubectl describe` wants to see, one Event with the reason of the same name.
 */
import type { ReconcileContext } from '../../controller/reconciler.js';
import { assertNever } from '../../shared/assert-never.js';
import type { ClusterAction } from './actions.js';
import type { EventRecorder } from './ports.js';
import { ClusterReason as R } from './reasons.js';
import type { EcsCluster } from './types.js';

/** Logs and records the Event of `done.action`, applied to the cluster `done.clusterName`. */
export function reportClusterAction(
  ctx: ReconcileContext,
  events: EventRecorder,
  obj: EcsCluster,
  done: { readonly clusterName: string; readonly action: ClusterAction; readonly adopting: boolean },
): void {
  const { action, adopting } = done;
  const cluster = done.clusterName;
  const event = (reason: string, message: string): void => events.record(obj, 'Normal', reason, message);
  switch (action.type) {
    case 'create':
      ctx.log.info({ cluster }, 'created ecs cluster');
      return event(R.Created, `created ECS cluster ${cluster}`);
    case 'update':
      ctx.log.info({ cluster, fields: action.fields }, 'updated ecs cluster');
      return event(R.Updated, `updated ${action.fields.join(', ')} of ECS cluster ${cluster}`);
    case 'putCapacityProviders':
      ctx.log.info({ cluster }, 'put ecs cluster capacity providers');
      return event(R.Updated, `set the capacity providers and default strategy of ECS cluster ${cluster}`);
    case 'tag':
      ctx.log.info({ cluster, adopting }, 'tagged ecs cluster');
      if (adopting) event(R.Adopted, `adopted ECS cluster ${cluster} (spec.adopt)`);
      return;
    case 'untag':
      ctx.log.info({ cluster, keys: action.tagKeys }, 'untagged ecs cluster');
      return event(
        R.Updated,
        `removed tags ${action.tagKeys.join(', ')} (no longer in spec.tags) from ECS cluster ${cluster}`,
      );
    case 'delete':
      ctx.log.info({ cluster }, 'deleted ecs cluster');
      return event(R.Deleted, `deleted ECS cluster ${cluster}`);
    case 'createCapacityProvider':
      ctx.log.info({ cluster, capacityProvider: action.input.name }, 'created ecs capacity provider');
      return event(R.CapacityProviderCreated, `created ECS capacity provider ${action.input.name ?? ''}`);
    case 'updateCapacityProvider':
      ctx.log.info(
        { cluster, capacityProvider: action.input.name, fields: action.fields },
        'updated ecs capacity provider',
      );
      return event(
        R.Updated,
        `updated ${action.fields.join(', ')} of ECS capacity provider ${action.input.name ?? ''}`,
      );
    case 'tagCapacityProvider':
      ctx.log.info({ cluster, capacityProvider: action.name }, 'tagged ecs capacity provider');
      return event(R.Adopted, `adopted ECS capacity provider ${action.name} (spec.adopt)`);
    case 'deleteCapacityProvider':
      ctx.log.info({ cluster, capacityProvider: action.name }, 'deleted ecs capacity provider');
      return event(R.CapacityProviderDeleted, `deleted ECS capacity provider ${action.name}`);
    default:
      return assertNever(action);
  }
}

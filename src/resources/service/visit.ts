/**
 * What one converging visit of the EcsService reconciler knows once ECS has been read, handed from
 * step to step, and the small keys and phrases every step shares.
 */
import type { Service, Tag } from '@aws-sdk/client-ecs';
import type { ReconcileContext } from '../../controller/reconciler.js';
import type { DesiredService } from './desired.js';
import type { ObservedService } from './observe.js';
import type { OwnerIdentity } from './ownership.js';
import type { ServiceStatusInput } from './status.js';
import type { EcsService } from './types.js';

/** The key of an object's read evidence and create memory: its uid, so a re-created object starts afresh. */
export function evidenceKey(obj: EcsService): string {
  return obj.metadata.uid ?? `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
}

/** How messages name the ECS service. */
export function where(desired: DesiredService): string {
  return `ECS service ${desired.serviceName} in cluster ${desired.cluster}`;
}

/** Tags as ECS lists them. */
export function tagsToList(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** What one converging visit knows once ECS has been read. */
export interface Visit {
  readonly ctx: ReconcileContext;
  readonly obj: EcsService;
  readonly desired: DesiredService;
  readonly identity: OwnerIdentity;
  readonly observed: ObservedService | undefined;
  /** Autoscaling may run: the service exists, is ACTIVE and is ours. */
  readonly scalable: boolean;
  readonly base: Omit<ServiceStatusInput, 'outcome'>;
  readonly now: Date;
}

/** What applying a plan left behind. */
export interface Applied {
  readonly latest: Service | undefined;
  readonly startedRollout: boolean;
}

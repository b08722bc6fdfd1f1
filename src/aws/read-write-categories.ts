/**
 * The throttling categories of a service whose quotas the operator keeps by its own modest limits,
 * one bucket for reads and one for writes (`<service>:read`, `<service>:write`): EventBridge,
 * Scheduler, CloudWatch and Application Auto Scaling. Each client names its limits and which of its
 * actions read or write; the category names (bucket keys and metric labels) are built here alike.
 */
import type { CategoryLimit } from './ecs-categories.js';

/** The read and the write category of `Service`. */
export type ReadWriteCategory<Service extends string> = `${Service}:read` | `${Service}:write`;

/**
 * Modest limits for a control plane the operator calls a handful of times per reconcile (EventBridge,
 * Scheduler): well below their published per-account quotas, leaving room for the account's other users.
 */
export const MODEST_READ_WRITE_LIMITS = {
  read: { burst: 20, sustained: 10 },
  write: { burst: 10, sustained: 5 },
} as const satisfies { read: CategoryLimit; write: CategoryLimit };

/** The limits of a read/write service's two categories. */
export function readWriteLimits<Service extends string>(
  service: Service,
  limits: { readonly read: CategoryLimit; readonly write: CategoryLimit },
): Readonly<Record<ReadWriteCategory<Service>, CategoryLimit>> {
  return { [`${service}:read`]: limits.read, [`${service}:write`]: limits.write } as Record<
    ReadWriteCategory<Service>,
    CategoryLimit
  >;
}

/** The category of each action: `reads` in `<service>:read`, `writes` in `<service>:write`. */
export function readWriteActions<Service extends string, Read extends string, Write extends string>(
  service: Service,
  actions: { readonly reads: readonly Read[]; readonly writes: readonly Write[] },
): Readonly<Record<Read | Write, ReadWriteCategory<Service>>> {
  const read: ReadWriteCategory<Service> = `${service}:read`;
  const write: ReadWriteCategory<Service> = `${service}:write`;
  return Object.fromEntries([
    ...actions.reads.map((action) => [action, read]),
    ...actions.writes.map((action) => [action, write]),
  ]) as Record<Read | Write, ReadWriteCategory<Service>>;
}

/** One read/write service as a lazy edge and the limiter know it (see `lazy-sdk-edge.ts`). */
export interface ReadWriteService<Service extends string, Action extends string> {
  readonly service: Service;
  /** Its two categories' limits, for the limiter (overridable there). */
  readonly limits: Readonly<Record<ReadWriteCategory<Service>, CategoryLimit>>;
  /** The category of each action it sends. */
  readonly actions: Readonly<Record<Action, ReadWriteCategory<Service>>>;
}

/** `service` with `limits` for its reads and writes, and its actions sorted into the two. */
export function readWriteService<Service extends string, Read extends string, Write extends string>(
  service: Service,
  limits: { readonly read: CategoryLimit; readonly write: CategoryLimit },
  actions: { readonly reads: readonly Read[]; readonly writes: readonly Write[] },
): ReadWriteService<Service, Read | Write> {
  return {
    service,
    limits: readWriteLimits(service, limits),
    actions: readWriteActions(service, actions),
  };
}

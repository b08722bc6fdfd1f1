/**
 * How one visit of the EcsService reconciler ends: the shared `../visit-end.ts` over the service's
 * status input. Every step returns one instead of writing status itself, so status is written once,
 * from one place (`EcsServiceReconciler.reconcile`), at the end of the reconcile. `announce`: a
 * Stalled or Ready transition becomes an Event.
 */
import type { VisitEnd } from '../visit-end.js';
import type { ServiceStatusInput } from './status.js';

export { endQuietly, endThrowing, endWith, isVisitEnd } from '../visit-end.js';

/** The end of an EcsService visit. */
export type ServiceVisitEnd = VisitEnd<ServiceStatusInput>;

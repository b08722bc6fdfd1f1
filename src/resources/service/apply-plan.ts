/**
 * Applies an EcsService plan: its actions in order, one ECS call each (apply.ts), keeping the
 * create guard, the Events and the logs of each action as it lands, and the latest description of
 * the service for status. It decides nothing: the reconciler turns what it returns into the end of
 * the visit.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { actionEvent, actionVerb, tagsAfterAction } from './action-notes.js';
import { applyServiceAction } from './apply.js';
import { isCreateNotIdempotent } from './aws-failure.js';
import type { CreateGuard } from './create-guard.js';
import { DEPLOYMENT_FIELDS } from './model.js';
import type { ServicePlan } from './plan.js';
import type { ResolvedServiceOptions } from './ports.js';
import { evidenceKey, tagsToList, type Applied, type Visit } from './visit.js';

/** How applying a plan went. */
export type PlanApplication =
  | (Applied & { readonly kind: 'applied' })
  /** CreateService said the name is taken: the read that asked for the create was out of date. */
  | { readonly kind: 'createRefused' }
  /** An AWS call failed while `during`; `latest` is the service as last described or answered. */
  | {
      readonly kind: 'failed';
      readonly error: unknown;
      readonly during: string;
      readonly latest: Service | undefined;
    };

/** Applies `plan`'s actions in order; stops at the first failure. */
export async function applyServicePlan(
  o: Pick<ResolvedServiceOptions, 'ecsFor' | 'events' | 'now'>,
  createGuard: CreateGuard,
  visit: Visit,
  plan: ServicePlan,
  clientToken: string,
): Promise<PlanApplication> {
  const { ctx, obj, desired, observed } = visit;
  const key = evidenceKey(obj);
  let latest = observed?.service;
  let tags: Record<string, string> = { ...(observed?.tags ?? {}) };
  let startedRollout = false;
  for (const action of plan.actions) {
    let answer: Service | undefined;
    try {
      answer = await applyServiceAction(o.ecsFor(desired.region, obj.metadata.namespace), action, {
        signal: ctx.signal,
      });
    } catch (err) {
      if (action.type === 'createService' && isCreateNotIdempotent(err)) {
        createGuard.seen(key, o.now().getTime());
        return { kind: 'createRefused' };
      }
      return { kind: 'failed', error: err, during: actionVerb(action), latest };
    }
    if (action.type === 'createService') createGuard.created(key, clientToken, o.now().getTime());
    tags = tagsAfterAction(tags, action);
    if (answer !== undefined) latest = { ...answer, tags: tagsToList(tags) };
    if (action.type === 'createService') startedRollout = true;
    if (
      action.type === 'updateService' &&
      (action.restart || action.fields.some((f) => DEPLOYMENT_FIELDS.has(f)))
    )
      startedRollout = true;
    const event = actionEvent(action, plan.reasons, desired);
    if (event !== undefined) o.events.record(obj, event.type, event.reason, event.message);
    const { cluster, serviceName: service } = desired;
    ctx.log.info({ cluster, service, action: action.type, reasons: plan.reasons }, 'wrote ecs service');
  }
  return { kind: 'applied', latest, startedRollout };
}

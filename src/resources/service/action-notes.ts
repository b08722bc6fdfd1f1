/**
 * What applied actions and condition transitions mean for people and for the reconciler's own
 * bookkeeping, pure: the Kubernetes Events they become, the verb an error message uses, and the tags
 * a service carries after an action (ECS's write answers omit tags).
 */
import type { Condition } from '../../k8s/conditions.js';
import type { ServiceAction } from './actions.js';
import type { DesiredService } from './desired.js';
import type { RecordedEvent } from './ports.js';
import { ServiceReasons } from './reasons.js';

/** The Event an applied action deserves, if any. */
export function actionEvent(
  action: ServiceAction,
  reasons: readonly string[],
  desired: Pick<DesiredService, 'serviceName' | 'cluster'>,
): RecordedEvent | undefined {
  const where = `ECS service ${desired.serviceName} in cluster ${desired.cluster}`;
  switch (action.type) {
    case 'createService':
      return {
        type: 'Normal',
        reason: ServiceReasons.Creating,
        message: `created ${where} with task definition ${action.input.taskDefinition ?? ''}`,
      };
    case 'updateService': {
      const what = [...action.fields, ...(action.restart ? ['forceNewDeployment'] : [])].join(', ');
      return { type: 'Normal', reason: ServiceReasons.Updating, message: `updated ${where}: ${what}` };
    }
    case 'tagService':
      return reasons.some((r) => r.startsWith('adopt:'))
        ? { type: 'Normal', reason: ServiceReasons.Adopted, message: `adopted ${where} (spec.adopt)` }
        : undefined;
    case 'untagService':
    case 'deleteService':
      return undefined;
  }
}

/**
 * Events for condition transitions: a Warning when the object becomes Stalled (or stalls for a new
 * reason), a Normal when it becomes Ready. Steady states emit nothing.
 */
export function conditionEvents(before: readonly Condition[], after: readonly Condition[]): RecordedEvent[] {
  const was = (type: string): Condition | undefined => before.find((c) => c.type === type);
  const stalled = after.find((c) => c.type === 'Stalled');
  const ready = after.find((c) => c.type === 'Ready');
  const events: RecordedEvent[] = [];
  if (
    stalled?.status === 'True' &&
    (was('Stalled')?.status !== 'True' || was('Stalled')?.reason !== stalled.reason)
  ) {
    events.push({ type: 'Warning', reason: stalled.reason, message: stalled.message });
  }
  if (ready?.status === 'True' && was('Ready')?.status !== 'True') {
    events.push({ type: 'Normal', reason: ready.reason, message: ready.message });
  }
  return events;
}

/** The phrase an error about this action starts with. */
export function actionVerb(action: ServiceAction): string {
  switch (action.type) {
    case 'createService':
      return 'creating the ECS service';
    case 'updateService':
      return 'updating the ECS service';
    case 'deleteService':
      return 'deleting the ECS service';
    case 'tagService':
      return 'tagging the ECS service';
    case 'untagService':
      return 'untagging the ECS service';
  }
}

/** The service's tags after `action` succeeded. */
export function tagsAfterAction(
  tags: Readonly<Record<string, string>>,
  action: ServiceAction,
): Record<string, string> {
  const out: Record<string, string> = action.type === 'createService' ? {} : { ...tags };
  switch (action.type) {
    case 'createService':
      for (const t of action.input.tags ?? []) if (t.key !== undefined) out[t.key] = t.value ?? '';
      return out;
    case 'tagService':
      for (const t of action.tags) if (t.key !== undefined) out[t.key] = t.value ?? '';
      return out;
    case 'untagService':
      for (const k of action.tagKeys) delete out[k];
      return out;
    case 'updateService':
    case 'deleteService':
      return out;
  }
}

/**
 * How an ECS service differs from its EcsService, as field changes, from the actions the planner
 * would take: the drift an observed object reports (ADR 0018) and what `ecs-bridge plan` shows.
 * Pure. Values are shown as people read them: a task definition as `family:revision`, security
 * groups the spec leaves to ECS as ECS has them (not as a removal).
 *
 * Ownership tags are never drift: under Observe nothing is tagged, and adopting tags nothing until
 * the first change (ADR 0007).
 */
import { diffFields, type FieldChange } from '../field-diff.js';
import type { ServiceAction } from './actions.js';
import { taskDefinitionKey, type MutableField, type ServiceConfig } from './model.js';
import type { ObservedService } from './observe.js';
import { isReservedTagKey } from './ownership.js';

/** The value of `field` the plan would send, as shown to people. */
export function shownConfigValue(
  field: MutableField,
  config: ServiceConfig,
  observed: ServiceConfig,
): unknown {
  if (field === 'taskDefinition') {
    return config.taskDefinition === undefined ? undefined : taskDefinitionKey(config.taskDefinition);
  }
  if (field === 'networkConfiguration' && config.networkConfiguration !== undefined) {
    // Security groups left out of the spec are not managed: show ECS's, not a removal.
    const d = config.networkConfiguration.awsvpcConfiguration;
    const o = observed.networkConfiguration?.awsvpcConfiguration;
    if (d.securityGroups === undefined && o?.securityGroups !== undefined) {
      return { awsvpcConfiguration: { ...d, securityGroups: o.securityGroups } };
    }
  }
  return config[field];
}

/** The value of `field` ECS has, as shown to people. */
export function observedValue(field: MutableField, observed: ServiceConfig): unknown {
  const v = observed[field];
  return field === 'taskDefinition' && typeof v === 'string' ? taskDefinitionKey(v) : v;
}

/**
 * The field changes `actions` would make to `observed`: each UpdateService field, a restart, user
 * tags added, changed or removed. A create shows as one change (`service`: absent → the name), a
 * delete never appears (the planner plans none while converging).
 */
export function serviceDriftChanges(
  actions: readonly ServiceAction[],
  config: ServiceConfig,
  observed: ObservedService | undefined,
): FieldChange[] {
  return actions.flatMap((action): FieldChange[] => {
    switch (action.type) {
      case 'createService':
        return [{ path: 'service', after: action.input.serviceName ?? '' }];
      case 'updateService': {
        const o = observed?.config ?? {};
        const changes = action.fields.flatMap((f) =>
          diffFields(observedValue(f, o), shownConfigValue(f, config, o), f),
        );
        return action.restart ? [...changes, { path: 'restartAt', after: 'a new deployment' }] : changes;
      }
      case 'tagService':
        return action.tags
          .filter((t) => !isReservedTagKey(t.key ?? ''))
          .map((t) => {
            const before = observed?.tags[t.key ?? ''];
            return {
              path: `tags.${t.key ?? ''}`,
              ...(before === undefined ? {} : { before }),
              after: t.value ?? '',
            };
          });
      case 'untagService':
        return action.tagKeys
          .filter((k) => !isReservedTagKey(k))
          .map((k) => ({ path: `tags.${k}`, before: observed?.tags[k] ?? '' }));
      case 'deleteService':
        return [];
    }
  });
}

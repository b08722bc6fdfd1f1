/**
 * Folds the results of applied actions into an observed state: what observing again right now would
 * report, without another ECS call. Pure. The reconciler uses it to compute status and refresh the
 * revision cache after applying a plan; the planner's idempotence property uses it as its model.
 */
import { TAG_KEYS } from '../api-group.js';
import { assertNever } from '../../shared/assert-never.js';
import type { TaskDefinitionActionResult } from './actions.js';
import type { ObservedTaskDefinition } from './observe.js';
import { userTags, type ObservedRevision } from './revision.js';

/** The observed state after `results`, in order. */
export function projectObserved(
  observed: ObservedTaskDefinition,
  results: readonly TaskDefinitionActionResult[],
): ObservedTaskDefinition {
  let owned = [...observed.owned];
  let adoptable = observed.adoptable;
  // Tags may land on an adopted revision (spec.adopt), which is not owned.
  const update = (arn: string, fn: (r: ObservedRevision) => ObservedRevision): void => {
    owned = owned.map((r) => (r.arn === arn ? fn(r) : r));
    adoptable = adoptable?.map((r) => (r.arn === arn ? fn(r) : r));
  };
  for (const result of results) {
    switch (result.type) {
      case 'registered':
        owned = [...owned.filter((r) => r.arn !== result.revision.arn), result.revision];
        break;
      case 'tagged':
        update(result.arn, (r) => {
          const keys = new Set(result.tags.map((t) => t.key));
          const uid = result.tags.find((t) => t.key === TAG_KEYS.ownerUid)?.value;
          return {
            ...r,
            ...(uid === undefined ? {} : { ownerUid: uid }),
            userTags: userTags([...r.userTags.filter((t) => !keys.has(t.key)), ...result.tags]),
          };
        });
        break;
      case 'untagged':
        update(result.arn, (r) => ({
          ...r,
          userTags: r.userTags.filter((t) => !result.tagKeys.includes(t.key ?? '')),
        }));
        break;
      case 'deregistered':
        update(result.arn, (r) => ({ ...r, status: 'INACTIVE' }));
        break;
      case 'deleted': {
        const gone = new Set(result.arns);
        owned = owned.filter((r) => !gone.has(r.arn));
        break;
      }
      default:
        assertNever(result, 'task definition action result');
    }
  }
  return {
    ...observed,
    owned: owned.sort((a, b) => a.revision - b.revision),
    ...(adoptable === undefined ? {} : { adoptable }),
  };
}

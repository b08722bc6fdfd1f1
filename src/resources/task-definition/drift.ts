/**
 * How a task definition family differs from its EcsTaskDefinition, as field changes, from the
 * actions the planner would take: the drift an observed object reports (ADR 0018). Pure.
 *
 * A registration shows as one change of `revision`: from the newest ACTIVE revision of the family
 * (with the hash of its content) to a new one carrying the spec's hash. The revision's content is
 * not diffed field by field here: the reconciler keeps content hashes, not documents (the
 * `ecs-bridge plan` command, which reads the documents, shows that diff). User tag changes on the
 * current revision show one by one. Garbage collection (deregister, delete) is housekeeping of
 * revisions ecs-bridge registered, not drift from the spec, and is left out.
 */
import type { FieldChange } from '../field-diff.js';
import type { TaskDefinitionAction } from './actions.js';
import type { DesiredTaskDefinition } from './desired.js';
import type { ObservedTaskDefinition } from './observe.js';
import type { ObservedRevision } from './revision.js';

function shortHash(hash: string | undefined): string {
  return hash === undefined ? 'unknown content' : `content ${hash.slice(0, 15)}…`;
}

/** The newest ACTIVE revision of the family that was read (registered by ecs-bridge or not). */
function newestActive(observed: ObservedTaskDefinition): ObservedRevision | undefined {
  return [...observed.owned, ...(observed.adoptable ?? [])]
    .filter((r) => r.status === 'ACTIVE')
    .sort((a, b) => a.revision - b.revision)
    .at(-1);
}

/** The field changes `actions` would make to the family `observed`. */
export function taskDefinitionDriftChanges(
  actions: readonly TaskDefinitionAction[],
  desired: Pick<DesiredTaskDefinition, 'family' | 'specHash'>,
  observed: ObservedTaskDefinition,
): FieldChange[] {
  const revisions = [...observed.owned, ...(observed.adoptable ?? [])];
  return actions.flatMap((action): FieldChange[] => {
    switch (action.type) {
      case 'register': {
        const newest = newestActive(observed);
        return [
          {
            path: 'revision',
            ...(newest === undefined
              ? {}
              : { before: `${newest.family}:${newest.revision} (${shortHash(newest.contentHash)})` }),
            after: `a new revision of ${desired.family} (${shortHash(desired.specHash)})`,
          },
        ];
      }
      case 'tag': {
        const have = revisions.find((r) => r.arn === action.arn)?.userTags ?? [];
        return action.tags.map((t) => {
          const before = have.find((h) => h.key === t.key)?.value;
          return {
            path: `tags.${t.key ?? ''}`,
            ...(before === undefined ? {} : { before }),
            after: t.value ?? '',
          };
        });
      }
      case 'untag': {
        const have = revisions.find((r) => r.arn === action.arn)?.userTags ?? [];
        return action.tagKeys.map((k) => ({
          path: `tags.${k}`,
          before: have.find((h) => h.key === k)?.value ?? '',
        }));
      }
      case 'deregister':
      case 'delete':
        return [];
    }
  });
}

/**
 * How a task definition family differs from its EcsTaskDefinition, as field changes, from the
 * actions the planner would take: the drift an observed object reports (ADR 0018). Pure.
 *
 * A registration shows field by field, as `ecs-bridge plan` shows it (content-diff.ts): how the
 * spec differs from the newest ACTIVE revision of the family, given that revision's document
 * (observe-drift.ts reads it, once per revision). Without the document (the revision vanished, or
 * the family has none), or when the contents are equal but the revision is not this object's to
 * use, it shows as one change of `revision`, with content hashes. User tag changes on the current
 * revision show one by one. Garbage collection (deregister, delete) is housekeeping of
 * revisions ecs-bridge registered, not drift from the spec, and is left out.
 */
import type { FieldChange } from '../field-diff.js';
import type { TaskDefinitionAction } from './actions.js';
import type { JsonObject } from './canonical.js';
import { contentChanges } from './content-diff.js';
import type { DesiredTaskDefinition } from './desired.js';
import type { ObservedTaskDefinition } from './observe.js';
import type { ObservedRevision } from './revision.js';

function shortHash(hash: string | undefined): string {
  return hash === undefined ? 'unknown content' : `content ${hash.slice(0, 15)}…`;
}

/**
 * The newest ACTIVE revision of the family that was read (registered by ecs-bridge or not): what a
 * registration's drift is shown against.
 */
export function newestActive(observed: ObservedTaskDefinition): ObservedRevision | undefined {
  return [...observed.owned, ...(observed.adoptable ?? [])]
    .filter((r) => r.status === 'ACTIVE')
    .sort((a, b) => a.revision - b.revision)
    .at(-1);
}

/**
 * The field changes `actions` would make to the family `observed`. `newestDocument` is the canonical
 * document of {@link newestActive}, when it was read.
 */
export function taskDefinitionDriftChanges(
  actions: readonly TaskDefinitionAction[],
  desired: Pick<DesiredTaskDefinition, 'family' | 'specHash' | 'canonical'>,
  observed: ObservedTaskDefinition,
  newestDocument?: JsonObject,
): FieldChange[] {
  const revisions = [...observed.owned, ...(observed.adoptable ?? [])];
  return actions.flatMap((action): FieldChange[] => {
    switch (action.type) {
      case 'register': {
        const newest = newestActive(observed);
        const fields =
          newest === undefined || newestDocument === undefined ? [] : contentChanges(newestDocument, desired);
        if (fields.length > 0) return fields;
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

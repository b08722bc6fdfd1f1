/**
 * The logs and Events of what a task definition visit did (also after a partial failure: nothing
 * done goes unreported).
 */
import type { ReconcileContext } from '../../controller/reconciler.js';
import type { TaskDefinitionActionResult } from './actions.js';
import type { ObservedTaskDefinition } from './observe.js';
import { TaskDefinitionReason as R } from './reasons.js';
import type { EventRecorder } from './ports.js';
import type { EcsTaskDefinition } from './types.js';

/** Logs and Events for what was done (also after a partial failure: nothing done goes unreported). */
export function reportResults(
  ctx: ReconcileContext,
  events: EventRecorder,
  obj: EcsTaskDefinition,
  observed: ObservedTaskDefinition | undefined,
  results: readonly TaskDefinitionActionResult[],
): void {
  for (const result of results) {
    if (result.type !== 'registered') continue;
    const { family, revision, specHash } = result.revision;
    ctx.log.info({ family, revision, specHash }, 'registered task definition revision');
    events.record(obj, 'Normal', R.Registered, `registered ${family}:${revision} (${specHash ?? ''})`);
  }
  const deregistered = results.flatMap((r) => (r.type === 'deregistered' ? [r.arn] : []));
  const deleted = results.flatMap((r) => (r.type === 'deleted' ? r.arns : []));
  if (deregistered.length + deleted.length === 0) return;
  const name = (arn: string): string => {
    const revision = observed?.owned.find((r) => r.arn === arn);
    return revision === undefined ? arn : `${revision.family}:${revision.revision}`;
  };
  ctx.log.info(
    { deregistered: deregistered.length, deleted: deleted.length },
    'garbage-collected task definition revisions',
  );
  if (obj.metadata.deletionTimestamp !== undefined) return; // the Deleted Event says it
  const parts = [
    deregistered.length > 0 ? `deregistered ${deregistered.map(name).join(', ')}` : '',
    deleted.length > 0 ? `deleted ${deleted.map(name).join(', ')}` : '',
  ].filter((p) => p !== '');
  events.record(obj, 'Normal', R.GarbageCollected, parts.join('; '));
}

/**
 * The counts ECS reports on a task set and moto leaves out. moto 5.2 keeps task sets (CreateTaskSet,
 * UpdateServicePrimaryTaskSet, DeleteTaskSet) and lists them in DescribeServices, with `status`,
 * `scale` and `stabilityStatus` (always STEADY_STATE), but without `computedDesiredCount`,
 * `runningCount` and `pendingCount`. ECS always has them, and the operator's readiness verdict for a
 * service under CODE_DEPLOY or EXTERNAL reads them. The proxy fills them in DescribeServices answers,
 * only where moto left them out (a patch rule still scripts any value):
 *
 * - `computedDesiredCount`: "calculated by multiplying the service's desiredCount by the task set's
 *   scale percentage. The result is always rounded up." (TaskSet, ECS API reference:
 *   https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskSet.html);
 * - `runningCount` = `computedDesiredCount` and `pendingCount` = 0 for a STEADY_STATE task set, which
 *   the same page defines as "The task runningCount is equal to the computedDesiredCount" and "The
 *   pendingCount is 0"; a task set in any other stability status is left with none running and all
 *   pending (the world starts no task for it). So the world's task sets run their tasks at once, as
 *   moto's STEADY_STATE says; a test scripts STABILIZING with a patch rule.
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

function scalePercent(scale: JsonValue | undefined): number {
  // ECS's default scale is 100 PERCENT (moto sends it so); another unit is not defined.
  if (!isJsonObject(scale) || typeof scale.value !== 'number') return 100;
  return scale.value;
}

function filled(set: JsonValue, desiredCount: number): { set: JsonValue; changed: boolean } {
  if (!isJsonObject(set)) return { set, changed: false };
  const computed =
    typeof set.computedDesiredCount === 'number'
      ? set.computedDesiredCount
      : Math.ceil((desiredCount * scalePercent(set.scale)) / 100);
  const steady = set.stabilityStatus === 'STEADY_STATE';
  const next: JsonObject = {
    ...set,
    computedDesiredCount: computed,
    runningCount: typeof set.runningCount === 'number' ? set.runningCount : steady ? computed : 0,
    pendingCount: typeof set.pendingCount === 'number' ? set.pendingCount : steady ? 0 : computed,
  };
  const changed =
    set.computedDesiredCount === undefined ||
    set.runningCount === undefined ||
    set.pendingCount === undefined;
  return { set: next, changed };
}

function withCounts(service: JsonValue): { service: JsonValue; changed: boolean } {
  if (!isJsonObject(service) || !Array.isArray(service.taskSets) || service.taskSets.length === 0)
    return { service, changed: false };
  const desired = typeof service.desiredCount === 'number' ? service.desiredCount : 0;
  const sets = service.taskSets.map((s) => filled(s, desired));
  if (!sets.some((s) => s.changed)) return { service, changed: false };
  return { service: { ...service, taskSets: sets.map((s) => s.set) }, changed: true };
}

/**
 * A DescribeServices answer with each task set's counts filled where moto left them out, or
 * undefined when nothing was missing (then the answer is sent as moto made it).
 */
export function fillTaskSetCounts(answer: JsonValue): JsonValue | undefined {
  if (!isJsonObject(answer) || !Array.isArray(answer.services)) return undefined;
  const services = answer.services.map(withCounts);
  if (!services.some((s) => s.changed)) return undefined;
  return { ...answer, services: services.map((s) => s.service) };
}

/**
 * Relays the finished scaling activities autoscaling read (Application Auto Scaling's
 * DescribeScalingActivities) as Kubernetes Events about the EcsService, each once, with the picking
 * rules ECS events use (src/resources/event-relay.ts) and cursors in process memory
 * (src/resources/event-relay-memory.ts). An activity that ended while no operator ran is shown in
 * `status.autoscaling.activities`, not as an Event.
 */
import type { RelayOptions } from '../event-relay.js';
import { RelayMemory } from '../event-relay-memory.js';

/** Limits: 10 Events per visit, 50 activity ids remembered (a listing holds 100 of the Region's). */
export const SCALING_ACTIVITY_RELAY: RelayOptions = { firstVisit: 0, perVisit: 10, rememberIds: 50 };

/** The scaling-activity relay of a process started at `startedAt`. */
export function scalingActivityRelay(startedAt: Date): RelayMemory {
  return new RelayMemory(startedAt, SCALING_ACTIVITY_RELAY);
}

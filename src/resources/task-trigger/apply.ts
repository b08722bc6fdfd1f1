/** One AWS call per EcsTaskTrigger write, with the reconcile's abort signal. */
import { assertNever } from '../../shared/assert-never.js';
import type { TriggerWrite } from './actions.js';
import type { TriggerApis } from './ports.js';

/** Applies one write; returns the ARN AWS answered (rule or schedule), if any. */
export async function applyTriggerWrite(
  apis: TriggerApis,
  action: TriggerWrite,
  options: { readonly signal: AbortSignal },
): Promise<string | undefined> {
  switch (action.type) {
    case 'putRule':
      return apis.events.putRule(action.rule, options);
    case 'putTargets':
      await apis.events.putTargets(action.rule, action.eventBusName, action.targets, options);
      return undefined;
    case 'removeTargets':
      await apis.events.removeTargets(action.rule, action.eventBusName, action.ids, options);
      return undefined;
    case 'deleteRule':
      await apis.events.deleteRule(action.rule, action.eventBusName, options);
      return undefined;
    case 'createSchedule':
      return apis.scheduler.createSchedule(action.schedule, options);
    case 'updateSchedule':
      return apis.scheduler.updateSchedule(action.schedule, options);
    case 'deleteSchedule':
      await apis.scheduler.deleteSchedule(action.name, action.groupName, options);
      return undefined;
    case 'createScheduleGroup':
      await apis.scheduler.createScheduleGroup(action.name, action.tags, options);
      return undefined;
    case 'tagRule':
      await apis.events.tagRule(action.arn, action.tags, options);
      return undefined;
    case 'enableBucketEventBridge':
      await apis.s3Notifications.putNotificationConfiguration(action.bucket, action.configuration, options);
      return undefined;
    default:
      return assertNever(action);
  }
}

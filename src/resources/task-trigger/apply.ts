/** One AWS call per EcsTaskTrigger write, with the reconcile's abort signal. */
import { assertNever } from '../../shared/assert-never.js';
import type { TriggerWrite } from './actions.js';
import type { TriggerApis } from './ports.js';

/** The writes whose answer is the ARN of the trigger itself: the rule, or the schedule. */
type ArnAnsweringWrite = Extract<TriggerWrite, { type: 'putRule' | 'createSchedule' | 'updateSchedule' }>;

const ARN_ANSWERING: ReadonlySet<TriggerWrite['type']> = new Set<ArnAnsweringWrite['type']>([
  'putRule',
  'createSchedule',
  'updateSchedule',
]);

function answersArn(action: TriggerWrite): action is ArnAnsweringWrite {
  return ARN_ANSWERING.has(action.type);
}

/** Applies one write; returns the ARN AWS answered (rule or schedule), if any. */
export async function applyTriggerWrite(
  apis: TriggerApis,
  action: TriggerWrite,
  options: { readonly signal: AbortSignal },
): Promise<string | undefined> {
  if (!answersArn(action)) {
    await sendUnanswered(apis, action, options);
    return undefined;
  }
  switch (action.type) {
    case 'putRule':
      return apis.events.putRule(action.rule, options);
    case 'createSchedule':
      return apis.scheduler.createSchedule(action.schedule, options);
    case 'updateSchedule':
      return apis.scheduler.updateSchedule(action.schedule, options);
    default:
      return assertNever(action);
  }
}

/**
 * Sends a write whose answer the trigger does not keep (CreateScheduleGroup answers the group's
 * ARN, which is not the trigger's).
 */
async function sendUnanswered(
  apis: TriggerApis,
  action: Exclude<TriggerWrite, ArnAnsweringWrite>,
  options: { readonly signal: AbortSignal },
): Promise<unknown> {
  switch (action.type) {
    case 'putTargets':
      return apis.events.putTargets(action.rule, action.eventBusName, action.targets, options);
    case 'removeTargets':
      return apis.events.removeTargets(action.rule, action.eventBusName, action.ids, options);
    case 'deleteRule':
      return apis.events.deleteRule(action.rule, action.eventBusName, options);
    case 'deleteSchedule':
      return apis.scheduler.deleteSchedule(action.name, action.groupName, options);
    case 'createScheduleGroup':
      return apis.scheduler.createScheduleGroup(action.name, action.tags, options);
    case 'tagRule':
      return apis.events.tagRule(action.arn, action.tags, options);
    case 'enableBucketEventBridge':
      return apis.s3Notifications.putNotificationConfiguration(action.bucket, action.configuration, options);
    default:
      return assertNever(action);
  }
}

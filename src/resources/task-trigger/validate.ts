/**
 * EcsTaskTrigger's rules, checked before any AWS call (pure): what the CRD's CEL cannot say
 * (the pattern is a JSON object, the schedule expression is one EventBridge accepts, the
 * transformer's paths are paths EventBridge follows and, for the `s3` shorthand, exist in S3's
 * event). Each message names the field, the value and the fix.
 */
import { validateTaskTemplate } from '../task-template/validate.js';
import { scheduleExpressionProblem } from './schedule-expression.js';
import { S3_OBJECT_EVENT_SAMPLE } from './s3-pattern.js';
import type { EcsTaskTriggerSpec } from './types.js';

/** The JSON paths EventBridge's input transformer follows (dot notation, dashes, indices). */
export const TRANSFORMER_PATH = /^\$(\.[A-Za-z0-9_-]+|\[\d+\])+$/;

/** Environment variable names ECS passes through (letters, digits, underscore; not a digit first). */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function hasPath(document: unknown, path: string): boolean {
  let current: unknown = document;
  for (const [, key, index] of path.slice(1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)) {
    if (typeof current !== 'object' || current === null) return false;
    current =
      key !== undefined ? (current as Record<string, unknown>)[key] : (current as unknown[])[Number(index)];
    if (current === undefined) return false;
  }
  return true;
}

function isJsonObject(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/** Returns what is wrong with a trigger's spec (one message) or undefined. */
export function validateTaskTrigger(spec: EcsTaskTriggerSpec): string | undefined {
  const template = validateTaskTemplate(spec.template, 'spec.template');
  if (template !== undefined) return template;
  if ((spec.event === undefined) === (spec.schedule === undefined))
    return 'set exactly one of spec.event (an EventBridge rule) or spec.schedule (an EventBridge Scheduler schedule)';
  if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/.test(spec.roleArn))
    return `spec.roleArn (${JSON.stringify(spec.roleArn)}) is not an IAM role ARN: arn:aws:iam::<account>:role/<name>`;
  const event = spec.event;
  if (event !== undefined) {
    if ((event.pattern === undefined) === (event.s3 === undefined))
      return 'set exactly one of spec.event.pattern (an EventBridge event pattern as JSON) or spec.event.s3 (bucket, keyPrefix, keySuffix)';
    if (event.pattern !== undefined && !isJsonObject(event.pattern))
      return `spec.event.pattern is not a JSON object (${JSON.stringify(event.pattern.slice(0, 80))}): write it as {"source": ["..."], ...}`;
    if (event.s3 !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(event.s3.bucket))
      return `spec.event.s3.bucket (${JSON.stringify(event.s3.bucket)}) is not an S3 bucket name: 3-63 lower-case letters, digits, dots and hyphens`;
  }
  if (spec.schedule !== undefined) {
    const problem = scheduleExpressionProblem(spec.schedule.expression, 'scheduler');
    if (problem !== undefined) return `spec.schedule.expression: ${problem}`;
    const { startDate, endDate } = spec.schedule;
    for (const [field, value] of [
      ['startDate', startDate],
      ['endDate', endDate],
    ] as const) {
      if (value !== undefined && Number.isNaN(Date.parse(value)))
        return `spec.schedule.${field} (${JSON.stringify(value)}) is not an RFC 3339 date-time, e.g. 2030-01-01T00:00:00Z`;
    }
    if (startDate !== undefined && endDate !== undefined && Date.parse(startDate) >= Date.parse(endDate))
      return `spec.schedule.startDate (${startDate}) must be before spec.schedule.endDate (${endDate})`;
  }
  const transformer = spec.inputTransformer;
  if (transformer !== undefined) {
    for (const [i, variable] of transformer.environment.entries()) {
      const at = `spec.inputTransformer.environment[${i}]`;
      if (!ENV_NAME.test(variable.name))
        return `${at}.name (${JSON.stringify(variable.name)}) is not an environment variable name: letters, digits and _`;
      if (!TRANSFORMER_PATH.test(variable.path))
        return `${at}.path (${JSON.stringify(variable.path)}) is not a path EventBridge follows: write it as $.detail.object.key`;
      if (spec.schedule !== undefined)
        return `${at}: a schedule has no event to take ${variable.path} from; remove spec.inputTransformer (or set the value in spec.template.overrides)`;
      if (event?.s3 !== undefined && !hasPath(S3_OBJECT_EVENT_SAMPLE, variable.path))
        return `${at}.path (${variable.path}) does not exist in S3's event; e.g. $.detail.bucket.name or $.detail.object.key`;
    }
  }
  return undefined;
}

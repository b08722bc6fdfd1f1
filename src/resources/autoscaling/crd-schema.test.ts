/**
 * The EcsService CRD's `spec.autoscaling` and `status.autoscaling` schemas agree with the types this
 * folder reads and writes. The API server prunes every status field the schema does not declare, so
 * a field missing here would silently vanish from `kubectl get` (a merge patch "succeeds" without it).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type {
  AutoscalingActivityStatus,
  AutoscalingScheduledActionStatus,
  AlbRequestCountSpec,
  AutoscalingSpec,
  AutoscalingSuspendedStatus,
  AutoscalingSuspendSpec,
  ScheduledActionSpec,
  TargetTrackingSpec,
} from '../service/types.js';
import type { AutoscalingPolicyStatus, AutoscalingStatus } from './status.js';

interface Schema {
  type?: string;
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
}

// `satisfies` makes the compiler check each list against the type: a field added to a type only
// fails to compile here, a field added to the CRD only fails the tests below.
const SPEC_FIELDS = {
  minCapacity: 'integer',
  maxCapacity: 'integer',
  cpu: 'object',
  memory: 'object',
  albRequestCountPerTarget: 'object',
  suspend: 'object',
  scheduledActions: 'array',
  customMetrics: 'array',
  predictive: 'object',
  stepScaling: 'array',
} satisfies Record<keyof AutoscalingSpec, string>;

const SUSPEND_FIELDS = {
  dynamicScalingIn: 'boolean',
  dynamicScalingOut: 'boolean',
  scheduledScaling: 'boolean',
} satisfies Record<keyof AutoscalingSuspendSpec, string> & Record<keyof AutoscalingSuspendedStatus, string>;

const POLICY_FIELDS = {
  targetValue: 'number',
  scaleInCooldown: 'integer',
  scaleOutCooldown: 'integer',
  disableScaleIn: 'boolean',
  policyName: 'string',
  adopt: 'boolean',
} satisfies Record<keyof TargetTrackingSpec, string>;

const ALB_POLICY_FIELDS = {
  ...POLICY_FIELDS,
  targetGroupArn: 'string',
} satisfies Record<keyof AlbRequestCountSpec, string>;

const STATUS_FIELDS = {
  resourceId: 'string',
  minCapacity: 'integer',
  maxCapacity: 'integer',
  desiredCount: 'integer',
  suspended: 'object',
  policies: 'array',
  scheduledActions: 'array',
  alarms: 'array',
  activities: 'array',
} satisfies Record<keyof AutoscalingStatus, string>;

const ACTIVITY_STATUS_FIELDS = {
  activityId: 'string',
  statusCode: 'string',
  description: 'string',
  cause: 'string',
  statusMessage: 'string',
  startTime: 'string',
  endTime: 'string',
} satisfies Record<keyof AutoscalingActivityStatus, string>;

// Status shows each action as its spec entry, under the name AWS has.
const SCHEDULED_ACTION_STATUS_FIELDS = {
  name: 'string',
  schedule: 'string',
  timezone: 'string',
  startTime: 'string',
  endTime: 'string',
  minCapacity: 'integer',
  maxCapacity: 'integer',
} satisfies Record<keyof AutoscalingScheduledActionStatus, string>;

const SCHEDULED_ACTION_FIELDS = {
  ...SCHEDULED_ACTION_STATUS_FIELDS,
  scheduledActionName: 'string',
  adopt: 'boolean',
} satisfies Record<keyof ScheduledActionSpec, string>;

const POLICY_STATUS_FIELDS = {
  name: 'string',
  metricType: 'string',
  customMetric: 'string',
  mode: 'string',
  targetValue: 'number',
  alarms: 'array',
} satisfies Record<keyof AutoscalingPolicyStatus, string>;

const crd = parse(readFileSync(new URL('../../../crds/ecsservice.yaml', import.meta.url), 'utf8')) as {
  spec: { versions: { schema: { openAPIV3Schema: Schema } }[] };
};
const root = crd.spec.versions[0]!.schema.openAPIV3Schema;
const specSchema = root.properties!.spec!.properties!.autoscaling!;
const statusSchema = root.properties!.status!.properties!.autoscaling!;

/** `{ field: type }` of an object schema's direct properties. */
function fieldTypes(schema: Schema): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, v.type]));
}

describe('crds/ecsservice.yaml autoscaling schemas', () => {
  it.each([
    ['spec.autoscaling', specSchema, SPEC_FIELDS],
    ['spec.autoscaling.cpu', specSchema.properties!.cpu!, POLICY_FIELDS],
    ['spec.autoscaling.memory', specSchema.properties!.memory!, POLICY_FIELDS],
    [
      'spec.autoscaling.albRequestCountPerTarget',
      specSchema.properties!.albRequestCountPerTarget!,
      ALB_POLICY_FIELDS,
    ],
    ['spec.autoscaling.suspend', specSchema.properties!.suspend!, SUSPEND_FIELDS],
    ['status.autoscaling', statusSchema, STATUS_FIELDS],
    ['status.autoscaling.suspended', statusSchema.properties!.suspended!, SUSPEND_FIELDS],
    [
      'spec.autoscaling.scheduledActions[]',
      specSchema.properties!.scheduledActions!.items!,
      SCHEDULED_ACTION_FIELDS,
    ],
    [
      'status.autoscaling.scheduledActions[]',
      statusSchema.properties!.scheduledActions!.items!,
      SCHEDULED_ACTION_STATUS_FIELDS,
    ],
    ['status.autoscaling.policies[]', statusSchema.properties!.policies!.items!, POLICY_STATUS_FIELDS],
    ['status.autoscaling.activities[]', statusSchema.properties!.activities!.items!, ACTIVITY_STATUS_FIELDS],
  ] as const)(
    '%s declares exactly the fields of its type, with their JSON types',
    (_path, schema, fields) => {
      expect(schema.type).toBe('object');
      expect(fieldTypes(schema)).toEqual(fields);
    },
  );

  it('status.autoscaling.policies[].alarms is a list of names', () => {
    expect(statusSchema.properties!.policies!.items!.properties!.alarms!.items?.type).toBe('string');
  });

  it('describes status.autoscaling and every field below it', () => {
    const undescribed: string[] = [];
    const visit = (schema: Schema, path: string): void => {
      if ((schema.description ?? '').trim().length < 3) undescribed.push(path);
      for (const [name, child] of Object.entries(schema.properties ?? {})) visit(child, `${path}.${name}`);
      if (schema.items !== undefined) visit(schema.items, `${path}[]`);
    };
    visit(statusSchema, 'status.autoscaling');
    expect(undescribed).toEqual([]);
  });
});

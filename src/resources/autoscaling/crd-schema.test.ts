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

/** A JSON Schema type, as the CRD declares it. */
type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';

/** Every field of the types these schemas declare. */
type Field =
  | keyof AutoscalingSpec
  | keyof AutoscalingSuspendSpec
  | keyof AutoscalingSuspendedStatus
  | keyof AlbRequestCountSpec
  | keyof AutoscalingStatus
  | keyof AutoscalingActivityStatus
  | keyof ScheduledActionSpec
  | keyof AutoscalingPolicyStatus;

/**
 * `names` when they are exactly the fields of `T`: the compiler refuses a list that misses one (a
 * field added to a type only fails to compile here; a field added to the CRD only fails the tests).
 */
function fieldsOf<T>() {
  return <const N extends readonly (keyof T)[]>(
    names: N &
      (Exclude<keyof T, N[number]> extends never ? unknown : { missing: Exclude<keyof T, N[number]> }),
  ): N => names;
}

// Each field's JSON type, once: a name means the same in spec and status, so it has one type.
const JSON_TYPES = {
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
  dynamicScalingIn: 'boolean',
  dynamicScalingOut: 'boolean',
  scheduledScaling: 'boolean',
  targetValue: 'number',
  scaleInCooldown: 'integer',
  scaleOutCooldown: 'integer',
  disableScaleIn: 'boolean',
  policyName: 'string',
  adopt: 'boolean',
  targetGroupArn: 'string',
  resourceId: 'string',
  desiredCount: 'integer',
  suspended: 'object',
  policies: 'array',
  alarms: 'array',
  activities: 'array',
  activityId: 'string',
  statusCode: 'string',
  description: 'string',
  cause: 'string',
  statusMessage: 'string',
  startTime: 'string',
  endTime: 'string',
  name: 'string',
  schedule: 'string',
  timezone: 'string',
  scheduledActionName: 'string',
  metricType: 'string',
  customMetric: 'string',
  mode: 'string',
} as const satisfies Record<Field, JsonType>;

const SPEC_FIELDS = fieldsOf<AutoscalingSpec>()([
  'minCapacity',
  'maxCapacity',
  'cpu',
  'memory',
  'albRequestCountPerTarget',
  'suspend',
  'scheduledActions',
  'customMetrics',
  'predictive',
  'stepScaling',
]);
const SUSPEND_FIELDS = fieldsOf<AutoscalingSuspendSpec>()([
  'dynamicScalingIn',
  'dynamicScalingOut',
  'scheduledScaling',
]);
const SUSPENDED_STATUS_FIELDS = fieldsOf<AutoscalingSuspendedStatus>()(SUSPEND_FIELDS);
const POLICY_FIELDS = fieldsOf<TargetTrackingSpec>()([
  'targetValue',
  'scaleInCooldown',
  'scaleOutCooldown',
  'disableScaleIn',
  'policyName',
  'adopt',
]);
const ALB_POLICY_FIELDS = fieldsOf<AlbRequestCountSpec>()([...POLICY_FIELDS, 'targetGroupArn']);
const STATUS_FIELDS = fieldsOf<AutoscalingStatus>()([
  'resourceId',
  'minCapacity',
  'maxCapacity',
  'desiredCount',
  'suspended',
  'policies',
  'scheduledActions',
  'alarms',
  'activities',
]);
const ACTIVITY_STATUS_FIELDS = fieldsOf<AutoscalingActivityStatus>()([
  'activityId',
  'statusCode',
  'description',
  'cause',
  'statusMessage',
  'startTime',
  'endTime',
]);
const SCHEDULED_ACTION_STATUS_FIELDS = fieldsOf<AutoscalingScheduledActionStatus>()([
  'name',
  'schedule',
  'timezone',
  'startTime',
  'endTime',
  'minCapacity',
  'maxCapacity',
]);
// Status shows each action as its spec entry, under the name AWS has.
const SCHEDULED_ACTION_FIELDS = fieldsOf<ScheduledActionSpec>()([
  ...SCHEDULED_ACTION_STATUS_FIELDS,
  'scheduledActionName',
  'adopt',
]);
const POLICY_STATUS_FIELDS = fieldsOf<AutoscalingPolicyStatus>()([
  'name',
  'metricType',
  'customMetric',
  'mode',
  'targetValue',
  'alarms',
]);

/** `{ field: JSON type }` of `fields`, what their schema must declare. */
function expectedTypes(fields: readonly Field[]): Record<string, JsonType> {
  return Object.fromEntries(fields.map((f) => [f, JSON_TYPES[f]]));
}

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
    ['status.autoscaling.suspended', statusSchema.properties!.suspended!, SUSPENDED_STATUS_FIELDS],
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
      expect(fieldTypes(schema)).toEqual(expectedTypes(fields));
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

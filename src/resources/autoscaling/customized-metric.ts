/**
 * Target tracking on a customized metric (`spec.autoscaling.customMetrics`): the spec validated and
 * normalised, DescribeScalingPolicies' `CustomizedMetricSpecification` normalised the same way, the
 * comparison, and the PutScalingPolicy member. Pure.
 *
 * Only the `Metrics[]` form is written: a list of metric data queries (a metric or a metric math
 * expression each) of which exactly one returns data, the value the policy tracks. A single metric
 * is that list with one `metricStat`. API:
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_CustomizedMetricSpecification.html
 * https://docs.aws.amazon.com/autoscaling/application/APIReference/API_TargetTrackingMetricDataQuery.html
 * (ReturnData left out means true; with metric math, every query but the final expression must say
 * false).
 */
import type {
  CustomizedMetricSpecification,
  TargetTrackingMetricDataQuery,
} from '@aws-sdk/client-application-auto-scaling';
import type { CustomMetricPolicySpec } from '../service/types.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** The policy name prefix of a customized-metric policy: `ecs-bridge-custom-<name>`. */
export const CUSTOM_POLICY_NAME_PREFIX = 'ecs-bridge-custom-';

/** The AWS policy name of `spec.autoscaling.customMetrics[name]`. */
export function customPolicyNameOf(name: string): string {
  return `${CUSTOM_POLICY_NAME_PREFIX}${name}`;
}

/** A metric dimension, as sent and as compared. */
export interface NormalDimension {
  readonly name: string;
  readonly value: string;
}

/** One metric data query normalised: `returnData` explicit, dimensions in name order. */
export interface NormalMetricQuery {
  readonly id: string;
  readonly expression?: string | undefined;
  readonly label?: string | undefined;
  readonly returnData: boolean;
  readonly metricStat?:
    | {
        readonly namespace: string;
        readonly metricName: string;
        readonly dimensions: readonly NormalDimension[];
        readonly stat: string;
        readonly unit?: string | undefined;
      }
    | undefined;
}

// CloudWatch's metric data query id: a lowercase letter first, then letters, digits and '_'.
const QUERY_ID = /^[a-z][a-zA-Z0-9_]{0,254}$/;
const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

const byDimensionName = (a: NormalDimension, b: NormalDimension): number =>
  compareStrings(a.name, b.name) || compareStrings(a.value, b.value);

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

/**
 * A metric query as either side spells it, before normalising: the spec's shape, where what AWS
 * leaves out is undefined.
 */
interface LooseMetricQuery {
  readonly id: string;
  readonly expression?: string | undefined;
  readonly label?: string | undefined;
  readonly returnData?: boolean | undefined;
  readonly metricStat?:
    | {
        readonly namespace: string;
        readonly metricName: string;
        readonly dimensions?: readonly NormalDimension[] | undefined;
        readonly stat: string;
        readonly unit?: string | undefined;
      }
    | undefined;
}

function normaliseQuery(q: LooseMetricQuery): NormalMetricQuery {
  const m = q.metricStat;
  return {
    id: q.id,
    ...(nonEmpty(q.expression) === undefined ? {} : { expression: q.expression }),
    ...(nonEmpty(q.label) === undefined ? {} : { label: q.label }),
    returnData: q.returnData ?? true,
    ...(m === undefined
      ? {}
      : {
          metricStat: {
            namespace: m.namespace,
            metricName: m.metricName,
            dimensions: (m.dimensions ?? [])
              .map((d) => ({ name: d.name, value: d.value }))
              .sort(byDimensionName),
            stat: m.stat,
            ...(nonEmpty(m.unit) === undefined ? {} : { unit: m.unit }),
          },
        }),
  };
}

/**
 * Validates one `spec.autoscaling.customMetrics` entry (at `path`) and returns its normalised
 * queries, or a message naming the field, the value and the fix. The CRD's CEL rules say most of
 * this at admission; this keeps the controller safe for objects stored before a rule existed.
 */
export function desiredCustomMetricQueries(
  p: CustomMetricPolicySpec,
  path: string,
): readonly NormalMetricQuery[] | string {
  if (!POLICY_NAME.test(p.name)) {
    return `${path}.name "${p.name}" must be letters, digits, '.', '_' or '-' (at most 200), starting with a letter or digit`;
  }
  if (!Number.isFinite(p.targetValue) || p.targetValue <= 0)
    return `${path}.targetValue must be greater than 0`;
  if (p.metrics.length === 0) return `${path}.metrics needs at least one metric or expression`;
  const ids = new Set<string>();
  for (const [i, q] of p.metrics.entries()) {
    const at = `${path}.metrics[${i}]`;
    if (!QUERY_ID.test(q.id))
      return `${at}.id "${q.id}" must start with a lowercase letter and hold only letters, digits and '_'`;
    if (ids.has(q.id)) return `${at}.id "${q.id}" is used twice; each id must be unique in the list`;
    ids.add(q.id);
    const hasExpression = nonEmpty(q.expression) !== undefined;
    if (hasExpression === (q.metricStat !== undefined))
      return `${at} (id ${q.id}) needs exactly one of expression or metricStat`;
  }
  const returning = p.metrics.filter((q) => q.returnData ?? true);
  if (returning.length !== 1) {
    return `${path}.metrics must have exactly one entry that returns data (returnData true or left out), found ${returning.length} (${returning.map((q) => q.id).join(', ') || 'none'}); set returnData: false on the others`;
  }
  return p.metrics.map(normaliseQuery);
}

/** The `CustomizedMetricSpecification` PutScalingPolicy sends for the normalised queries. */
export function customizedMetricInput(queries: readonly NormalMetricQuery[]): CustomizedMetricSpecification {
  return {
    Metrics: queries.map((q): TargetTrackingMetricDataQuery => ({
      Id: q.id,
      ...(q.expression === undefined ? {} : { Expression: q.expression }),
      ...(q.label === undefined ? {} : { Label: q.label }),
      // Always sent, so what AWS answers compares equal to the desired model.
      ReturnData: q.returnData,
      ...(q.metricStat === undefined
        ? {}
        : {
            MetricStat: {
              Metric: {
                Namespace: q.metricStat.namespace,
                MetricName: q.metricStat.metricName,
                Dimensions: q.metricStat.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
              },
              Stat: q.metricStat.stat,
              ...(q.metricStat.unit === undefined ? {} : { Unit: q.metricStat.unit }),
            },
          }),
    })),
  };
}

/**
 * DescribeScalingPolicies' customized metric in the normalised form. The single-metric form
 * (MetricName, Namespace, Statistic; someone else's policy, or one made by hand) becomes one query
 * with id `m1`, so it never equals a spec (which always uses `Metrics[]`) by accident of shape alone.
 */
export function normaliseCustomizedMetric(c: CustomizedMetricSpecification): readonly NormalMetricQuery[] {
  if (c.Metrics !== undefined && c.Metrics.length > 0) {
    return c.Metrics.map((q) =>
      normaliseQuery({
        id: q.Id ?? '',
        expression: q.Expression,
        label: q.Label,
        returnData: q.ReturnData,
        metricStat:
          q.MetricStat === undefined
            ? undefined
            : {
                namespace: q.MetricStat.Metric?.Namespace ?? '',
                metricName: q.MetricStat.Metric?.MetricName ?? '',
                dimensions: dimensionsOf(q.MetricStat.Metric?.Dimensions),
                stat: q.MetricStat.Stat ?? '',
                unit: q.MetricStat.Unit,
              },
      }),
    );
  }
  return [
    normaliseQuery({
      id: 'm1',
      returnData: true,
      metricStat: {
        namespace: c.Namespace ?? '',
        metricName: c.MetricName ?? '',
        dimensions: dimensionsOf(c.Dimensions),
        stat: c.Statistic ?? '',
        unit: c.Unit,
      },
    }),
  ];
}

function dimensionsOf(
  dimensions:
    readonly { readonly Name?: string | undefined; readonly Value?: string | undefined }[] | undefined,
): NormalDimension[] {
  return (dimensions ?? []).map((d) => ({ name: d.Name ?? '', value: d.Value ?? '' }));
}

function sameQuery(a: NormalMetricQuery, b: NormalMetricQuery): boolean {
  const x = a.metricStat;
  const y = b.metricStat;
  const sameStat =
    x === undefined || y === undefined
      ? x === y
      : x.namespace === y.namespace &&
        x.metricName === y.metricName &&
        x.stat === y.stat &&
        x.unit === y.unit &&
        x.dimensions.length === y.dimensions.length &&
        x.dimensions.every((d, i) => d.name === y.dimensions[i]?.name && d.value === y.dimensions[i]?.value);
  return (
    a.id === b.id &&
    a.expression === b.expression &&
    a.label === b.label &&
    a.returnData === b.returnData &&
    sameStat
  );
}

/** True when both list the same queries in the same order (the order is the user's, and AWS keeps it). */
export function isSameCustomMetric(
  a: readonly NormalMetricQuery[] | undefined,
  b: readonly NormalMetricQuery[] | undefined,
): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((q, i) => sameQuery(q, b[i] as NormalMetricQuery));
}

/**
 * One line for status and plans: the query that returns data, as an expression or
 * `Namespace/MetricName (Stat)`.
 */
export function describeCustomMetric(queries: readonly NormalMetricQuery[]): string {
  const q = queries.find((x) => x.returnData) ?? queries[0];
  if (q === undefined) return '';
  if (q.expression !== undefined) return `${q.id} = ${q.expression}`;
  const m = q.metricStat;
  return m === undefined ? q.id : `${q.id} = ${m.namespace}/${m.metricName} (${m.stat})`;
}

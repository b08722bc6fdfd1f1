/**
 * The per-account budget model of docs/scaling.md: what a fleet too large for the test world
 * costs each AWS account (and Region) at rest and to converge, from the operator's read schedule
 * (ADR 0029, 0035, 0049) and the documented rate limits. Pure; `npm run bench -- --scaling-model`
 * prints it. A model, not a measurement: the measured figures are docs/performance.md's rows.
 */
import {
  AWS_CATEGORY_LIMITS,
  DEFAULT_READ_AHEAD_MAX_AGE_MS,
  TARGET_GROUP_TTL_MS,
} from '../../src/aws/clients.js';
import { DEFAULT_ACTIVITY_LISTING_PAGES } from '../../src/aws/scaling-activity-listing.js';
import { ECS_BUCKET_LIMITS } from '../../test/world/aws-proxy/index.js';
import { convergenceFloor, DESCRIBE_SERVICES_BATCH, POLICIES_PER_SERVICE, type Floor } from './floor.js';

/** The fleet to plan for. */
export interface FleetShape {
  /** Services in all (each with its own task definition, autoscaling with three policies, an ALB). */
  readonly services: number;
  /** AWS accounts they are spread evenly across, one Region each. */
  readonly accounts: number;
  /** The operator's `--resync-period`, seconds. */
  readonly resyncPeriodSeconds: number;
  /** Services one operator replica handles (measured: docs/performance.md). */
  readonly servicesPerReplica: number;
}

/** The fleet the scaling plan is for: 50,000 services over 20 accounts at the default period. */
export const ISSUE_23_FLEET: FleetShape = {
  services: 50_000,
  accounts: 20,
  resyncPeriodSeconds: 600,
  servicesPerReplica: 5_000,
};

/** One API's steady cost in one account and Region. */
export interface ApiBudget {
  readonly api: 'ecs' | 'application-autoscaling' | 'elasticloadbalancing';
  readonly action: string;
  /** How the calls come about. */
  readonly why: string;
  readonly callsPerPeriod: number;
  readonly callsPerSecond: number;
  /** The sustained rate of the bucket the action draws from, calls per second. */
  readonly limitPerSecond: number;
  readonly limitSource: string;
  /** callsPerSecond ÷ limitPerSecond: the share of the account's bucket the operator takes at rest. */
  readonly share: number;
}

/** A documented per-account quota the fleet must fit. */
export interface QuotaCheck {
  readonly name: string;
  readonly limit: number;
  readonly needed: number;
  readonly source: string;
  readonly fits: boolean;
}

/** The model's answer for a fleet. */
export interface ScalingModel {
  readonly fleet: FleetShape;
  /** Services per account (the largest share when they do not divide evenly). */
  readonly servicesPerAccount: number;
  /** Operator replicas: one per account at least (an access role each), and within the measured capacity. */
  readonly replicas: number;
  readonly servicesPerReplicaPlanned: number;
  /** Steady calls per account, per API. */
  readonly steady: readonly ApiBudget[];
  /** Steady AWS calls per service per period, all APIs. */
  readonly steadyCallsPerServicePerPeriod: number;
  /** The busiest bucket's share at rest. */
  readonly busiestShare: number;
  /** The convergence floor of one account from nothing (accounts converge in parallel). */
  readonly convergenceFloor: Floor;
  readonly quotas: readonly QuotaCheck[];
}

const ECS_THROTTLING = 'ECS API Reference, Request throttling';
const ELB_THROTTLING = 'ELB User Guide, Request throttling (Describe*: bucket 40, refill 10/s)';
const AAS_NONE = "operator's own budget; Application Auto Scaling publishes no rate";

function budget(
  api: ApiBudget['api'],
  action: string,
  why: string,
  callsPerPeriod: number,
  periodSeconds: number,
  limitPerSecond: number,
  limitSource: string,
): ApiBudget {
  const callsPerSecond = callsPerPeriod / periodSeconds;
  return {
    api,
    action,
    why,
    callsPerPeriod,
    callsPerSecond,
    limitPerSecond,
    limitSource,
    share: callsPerSecond / limitPerSecond,
  };
}

/** The steady reads of `n` services in one account and Region per resync period of `periodSeconds`. */
export function steadyBudget(n: number, periodSeconds: number): ApiBudget[] {
  const aasRead = AWS_CATEGORY_LIMITS['application-autoscaling:read']?.sustained ?? Number.NaN;
  const elbRead = AWS_CATEGORY_LIMITS['elasticloadbalancing:read']?.sustained ?? Number.NaN;
  const periodsPerTtl = TARGET_GROUP_TTL_MS / 1000 / periodSeconds;
  // A shared listing answers for the read-ahead's age, at most one period (ADR 0029).
  const listingsPerPeriod = periodSeconds / Math.min(DEFAULT_READ_AHEAD_MAX_AGE_MS / 1000, periodSeconds);
  return [
    budget(
      'ecs',
      'DescribeServices',
      'each service once a period, 10 per call (read-ahead)',
      Math.ceil(n / DESCRIBE_SERVICES_BATCH),
      periodSeconds,
      ECS_BUCKET_LIMITS['service-read'].ratePerSecond,
      ECS_THROTTLING,
    ),
    budget(
      'ecs',
      'ListTaskDefinitions',
      'one Region listing (100 a page) per read-ahead age',
      Math.ceil(n / 100) * listingsPerPeriod,
      periodSeconds,
      ECS_BUCKET_LIMITS['task-definition-read'].ratePerSecond,
      ECS_THROTTLING,
    ),
    budget(
      'application-autoscaling',
      'DescribeScalableTargets',
      'one namespace listing (50 a page) per period (ADR 0058)',
      Math.ceil(n / 50),
      periodSeconds,
      aasRead,
      AAS_NONE,
    ),
    budget(
      'application-autoscaling',
      'DescribeScalingPolicies',
      'one namespace listing (10 a page) per period',
      Math.ceil((POLICIES_PER_SERVICE * n) / 10),
      periodSeconds,
      aasRead,
      AAS_NONE,
    ),
    budget(
      'application-autoscaling',
      'DescribeScalingActivities',
      'the newest pages once a period',
      DEFAULT_ACTIVITY_LISTING_PAGES,
      periodSeconds,
      aasRead,
      AAS_NONE,
    ),
    budget(
      'elasticloadbalancing',
      'DescribeTargetGroups',
      'each target group once a day (its load balancer is kept), one Region listing, 400 a page',
      Math.ceil(n / 400) / periodsPerTtl,
      periodSeconds,
      elbRead,
      ELB_THROTTLING,
    ),
  ];
}

/** The model for `fleet`: per-account steady budget, convergence floor, quotas and replicas. */
export function scalingModel(fleet: FleetShape): ScalingModel {
  if (!(
    fleet.services > 0 &&
    fleet.accounts > 0 &&
    fleet.resyncPeriodSeconds > 0 &&
    fleet.servicesPerReplica > 0
  )) {
    throw new RangeError(`every figure of the fleet must be above 0: ${JSON.stringify(fleet)}`);
  }
  const perAccount = Math.ceil(fleet.services / fleet.accounts);
  // A replica serves whole accounts' shares (its access role per account) or a part of one.
  const replicasPerAccount = Math.ceil(perAccount / fleet.servicesPerReplica);
  const replicas = replicasPerAccount * fleet.accounts;
  const steady = steadyBudget(perAccount, fleet.resyncPeriodSeconds);
  const total = steady.reduce((sum, b) => sum + b.callsPerPeriod, 0);
  return {
    fleet,
    servicesPerAccount: perAccount,
    replicas,
    servicesPerReplicaPlanned: Math.ceil(perAccount / replicasPerAccount),
    steady,
    steadyCallsPerServicePerPeriod: total / perAccount,
    busiestShare: Math.max(...steady.map((b) => b.share)),
    convergenceFloor: convergenceFloor(perAccount, 1),
    quotas: [
      {
        name: 'ECS scalable targets per account and Region',
        limit: 3_000,
        needed: perAccount,
        source: 'Application Auto Scaling User Guide, Quotas (adjustable)',
        fits: perAccount <= 3_000,
      },
    ],
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

/** The model as text, for the benchmark's `--scaling-model`. */
export function formatScalingModel(m: ScalingModel): string {
  const f = m.fleet;
  const lines = [
    `scaling model: ${f.services} services over ${f.accounts} accounts (one Region each), resync period ${f.resyncPeriodSeconds} s`,
    `  per account: ${m.servicesPerAccount} services; replicas: ${m.replicas} (${m.servicesPerReplicaPlanned} services each; measured capacity ${f.servicesPerReplica} per replica)`,
    '  steady calls per account per period (the operator at rest):',
    ...m.steady.map(
      (b) =>
        `    ${`${b.api} ${b.action}`.padEnd(50)} ${b.callsPerPeriod.toFixed(1).padStart(8)} / period = ${b.callsPerSecond.toFixed(3)}/s of ${b.limitPerSecond}/s (${pct(b.share)}; ${b.limitSource})`,
    ),
    `  all APIs: ${m.steadyCallsPerServicePerPeriod.toFixed(3)} calls per service per period; busiest bucket ${pct(m.busiestShare)} of its sustained rate`,
    `  convergence floor of one account from nothing: ${m.convergenceFloor.seconds.toFixed(0)} s (${m.convergenceFloor.bottleneck ?? 'none'}); accounts converge in parallel`,
    ...m.quotas.map(
      (q) =>
        `  quota: ${q.name}: ${q.needed} of ${q.limit} (${q.fits ? 'fits' : 'DOES NOT FIT'}; ${q.source})`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

/** Reads `--scaling-model [--fleet N] [--accounts A] [--resync-period S] [--per-replica R]`. */
export function scalingModelArgs(argv: readonly string[]): FleetShape {
  const value = (flag: string, fallback: number): number => {
    const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
    if (i < 0) return fallback;
    const raw = argv[i]?.includes('=') === true ? argv[i]?.split('=')[1] : argv[i + 1];
    const n = Number(raw);
    if (!(Number.isFinite(n) && n > 0))
      throw new RangeError(`${flag} ${String(raw)}: expected a number above 0`);
    return n;
  };
  return {
    services: value('--fleet', ISSUE_23_FLEET.services),
    accounts: value('--accounts', ISSUE_23_FLEET.accounts),
    resyncPeriodSeconds: value('--resync-period', ISSUE_23_FLEET.resyncPeriodSeconds),
    servicesPerReplica: value('--per-replica', ISSUE_23_FLEET.servicesPerReplica),
  };
}

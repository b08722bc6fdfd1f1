/**
 * The lifecycle stages of an ECS-native BLUE_GREEN, LINEAR or CANARY deployment, as a timeline the
 * rollout simulator plays: which stage a deployment is in after some time, and how much production
 * traffic the new (green) revision has. Pure.
 *
 * After ECS's documentation:
 * - stages and their order, from the lifecycle stage list of DeploymentLifecycleHook and
 *   ServiceDeployment (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html,
 *   https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html):
 *   PRE_SCALE_UP, SCALE_UP, POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT,
 *   PRE_PRODUCTION_TRAFFIC_SHIFT, PRODUCTION_TRAFFIC_SHIFT, POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME,
 *   CLEAN_UP. RECONCILE_SERVICE "only happens when you start a new service deployment with more than
 *   1 service revision in an ACTIVE state", which the simulator does not model, so it is not played;
 * - "For linear and canary deployments, this stage [PRE_PRODUCTION_TRAFFIC_SHIFT] is invoked before
 *   every traffic shift step", and PRODUCTION_TRAFFIC_SHIFT "at every traffic shift step";
 * - LINEAR shifts `stepPercent` (default 10.0) per step and waits `stepBakeTimeInMinutes` (default 6)
 *   between steps, "not applied after reaching 100 percent traffic"
 *   (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html);
 * - CANARY shifts `canaryPercent` (default 5.0), waits `canaryBakeTimeInMinutes` (default 10), then
 *   shifts the rest (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html);
 * - BAKE_TIME lasts `bakeTimeInMinutes`, "when both blue and green service revisions are running
 *   simultaneously after the production traffic has shifted".
 *
 * Time in the test world: a stage without a wait lasts `stageMs`, and one configured minute lasts
 * `minuteMs` of the proxy's clock (both derived from `rolloutMs` by the simulator), so a bake of
 * 5 minutes is played in proportion and tests need not wait real minutes.
 */
import { isJsonObject, type JsonValue } from './json.js';

/** The strategies that shift traffic between two revisions. */
export const TRAFFIC_SHIFTING_STRATEGIES: ReadonlySet<string> = new Set(['BLUE_GREEN', 'LINEAR', 'CANARY']);

/** One stretch of a deployment's life. */
export interface LifecycleSpan {
  readonly stage: string;
  /** Offsets from the deployment's start, in clock milliseconds; `to` is exclusive. */
  readonly from: number;
  readonly to: number;
  /** Percent of production traffic on the new revision during this span. */
  readonly productionPercent: number;
  /** Percent of test traffic on the new revision during this span. */
  readonly testPercent: number;
}

/** A deployment's whole timeline, and where a failure armed for it happens. */
export interface LifecycleTimeline {
  readonly strategy: string;
  readonly spans: readonly LifecycleSpan[];
  /** When the deployment is done (CLEAN_UP finished), from its start. */
  readonly total: number;
}

function numberAt(value: JsonValue | undefined, key: string): number | undefined {
  if (!isJsonObject(value)) return undefined;
  const n = value[key];
  return typeof n === 'number' ? n : undefined;
}

/** The strategy a deployment configuration names; ROLLING when it names none. */
export function strategyOf(deploymentConfiguration: JsonValue | undefined): string {
  if (!isJsonObject(deploymentConfiguration)) return 'ROLLING';
  const s = deploymentConfiguration.strategy;
  return typeof s === 'string' ? s : 'ROLLING';
}

/** The production traffic percentages after each shift step of a strategy. */
export function shiftSteps(
  deploymentConfiguration: JsonValue | undefined,
): { percent: number; waitMinutes: number }[] {
  const dc = isJsonObject(deploymentConfiguration) ? deploymentConfiguration : {};
  switch (strategyOf(dc)) {
    case 'LINEAR': {
      const step = numberAt(dc.linearConfiguration, 'stepPercent') ?? 10;
      const wait = numberAt(dc.linearConfiguration, 'stepBakeTimeInMinutes') ?? 6;
      const steps: { percent: number; waitMinutes: number }[] = [];
      // Tenths of a percent keep 3.3 * 3 from drifting off 9.9.
      for (let tenths = Math.round(step * 10); ; tenths += Math.round(step * 10)) {
        const percent = Math.min(100, tenths / 10);
        steps.push({ percent, waitMinutes: percent >= 100 ? 0 : wait });
        if (percent >= 100) return steps;
      }
    }
    case 'CANARY': {
      const canary = numberAt(dc.canaryConfiguration, 'canaryPercent') ?? 5;
      const wait = numberAt(dc.canaryConfiguration, 'canaryBakeTimeInMinutes') ?? 10;
      return canary >= 100
        ? [{ percent: 100, waitMinutes: 0 }]
        : [
            { percent: canary, waitMinutes: wait },
            { percent: 100, waitMinutes: 0 },
          ];
    }
    default:
      return [{ percent: 100, waitMinutes: 0 }];
  }
}

/**
 * The timeline of a deployment under `deploymentConfiguration`, or undefined for ROLLING (played
 * as before: IN_PROGRESS, then COMPLETED after `rolloutMs`).
 */
export function lifecycleTimeline(
  deploymentConfiguration: JsonValue | undefined,
  stageMs: number,
  minuteMs: number,
): LifecycleTimeline | undefined {
  const strategy = strategyOf(deploymentConfiguration);
  if (!TRAFFIC_SHIFTING_STRATEGIES.has(strategy)) return undefined;
  const spans: LifecycleSpan[] = [];
  let t = 0;
  let production = 0;
  let test = 0;
  const push = (stage: string, ms: number): void => {
    spans.push({ stage, from: t, to: t + ms, productionPercent: production, testPercent: test });
    t += ms;
  };
  push('PRE_SCALE_UP', stageMs);
  push('SCALE_UP', stageMs);
  push('POST_SCALE_UP', stageMs);
  test = 100;
  push('TEST_TRAFFIC_SHIFT', stageMs);
  push('POST_TEST_TRAFFIC_SHIFT', stageMs);
  for (const step of shiftSteps(deploymentConfiguration)) {
    push('PRE_PRODUCTION_TRAFFIC_SHIFT', stageMs);
    production = step.percent;
    push('PRODUCTION_TRAFFIC_SHIFT', stageMs + step.waitMinutes * minuteMs);
  }
  push('POST_PRODUCTION_TRAFFIC_SHIFT', stageMs);
  push('BAKE_TIME', (numberAt(deploymentConfiguration, 'bakeTimeInMinutes') ?? 0) * minuteMs);
  push('CLEAN_UP', stageMs);
  return { strategy, spans, total: t };
}

/**
 * The `lifecycleStage` a service deployment reports during a span of the timeline. Lifecycle hooks
 * run at PRE_PRODUCTION_TRAFFIC_SHIFT (a DeploymentLifecycleHookStage, "invoked before every traffic
 * shift step"), but ECS's ServiceDeploymentLifecycleStage does not list it
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceDeployment.html): the step
 * belongs to the production traffic shift, so the deployment reports PRODUCTION_TRAFFIC_SHIFT.
 */
export function reportedStage(stage: string): string {
  return stage === 'PRE_PRODUCTION_TRAFFIC_SHIFT' ? 'PRODUCTION_TRAFFIC_SHIFT' : stage;
}

/** The span a deployment is in `elapsed` ms after it started (the last one once it is over). */
export function spanAt(timeline: LifecycleTimeline, elapsed: number): LifecycleSpan {
  const span = timeline.spans.find((s) => elapsed >= s.from && elapsed < s.to);
  return span ?? (timeline.spans[timeline.spans.length - 1] as LifecycleSpan);
}

/**
 * When an armed failure happens in a traffic-shifting deployment: at the end of SCALE_UP, where the
 * circuit breaker sees the new revision's tasks fail to start, before any traffic moved.
 */
export function failureOffset(timeline: LifecycleTimeline): number {
  return timeline.spans.find((s) => s.stage === 'SCALE_UP')?.to ?? 0;
}

/** In the test world a lifecycle stage lasts a tenth of a rollout, and so does a configured minute. */
export const STAGES_PER_ROLLOUT = 10;

/**
 * How a new deployment under `deploymentConfiguration` runs in the test world: its timeline
 * (undefined for ROLLING) and when it is due from its start: after `rolloutMs` for ROLLING, at the
 * end of its timeline, or where an armed failure happens.
 */
export function plannedRun(
  deploymentConfiguration: JsonValue | undefined,
  rolloutMs: number,
  failing: boolean,
): { timeline: LifecycleTimeline | undefined; dueIn: number } {
  const unit = rolloutMs / STAGES_PER_ROLLOUT;
  const timeline = lifecycleTimeline(deploymentConfiguration, unit, unit);
  const dueIn = timeline === undefined ? rolloutMs : failing ? failureOffset(timeline) : timeline.total;
  return { timeline, dueIn };
}

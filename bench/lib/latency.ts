/**
 * Idle latency: with nothing else to do, how long from applying one object to the operator's first
 * AWS write for it (the proxy's receive time minus the time the create was sent). Task definitions
 * (first write: RegisterTaskDefinition) are applied one at a time, each after the previous is
 * Ready; services (first write: CreateService, after a batched DescribeServices) one at a time,
 * each after the previous one's create, since their rollouts take seconds to be seen complete.
 * Samples are spaced so the client-side buckets never make a sample wait for a token.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { setTimeout as delay } from 'node:timers/promises';
import type { AwsProxyControl, CallRecord } from '../../test/world/aws-proxy/index.js';
import { waitFor } from '../../test/world/wait.js';
import { CallCollector } from './call-log.js';
import { serviceManifest, taskDefinitionManifest } from './fleet.js';
import { createObject } from './kube.js';
import type { ReadinessTracker } from './readiness.js';

/** What the latency phase needs. */
export interface LatencyPhase {
  readonly kc: KubeConfig;
  readonly control: AwsProxyControl;
  readonly namespace: string;
  readonly tracker: ReadinessTracker;
  readonly samples: number;
  /** The proxy's speed-up: samples are spaced two refills of the scarcest bucket apart. */
  readonly speedup: number;
}

/** Milliseconds from apply to first write, per sample. */
export interface LatencySamples {
  readonly taskDefinition: number[];
  readonly service: number[];
}

function paramOf(call: CallRecord, name: string): unknown {
  const p = call.params;
  return typeof p === 'object' && p !== null && !Array.isArray(p)
    ? (p as Record<string, unknown>)[name]
    : undefined;
}

async function firstWrite(
  control: AwsProxyControl,
  mark: number,
  action: string,
  match: (call: CallRecord) => boolean,
  what: string,
): Promise<CallRecord> {
  return waitFor(async () => (await control.calls({ action, afterSeq: mark })).find(match), {
    timeoutMs: 30_000,
    intervalMs: 5,
    what,
  });
}

/** Runs the idle latency phase; the operator must be running and idle. */
export async function measureIdleLatency(phase: LatencyPhase): Promise<LatencySamples> {
  const { kc, control, namespace, tracker } = phase;
  // RegisterTaskDefinition refills at 1/s × K: two tokens' time between samples.
  const gapMs = 2000 / phase.speedup;
  const taskDefinition: number[] = [];
  for (let i = 0; i < phase.samples; i++) {
    const name = `lat-td-${i}`;
    const family = `bench-lat-${i}-${namespace}`;
    const mark = await CallCollector.mark(control);
    const sent = Date.now();
    await createObject(kc, namespace, taskDefinitionManifest(name, family));
    const call = await firstWrite(
      control,
      mark,
      'RegisterTaskDefinition',
      (c) => paramOf(c, 'family') === family,
      `the RegisterTaskDefinition of ${name}`,
    );
    taskDefinition.push(call.time - call.durationMs - sent);
    await waitFor(() => (tracker.get('EcsTaskDefinition', name)?.readyAt !== undefined ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 10,
      what: `${name} to be Ready`,
    });
    await delay(gapMs);
  }

  const shared = 'lat-shared';
  await createObject(kc, namespace, taskDefinitionManifest(shared, `bench-lat-shared-${namespace}`));
  await waitFor(() => (tracker.get('EcsTaskDefinition', shared)?.readyAt !== undefined ? true : undefined), {
    timeoutMs: 30_000,
    what: `${shared} to be Ready`,
  });
  const service: number[] = [];
  for (let i = 0; i < phase.samples; i++) {
    const name = `lat-svc-${i}-${namespace}`;
    const mark = await CallCollector.mark(control);
    const sent = Date.now();
    await createObject(kc, namespace, serviceManifest({ name, taskDefinition: shared }));
    const call = await firstWrite(
      control,
      mark,
      'CreateService',
      (c) => paramOf(c, 'serviceName') === name,
      `the CreateService of ${name}`,
    );
    service.push(call.time - call.durationMs - sent);
    // Let the status write and the follow-up reconcile of this service pass before the next apply.
    await delay(Math.max(gapMs, 300));
  }
  return { taskDefinition, service };
}

/**
 * A finalizer removed by hand during an AWS outage: an EcsTaskDefinition and an EcsService are
 * deleted while every ECS call fails, so their cleanup cannot run, and a user removes the
 * finalizers to make them go. The ECS service and the revision stay behind, tagged as ours. They
 * must be reported (the gauge `ecs_bridge_orphaned_resources{kind}` and `ecs-bridge status`), and
 * new objects of the same names must not take them over silently: the EcsService reports a
 * Conflict naming spec.adopt and writes nothing to the old service; the EcsTaskDefinition registers
 * a revision of its own and leaves the old one alone. With `spec.adopt: true` the user takes them
 * over deliberately, and the report clears.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tag } from '@aws-sdk/client-ecs';
import { TAG_KEYS } from '../../src/resources/api-group.js';
import { waitFor } from '../world/wait.js';
import { createCluster } from '../support/aws-fixtures.js';
import { runCli } from '../support/cli.js';
import { installCrds, kubectl } from '../support/crds.js';
import {
  apply,
  condition,
  getResource,
  waitForGone,
  waitForReady,
  type Resource,
} from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { keepOperatorLog, serviceInMoto } from '../support/service-fixtures.js';
import { describeInMoto, revisionsInMoto, taskDefinition } from '../support/task-definitions.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';
import { writeFigures } from './figures.js';
import { awsWritesAfter, lastSeq } from './fault-support.js';

const CLUSTER = 'faults-orphans';
const FAMILY = 'faults-orphan-web';
const SERVICE = 'faults-orphan-svc';
/** The second test's service: its deletion's read is held while the user removes the finalizer. */
const HELD_SERVICE = 'faults-orphan-held';
/** How long the proxy holds that read: long enough for kubectl to remove the finalizer meanwhile. */
const HOLD_MS = 6_000;
/** The operator scans this often here (10 min by default). */
const SCAN = '3s';

/** The pair under test: EcsTaskDefinition and EcsService `name`, the service `serviceName` in {@link CLUSTER}. */
function manifests(
  adopt: boolean,
  pair: { name: string; family: string; serviceName: string; desiredCount: number } = {
    name: 'web',
    family: FAMILY,
    serviceName: SERVICE,
    desiredCount: 1,
  },
): object[] {
  return [
    taskDefinition(pair.name, {
      family: pair.family,
      requiresCompatibilities: ['EC2'],
      networkMode: 'bridge',
      containerDefinitions: [{ name: 'app', image: 'busybox:1', memory: 64 }],
      ...(adopt ? { adopt: true } : {}),
    }),
    {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name: pair.name },
      spec: {
        cluster: CLUSTER,
        serviceName: pair.serviceName,
        taskDefinitionRef: { name: pair.name },
        desiredCount: pair.desiredCount,
        launchType: 'EC2',
        ...(adopt ? { adopt: true } : {}),
      },
    },
  ];
}

/** An EcsService `held` in {@link HELD_SERVICE} on the `held` task definition. */
const heldManifests = (): object[] =>
  manifests(false, { name: 'held', family: `${FAMILY}-held`, serviceName: HELD_SERVICE, desiredCount: 0 });

/** `ecs_bridge_orphaned_resources{kind}` as the operator exports it (undefined before a scan). */
async function orphanGauge(operator: OperatorProcess, kind: string): Promise<number | undefined> {
  const line = (await operator.metrics())
    .split('\n')
    .find((l) => l.startsWith(`ecs_bridge_orphaned_resources{kind="${kind}"}`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function waitForGauge(operator: OperatorProcess, want: { service: number; revisions: number }) {
  let last: unknown;
  return waitFor(
    async () => {
      const now = {
        service: await orphanGauge(operator, 'EcsService'),
        revisions: await orphanGauge(operator, 'EcsTaskDefinition'),
      };
      last = now;
      return now.service === want.service && now.revisions === want.revisions ? now : undefined;
    },
    {
      timeoutMs: 60_000,
      intervalMs: 500,
      what: () => `the orphan gauge to read ${JSON.stringify(want)} (last ${JSON.stringify(last)})`,
    },
  );
}

function tag(tags: readonly Tag[] | undefined, key: string): string | undefined {
  return tags?.find((t) => t.key === key)?.value;
}

/** `metadata.uid` as the API server returned it. */
function uidOf(r: Resource): string | undefined {
  return (r.metadata as { uid?: string }).uid;
}

describe('finalizer removed during an outage (scenario 9)', () => {
  let operator: OperatorProcess;
  let ns: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await createCluster(CLUSTER);
    ns = await freshNamespace('faults-orphans');
    operator = await startOperator({
      name: 'orphans',
      args: [
        `--namespaces=${ns}`,
        '--leader-elect=false',
        `--orphan-scan-period=${SCAN}`,
        '--log-level=debug',
      ],
    });
  });

  afterAll(async () => {
    await proxyControl().clearRules();
    keepOperatorLog(operator, 'faults-orphans');
    await operator?.stop();
  });

  it('reports the orphans, never takes them over silently, and lets spec.adopt take them deliberately', async () => {
    await apply(ns, ...manifests(false));
    await waitForReady('ecstaskdefinitions', ns, 'web');
    const first = await waitForReady('ecsservices', ns, 'web', 90_000);
    const firstUid = uidOf(first);
    const [firstRevision] = await revisionsInMoto(FAMILY);
    expect(tag((await serviceInMoto(CLUSTER, SERVICE)).tags, TAG_KEYS.ownerUid)).toBe(firstUid);
    await waitForGauge(operator, { service: 0, revisions: 0 });

    // The outage: every ECS call fails; the objects are deleted and cannot clean up.
    const proxy = proxyControl();
    await proxy.addRule({ service: 'ecs', fault: { kind: 'error', status: 503 } });
    await kubectl(['delete', '-n', ns, 'ecsservice/web', 'ecstaskdefinition/web', '--wait=false']);
    await waitFor(
      async () => {
        const svc = await getResource('ecsservices', ns, 'web');
        return condition(svc, 'Ready')?.reason === 'AwsUnavailable' ||
          condition(svc, 'Reconciling')?.reason === 'AwsUnavailable'
          ? true
          : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the EcsService deletion to fail for the outage' },
    );
    // A user makes them go by hand.
    for (const kind of ['ecsservice/web', 'ecstaskdefinition/web']) {
      await kubectl(['patch', '-n', ns, kind, '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    }
    await waitForGone('ecsservices', ns, 'web');
    await waitForGone('ecstaskdefinitions', ns, 'web');
    await proxy.clearRules();
    const outageOver = Date.now();
    expect((await serviceInMoto(CLUSTER, SERVICE)).status).toBe('ACTIVE');
    expect((await describeInMoto(firstRevision ?? ''))?.status).toBe('ACTIVE');

    // Reported: the gauge and ecs-bridge status.
    await waitForGauge(operator, { service: 1, revisions: 1 });
    const reportedMs = Date.now() - outageOver;
    const status = await waitFor(
      async () => {
        const run = await runCli(['status', '-n', ns, '--no-color']);
        return run.stdout.includes('Orphaned AWS resources (2)') ? run : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 1_000, what: 'ecs-bridge status to list both orphans' },
    );
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`ECS service ${CLUSTER}/${SERVICE}`);
    expect(status.stdout).toContain(`task definition revision ${FAMILY}:1`);
    expect(status.stdout).toContain('spec.adopt: true');

    // New objects of the same names: no silent takeover.
    const mark = await lastSeq();
    await apply(ns, ...manifests(false));
    const td = await waitForReady('ecstaskdefinitions', ns, 'web');
    const conflict = await waitFor(
      async () => {
        const stalled = condition(await getResource('ecsservices', ns, 'web'), 'Stalled');
        return stalled?.status === 'True' && stalled.reason === 'Conflict' ? stalled.message : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 250, what: 'the new EcsService to report Conflict' },
    );
    expect(conflict).toContain(firstUid);
    expect(conflict).toContain('spec.adopt: true');
    const writes = await awsWritesAfter(mark);
    const toOrphans = writes.filter((w) => w.includes(SERVICE));
    const toOldRevision = writes.filter((w) => w.includes(firstRevision ?? '-'));
    expect(toOrphans).toEqual([]);
    expect(toOldRevision).toEqual([]);
    // The new task definition registered a revision of its own; the old one is untouched and
    // still reported, as is the service.
    expect(String(td.status?.['taskDefinitionArn'])).not.toBe(firstRevision);
    expect((await describeInMoto(firstRevision ?? ''))?.tags[TAG_KEYS.ownerUid]).not.toBe(uidOf(td));
    await waitForGauge(operator, { service: 1, revisions: 1 });

    // Adopted deliberately: both taken over, re-tagged with the new objects' uids, report cleared.
    await apply(ns, ...manifests(true));
    const adopted = await waitForReady('ecsservices', ns, 'web', 90_000);
    expect(tag((await serviceInMoto(CLUSTER, SERVICE)).tags, TAG_KEYS.ownerUid)).toBe(uidOf(adopted));
    await waitForGauge(operator, { service: 0, revisions: 0 });
    expect(operator.process.isRunning()).toBe(true);

    writeFigures({
      id: '12-orphans',
      scenario: '12. Finalizer removed during an outage',
      injected:
        'every ECS call failed (HTTP 503) while an EcsTaskDefinition and its EcsService were deleted; their finalizers removed by hand; then new objects of the same names, first without and then with spec.adopt',
      times: 1,
      outcome: `orphans reported ${(reportedMs / 1000).toFixed(0)} s after the outage (scan every ${SCAN}): gauge EcsService 1, EcsTaskDefinition 1, both in ecs-bridge status; new objects of the same names: ${toOrphans.length + toOldRevision.length} writes to the orphans, the EcsService Stalled=Conflict naming the earlier uid and spec.adopt, the EcsTaskDefinition on a revision of its own; with spec.adopt both taken over (re-tagged with the new uid), gauge back to 0; operator alive, 0 restarts`,
    });
  }, 300_000);

  it('a deletion whose read was held while the user removed the finalizer deletes nothing', async () => {
    await apply(ns, ...heldManifests());
    await waitForReady('ecstaskdefinitions', ns, 'held');
    await waitForReady('ecsservices', ns, 'held', 90_000);
    const proxy = proxyControl();
    // The deletion visit's DescribeServices is held: the visit starts on a copy with our finalizer
    // and, without a live check, would delete the service once the answer comes.
    const hold = await proxy.addRule({
      service: 'ecs',
      action: 'DescribeServices',
      bodyContains: `"${HELD_SERVICE}"`,
      fault: { kind: 'latency', ms: HOLD_MS },
      times: 1,
      description: `the deletion visit's DescribeServices of ${HELD_SERVICE} answers after ${HOLD_MS} ms`,
    });
    const mark = await lastSeq();
    await kubectl(['delete', '-n', ns, 'ecsservice/held', '--wait=false']);
    await waitFor(
      async () => ((await proxy.listRules()).find((r) => r.id === hold.id)?.hits ?? 0) > 0 || undefined,
      { timeoutMs: 30_000, intervalMs: 100, what: "the deletion visit's DescribeServices to be held" },
    );
    const removedAt = Date.now();
    await kubectl([
      'patch',
      '-n',
      ns,
      'ecsservice/held',
      '--type=merge',
      '-p',
      '{"metadata":{"finalizers":null}}',
    ]);
    await waitForGone('ecsservices', ns, 'held');
    expect(Date.now() - removedAt).toBeLessThan(HOLD_MS);
    // The visit resumes when the read answers, reads the object live, and stops.
    await waitFor(
      () =>
        readFileSync(operator.logPath, 'utf8')
          .split('\n')
          .some((l) => l.includes('our finalizer was removed during the visit') && l.includes('"held"')) ||
        undefined,
      { timeoutMs: HOLD_MS + 30_000, intervalMs: 250, what: 'the deletion visit to stop without AWS writes' },
    );
    expect((await awsWritesAfter(mark)).filter((w) => w.includes(HELD_SERVICE))).toEqual([]);
    expect((await serviceInMoto(CLUSTER, HELD_SERVICE)).status).toBe('ACTIVE');
  }, 120_000);
});

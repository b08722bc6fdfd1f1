/**
 * gatewayConnectors and monitoring, which ECS reports only on the current service revision (ADR
 * 0048): a service that sets them converges with one CreateService, later visits read the revision
 * once and send nothing, a change made outside ecs-bridge is corrected, and `import` writes them
 * from the revision so that applying the manifest writes nothing.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateServiceCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  UpdateServiceCommand,
  type ServiceRevision,
} from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { callsAfter, isReadAction, proxyMark, runCli } from '../support/cli.js';
import { kubectl } from '../support/crds.js';
import { apply, waitForReady } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  callMark,
  callsFor,
  describedAgain,
  ec2ServiceManifest,
  paramsOf,
} from '../support/service-fixtures.js';
import { serviceWorld, stopServiceOperator } from '../support/service-world.js';
import { awsClients, proxyControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';

const CLUSTER = 'revisions';
const MONITORING_20 = {
  metricConfigurations: [{ metricNames: ['CPUUtilization', 'MemoryUtilization'], resolutionSeconds: 20 }],
};
const MONITORING_60 = { metricConfigurations: [{ metricNames: ['CPUUtilization'], resolutionSeconds: 60 }] };
const CONNECTOR = { portName: 'http', deregistrationDelay: { timeoutSeconds: 30 } };

/** The revision of the service's PRIMARY deployment, as ECS (the proxy) reports it. */
async function primaryRevision(service: string): Promise<ServiceRevision | undefined> {
  const { ecs } = awsClients('proxy');
  try {
    const described = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [service] }));
    const arns = (described.services?.[0]?.currentServiceRevisions ?? []).map((r) => r.arn ?? '');
    const out = await ecs.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: arns.slice(0, 1) }),
    );
    return out.serviceRevisions?.[0];
  } finally {
    ecs.destroy();
  }
}

describe('gatewayConnectors and monitoring, read from the current service revision', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;

  beforeAll(async () => {
    ({ namespace, operator } = await serviceWorld({
      clusters: [CLUSTER],
      taskDefinitions: [['gw', 'gw:1']],
      namespace: 'svc-revisions',
      resyncPeriod: '2s',
    }));
  });

  afterAll(async () => {
    await stopServiceOperator(operator, 'service-revision-fields');
  });

  it('converges, then sends nothing, then corrects a change made outside', async () => {
    const mark = await callMark();
    await apply(
      namespace,
      ec2ServiceManifest('gw', {
        cluster: CLUSTER,
        taskDefinition: 'gw:1',
        gatewayConnectors: [CONNECTOR],
        monitoring: MONITORING_20,
      }),
    );
    await waitForReady('ecsservices', namespace, 'gw');
    const creates = (await callsFor('CreateService', 'gw', mark)).map(paramsOf);
    expect(creates).toHaveLength(1);
    expect(creates[0]).toMatchObject({ gatewayConnectors: [CONNECTOR], monitoring: MONITORING_20 });
    expect((await primaryRevision('gw'))?.monitoring).toEqual(MONITORING_20);

    // Resyncs: no write, and the revision, read once, is not described again.
    const ready = await callMark();
    await describedAgain('gw', ready, 2);
    const settled = await callMark();
    await describedAgain('gw', settled, 3);
    expect(await callsFor('UpdateService', 'gw', mark)).toEqual([]);
    const reads = await proxyControl().calls({ action: 'DescribeServiceRevisions', afterSeq: settled });
    expect(reads).toEqual([]);

    // Someone lowers the resolution straight in ECS: a new revision; the next visit restores it.
    const outside = await callMark();
    const { ecs } = awsClients('proxy');
    try {
      await ecs.send(
        new UpdateServiceCommand({ cluster: CLUSTER, service: 'gw', monitoring: MONITORING_60 }),
      );
    } finally {
      ecs.destroy();
    }
    const corrected = await waitFor(
      async () => {
        const updates = (await callsFor('UpdateService', 'gw', outside)).map(paramsOf);
        const ours = updates.filter((u) => JSON.stringify(u['monitoring']) === JSON.stringify(MONITORING_20));
        return ours.length > 0 ? ours : undefined;
      },
      // The outside change replaced the deployment ecs-bridge followed: the read check believes its
      // absence only after MISSING_SPAN_MS (30 s) of agreeing reads (ADR 0009), then the plan runs.
      { timeoutMs: 90_000, intervalMs: 500, what: 'the UpdateService that restores monitoring' },
    );
    // A minimal update: monitoring alone, the connector unchanged.
    expect(corrected).toHaveLength(1);
    expect(corrected[0]).not.toHaveProperty('gatewayConnectors');
    expect(corrected[0]).not.toHaveProperty('taskDefinition');
    expect((await primaryRevision('gw'))?.monitoring).toEqual(MONITORING_20);
    expect((await primaryRevision('gw'))?.gatewayConnectors).toEqual([CONNECTOR]);
  }, 180_000);

  it('imports a service that has them, and applying the manifest writes nothing', async () => {
    const { ecs } = awsClients('proxy');
    try {
      await ecs.send(
        new CreateServiceCommand({
          cluster: CLUSTER,
          serviceName: 'gw-imported',
          taskDefinition: 'gw:1',
          desiredCount: 1,
          launchType: 'EC2',
          gatewayConnectors: [CONNECTOR],
          monitoring: MONITORING_20,
        }),
      );
    } finally {
      ecs.destroy();
    }
    const dir = mkdtempSync(join(tmpdir(), 'ecs-bridge-import-revision-'));
    const run = await runCli([
      'import',
      '--cluster',
      CLUSTER,
      '--service',
      'gw-imported',
      '--task-definition-arn',
      '-n',
      namespace,
      '--out',
      dir,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const docs = parseAllDocuments(readFileSync(join(dir, 'gw-imported.yaml'), 'utf8')).map(
      (d) => d.toJS() as { kind?: string; spec: Record<string, unknown> },
    );
    const manifest = docs.find((d) => d.kind === 'EcsService') ?? { spec: {} };
    expect(manifest.spec['gatewayConnectors']).toEqual([CONNECTOR]);
    expect(manifest.spec['monitoring']).toEqual(MONITORING_20);

    const mark = await proxyMark();
    await kubectl(['apply', '-f', dir]);
    await waitForReady('ecsservices', namespace, 'gw-imported', 90_000);
    await describedAgain('gw-imported', mark, 3);
    const writes = (await callsAfter(mark)).filter((c) => !isReadAction(c.action)).map((c) => c.action);
    expect(writes).toEqual([]);
  });
});

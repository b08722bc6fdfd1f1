/**
 * The shipped EcsService examples for scenarios 1, 2, 3, 5, 6 and 9 (with the world's subnet,
 * security group and target group ids put in place of the placeholders) converge to Ready under
 * `ecs-bridge run`, in the clusters the examples' EcsClusters make (examples/clusters/), and the
 * ECS services match their specs field by field: in moto for the fields
 * moto keeps, in the CreateService/UpdateService requests the operator sent for those moto drops at
 * create (deployment configuration, placement, grace period, exec, managed tags).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Service } from '@aws-sdk/client-ecs';
import {
  createAlbWithTargetGroup,
  createNetwork,
  createTargetGroup,
  type Network,
} from '../support/aws-fixtures.js';
import { kubectl } from '../support/crds.js';
import { apply, condition, waitForReady, type Resource } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  callMark,
  callsFor,
  serviceWritesAfter,
  loadExample,
  paramsOf,
  serviceInMoto,
  startServiceOperator,
  withWorldIds,
  type Manifest,
} from '../support/service-fixtures.js';
import { serviceAws, stopServiceOperator } from '../support/service-world.js';
import { freshNamespace, proxyControl } from '../support/world-client.js';
import { waitFor } from '../world/wait.js';
import { TAG_KEYS } from '../../src/resources/api-group.js';

const SERVICE_FILES = [
  'services/scenario-1-fargate-httpd.yaml',
  'services/scenario-2-api-alb.yaml',
  'services/scenario-3-shared-cluster.yaml',
  'services/scenario-5-rolling-update.yaml',
  'services/scenario-6-placement.yaml',
  'services/scenario-9-spring-boot.yaml',
] as const;
const CLUSTER_FILES = ['clusters/demo-fargate.yaml', 'clusters/demo-ec2.yaml', 'clusters/shop.yaml'] as const;
const TASK_DEFINITION_FILES = [
  'task-definitions/sample-fargate.yaml',
  'task-definitions/api-ec2.yaml',
  'task-definitions/full-app.yaml',
] as const;

type Spec = Record<string, unknown>;

/** The fields moto drops at CreateService (and keeps once UpdateService sets them). */
const DROPPED_AT_CREATE = [
  'deploymentConfiguration',
  'placementStrategy',
  'placementConstraints',
  'healthCheckGracePeriodSeconds',
  'enableExecuteCommand',
  'enableECSManagedTags',
  'capacityProviderStrategy',
] as const;

function sortedBy<T>(items: readonly T[], key: (t: T) => string): T[] {
  return [...items].sort((a, b) => key(a).localeCompare(key(b)));
}

/** What the spec's ECS-side configuration must look like in moto (the fields moto keeps). */
function expectKeptFields(
  svc: Service,
  spec: Spec,
  taskDefinitionArn: string,
  namespace: string,
  name: string,
): void {
  expect(svc.status).toBe('ACTIVE');
  expect(svc.taskDefinition).toBe(taskDefinitionArn);
  expect(svc.desiredCount).toBe(spec.desiredCount);
  expect(svc.launchType).toBe(spec.launchType);
  expect(svc.schedulingStrategy).toBe(spec.schedulingStrategy ?? 'REPLICA');
  if (spec.platformVersion !== undefined) expect(svc.platformVersion).toBe(spec.platformVersion);
  if (spec.propagateTags !== undefined) expect(svc.propagateTags).toBe(spec.propagateTags);

  const network = spec.networkConfiguration as { awsvpcConfiguration: Spec } | undefined;
  if (network === undefined) {
    expect(svc.networkConfiguration?.awsvpcConfiguration?.subnets ?? []).toEqual([]);
  } else {
    const want = network.awsvpcConfiguration;
    const got = svc.networkConfiguration?.awsvpcConfiguration;
    expect([...(got?.subnets ?? [])].sort()).toEqual([...(want.subnets as string[])].sort());
    expect([...(got?.securityGroups ?? [])].sort()).toEqual([...(want.securityGroups as string[])].sort());
    expect(got?.assignPublicIp ?? 'DISABLED').toBe(want.assignPublicIp ?? 'DISABLED');
  }

  const lbKey = (l: { targetGroupArn?: string | undefined; containerName?: string | undefined }): string =>
    `${l.targetGroupArn ?? ''}|${l.containerName ?? ''}`;
  const wantLbs = (spec.loadBalancers as Spec[] | undefined) ?? [];
  expect(
    sortedBy(svc.loadBalancers ?? [], lbKey).map((l) => ({
      targetGroupArn: l.targetGroupArn,
      containerName: l.containerName,
      containerPort: l.containerPort,
    })),
  ).toEqual(sortedBy(wantLbs, lbKey).map((l) => ({ ...l })));

  const tags = Object.fromEntries((svc.tags ?? []).map((t) => [t.key, t.value]));
  for (const t of (spec.tags as { key: string; value: string }[] | undefined) ?? []) {
    expect(tags[t.key], `tag ${t.key}`).toBe(t.value);
  }
  expect(tags[TAG_KEYS.owner]).toBe(`${namespace}/${name}`);
  expect(tags[TAG_KEYS.instance]).toBe('default');
}

/**
 * The fields moto drops at CreateService, as the operator sent them: the latest value of each in
 * the CreateService request or a later UpdateService.
 */
function sentValue(calls: readonly Record<string, unknown>[], field: string): unknown {
  let value: unknown;
  for (const c of calls) if (field in c) value = c[field];
  return value;
}

function expectSentFields(sent: readonly Record<string, unknown>[], spec: Spec): void {
  const dc = spec.deploymentConfiguration as Spec | undefined;
  if (dc !== undefined) {
    const got = sentValue(sent, 'deploymentConfiguration') as Spec;
    expect(got.minimumHealthyPercent).toBe(dc.minimumHealthyPercent ?? 100);
    expect(got.maximumPercent).toBe(dc.maximumPercent ?? 200);
    expect(got.deploymentCircuitBreaker).toEqual(
      dc.deploymentCircuitBreaker ?? { enable: false, rollback: false },
    );
  } else {
    expect(sentValue(sent, 'deploymentConfiguration')).toBeUndefined();
  }
  // Placement strategies apply in order; constraints are a set.
  expect(sentValue(sent, 'placementStrategy')).toEqual(spec.placementStrategy);
  const constraintKey = (c: Spec): string => JSON.stringify([c.type, c.expression]);
  const constraints = sentValue(sent, 'placementConstraints') as Spec[] | undefined;
  expect(constraints === undefined ? undefined : sortedBy(constraints, constraintKey)).toEqual(
    spec.placementConstraints === undefined
      ? undefined
      : sortedBy(spec.placementConstraints as Spec[], constraintKey),
  );
  expect(sentValue(sent, 'healthCheckGracePeriodSeconds')).toBe(spec.healthCheckGracePeriodSeconds);
  expect(sentValue(sent, 'enableExecuteCommand')).toBe(spec.enableExecuteCommand);
  expect(sentValue(sent, 'enableECSManagedTags')).toBe(spec.enableECSManagedTags);
  expect(sentValue(sent, 'capacityProviderStrategy')).toEqual(spec.capacityProviderStrategy);
}

describe('the service examples converge under ecs-bridge run (scenarios 1, 2, 3, 5, 6, 9)', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;
  let network: Network;
  let services: Manifest[];

  beforeAll(async () => {
    await serviceAws();
    network = await createNetwork(20);
    const api = await createAlbWithTargetGroup({
      network,
      albName: 'api',
      targetGroupName: 'api',
      targetType: 'instance',
    });
    const shop = await createAlbWithTargetGroup({
      network,
      albName: 'shop',
      targetGroupName: 'storefront',
      targetType: 'instance',
    });
    const checkout = await createTargetGroup({
      network,
      targetGroupName: 'checkout',
      targetType: 'instance',
    });
    const backoffice = await createAlbWithTargetGroup({
      network,
      albName: 'backoffice',
      targetGroupName: 'backoffice',
      targetType: 'instance',
    });
    const orders = await createAlbWithTargetGroup({
      network,
      albName: 'orders',
      targetGroupName: 'orders',
      port: 8080,
    });
    void shop.listenerArn;
    const ids = {
      network,
      targetGroups: {
        api: api.targetGroupArn,
        storefront: shop.targetGroupArn,
        checkout,
        backoffice: backoffice.targetGroupArn,
        orders: orders.targetGroupArn,
      },
    };
    services = SERVICE_FILES.flatMap((f) => loadExample(f)).map((m) => withWorldIds(m, ids));
    expect(JSON.stringify(services)).not.toMatch(/0123456789abcdef|123456789012:targetgroup\/[^/]+\/\d{16}/);
    namespace = await freshNamespace('svc-scenarios');
    operator = await startServiceOperator(namespace, { resyncPeriod: '3s' });
    // The services wait, with a condition, until the EcsCluster they name is Ready.
    await apply(namespace, ...CLUSTER_FILES.flatMap((f) => loadExample(f)));
    await apply(namespace, ...TASK_DEFINITION_FILES.flatMap((f) => loadExample(f)));
    await apply(namespace, ...services);
  });

  afterAll(async () => {
    await stopServiceOperator(operator, 'service-scenarios');
  });

  it('every service is Ready and matches its spec in ECS, field by field', async () => {
    const ready = new Map<string, Resource>();
    for (const svc of services) {
      ready.set(svc.metadata.name, await waitForReady('ecsservices', namespace, svc.metadata.name, 90_000));
    }
    const taskDefinitionArns = new Map<string, string>();
    for (const td of ['sample-fargate', 'api', 'orders']) {
      const r = await waitForReady('ecstaskdefinitions', namespace, td);
      taskDefinitionArns.set(td, String(r.status?.taskDefinitionArn));
    }

    for (const svc of services) {
      const name = svc.metadata.name;
      const spec = svc.spec;
      // Every example names its EcsCluster, whose ECS cluster has the object's name.
      const cluster = String((spec.clusterRef as { name: string }).name);
      const tdArn = taskDefinitionArns.get((spec.taskDefinitionRef as { name: string }).name) ?? '';
      const status = ready.get(name)?.status;
      expect(status?.taskDefinitionArn, name).toBe(tdArn);
      expect(condition(ready.get(name), 'Stalled')?.status ?? 'False', name).toBe('False');

      expectKeptFields(await serviceInMoto(cluster, name), spec, tdArn, namespace, name);

      const creates = await callsFor('CreateService', name);
      expect(creates, `${name}: one CreateService`).toHaveLength(1);
      const updates = await callsFor('UpdateService', name);
      const sent = [...creates, ...updates].map(paramsOf);
      expectSentFields(sent, spec);
      // moto keeps what UpdateService sets: a value it dropped at create and the operator then
      // sent again (it differed from ECS's default) shows there.
      const inMoto = (await serviceInMoto(cluster, name)) as unknown as Record<string, unknown>;
      for (const field of DROPPED_AT_CREATE) {
        const value = sentValue(updates.map(paramsOf), field);
        if (value !== undefined)
          expect(inMoto[field], `${name}.${field} in moto`).toMatchObject(value as object);
      }
    }
  });

  it('kubectl wait --for=condition=Ready answers for every converged service, and kubectl get shows the columns', async () => {
    const waited = await kubectl([
      'wait',
      '-n',
      namespace,
      'ecssvc',
      '--all',
      '--for=condition=Ready',
      '--timeout=30s',
    ]);
    for (const svc of services)
      expect(waited).toContain(`ecsservice.ecs-bridge.dev/${svc.metadata.name} condition met`);

    const table = await kubectl(['get', '-n', namespace, 'ecssvc', 'web']);
    const [header, row] = table.trim().split('\n');
    expect(header?.split(/\s+/)).toEqual([
      'NAME',
      'CLUSTER',
      'DESIRED',
      'RUNNING',
      'ROLLOUT',
      'READY',
      'AGE',
    ]);
    // The CLUSTER column names the cluster the service runs in, also when the spec names it by
    // clusterRef (as every example does).
    // The examples' EcsClusters make ECS clusters of their own name.
    const web = services.find((s) => s.metadata.name === 'web');
    const cluster = String((web?.spec.clusterRef as { name: string } | undefined)?.name);
    expect(row?.split(/\s+/).slice(0, 6)).toEqual(['web', cluster, '4', '4', 'COMPLETED', 'True']);
  });

  it('converged scenarios stay converged: resyncs find nothing to write', async () => {
    for (const svc of services) await waitForReady('ecsservices', namespace, svc.metadata.name);
    const mark = await callMark();
    // Two more resync rounds of every service (the period is 3 s).
    await waitFor(
      async () => {
        const calls = await proxyControl().calls({
          service: 'ecs',
          action: 'DescribeServices',
          afterSeq: mark,
        });
        const seen = new Map<string, number>();
        for (const c of calls) {
          for (const s of (paramsOf(c).services as string[] | undefined) ?? [])
            seen.set(s, (seen.get(s) ?? 0) + 1);
        }
        return services.every((m) => (seen.get(m.metadata.name) ?? 0) >= 2) ? true : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 500, what: 'two resync rounds of every scenario service' },
    );
    expect((await serviceWritesAfter(mark)).map((c) => `${c.action} ${JSON.stringify(c.params)}`)).toEqual(
      [],
    );
  });
});

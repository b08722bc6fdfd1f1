/**
 * Bulk and out-of-order deletes: EcsTaskDefinitions deleted together with, before and after the
 * EcsServices that run their revisions, and a namespace's worth of both at once, with the operator
 * running as a process. Each task definition has two revisions (revisionHistoryLimit 1), the newest
 * run by its services when the deletes start. Afterwards no revision of any family may be left in
 * ECS, ACTIVE or INACTIVE (a revision still run when its object went used to stay INACTIVE for
 * good), and no service. Every group is deleted at the same time, so the orders interleave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { waitFor } from '../world/wait.js';
import { createCluster } from '../support/aws-fixtures.js';
import { installCrds, kubectl } from '../support/crds.js';
import { apply, condition, getResource, waitForGone, type OurPlural } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { keepOperatorLog } from '../support/service-fixtures.js';
import { revisionOf, taskDefinition } from '../support/task-definitions.js';
import { awsClients, freshNamespace, proxyControl, worldControl } from '../support/world-client.js';
import { writeFigures } from './figures.js';
import { mapLimit } from './fault-support.js';
import { servicesInMoto } from './storm-aws-state.js';

const CLUSTER = 'faults-delete-order';
const PREFIX = 'faults-delord-';
/** From the first delete to every object gone. */
const GONE_MS = 180_000;

/** How one group is deleted. */
type Order = 'with' | 'before' | 'after' | 'namespace';

interface Group {
  readonly order: Order;
  readonly taskDefinitions: number;
  readonly servicesEach: number;
  namespace: string;
}

const GROUPS: Group[] = [
  { order: 'with', taskDefinitions: 6, servicesEach: 5, namespace: '' },
  { order: 'before', taskDefinitions: 3, servicesEach: 3, namespace: '' },
  { order: 'after', taskDefinitions: 3, servicesEach: 3, namespace: '' },
  { order: 'namespace', taskDefinitions: 6, servicesEach: 5, namespace: '' },
];

function familyOf(group: Group, i: number): string {
  return `${PREFIX}${group.order}-${i}`;
}

function tdNames(group: Group): string[] {
  return Array.from({ length: group.taskDefinitions }, (_, i) => `td-${i}`);
}

function svcNames(group: Group): string[] {
  return tdNames(group).flatMap((_, i) =>
    Array.from({ length: group.servicesEach }, (_, j) => `svc-${i}-${j}`),
  );
}

function manifests(group: Group, image: string): object[] {
  const out: object[] = [];
  for (let i = 0; i < group.taskDefinitions; i++) {
    out.push(
      taskDefinition(`td-${i}`, {
        family: familyOf(group, i),
        revisionHistoryLimit: 1,
        deletionPolicy: 'Delete',
        requiresCompatibilities: ['EC2'],
        networkMode: 'bridge',
        containerDefinitions: [{ name: 'app', image, memory: 64 }],
      }),
    );
    for (let j = 0; j < group.servicesEach; j++) {
      out.push({
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsService',
        metadata: { name: `svc-${i}-${j}` },
        spec: {
          cluster: CLUSTER,
          serviceName: `${group.order}-${i}-${j}`,
          taskDefinitionRef: { name: `td-${i}` },
          desiredCount: 1,
          launchType: 'EC2',
          deletionPolicy: 'Delete',
        },
      });
    }
  }
  return out;
}

/** Every revision of our families moto still holds, ACTIVE or INACTIVE, as `family:revision status`. */
async function revisionsLeft(): Promise<string[]> {
  const { ecs } = awsClients('moto');
  try {
    const left: string[] = [];
    for (const status of ['ACTIVE', 'INACTIVE'] as const) {
      let nextToken: string | undefined;
      do {
        // No familyPrefix: moto matches it as a whole family name, ECS as a prefix; filter here.
        const page = await ecs.send(
          new ListTaskDefinitionsCommand({ status, maxResults: 100, ...(nextToken ? { nextToken } : {}) }),
        );
        for (const arn of page.taskDefinitionArns ?? []) {
          const familyRevision = arn.slice(arn.lastIndexOf('/') + 1);
          if (familyRevision.startsWith(PREFIX)) left.push(`${familyRevision} ${status}`);
        }
        nextToken = page.nextToken;
      } while (nextToken);
    }
    return left.sort();
  } finally {
    ecs.destroy();
  }
}

async function allReady(group: Group, plural: OurPlural, names: readonly string[]): Promise<string[]> {
  const notReady: string[] = [];
  for (const name of names) {
    const r = await getResource(plural, group.namespace, name);
    const current = r !== undefined && r.status?.observedGeneration === r.metadata.generation;
    if (!current || condition(r, 'Ready')?.status !== 'True') notReady.push(`${group.order}/${name}`);
  }
  return notReady;
}

/** Every service of the group Ready and running revision 2 of its family. */
async function onSecondRevision(group: Group): Promise<string[]> {
  const pending = await allReady(group, 'ecsservices', svcNames(group));
  for (const name of svcNames(group)) {
    const r = await getResource('ecsservices', group.namespace, name);
    const value = r?.status?.['taskDefinitionArn'];
    const arn = typeof value === 'string' ? value : '';
    if (revisionOf(arn) !== 2) pending.push(`${group.order}/${name} runs ${arn}`);
  }
  return pending;
}

async function deleteObjects(group: Group, kinds: string): Promise<void> {
  await kubectl(['delete', '-n', group.namespace, kinds, '--all', '--wait=false']);
}

async function waitAllGone(group: Group, plural: OurPlural, names: readonly string[]): Promise<void> {
  await mapLimit(names, 4, (name) => waitForGone(plural, group.namespace, name, GONE_MS));
}

/** Deletes a group in its order; resolves when every object of it is gone. */
async function deleteGroup(group: Group): Promise<void> {
  const tds = tdNames(group);
  const svcs = svcNames(group);
  switch (group.order) {
    case 'with':
      // One command naming every object: task definitions and services go together.
      await kubectl([
        'delete',
        '-n',
        group.namespace,
        ...tds.map((n) => `ecstaskdefinition/${n}`),
        ...svcs.map((n) => `ecsservice/${n}`),
        '--wait=false',
      ]);
      break;
    case 'before':
      await deleteObjects(group, 'ecstaskdefinitions');
      await waitAllGone(group, 'ecstaskdefinitions', tds);
      await deleteObjects(group, 'ecsservices');
      break;
    case 'after':
      await deleteObjects(group, 'ecsservices');
      await waitAllGone(group, 'ecsservices', svcs);
      await deleteObjects(group, 'ecstaskdefinitions');
      break;
    case 'namespace':
      // Everything of ours in the namespace at once, as a namespace cleanup does.
      await deleteObjects(group, 'ecstaskdefinitions,ecsservices');
      break;
  }
  await waitAllGone(group, 'ecstaskdefinitions', tds);
  await waitAllGone(group, 'ecsservices', svcs);
}

describe('bulk and out-of-order deletes (scenario 8)', () => {
  let operator: OperatorProcess;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await createCluster(CLUSTER);
    for (const group of GROUPS) group.namespace = await freshNamespace(`faults-delord-${group.order}`);
    operator = await startOperator({
      name: 'delete-order',
      args: [
        `--namespaces=${GROUPS.map((g) => g.namespace).join(',')}`,
        '--leader-elect=false',
        '--log-level=debug',
      ],
    });
  });

  afterAll(async () => {
    keepOperatorLog(operator, 'faults-delete-order');
    await operator?.stop();
  });

  it('leaves no revision, ACTIVE or INACTIVE, whatever is deleted first or together', async () => {
    // Two revisions per family; every service runs the second when the deletes start.
    for (const image of ['busybox:1', 'busybox:2']) {
      await mapLimit(GROUPS, 4, (g) => apply(g.namespace, ...manifests(g, image)));
      let pending: string[] = [];
      await waitFor(
        async () => {
          pending = (await mapLimit(GROUPS, 4, onSecondRevisionOrReady(image))).flat();
          return pending.length === 0 ? true : undefined;
        },
        {
          timeoutMs: 180_000,
          intervalMs: 1_000,
          what: () => `every object Ready on ${image}; not yet: ${pending.slice(0, 10).join(', ')}`,
          abortIf: () => (operator.process.isRunning() ? undefined : 'the operator exited'),
        },
      );
    }
    const before = await revisionsLeft();
    const families = GROUPS.reduce((n, g) => n + g.taskDefinitions, 0);
    const services = GROUPS.reduce((n, g) => n + g.taskDefinitions * g.servicesEach, 0);
    expect(before.filter((r) => r.endsWith(' ACTIVE'))).toHaveLength(2 * families);

    const mark = await proxyControl().lastSeq();
    const t0 = Date.now();
    await Promise.all(GROUPS.map(deleteGroup));
    const goneMs = Date.now() - t0;

    // Nothing is left, and not by waiting for a resync (default 10 min): right after the objects.
    const left = await revisionsLeft();
    const liveServices = (await servicesInMoto(CLUSTER)).filter((s) => s.status !== 'INACTIVE');
    const calls = await proxyControl().calls({ service: 'ecs', afterSeq: mark });
    const deletes = calls.filter(
      (c) =>
        c.action === 'DeleteTaskDefinitions' &&
        c.outcome === 'forwarded' &&
        JSON.stringify(c.params).includes(`task-definition/${PREFIX}`),
    );
    const count = (action: string): number =>
      calls.filter((c) => c.action === action && c.outcome === 'forwarded').length;
    const deletedRevisions = deletes.reduce(
      (n, c) => n + ((c.params as { taskDefinitions?: unknown[] }).taskDefinitions?.length ?? 0),
      0,
    );

    writeFigures({
      id: '11-delete-order',
      scenario: '11. Bulk and out-of-order deletes',
      injected: `${families} EcsTaskDefinitions (2 revisions each, revisionHistoryLimit 1) and the ${services} EcsServices running their newest revisions, deleted at once in four groups: task definitions together with their services (${GROUPS[0]?.taskDefinitions} + ${(GROUPS[0]?.taskDefinitions ?? 0) * (GROUPS[0]?.servicesEach ?? 0)} in one kubectl delete), before them, after them, and a namespace's worth (--all)`,
      times: families + services,
      outcome: `${left.length} revisions left (ACTIVE or INACTIVE) of ${2 * families}; ${liveServices.length} services left; every object gone ${(goneMs / 1000).toFixed(0)} s after the first delete; ${count('DeregisterTaskDefinition')} DeregisterTaskDefinition, ${deletes.length} DeleteTaskDefinitions (${deletedRevisions} revisions), ${count('DeleteService')} DeleteService; operator alive, 0 restarts`,
    });
    expect(left).toEqual([]);
    expect(liveServices.map((s) => s.serviceName)).toEqual([]);
    expect(deletedRevisions).toBe(2 * families);
    expect(operator.process.isRunning()).toBe(true);
  }, 600_000);
});

/** For one image: the group's objects not Ready yet (and, on the second image, services not on revision 2). */
function onSecondRevisionOrReady(image: string): (g: Group) => Promise<string[]> {
  return async (g) => [
    ...(await allReady(g, 'ecstaskdefinitions', tdNames(g))),
    ...(image === 'busybox:2' ? await onSecondRevision(g) : await allReady(g, 'ecsservices', svcNames(g))),
  ];
}

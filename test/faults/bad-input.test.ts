/**
 * Scenario 6, bad input: every manifest of the corpus (at least 100) is refused by the API server
 * with a message naming the field, or, once accepted, reported in a condition naming it; no AWS
 * write is made for any of them, and the operator keeps running (healthy, never restarted).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../world/wait.js';
import { createCluster } from '../support/aws-fixtures.js';
import { installCrds, kubectl } from '../support/crds.js';
import { apply, condition, getResource, waitForReady, type Resource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { keepOperatorLog, registerEc2TaskDefinition } from '../support/service-fixtures.js';
import { freshNamespace, worldControl } from '../support/world-client.js';
import { BASE_CLUSTER, BASE_FAMILY, badInputCorpus, type BadCase } from './bad-input-corpus.js';
import { writeFigures } from './figures.js';
import { awsWritesAfter, lastSeq, mapLimit } from './fault-support.js';

interface Outcome {
  readonly c: BadCase;
  readonly rejected?: string;
  readonly condition?: string;
}

/** A condition message of an invalid object: Stalled=True or Ready=False with a message. */
function problemMessage(r: Resource | undefined): string | undefined {
  const stalled = condition(r, 'Stalled');
  if (stalled?.status === 'True' && stalled.message) return stalled.message;
  const ready = condition(r, 'Ready');
  if (ready?.status === 'False' && ready.message && r?.status?.observedGeneration === r?.metadata.generation)
    return ready.message;
  return undefined;
}

function names(message: string, needles: readonly string[]): boolean {
  return needles.some((n) => message.includes(n));
}

describe('bad input (scenario 6)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  const outcomes: Outcome[] = [];
  const extra: string[] = [];

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    await createCluster(BASE_CLUSTER);
    await registerEc2TaskDefinition(BASE_FAMILY, 'busybox:1');
    namespace = await freshNamespace('faults-bad');
    operator = await startOperator({ args: [`--namespaces=${namespace}`, '--log-level=debug'] });
  });

  afterAll(async () => {
    keepOperatorLog(operator, 'faults-bad-input');
    await operator?.stop();
  });

  it('refuses or reports every invalid manifest, naming the field, with zero AWS writes', async () => {
    const corpus = badInputCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(100);
    const mark = await lastSeq();
    const submitted = await mapLimit(corpus, 4, async (c): Promise<Outcome> => {
      try {
        await apply(namespace, c.manifest);
        return { c };
      } catch (err) {
        return { c, rejected: (err as Error).message };
      }
    });
    const accepted = submitted.filter((o) => o.rejected === undefined);
    const found = new Map<string, string>();
    await waitFor(
      async () => {
        for (const o of accepted) {
          if (found.has(o.c.id)) continue;
          const name = (o.c.manifest.metadata as { name: string }).name;
          const message = problemMessage(await getResource(o.c.plural, namespace, name));
          if (message !== undefined) found.set(o.c.id, message);
        }
        return found.size === accepted.length ? true : undefined;
      },
      {
        timeoutMs: 90_000,
        intervalMs: 500,
        what: () =>
          `conditions on accepted cases; still silent: ${accepted
            .filter((o) => !found.has(o.c.id))
            .map((o) => o.c.id)
            .join(', ')}`,
      },
    );
    for (const o of submitted) {
      outcomes.push(o.rejected === undefined ? { c: o.c, condition: found.get(o.c.id) ?? '' } : o);
    }
    const unclear = outcomes
      .filter((o) => !names(o.rejected ?? o.condition ?? '', o.c.needles))
      .map((o) => `${o.c.id}: ${(o.rejected ?? o.condition ?? '').slice(0, 300)}`);
    expect(unclear).toEqual([]);
    // Names ECS would refuse never get as far as the operator: the API server refuses them.
    const admitted = outcomes.filter((o) => o.c.atAdmission === true && o.rejected === undefined);
    expect(admitted.map((o) => o.c.id)).toEqual([]);
    expect(outcomes.filter((o) => o.c.atAdmission === true).length).toBeGreaterThanOrEqual(8);
    // A controller-side rejection happens before any call: nothing may have been written to AWS.
    expect(await awsWritesAfter(mark)).toEqual([]);
  });

  it('refuses immutable changes (family, region, cluster, launchType) and writes nothing for them', async () => {
    await apply(
      namespace,
      {
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsTaskDefinition',
        metadata: { name: 'immutable-td' },
        spec: {
          family: 'faults-immutable',
          containerDefinitions: [{ name: 'app', image: 'busybox:1', memory: 64 }],
        },
      },
      {
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsService',
        metadata: { name: 'immutable-svc' },
        spec: {
          cluster: BASE_CLUSTER,
          taskDefinition: `${BASE_FAMILY}:1`,
          desiredCount: 0,
          launchType: 'EC2',
        },
      },
    );
    await waitForReady('ecstaskdefinitions', namespace, 'immutable-td');
    await waitForReady('ecsservices', namespace, 'immutable-svc', 90_000);
    const mark = await lastSeq();
    const changes: {
      id: string;
      plural: 'ecstaskdefinitions' | 'ecsservices';
      name: string;
      patch: object;
      field: string;
    }[] = [
      {
        id: 'td/family',
        plural: 'ecstaskdefinitions',
        name: 'immutable-td',
        patch: { spec: { family: 'other-family' } },
        field: 'family',
      },
      {
        id: 'td/region',
        plural: 'ecstaskdefinitions',
        name: 'immutable-td',
        patch: { spec: { region: 'eu-west-1' } },
        field: 'region',
      },
      {
        id: 'svc/cluster',
        plural: 'ecsservices',
        name: 'immutable-svc',
        patch: { spec: { cluster: 'other-cluster' } },
        field: 'cluster',
      },
      {
        id: 'svc/region',
        plural: 'ecsservices',
        name: 'immutable-svc',
        patch: { spec: { region: 'eu-west-1' } },
        field: 'region',
      },
      {
        id: 'svc/launch-type',
        plural: 'ecsservices',
        name: 'immutable-svc',
        patch: { spec: { launchType: 'FARGATE' } },
        field: 'launchType',
      },
      {
        id: 'svc/service-name',
        plural: 'ecsservices',
        name: 'immutable-svc',
        patch: { spec: { serviceName: 'renamed' } },
        field: 'serviceName',
      },
    ];
    const problems: string[] = [];
    for (const change of changes) {
      const kind = change.plural === 'ecsservices' ? 'ecsservice' : 'ecstaskdefinition';
      try {
        await kubectl([
          'patch',
          '-n',
          namespace,
          `${kind}/${change.name}`,
          '--type=merge',
          '-p',
          JSON.stringify(change.patch),
        ]);
        // Accepted: the controller must say so in a condition naming the field.
        const msg = await waitFor(
          async () => {
            const r = await getResource(change.plural, namespace, change.name);
            const m = problemMessage(r);
            return m !== undefined && m.includes(change.field) ? m : undefined;
          },
          { timeoutMs: 60_000, what: `a condition naming ${change.field} after ${change.id}` },
        ).catch((err: unknown) => `(none: ${String(err)})`);
        problems.push(`${change.id}: accepted by the API server; condition: ${msg}`);
      } catch (err) {
        const message = (err as Error).message;
        if (!message.includes(change.field))
          problems.push(`${change.id}: refusal does not name ${change.field}: ${message}`);
        extra.push(change.id);
      }
    }
    expect(problems).toEqual([]);
    expect(await awsWritesAfter(mark)).toEqual([]);
  });

  it('prunes or refuses a cross-namespace taskDefinitionRef and reports a dangling one', async () => {
    const other = await freshNamespace('faults-other');
    await apply(other, {
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsTaskDefinition',
      metadata: { name: 'elsewhere' },
      spec: { containerDefinitions: [{ name: 'app', image: 'busybox:1', memory: 64 }] },
    });
    const mark = await lastSeq();
    const svc = (name: string, ref: object): object => ({
      apiVersion: 'ecs-bridge.dev/v1alpha1',
      kind: 'EcsService',
      metadata: { name },
      spec: { cluster: BASE_CLUSTER, taskDefinitionRef: ref, desiredCount: 1, launchType: 'EC2' },
    });
    // As users apply: kubectl's strict field validation refuses the unknown field by name.
    await expect(
      apply(namespace, svc('cross-ns-strict', { name: 'elsewhere', namespace: other })),
    ).rejects.toThrow(/namespace/);
    // Without strict validation the API server prunes it: the reference stays in this namespace.
    await kubectl(
      ['apply', '-n', namespace, '--validate=false', '-f', '-'],
      JSON.stringify(svc('cross-ns-pruned', { name: 'elsewhere', namespace: other })),
    );
    const pruned = await getResource('ecsservices', namespace, 'cross-ns-pruned');
    expect(pruned?.spec.taskDefinitionRef).toEqual({ name: 'elsewhere' });
    await apply(namespace, svc('dangling', { name: 'no-such-task-definition' }));
    // A reference that resolves to nothing is "waiting" (Ready not True), with a message naming it.
    for (const [name, needle] of [
      ['cross-ns-pruned', 'elsewhere'],
      ['dangling', 'no-such-task-definition'],
    ] as const) {
      await waitFor(
        async () => {
          const ready = condition(await getResource('ecsservices', namespace, name), 'Ready');
          return ready !== undefined && ready.status !== 'True' && ready.message.includes(needle)
            ? ready.message
            : undefined;
        },
        { timeoutMs: 60_000, what: `${name} to report a condition naming ${needle}` },
      );
    }
    expect(await awsWritesAfter(mark)).toEqual([]);
    extra.push('cross-namespace-strict', 'cross-namespace-pruned', 'dangling');
  });

  it('the operator is still the same running, healthy process', async () => {
    expect(operator.process.isRunning()).toBe(true);
    const health = await fetch(`${operator.metricsUrl}/healthz`);
    expect(health.status).toBe(200);
    const rejected = outcomes.filter((o) => o.rejected !== undefined).length;
    const reported = outcomes.length - rejected;
    writeFigures({
      id: '06-bad-input',
      scenario: '6. Bad input',
      injected: `${outcomes.length} invalid manifests (wrong types, missing fields, bad enums, Fargate sizes, awsvpc hostPort, duplicates, oversized, hostile strings, names ECS refuses, non-ARN roles, bad references) + ${extra.length} immutable-change / reference cases`,
      times: outcomes.length + extra.length,
      outcome: `${rejected} refused by the API server naming the field, ${reported} accepted and reported in a condition naming the field; 0 AWS writes; operator alive, /healthz 200, 0 restarts`,
    });
  });
});

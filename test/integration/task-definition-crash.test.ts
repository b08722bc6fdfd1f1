/**
 * An operator killed (SIGKILL) between RegisterTaskDefinition and the status write, then started
 * again: the revision it registered is found by its tags and adopted, never registered twice.
 *
 * The kill is made deterministic with a proxy `latency` rule: the operator's call is held at the
 * proxy, the test sees the rule fire (the call is in flight), kills the operator, and the proxy then
 * forwards the held call to moto anyway, so AWS holds a revision the dead operator never recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../../src/resources/api-group.js';
import { waitFor } from '../world/wait.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, getResource, waitForResource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  describeInMoto,
  fargateSpec,
  reconcileTotal,
  registrations,
  revisionOf,
  revisionsInMoto,
  taskDefinition,
} from '../support/task-definitions.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';

const PLURAL = 'ecstaskdefinitions';
const HOLD_MS = 6_000;

describe('EcsTaskDefinition: the operator killed right after a registration', () => {
  let operator: OperatorProcess | undefined;
  let ns: string;

  const start = async (): Promise<OperatorProcess> =>
    startOperator({
      args: [
        `--namespaces=${ns}`,
        `--leader-election-namespace=${ns}`,
        // A dead leader's lease expires quickly, so the restarted operator takes over in seconds.
        '--lease-duration=4s',
        '--renew-deadline=3s',
        '--retry-period=1s',
        '--resync-period=2s',
      ],
    });

  /** Holds the next call of `action` at the proxy, waits until the operator made it, kills the operator. */
  const killDuring = async (action: string, then: () => Promise<unknown>): Promise<void> => {
    const proxy = proxyControl();
    const rule = await proxy.addRule({
      service: 'ecs',
      action,
      times: 1,
      description: `hold ${action} while the operator is killed`,
      fault: { kind: 'latency', ms: HOLD_MS },
    });
    await then();
    await waitFor(
      async () => ((await proxy.listRules()).find((r) => r.id === rule.id)?.hits === 1 ? true : undefined),
      { timeoutMs: 60_000, intervalMs: 20, what: `the operator's ${action} to reach the proxy` },
    );
    await operator?.kill();
    operator = undefined;
  };

  const waitForRevision = (name: string, revision: number) =>
    waitForResource(
      PLURAL,
      ns,
      name,
      (r) => condition(r, 'Ready')?.status === 'True' && r.status?.['revision'] === revision,
      { what: `to be Ready on revision ${revision}` },
    );

  /** Waits for `n` more reconciles of the running operator (resyncs), then the caller checks counts. */
  const waitForReconciles = async (n: number): Promise<void> => {
    const running = operator;
    if (running === undefined) throw new Error('no operator running');
    const from = await reconcileTotal(running);
    await waitFor(async () => ((await reconcileTotal(running)) >= from + n ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: `${n} more reconciles`,
    });
  };

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    ns = await freshNamespace('td-crash');
    operator = await start();
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('changes nothing across a graceful restart: no registration, no status write', async () => {
    await apply(ns, taskDefinition('steady', fargateSpec('httpd:2.4')));
    const before = await waitForRevision('steady', 1);

    // The new process starts with an empty revision cache: it describes the revision afresh and
    // must arrive at the very status the first process wrote from RegisterTaskDefinition's answer.
    await operator?.stop();
    operator = await start();
    await waitForReconciles(3);
    expect(await registrations('steady')).toBe(1);
    expect((await getResource(PLURAL, ns, 'steady'))?.metadata.resourceVersion).toBe(
      before.metadata.resourceVersion,
    );
  });

  it('adopts the revision a killed operator registered on create: no duplicate, status converges', async () => {
    await killDuring('RegisterTaskDefinition', () =>
      apply(ns, taskDefinition('crash', fargateSpec('httpd:2.4'))),
    );

    // The held call reaches moto after the kill: AWS has the revision, status does not.
    await waitFor(async () => ((await registrations('crash')) === 1 ? true : undefined), {
      timeoutMs: HOLD_MS + 30_000,
      what: 'the held RegisterTaskDefinition to reach moto',
    });
    const [arn] = await revisionsInMoto('crash');
    expect(arn).toMatch(/:task-definition\/crash:1$/);
    expect((await describeInMoto(arn ?? ''))?.tags).toMatchObject({
      [TAG_KEYS.owner]: `${ns}/crash`,
      [TAG_KEYS.instance]: 'default',
    });
    const orphaned = await getResource(PLURAL, ns, 'crash');
    expect(orphaned?.status?.['taskDefinitionArn']).toBeUndefined();
    expect(condition(orphaned, 'Ready')?.status).not.toBe('True');

    operator = await start();
    const ready = await waitForRevision('crash', 1);
    expect(ready.status?.['taskDefinitionArn']).toBe(arn);
    expect(ready.status?.['specHash']).toBe((await describeInMoto(arn ?? ''))?.tags[TAG_KEYS.specHash]);

    await waitForReconciles(3);
    expect(await registrations('crash')).toBe(1);
    expect(await revisionsInMoto('crash')).toEqual([arn]);
  });

  it('adopts the new revision when killed after registering it, during garbage collection', async () => {
    const spec = (image: string) => fargateSpec(image, { revisionHistoryLimit: 0 });
    await apply(ns, taskDefinition('crash-gc', spec('httpd:2.4')));
    await waitForRevision('crash-gc', 1);

    // The image change registers crash-gc:2, then deregisters crash-gc:1 (history limit 0) before
    // writing status: killed during that deregistration, status still names revision 1.
    await killDuring('DeregisterTaskDefinition', () =>
      apply(ns, taskDefinition('crash-gc', spec('httpd:2.4.62'))),
    );
    expect(await registrations('crash-gc')).toBe(2);
    const stale = await getResource(PLURAL, ns, 'crash-gc');
    expect(stale?.metadata.generation).toBe(2);
    expect(stale?.status?.observedGeneration).toBe(1);
    expect(stale?.status?.['revision']).toBe(1);

    operator = await start();
    const ready = await waitForRevision('crash-gc', 2);
    expect(revisionOf(String(ready.status?.['taskDefinitionArn']))).toBe(2);
    await waitForReconciles(3);
    expect(await registrations('crash-gc')).toBe(2);
    expect((await revisionsInMoto('crash-gc')).map(revisionOf)).toEqual([2]);
  });
});

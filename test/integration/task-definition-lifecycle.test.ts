/**
 * The EcsTaskDefinition lifecycle with the operator running as users run it (`ecs-bridge run`),
 * against the real API server and moto behind the counting proxy: one registration per real change
 * and none per resync, status that follows, the history limit, and deletion with each policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../../src/resources/api-group.js';
import { waitFor } from '../world/wait.js';
import { installCrds, kubectl } from '../support/crds.js';
import {
  apply,
  condition,
  getResource,
  waitForGone,
  waitForResource,
  waitForReady,
} from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import {
  describeInMoto,
  familyCalls,
  fargateSpec,
  lastSeq,
  reconcileTotal,
  recordVersions,
  registerForeignRevision,
  registrations,
  revisionOf,
  revisionsInMoto,
  taskDefinition,
  writes,
} from '../support/task-definitions.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';

const PLURAL = 'ecstaskdefinitions';

describe('EcsTaskDefinition lifecycle under ecs-bridge run', () => {
  let operator: OperatorProcess;
  let ns: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    ns = await freshNamespace('td-life');
    operator = await startOperator({
      args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`, '--resync-period=2s'],
    });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  /** Waits until the object is Ready on revision `revision` of its family. */
  const waitForRevision = (name: string, revision: number) =>
    waitForResource(
      PLURAL,
      ns,
      name,
      (r) => condition(r, 'Ready')?.status === 'True' && r.status?.['revision'] === revision,
      { what: `to be Ready on revision ${revision}` },
    );

  it('registers exactly one revision on create, tagged as ours, and reports it in status', async () => {
    const versions = await recordVersions(ns, 'web');
    await apply(ns, taskDefinition('web', fargateSpec('httpd:2.4')));
    const ready = await waitForReady(PLURAL, ns, 'web');
    // The controller comes back at once (its own first write made the key dirty), often before its
    // informer has seen its last write: that visit must not write again.
    const reconciles = await reconcileTotal(operator);
    await waitFor(async () => ((await reconcileTotal(operator)) >= reconciles + 2 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: '2 more reconciles',
    });
    versions.stop();
    // Created; the finalizer; Reconciling=True with Ready=Unknown; Ready=True. Nothing after.
    expect(versions.versions.map((v) => condition(v, 'Ready')?.status)).toEqual([
      undefined,
      undefined,
      'Unknown',
      'True',
    ]);
    expect(versions.versions.at(-1)?.metadata.resourceVersion).toBe(ready.metadata.resourceVersion);

    expect(await registrations('web')).toBe(1);
    const status = ready.status ?? {};
    expect(status['family']).toBe('web');
    expect(status['revision']).toBe(1);
    expect(status['taskDefinitionArn']).toMatch(/:task-definition\/web:1$/);
    expect(status['specHash']).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(status.observedGeneration).toBe(ready.metadata.generation);
    expect(condition(ready, 'Ready')).toMatchObject({ status: 'True', reason: 'UpToDate' });
    expect(condition(ready, 'Reconciling')?.status).toBe('False');
    expect(condition(ready, 'Stalled')?.status).toBe('False');
    expect(ready.metadata.finalizers).toContain('ecs-bridge.dev/finalizer');

    const inMoto = await describeInMoto(String(status['taskDefinitionArn']));
    expect(inMoto?.status).toBe('ACTIVE');
    expect(inMoto?.tags).toMatchObject({
      [TAG_KEYS.owner]: `${ns}/web`,
      [TAG_KEYS.instance]: 'default',
      [TAG_KEYS.specHash]: status['specHash'],
    });
  });

  it('makes no AWS write and no status write across many resyncs without a change', async () => {
    const before = await getResource(PLURAL, ns, 'web');
    const versions = await recordVersions(ns, 'web');
    const seq = await lastSeq();
    const reconciles = await reconcileTotal(operator);
    try {
      // Proof that resyncs happened and read ECS: the controller reconciled at least 5 more times,
      // and ACTIVE revisions were listed again at least twice (the family's own listing, or the
      // shared Region listing that answers it, never older than the 2 s resync period: ADR 0029).
      await waitFor(
        async () => {
          const lists = await proxyControl().calls({
            service: 'ecs',
            action: 'ListTaskDefinitions',
            afterSeq: seq,
          });
          return (await reconcileTotal(operator)) >= reconciles + 5 && lists.length >= 2 ? true : undefined;
        },
        { timeoutMs: 60_000, intervalMs: 500, what: '5 resyncs of web' },
      );
      const after = await getResource(PLURAL, ns, 'web');
      expect(after?.metadata.resourceVersion).toBe(before?.metadata.resourceVersion);
      // The watch saw the object once (its initial ADDED) and no write after it.
      expect(versions.versions.map((v) => v.metadata.resourceVersion)).toEqual([
        before?.metadata.resourceVersion,
      ]);
      expect((await writes('web')).filter((c) => c.seq > seq)).toEqual([]);
      expect(await registrations('web')).toBe(1);
    } finally {
      versions.stop();
    }
  });

  it('registers exactly one new revision when the image changes, and status follows', async () => {
    const before = await getResource(PLURAL, ns, 'web');
    await apply(ns, taskDefinition('web', fargateSpec('httpd:2.4.62')));
    const ready = await waitForRevision('web', 2);

    expect(await registrations('web')).toBe(2);
    const status = ready.status ?? {};
    expect(status['taskDefinitionArn']).toMatch(/:task-definition\/web:2$/);
    expect(status['taskDefinitionArn']).not.toBe(before?.status?.['taskDefinitionArn']);
    expect(status['specHash']).not.toBe(before?.status?.['specHash']);
    expect(status.observedGeneration).toBe(2);
    expect((status['revisions'] as { revision: number }[]).map((r) => r.revision)).toEqual([2, 1]);
    expect((await describeInMoto(String(status['taskDefinitionArn'])))?.image).toBe('httpd:2.4.62');
    // Within the default history limit (10) the previous revision stays ACTIVE.
    expect(await revisionsInMoto('web')).toHaveLength(2);

    // And it stays at two across further resyncs.
    const reconciles = await reconcileTotal(operator);
    await waitFor(async () => ((await reconcileTotal(operator)) >= reconciles + 2 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 500,
      what: '2 more resyncs',
    });
    expect(await registrations('web')).toBe(2);
  });

  it('registers nothing for an edit that means the same, and only re-tags on a tag change', async () => {
    const env = (names: readonly string[]) => names.map((name) => ({ name, value: `${name}-value` }));
    const spec = (container: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      fargateSpec('httpd:2.4', {
        containerDefinitions: [{ name: 'app', image: 'httpd:2.4', ...container }],
        tags: [{ key: 'team', value: 'web' }],
        ...extra,
      });
    await apply(
      ns,
      taskDefinition(
        'same',
        spec({ portMappings: [{ containerPort: 80 }], environment: env(['A', 'B', 'C']) }),
      ),
    );
    const first = await waitForRevision('same', 1);

    // Environment reordered, AWS's defaults spelled out: a new generation, the same task definition.
    await apply(
      ns,
      taskDefinition(
        'same',
        spec({
          essential: true,
          portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
          environment: env(['C', 'A', 'B']),
        }),
      ),
    );
    const same = await waitForRevision('same', 1);
    expect(same.metadata.generation).toBe(2);
    expect(same.status?.['specHash']).toBe(first.status?.['specHash']);
    expect(await registrations('same')).toBe(1);

    // A tag change re-tags the current revision: no registration.
    await apply(
      ns,
      taskDefinition(
        'same',
        spec(
          { portMappings: [{ containerPort: 80 }], environment: env(['A', 'B', 'C']) },
          {
            tags: [
              { key: 'team', value: 'platform' },
              { key: 'tier', value: 'front' },
            ],
          },
        ),
      ),
    );
    const retagged = await waitForRevision('same', 1);
    expect(retagged.metadata.generation).toBe(3);
    expect(await registrations('same')).toBe(1);
    expect((await describeInMoto(String(retagged.status?.['taskDefinitionArn'])))?.tags).toMatchObject({
      team: 'platform',
      tier: 'front',
      [TAG_KEYS.owner]: `${ns}/same`,
      [TAG_KEYS.specHash]: first.status?.['specHash'],
    });
  });

  it('honours revisionHistoryLimit and never touches a revision it did not register', async () => {
    const foreign = await registerForeignRevision('hist');
    expect(revisionOf(foreign)).toBe(1);
    const spec = (image: string) => fargateSpec(image, { revisionHistoryLimit: 2 });

    await apply(ns, taskDefinition('hist', spec('nginx:1.25.0')));
    await waitForRevision('hist', 2);
    for (const [i, image] of ['nginx:1.25.1', 'nginx:1.25.2', 'nginx:1.25.3', 'nginx:1.25.4'].entries()) {
      await apply(ns, taskDefinition('hist', spec(image)));
      await waitForRevision('hist', 3 + i);
    }
    // The last change's garbage collection runs in the same reconcile as its registration, before
    // status is written: by now it is done.
    const arn = (revision: number) => foreign.replace(/:1$/, `:${revision}`);
    expect(await registrations('hist')).toBe(5);
    expect(await revisionsInMoto('hist')).toEqual([foreign, arn(4), arn(5), arn(6)]);

    const deregistered = await familyCalls('hist', {
      action: 'DeregisterTaskDefinition',
      outcome: 'forwarded',
    });
    expect(deregistered.map((c) => (c.params as { taskDefinition: string }).taskDefinition).sort()).toEqual([
      arn(2),
      arn(3),
    ]);
    const deleted = await familyCalls('hist', { action: 'DeleteTaskDefinitions', outcome: 'forwarded' });
    expect(
      deleted.flatMap((c) => (c.params as { taskDefinitions: string[] }).taskDefinitions).sort(),
    ).toEqual([arn(2), arn(3)]);
    expect(await describeInMoto(arn(2))).toBeUndefined();
    expect(await describeInMoto(arn(3))).toBeUndefined();
    expect(await describeInMoto(foreign)).toMatchObject({ status: 'ACTIVE', tags: { team: 'someone-else' } });

    const status = (await getResource(PLURAL, ns, 'hist'))?.status ?? {};
    expect(status['taskDefinitionArn']).toBe(arn(6));
    expect((status['revisions'] as { revision: number }[]).map((r) => r.revision)).toEqual([6, 5, 4]);
  });

  it('deletionPolicy Delete deregisters its own revisions, leaves others, and lets the object go', async () => {
    const foreign = await registerForeignRevision('doomed');
    await apply(ns, taskDefinition('doomed', fargateSpec('httpd:2.4')));
    await waitForRevision('doomed', 2);
    await apply(ns, taskDefinition('doomed', fargateSpec('httpd:2.4.62')));
    await waitForRevision('doomed', 3);
    const arn = (revision: number) => foreign.replace(/:1$/, `:${revision}`);

    await kubectl(['delete', '-n', ns, 'ecstd/doomed', '--wait=false']);
    await waitForGone(PLURAL, ns, 'doomed');

    expect(await revisionsInMoto('doomed')).toEqual([foreign]);
    const deregistered = await familyCalls('doomed', {
      action: 'DeregisterTaskDefinition',
      outcome: 'forwarded',
    });
    expect(deregistered.map((c) => (c.params as { taskDefinition: string }).taskDefinition).sort()).toEqual([
      arn(2),
      arn(3),
    ]);
    expect(await describeInMoto(arn(2))).toBeUndefined();
    expect(await describeInMoto(arn(3))).toBeUndefined();
    expect((await describeInMoto(foreign))?.status).toBe('ACTIVE');
  });

  it('deletionPolicy Retain leaves every revision ACTIVE and lets the object go', async () => {
    await apply(ns, taskDefinition('kept', fargateSpec('httpd:2.4', { deletionPolicy: 'Retain' })));
    await waitForRevision('kept', 1);
    await apply(ns, taskDefinition('kept', fargateSpec('httpd:2.4.62', { deletionPolicy: 'Retain' })));
    const ready = await waitForRevision('kept', 2);

    await kubectl(['delete', '-n', ns, 'ecstd/kept', '--wait=false']);
    await waitForGone(PLURAL, ns, 'kept');

    const active = await revisionsInMoto('kept');
    expect(active.map(revisionOf)).toEqual([1, 2]);
    expect(active).toContain(ready.status?.['taskDefinitionArn']);
    expect(
      (await writes('kept')).filter((c) => c.action !== 'RegisterTaskDefinition').map((c) => c.action),
    ).toEqual([]);
  });
});

/**
 * An operator restart over K task definitions: the new process, its revision cache empty, knows
 * every revision it registered from one shared GetResources listing of their tags (ADR 0051), so
 * it describes none of them, writes nothing, and leaves every status as it was.
 *
 * GetResources cuts a page at `TagsPerPage` tags as well as at `ResourcesPerPage` resources; the
 * operator asks for 500 tags, so revisions of about five tags are paged by the hundred, on moto
 * 5.2.1 as on AWS: ceil(K / 100) pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../world/wait.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, getResource, waitForResource } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { fargateSpec, lastSeq, reconcileTotal, taskDefinition } from '../support/task-definitions.js';
import { freshNamespace, proxyControl, worldControl } from '../support/world-client.js';

const PLURAL = 'ecstaskdefinitions';
const K = 15;
const WRITES = new Set([
  'RegisterTaskDefinition',
  'DeregisterTaskDefinition',
  'DeleteTaskDefinitions',
  'TagResource',
  'UntagResource',
]);

describe('EcsTaskDefinition: a restart reads its revisions tags in bulk', () => {
  let operator: OperatorProcess | undefined;
  let ns: string;
  const names = Array.from({ length: K }, (_, i) => `td-${i}`);

  const start = async (): Promise<OperatorProcess> =>
    startOperator({
      args: [
        `--namespaces=${ns}`,
        `--leader-election-namespace=${ns}`,
        // Its own instance: the listing holds this test's revisions only, whatever else moto holds.
        `--instance-id=${ns}`,
        '--resync-period=30s',
      ],
    });

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    ns = await freshNamespace('td-restart');
    operator = await start();
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('describes none of its own K revisions after a restart: ceil(K / 100) GetResources, no write', async () => {
    for (const [i, name] of names.entries()) {
      await apply(
        ns,
        taskDefinition(name, fargateSpec(`httpd:2.4.${i}`, { tags: [{ key: 'team', value: 'web' }] })),
      );
    }
    const ready = await Promise.all(
      names.map((name) =>
        waitForResource(PLURAL, ns, name, (r) => condition(r, 'Ready')?.status === 'True', {
          what: 'to be Ready',
        }),
      ),
    );
    const arns = new Set(ready.map((r) => String(r.status?.['taskDefinitionArn'])));
    expect(arns.size).toBe(K);

    await operator?.stop();
    // As the first process left them (read once it stopped, so no late write of its own counts).
    const stopped = await Promise.all(names.map((name) => getResource(PLURAL, ns, name)));
    const from = await lastSeq();
    operator = await start();
    const running = operator;
    await waitFor(async () => ((await reconcileTotal(running)) >= K ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: `${K} reconciles of the restarted operator`,
    });

    const calls = await proxyControl().calls({ afterSeq: from });
    const describes = calls.filter((c) => c.action === 'DescribeTaskDefinition');
    const ownDescribed = describes.filter((c) =>
      [...arns].some((arn) => JSON.stringify(c.params).includes(arn)),
    );
    expect(ownDescribed).toEqual([]);
    const pages = calls.filter((c) => c.service === 'tagging' && c.action === 'GetResources');
    expect(pages.map((c) => c.outcome)).toEqual(
      Array.from({ length: Math.ceil(K / 100) }, () => 'forwarded'),
    );
    expect(pages[0]?.params).toMatchObject({
      ResourceTypeFilters: ['ecs:task-definition'],
      TagFilters: [{ Key: 'ecs-bridge.dev/instance', Values: [ns] }],
      ResourcesPerPage: 100,
      TagsPerPage: 500,
    });
    expect(calls.filter((c) => WRITES.has(c.action))).toEqual([]);
    // Nothing to write either: every status is the one the first process wrote.
    const now = await Promise.all(names.map((name) => getResource(PLURAL, ns, name)));
    expect(now.map((r) => r?.metadata.resourceVersion)).toEqual(
      stopped.map((r) => r?.metadata.resourceVersion),
    );
  });
});

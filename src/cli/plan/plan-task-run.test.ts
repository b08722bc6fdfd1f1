import { describe, expect, it } from 'vitest';
import { API_GROUP_VERSION } from '../../resources/api-group.js';
import type { EcsTaskRun } from '../../resources/task-run/types.js';
import { encodeRunVerdict, RUN_VERDICT_ANNOTATION } from '../../resources/task-run/verdict-record.js';
import { parseManifestText, type TaskRunManifest } from '../manifests.js';
import type { ReadOnlyAws } from '../read-only-aws.js';
import { buildPlan } from './build-plan.js';
import { planExitCode } from './plan-model.js';
import { kubeRunLookup } from '../plan-command.js';
import { planTaskRunEntry, type RunLookup } from './plan-task-run.js';

const MANIFEST = `apiVersion: ${API_GROUP_VERSION}
kind: EcsTaskRun
metadata:
  name: migrate-42
  namespace: shop
spec:
  cluster: demo
  taskDefinition: migrate:3
  launchType: FARGATE
  count: 2
`;

function manifest(): TaskRunManifest {
  const [m] = parseManifestText(MANIFEST, 'migrate.yaml', 'default').objects;
  if (m?.kind !== 'EcsTaskRun') throw new Error('not read as an EcsTaskRun');
  return m;
}

function inCluster(annotation?: string): EcsTaskRun {
  return {
    ...manifest().obj,
    metadata: {
      name: 'migrate-42',
      namespace: 'shop',
      uid: 'u-42',
      ...(annotation === undefined ? {} : { annotations: { [RUN_VERDICT_ANNOTATION]: annotation } }),
    },
  };
}

describe('plan of an EcsTaskRun', () => {
  it('would start count tasks of a run the cluster does not hold', () => {
    const entry = planTaskRunEntry(manifest(), { kind: 'absent' }, 'us-east-1');
    expect(entry).toMatchObject({
      kind: 'EcsTaskRun',
      namespace: 'shop',
      name: 'migrate-42',
      region: 'us-east-1',
      verdict: 'create',
      summary: 'would start 2 task(s) of migrate:3 in cluster demo',
      notes: [],
    });
    expect(entry.operations.map((o) => `${o.symbol} ${o.call}`)).toEqual(['+ RunTask']);
    expect(planExitCode([entry])).toBe(2);
  });

  it('says a run the cluster holds already ran, with its verdict, and starts nothing', () => {
    const record = encodeRunVerdict({
      verdict: 'Failed',
      uid: 'u-42',
      reason: 'BackoffLimitExceeded',
      message: 'm',
      succeeded: 1,
      failed: 2,
      completionTime: '2026-12-06T01:00:00Z',
    });
    const entry = planTaskRunEntry(manifest(), { kind: 'present', obj: inCluster(record) }, 'us-east-1');
    expect(entry.verdict).toBe('nothing');
    expect(entry.summary).toBe(
      'already ran (Failed: BackoffLimitExceeded, 1 succeeded, 2 failed, finished 2026-12-06T01:00:00Z); applying starts nothing',
    );
    expect(entry.operations).toEqual([]);
    expect(planExitCode([entry])).toBe(0);
    // A record copied from another object (another uid) is not this run's verdict.
    const copied = record.replace('u-42', 'u-other');
    const running = planTaskRunEntry(manifest(), { kind: 'present', obj: inCluster(copied) }, 'us-east-1');
    expect(running.summary).toMatch(/^already in the cluster and not finished/);
    expect(running.verdict).toBe('nothing');
  });

  it('says what it cannot know when the cluster cannot be read, and refuses bad input', () => {
    const unknown = planTaskRunEntry(manifest(), { kind: 'unknown', why: 'no kubeconfig' }, 'us-east-1');
    expect(unknown.verdict).toBe('create');
    expect(unknown.notes).toEqual([
      'could not read the cluster (no kubeconfig): if an EcsTaskRun shop/migrate-42 exists there, it already ran and applying starts nothing',
    ]);
    const bad = manifest();
    const invalid = planTaskRunEntry(
      { ...bad, obj: { ...bad.obj, spec: { ...bad.obj.spec, count: 11 } } },
      { kind: 'absent' },
      'us-east-1',
    );
    expect(invalid.verdict).toBe('invalid');
    expect(invalid.summary).toMatch(/count/);
  });

  it('is planned by buildPlan through the lookup, with no AWS call', async () => {
    const asked: string[] = [];
    const runs: RunLookup = (namespace, name) => {
      asked.push(`${namespace}/${name}`);
      return Promise.resolve({ kind: 'absent' });
    };
    const aws = (() => {
      throw new Error('a run is not planned from AWS');
    }) as unknown as ReadOnlyAws;
    const entries = await buildPlan(
      { objects: [manifest()], skipped: [] },
      { aws, instanceId: 'default', defaultRegion: 'us-east-1', runs },
    );
    expect(asked).toEqual(['shop/migrate-42']);
    expect(entries.map((e) => `${e.kind} ${e.verdict}`)).toEqual(['EcsTaskRun create']);
  });
});

describe('kubeRunLookup', () => {
  it('answers unknown with the reason when there is no cluster to read, and asks no more', async () => {
    let made = 0;
    const lookup = kubeRunLookup(() => {
      made++;
      throw new Error('no kubeconfig found\nsecond line');
    });
    expect(await lookup('shop', 'a')).toEqual({ kind: 'unknown', why: 'no kubeconfig found' });
    expect(await lookup('shop', 'b')).toEqual({ kind: 'unknown', why: 'no kubeconfig found' });
    expect(made).toBe(1);
  });
});

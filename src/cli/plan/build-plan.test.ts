import type { RegisterTaskDefinitionCommandInput, Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { buildPlan } from './build-plan.js';
import {
  describedService,
  ownedTags,
  REGION,
  serviceManifest,
  taskDefinitionManifest,
} from '../testing/fixtures.js';
import type { ManifestSet, OurManifest } from '../manifests.js';
import { readOnlyAutoscalingApi, readOnlyEcsApi, type ReadOnlyAws } from '../read-only-aws.js';
import { TAG_KEYS } from '../../resources/api-group.js';
import { FakeAwsAutoscaling } from '../../resources/autoscaling/testing/fake-apis.js';
import { desiredTaskDefinition, registerInput } from '../../resources/task-definition/desired.js';
import { awsError, FakeEcs } from '../../resources/task-definition/testing/fake-ecs.js';

interface World {
  readonly ecs: FakeEcs;
  readonly scaling: FakeAwsAutoscaling;
  readonly services: Map<string, Service>;
  readonly aws: ReadOnlyAws;
  describeError?: Error;
}

function world(): World {
  const w: World = {
    ecs: new FakeEcs(),
    scaling: new FakeAwsAutoscaling(),
    services: new Map(),
    aws: (region) => ({
      region,
      ecs: readOnlyEcsApi(w.ecs),
      describeService: (_cluster, name) =>
        w.describeError !== undefined
          ? Promise.reject(w.describeError)
          : Promise.resolve(w.services.get(name)),
      autoscaling: readOnlyAutoscalingApi(w.scaling),
      loadBalancing: w.scaling,
    }),
  };
  return w;
}

const TD = taskDefinitionManifest('web', { family: 'web', requiresCompatibilities: ['EC2'] });
const SVC = serviceManifest('web', {
  taskDefinitionRef: { name: 'web' },
  desiredCount: 1,
  launchType: 'EC2',
});

/** Registers what the operator would have registered for `manifest` (its tags included). */
async function registerAsOperator(
  w: World,
  manifest: typeof TD,
  change?: Partial<RegisterTaskDefinitionCommandInput>,
): Promise<string> {
  const input = { ...registerInput(desiredTaskDefinition(manifest.obj, 'default')), ...change };
  const answer = await w.ecs.registerTaskDefinition(input);
  return answer.taskDefinition.taskDefinitionArn ?? '';
}

function set(...objects: OurManifest[]): ManifestSet {
  return { objects, skipped: [] };
}

function plan(
  w: World,
  manifests: ManifestSet,
  options: { defaultRegion?: string } = { defaultRegion: REGION },
) {
  return buildPlan(manifests, { aws: w.aws, instanceId: 'default', defaultRegion: options.defaultRegion });
}

describe('buildPlan', () => {
  it('plans a new service onto the revision its task definition would register, in manifest order', async () => {
    const w = world();
    const entries = await plan(w, set(SVC, TD));
    expect(entries.map((e) => `${e.kind}:${e.verdict}`)).toEqual([
      'EcsService:create',
      'EcsTaskDefinition:create',
    ]);
    expect(entries[0]?.operations[0]?.changes).toContainEqual({
      path: 'taskDefinition',
      after: 'web:<next>',
    });
  });

  it('finds nothing to do when AWS matches, with reads only', async () => {
    const w = world();
    const arn = await registerAsOperator(w, TD);
    w.services.set(
      'web',
      describedService('web', {
        taskDefinition: arn,
        launchType: 'EC2',
        networkConfiguration: undefined,
        tags: ownedTags('team-a', 'web'),
      }),
    );
    w.ecs.resetCalls();
    const entries = await plan(w, set(TD, SVC));
    expect(entries.map((e) => e.verdict)).toEqual(['nothing', 'nothing']);
    expect(
      w.ecs.calls.RegisterTaskDefinition + w.ecs.calls.TagResource + w.ecs.calls.DeregisterTaskDefinition,
    ).toBe(0);
    expect(w.scaling.writes()).toEqual([]);
  });

  it('resolves a reference missing from the manifests to the newest revision the object owns in AWS', async () => {
    const w = world();
    await registerAsOperator(w, TD);
    const newer = await registerAsOperator(w, TD, {
      containerDefinitions: [{ name: 'app', image: 'httpd:2.5' }],
    });
    const entries = await plan(w, set(SVC));
    expect(entries[0]?.notes.join(' ')).toContain('assuming its newest revision in AWS, web:2');
    expect(entries[0]?.operations[0]?.changes).toContainEqual({ path: 'taskDefinition', after: 'web:2' });
    expect(newer).toContain('web:2');
  });

  it('reports a reference that resolves nowhere', async () => {
    const entries = await plan(world(), set(SVC));
    expect(entries[0]).toMatchObject({ verdict: 'error' });
    expect(entries[0]?.summary).toContain('add its manifest with -f');
  });

  it('fails only the object whose AWS read failed, with the fix', async () => {
    const w = world();
    w.describeError = awsError('ClusterNotFoundException', 'Cluster not found.');
    const entries = await plan(w, set(TD, SVC));
    expect(entries.map((e) => e.verdict)).toEqual(['create', 'error']);
    expect(entries[1]?.summary).toContain(
      'ECS cluster demo not found in us-east-1; fix: check the cluster name',
    );
  });

  it('needs a Region for objects without spec.region', async () => {
    const entries = await plan(
      world(),
      set(TD, serviceManifest('x', { taskDefinition: 'x:1', region: REGION })),
      {},
    );
    expect(entries[0]).toMatchObject({
      verdict: 'error',
      summary: 'no AWS Region for this object; fix: pass --region, set AWS_REGION, or set spec.region',
    });
    expect(entries[1]?.verdict).toBe('create');
  });

  it('never plans to collect a revision a service still runs', async () => {
    const w = world();
    const old = await registerAsOperator(w, TD, {
      containerDefinitions: [{ name: 'app', image: 'httpd:2.3' }],
    });
    await registerAsOperator(w, TD);
    w.services.set(
      'web',
      describedService('web', {
        taskDefinition: old,
        launchType: 'EC2',
        networkConfiguration: undefined,
        tags: ownedTags('team-a', 'web'),
      }),
    );
    const limited = taskDefinitionManifest('web', { ...TD.obj.spec, revisionHistoryLimit: 0 });
    const entries = await plan(w, set(limited, SVC));
    expect(entries[0]?.operations.map((o) => o.call)).toEqual([]);
    expect(entries[1]?.operations[0]?.changes).toEqual([
      { path: 'taskDefinition', before: 'web:1', after: 'web:2' },
    ]);
  });

  it('tells revisions of another owner apart by their tags', async () => {
    const w = world();
    await w.ecs.registerTaskDefinition({
      ...registerInput(desiredTaskDefinition(TD.obj, 'default')),
      tags: [
        { key: TAG_KEYS.owner, value: 'team-b/web' },
        { key: TAG_KEYS.instance, value: 'default' },
      ],
    });
    const entries = await plan(w, set(TD));
    expect(entries[0]?.verdict).toBe('create');
  });
});

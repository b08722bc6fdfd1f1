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
import {
  readOnlyAutoscalingApi,
  readOnlyClusterApi,
  readOnlyEcsApi,
  readOnlyTriggerApis,
  type ReadOnlyAws,
} from '../read-only-aws.js';
import { FakeTriggerAws } from '../testing/fake-trigger-aws.js';
import type { Cluster } from '@aws-sdk/client-ecs';
import type { EcsClusterApi } from '../../aws/ecs-cluster-api.js';
import type { ClusterManifest, ServiceManifest } from '../manifests.js';
import type { EcsClusterSpec } from '../../resources/cluster/types.js';
import { API_GROUP_VERSION } from '../../resources/api-group.js';
import { TAG_KEYS } from '../../resources/api-group.js';
import { FakeAwsAutoscaling } from '../../resources/autoscaling/testing/fake-apis.js';
import { desiredTaskDefinition, registerInput } from '../../resources/task-definition/desired.js';
import { awsError, FakeEcs } from '../../aws/testing/fake-ecs.js';

interface World {
  readonly ecs: FakeEcs;
  /** ECS clusters by `region/name`, as DescribeClusters (with tags) answers them. */
  readonly clusters: Map<string, Cluster>;
  /** `region/cluster/service` of every service described. */
  readonly describedIn: string[];
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
    clusters: new Map(),
    describedIn: [],
    aws: (region) => ({
      region,
      ecs: readOnlyEcsApi(w.ecs),
      describeService: (cluster, name) => {
        w.describedIn.push(`${region}/${cluster}/${name}`);
        return w.describeError !== undefined
          ? Promise.reject(w.describeError)
          : Promise.resolve(w.services.get(name));
      },
      autoscaling: readOnlyAutoscalingApi(w.scaling),
      clusters: readOnlyClusterApi(clusterApi(w, region)),
      loadBalancing: w.scaling,
      alarms: { describeAlarms: () => Promise.resolve([]) },
      triggers: readOnlyTriggerApis(new FakeTriggerAws().apis),
    }),
  };
  return w;
}

/** Reads from `w.clusters`; the plan must never write (the read-only view refuses before this). */
function clusterApi(w: World, region: string): EcsClusterApi {
  const never = (): Promise<never> => Promise.reject(new Error('a write reached the fake'));
  return {
    describeCluster: (name) => {
      const c = w.clusters.get(`${region}/${name}`);
      return Promise.resolve({ clusters: c === undefined ? [] : [c], failures: [] });
    },
    servicesIn: () => Promise.resolve([]),
    describeCapacityProviders: () => Promise.resolve({ capacityProviders: [], failures: [] }),
    createCluster: never,
    createCapacityProvider: never,
    updateCapacityProvider: never,
    deleteCapacityProvider: never,
    updateCluster: never,
    putClusterCapacityProviders: never,
    deleteCluster: never,
  };
}

function clusterManifest(name: string, spec: EcsClusterSpec, ns = 'team-a'): ClusterManifest {
  return {
    kind: 'EcsCluster',
    source: `${name}-cluster.yaml#1`,
    obj: { apiVersion: API_GROUP_VERSION, kind: 'EcsCluster', metadata: { name, namespace: ns }, spec },
  };
}

/** An ACTIVE ECS cluster as DescribeClusters answers it, made by the operator for team-a/`object`. */
function ourCluster(name: string, object: string, fields: Partial<Cluster> = {}): Cluster {
  return {
    clusterArn: `arn:aws:ecs:${REGION}:123456789012:cluster/${name}`,
    clusterName: name,
    status: 'ACTIVE',
    tags: ownedTags('team-a', object),
    ...fields,
  };
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
      w.ecs.count('registerTaskDefinition') +
        w.ecs.count('tagResource') +
        w.ecs.count('deregisterTaskDefinition'),
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

  describe('EcsCluster', () => {
    const CL = clusterManifest('web', {
      clusterName: 'web-prod',
      settings: [{ name: 'containerInsights', value: 'enabled' }],
    });
    const REF_SVC = ((): ServiceManifest => {
      const m = serviceManifest('web', {
        clusterRef: { name: 'web' },
        taskDefinitionRef: { name: 'web' },
        desiredCount: 1,
        launchType: 'EC2',
      });
      const { cluster: _named, ...spec } = m.obj.spec;
      return { ...m, obj: { ...m.obj, spec } };
    })();

    it('plans a cluster to create, and a service referring to it to be created in it, without describing it', async () => {
      const w = world();
      const entries = await plan(w, set(CL, TD, REF_SVC));
      expect(entries.map((e) => `${e.kind}:${e.verdict}`)).toEqual([
        'EcsCluster:create',
        'EcsTaskDefinition:create',
        'EcsService:create',
      ]);
      expect(entries[0]?.operations.map((o) => o.call)).toEqual(['CreateCluster']);
      expect(entries[0]?.operations[0]?.changes).toEqual([
        { path: 'settings', after: { containerInsights: 'enabled' } },
      ]);
      expect(entries[2]?.target).toBe('ECS service web in cluster web-prod');
      expect(w.describedIn).toEqual([]);
    });

    it("places a service with clusterRef in the EcsCluster's ECS name and Region", async () => {
      const w = world();
      const west = clusterManifest('web', { ...CL.obj.spec, region: 'us-west-2' });
      w.clusters.set(
        'us-west-2/web-prod',
        ourCluster('web-prod', 'web', { settings: [{ name: 'containerInsights', value: 'enabled' }] }),
      );
      const entries = await plan(w, set(west, REF_SVC));
      expect(entries[0]?.verdict).toBe('nothing');
      expect(entries[1]?.region).toBe('us-west-2');
      expect(w.describedIn).toEqual(['us-west-2/web-prod/web']);
    });

    it('plans the one UpdateCluster a changed setting needs, and a conflict for a cluster that is not ours', async () => {
      const w = world();
      w.clusters.set(
        `${REGION}/web-prod`,
        ourCluster('web-prod', 'web', { settings: [{ name: 'containerInsights', value: 'disabled' }] }),
      );
      const [changed] = await plan(w, set(CL));
      expect(changed?.verdict).toBe('update');
      expect(changed?.operations.map((o) => [o.call, o.changes])).toEqual([
        ['UpdateCluster', [{ path: 'settings.containerInsights', before: 'disabled', after: 'enabled' }]],
      ]);

      w.clusters.set(`${REGION}/web-prod`, ourCluster('web-prod', 'web', { tags: [] }));
      const [theirs, svc] = await plan(w, set(CL, REF_SVC));
      expect(theirs?.verdict).toBe('conflict');
      expect(theirs?.summary).toContain('set spec.adopt: true');
      expect(svc?.verdict).toBe('error');
      expect(svc?.summary).toContain('EcsCluster team-a/web cannot be planned (conflict)');
    });
  });
});

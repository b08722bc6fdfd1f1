/**
 * Names ECS would refuse: a Kubernetes name may hold dots (`web.v2`), an ECS service name or task
 * definition family may not ("Up to 255 letters (uppercase and lowercase), numbers, underscores,
 * and hyphens", ECS API reference). The real API server refuses an object whose derived name ECS
 * would refuse, with a message naming metadata.name, its value and the field to set; with the
 * field set explicitly, the same metadata.name is accepted and converges under the explicit name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, getResource, waitForReady } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import {
  callMark,
  ec2ServiceManifest,
  serviceInMoto,
  serviceWritesAfter,
} from '../support/service-fixtures.js';
import { serviceWorld, stopServiceOperator } from '../support/service-world.js';
import { fargateSpec, registrations, taskDefinition, writes } from '../support/task-definitions.js';

const CLUSTER = 'names';

describe('names ECS would refuse, at admission', () => {
  let operator: OperatorProcess | undefined;
  let namespace: string;

  beforeAll(async () => {
    ({ namespace, operator } = await serviceWorld({
      clusters: [CLUSTER],
      taskDefinitions: [['names-base', 'busybox:1']],
      namespace: 'ecs-names',
      resyncPeriod: '2s',
    }));
  });

  afterAll(async () => {
    await stopServiceOperator(operator, 'ecs-names');
  });

  it('refuses an EcsService named web.v2 without spec.serviceName, naming the field and the fix', async () => {
    const mark = await callMark();
    const manifest = ec2ServiceManifest('web.v2', { cluster: CLUSTER, taskDefinition: 'names-base:1' });
    await expect(apply(namespace, manifest)).rejects.toThrow(
      'metadata.name web.v2 cannot be an ECS service name (only letters, digits, - and _ are allowed) and spec.serviceName is not set: set spec.serviceName explicitly, for example web-v2',
    );
    expect(await getResource('ecsservices', namespace, 'web.v2')).toBeUndefined();
    expect(await serviceWritesAfter(mark)).toEqual([]);
  });

  it('refuses an explicit spec.serviceName with a dot', async () => {
    const manifest = ec2ServiceManifest('web', {
      cluster: CLUSTER,
      taskDefinition: 'names-base:1',
      serviceName: 'web.v2',
    });
    await expect(apply(namespace, manifest)).rejects.toThrow('spec.serviceName');
    expect(await getResource('ecsservices', namespace, 'web')).toBeUndefined();
  });

  it('accepts web.v2 with spec.serviceName set and creates the ECS service under that name', async () => {
    const manifest = ec2ServiceManifest('web.v2', {
      cluster: CLUSTER,
      taskDefinition: 'names-base:1',
      serviceName: 'web-v2',
      desiredCount: 0,
    });
    await apply(namespace, manifest);
    await waitForReady('ecsservices', namespace, 'web.v2', 60_000);
    expect((await serviceInMoto(CLUSTER, 'web-v2')).status).toBe('ACTIVE');
  });

  it('refuses an EcsTaskDefinition named api.v2 without spec.family, naming the field and the fix', async () => {
    await expect(apply(namespace, taskDefinition('api.v2', fargateSpec('httpd:2.4')))).rejects.toThrow(
      'metadata.name api.v2 cannot be an ECS task definition family (only letters, digits, - and _ are allowed) and spec.family is not set: set spec.family explicitly, for example api-v2',
    );
    expect(await getResource('ecstaskdefinitions', namespace, 'api.v2')).toBeUndefined();
    expect(await writes('api.v2')).toEqual([]);
  });

  it('accepts api.v2 with spec.family set and registers into that family', async () => {
    await apply(namespace, taskDefinition('api.v2', fargateSpec('httpd:2.4', { family: 'api-v2' })));
    await waitForReady('ecstaskdefinitions', namespace, 'api.v2', 60_000);
    expect(await registrations('api-v2')).toBe(1);
  });
});

/**
 * EcsService deployment configurations the API server refuses at `kubectl apply`, each with its CEL
 * rule's message naming the field and the fix, before ecs-bridge or ECS sees them; and the valid
 * form of the same settings, accepted.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { installCrds } from '../support/crds.js';
import { apply, getResource } from '../support/manifests.js';
import { ec2ServiceManifest } from '../support/service-fixtures.js';
import { freshNamespace } from '../support/world-client.js';

const early = (extra: object) => ({
  enable: true,
  healthyPercent: 90,
  sourceServiceRevisionCleanup: 'DEFERRED',
  ...extra,
});

/** Deployment configurations the API server refuses, each with a fragment of its message. */
const REJECTED: readonly { name: string; deploymentConfiguration: object; message: string }[] = [
  {
    name: 'early-canary',
    deploymentConfiguration: {
      strategy: 'CANARY',
      bakeTimeInMinutes: 0,
      earlySuccessCriteria: early({}),
    },
    message: 'earlySuccessCriteria is only valid with the ROLLING strategy',
  },
  {
    name: 'early-incomplete',
    deploymentConfiguration: { earlySuccessCriteria: { enable: true, healthyPercent: 90 } },
    message: 'needs healthyPercent and sourceServiceRevisionCleanup',
  },
  {
    name: 'early-below-minimum',
    deploymentConfiguration: {
      minimumHealthyPercent: 80,
      earlySuccessCriteria: early({ healthyPercent: 60 }),
    },
    message: 'healthyPercent must be at least minimumHealthyPercent',
  },
  {
    name: 'early-cleanup',
    deploymentConfiguration: { earlySuccessCriteria: early({ sourceServiceRevisionCleanup: 'LATER' }) },
    message: 'supported values: "BLOCKING", "DEFERRED"',
  },
];

describe('EcsService deployment configuration: what the API server refuses', () => {
  let ns: string;

  beforeAll(async () => {
    await installCrds();
    ns = await freshNamespace('svc-deploy-config');
  });

  const service = (name: string, deploymentConfiguration: object) =>
    ec2ServiceManifest(name, { cluster: 'nowhere', taskDefinition: 'web:1', deploymentConfiguration });

  it.each(REJECTED)('refuses $name with its message', async ({ name, deploymentConfiguration, message }) => {
    await expect(apply(ns, service(name, deploymentConfiguration))).rejects.toThrow(message);
    expect(await getResource('ecsservices', ns, name)).toBeUndefined();
  });

  it('accepts the criteria on a rolling service, and turned off under another strategy', async () => {
    await apply(
      ns,
      service('early-rolling', {
        minimumHealthyPercent: 50,
        earlySuccessCriteria: early({ healthyPercent: 75 }),
      }),
      service('early-off', { strategy: 'LINEAR', earlySuccessCriteria: { enable: false } }),
    );
    const rolling = await getResource('ecsservices', ns, 'early-rolling');
    expect(rolling?.spec).toMatchObject({
      deploymentConfiguration: {
        earlySuccessCriteria: { enable: true, healthyPercent: 75, sourceServiceRevisionCleanup: 'DEFERRED' },
      },
    });
    expect((await getResource('ecsservices', ns, 'early-off'))?.spec).toMatchObject({
      deploymentConfiguration: { strategy: 'LINEAR', earlySuccessCriteria: { enable: false } },
    });
  });
});

import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../api-group.js';
import { observeService } from './observe.js';
import { ownerIdentity } from './ownership.js';
import { rollingDeployment } from './testing/fixtures.js';

const identity = ownerIdentity('team-a', 'web', 'inst-1');

describe('observeService', () => {
  it('fills ECS defaults where ECS reports nothing, and sorts sets', () => {
    const o = observeService(
      {
        serviceArn: 'arn:svc',
        serviceName: 'web',
        status: 'ACTIVE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['b', 'a'], assignPublicIp: 'ENABLED' } },
        loadBalancers: [
          {
            targetGroupArn: 'arn:tg',
            containerName: 'web',
            containerPort: 80,
            advancedConfiguration: {
              alternateTargetGroupArn: 'x',
              productionListenerRule: 'y',
              roleArn: 'z',
            },
          },
        ],
      },
      identity,
    );
    expect(o.config).toEqual({
      capacityProviderStrategy: [],
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['a', 'b'], securityGroups: [], assignPublicIp: 'ENABLED' },
      },
      loadBalancers: [
        {
          targetGroupArn: 'arn:tg',
          containerName: 'web',
          containerPort: 80,
          advancedConfiguration: { alternateTargetGroupArn: 'x', productionListenerRule: 'y', roleArn: 'z' },
        },
      ],
      serviceRegistries: [],
      deploymentConfiguration: rollingDeployment(),
      deploymentController: 'ECS',
      placementStrategy: [],
      placementConstraints: [],
      healthCheckGracePeriodSeconds: 0,
      enableExecuteCommand: false,
      propagateTags: 'NONE',
      enableECSManagedTags: false,
      serviceConnectConfiguration: { enabled: false },
      volumeConfigurations: [],
      vpcLatticeConfigurations: [],
      schedulingStrategy: 'REPLICA',
    });
    expect(o.lifecycle).toBe('ACTIVE');
  });

  it('reads Service Connect, EBS volumes and VPC Lattice from the PRIMARY deployment, not the service', () => {
    const sc = { enabled: true, namespace: 'arn:ns', services: [{ portName: 'http', discoveryName: 'api' }] };
    const o = observeService(
      {
        serviceArn: 'arn:svc',
        serviceName: 'web',
        status: 'ACTIVE',
        availabilityZoneRebalancing: 'ENABLED',
        deployments: [
          { id: 'ecs-svc/2', status: 'ACTIVE', serviceConnectConfiguration: { enabled: false } },
          {
            id: 'ecs-svc/3',
            status: 'PRIMARY',
            serviceConnectConfiguration: sc,
            volumeConfigurations: [{ name: 'data', managedEBSVolume: { roleArn: 'arn:r', sizeInGiB: 10 } }],
            vpcLatticeConfigurations: [
              { roleArn: 'arn:r', targetGroupArn: 'arn:tg-b', portName: 'http' },
              { roleArn: 'arn:r', targetGroupArn: 'arn:tg-a', portName: 'http' },
            ],
          },
        ],
      },
      identity,
    );
    expect(o.config.availabilityZoneRebalancing).toBe('ENABLED');
    expect(o.config.serviceConnectConfiguration).toEqual(sc);
    expect(o.config.volumeConfigurations).toEqual([
      { name: 'data', managedEBSVolume: { roleArn: 'arn:r', sizeInGiB: 10 } },
    ]);
    expect(o.config.vpcLatticeConfigurations?.map((l) => l.targetGroupArn)).toEqual(['arn:tg-a', 'arn:tg-b']);
  });

  it.each<[string, Service['tags'], string]>([
    [
      'our owner and instance tags',
      [
        { key: TAG_KEYS.owner, value: 'team-a/web' },
        { key: TAG_KEYS.instance, value: 'inst-1' },
      ],
      'ours',
    ],
    ['no tags', [], 'unowned'],
    ['only user tags', [{ key: 'team', value: 'a' }], 'unowned'],
    [
      'another object',
      [
        { key: TAG_KEYS.owner, value: 'team-b/web' },
        { key: TAG_KEYS.instance, value: 'inst-1' },
      ],
      'foreign',
    ],
    [
      'another instance',
      [
        { key: TAG_KEYS.owner, value: 'team-a/web' },
        { key: TAG_KEYS.instance, value: 'inst-2' },
      ],
      'foreign',
    ],
    ['our owner tag without an instance tag', [{ key: TAG_KEYS.owner, value: 'team-a/web' }], 'foreign'],
  ])('ownership with %s → %s', (_name, tags, kind) => {
    expect(observeService({ serviceArn: 'arn:svc', status: 'ACTIVE', tags }, identity).ownership.kind).toBe(
      kind,
    );
  });

  it.each([
    ['DRAINING', 'DRAINING'],
    ['INACTIVE', 'INACTIVE'],
    ['ACTIVE', 'ACTIVE'],
    [undefined, 'ACTIVE'],
  ])('lifecycle %s → %s', (status, lifecycle) => {
    expect(
      observeService({ serviceArn: 'arn:svc', ...(status !== undefined ? { status } : {}) }, identity)
        .lifecycle,
    ).toBe(lifecycle);
  });
});

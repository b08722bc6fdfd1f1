import { describe, expect, it } from 'vitest';
import { desiredService } from './desired.js';
import type { EcsServiceSpec } from './types.js';
import { rollingDeployment } from './testing/fixtures.js';

function desired(spec: Partial<EcsServiceSpec>) {
  return desiredService({
    spec: { cluster: 'demo', taskDefinition: 'web:1', ...spec },
    name: 'web',
    taskDefinition: 'web:1',
    defaultRegion: 'eu-west-1',
  });
}

describe('desiredService', () => {
  it('defaults the service name to the object name and the region to the operator region', () => {
    expect(desired({})).toMatchObject({
      serviceName: 'web',
      region: 'eu-west-1',
      schedulingStrategy: 'REPLICA',
      deletionPolicy: 'Delete',
      adopt: false,
    });
    expect(desired({ serviceName: 'api', region: 'us-east-2' })).toMatchObject({
      serviceName: 'api',
      region: 'us-east-2',
    });
  });

  it('leaves out every top-level field the spec leaves out', () => {
    expect(desired({}).config).toEqual({ taskDefinition: 'web:1', schedulingStrategy: 'REPLICA' });
  });

  it('sorts set-like lists and fills defaults inside the blocks the spec sets', () => {
    const d = desired({
      networkConfiguration: {
        awsvpcConfiguration: { subnets: ['s-2', 's-1'], securityGroups: ['g-2', 'g-1'] },
      },
      deploymentConfiguration: {
        maximumPercent: 150,
        alarms: { alarmNames: ['b', 'a'], enable: true, rollback: false },
      },
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE_SPOT', weight: 1 },
        { capacityProvider: 'FARGATE', base: 1 },
      ],
      placementStrategy: [
        { type: 'spread', field: 'instanceId' },
        { type: 'binpack', field: 'cpu' },
      ],
    });
    expect(d.config.networkConfiguration).toEqual({
      awsvpcConfiguration: {
        subnets: ['s-1', 's-2'],
        securityGroups: ['g-1', 'g-2'],
        assignPublicIp: 'DISABLED',
      },
    });
    expect(d.config.deploymentConfiguration).toEqual(
      rollingDeployment({
        maximumPercent: 150,
        alarms: { alarmNames: ['a', 'b'], enable: true, rollback: false },
      }),
    );
    expect(d.config.capacityProviderStrategy).toEqual([
      { capacityProvider: 'FARGATE', weight: 0, base: 1 },
      { capacityProvider: 'FARGATE_SPOT', weight: 1, base: 0 },
    ]);
    expect(d.config.placementStrategy).toEqual([
      { type: 'spread', field: 'instanceId' },
      { type: 'binpack', field: 'cpu' },
    ]);
  });

  it('uses the DAEMON defaults for deployment percentages and sends no count', () => {
    const d = desired({ schedulingStrategy: 'DAEMON', deploymentConfiguration: {} });
    expect(d.config.deploymentConfiguration).toMatchObject({ minimumHealthyPercent: 0, maximumPercent: 100 });
    expect(d.createDesiredCount).toBeUndefined();
  });

  it('maps tags into a map', () => {
    expect(
      desired({
        tags: [
          { key: 'a', value: '1' },
          { key: 'b', value: '' },
        ],
      }).tags,
    ).toEqual({ a: '1', b: '' });
  });
});

/**
 * One list of the fields that start an ECS deployment, and CreateService built from the one list of
 * managed fields: a field added to MUTABLE_FIELDS cannot be silently left out of CreateService, and
 * the planner's, the fake's and ECS's ideas of "starts a deployment" cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { ECS_DEPLOYMENT_STARTING_FIELDS } from '../../aws/ecs-deployment-fields.js';
import { desiredService } from './desired.js';
import { CREATE_FIELDS, DEPLOYMENT_FIELDS, MUTABLE_FIELDS, type ServiceConfig } from './model.js';
import { ownerIdentity } from './ownership.js';
import { planService } from './plan.js';
import { rollingDeployment } from './testing/fixtures.js';
import { FakeEcs } from '../../aws/testing/fake-ecs.js';

/** A value for every managed field, none of them empty, so each must reach CreateService. */
const EVERY_FIELD: Required<Pick<ServiceConfig, (typeof MUTABLE_FIELDS)[number]>> = {
  taskDefinition: 'web:3',
  desiredCount: 2,
  capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 0 }],
  platformVersion: '1.4.0',
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-a'], assignPublicIp: 'DISABLED' } },
  loadBalancers: [
    { targetGroupArn: 'arn:aws:elasticloadbalancing:tg', containerName: 'web', containerPort: 80 },
  ],
  serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:srv' }],
  deploymentConfiguration: rollingDeployment({
    minimumHealthyPercent: 50,
    deploymentCircuitBreaker: { enable: true, rollback: true },
  }),
  deploymentController: 'ECS',
  placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
  placementConstraints: [{ type: 'distinctInstance' }],
  healthCheckGracePeriodSeconds: 30,
  enableExecuteCommand: true,
  propagateTags: 'SERVICE',
  enableECSManagedTags: true,
  availabilityZoneRebalancing: 'DISABLED',
  serviceConnectConfiguration: { enabled: true, namespace: 'demo' },
  volumeConfigurations: [
    { name: 'data', managedEBSVolume: { roleArn: 'arn:aws:iam::1:role/ebs', sizeInGiB: 10 } },
  ],
  vpcLatticeConfigurations: [
    { roleArn: 'arn:aws:iam::1:role/l', targetGroupArn: 'arn:tg', portName: 'http' },
  ],
  gatewayConnectors: [{ portName: 'http' }],
  monitoring: { metricConfigurations: [{ metricNames: ['CPUUtilization'], resolutionSeconds: 20 }] },
};

describe('the fields of CreateService', () => {
  it('are every managed field but desiredCount, which a create sends on its own', () => {
    expect([...CREATE_FIELDS, 'desiredCount'].sort()).toEqual([...MUTABLE_FIELDS].sort());
  });

  it('reach CreateService, each one of them, when the desired service sets them', () => {
    const base = desiredService({
      spec: { cluster: 'demo', taskDefinition: 'web:3', desiredCount: 2 },
      name: 'web',
      taskDefinition: 'web:3',
      defaultRegion: 'us-east-1',
    });
    const desired = { ...base, config: { ...base.config, ...EVERY_FIELD } };
    const plan = planService(desired, undefined, {
      identity: ownerIdentity('default', 'web', 'inst-1'),
      desiredCountOwner: 'spec',
      clientToken: 'token',
      managedTagKeys: [],
      holdRollout: false,
    });
    const create = plan.actions.find((a) => a.type === 'createService');
    const input = create?.type === 'createService' ? create.input : {};
    const missing = MUTABLE_FIELDS.filter((f) => !(f in input));
    expect(missing).toEqual([]);
  });
});

/** The primary deployment's id before, and the primary deployment after, an UpdateService of `change`. */
async function deploymentsAround(change: Record<string, unknown>) {
  const ecs = new FakeEcs();
  await ecs.createService({ cluster: 'demo', serviceName: 'web', taskDefinition: 'web:1', desiredCount: 1 });
  const before = ecs.get('demo', 'web')?.deployments?.[0]?.id;
  await ecs.updateService({ cluster: 'demo', service: 'web', ...change });
  return { before, after: ecs.get('demo', 'web')?.deployments?.[0] };
}

describe('the fields that start a deployment', () => {
  it('are the managed fields on ECS’s own list, and no other', () => {
    expect([...DEPLOYMENT_FIELDS].sort()).toEqual(
      MUTABLE_FIELDS.filter((f) => (ECS_DEPLOYMENT_STARTING_FIELDS as readonly string[]).includes(f)).sort(),
    );
    expect([...DEPLOYMENT_FIELDS].sort()).toEqual(
      [
        'loadBalancers',
        'networkConfiguration',
        'platformVersion',
        'serviceRegistries',
        'taskDefinition',
        'serviceConnectConfiguration',
        'volumeConfigurations',
        'vpcLatticeConfigurations',
        'gatewayConnectors',
        'monitoring',
      ].sort(),
    );
  });

  it('do not start one in the unit-test fake when another field changes', async () => {
    const { before, after } = await deploymentsAround({ healthCheckGracePeriodSeconds: 99 });
    expect(before).toMatch(/^ecs-svc\/\d{6}$/);
    expect(after?.id).toBe(before);
  });

  it.each(ECS_DEPLOYMENT_STARTING_FIELDS.filter((f) => f !== 'taskDefinition'))(
    'start one in the unit-test fake when %s changes',
    async (field) => {
      const { before, after } = await deploymentsAround({ [field]: [{ changed: field }] });
      expect(before).toMatch(/^ecs-svc\/\d{6}$/);
      expect(after?.id).not.toBe(before);
      expect(after?.status).toBe('PRIMARY');
    },
  );
});

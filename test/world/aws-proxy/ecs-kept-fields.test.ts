/**
 * The test world keeps what ECS keeps: a CreateService request's members that moto drops come back
 * in the simulator's answers (so the operator needs no follow-up UpdateService), deployment-level
 * members on the deployment, and every rewritten answer reads as ECS's output shape of the model.
 */
import * as ecsSdk from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { loadEcsModel } from '../../ecs-model/coverage.js';
import { sdkKindOf } from '../../ecs-model/sdk-schema.js';
import { shapeProblems } from '../../ecs-model/validate-shape.js';
import { EcsRolloutSimulator } from './ecs-rollouts.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';
import { isJsonObject, type JsonObject } from './json.js';
import { roleArn } from './ecs-kept-fields.js';

const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012';
const td = `${ACCOUNT}:task-definition/web:1`;
const model = loadEcsModel();

/** A service as moto 5.2 answers CreateService: the members its create takes, nothing else. */
function motoCreated(overrides: JsonObject = {}): JsonObject {
  return {
    serviceArn: `${ACCOUNT}:service/c/web`,
    serviceName: 'web',
    clusterArn: `${ACCOUNT}:cluster/c`,
    loadBalancers: [],
    serviceRegistries: [],
    status: 'ACTIVE',
    desiredCount: 2,
    runningCount: 0,
    pendingCount: 2,
    launchType: 'FARGATE',
    taskDefinition: td,
    deployments: [
      {
        id: 'ecs-svc/1',
        status: 'PRIMARY',
        taskDefinition: td,
        desiredCount: 2,
        pendingCount: 2,
        runningCount: 0,
        failedTasks: 0,
        createdAt: 1,
        updatedAt: 1,
        launchType: 'FARGATE',
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason: 'ECS deployment in progress.',
      },
    ],
    events: [],
    deploymentController: { type: 'ECS' },
    schedulingStrategy: 'REPLICA',
    propagateTags: 'NONE',
    tags: [],
    ...overrides,
  };
}

const serviceConnect = {
  enabled: true,
  namespace: 'shop',
  services: [{ portName: 'http', clientAliases: [{ port: 80 }] }],
};
const createRequest: JsonObject = {
  cluster: 'c',
  serviceName: 'web',
  taskDefinition: 'web:1',
  desiredCount: 2,
  deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 },
  placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }],
  placementConstraints: [{ type: 'distinctInstance' }],
  healthCheckGracePeriodSeconds: 30,
  role: 'ecsServiceRole',
  serviceConnectConfiguration: serviceConnect,
  volumeConfigurations: [
    { name: 'data', managedEBSVolume: { roleArn: 'arn:aws:iam::1:role/ebs', sizeInGiB: 10 } },
  ],
};

function setup() {
  const simulator = new EcsRolloutSimulator({
    clock: new FakeClock(5000),
    now: () => 1_700_000_000_000,
    config: { rolloutMs: 100, drainMs: 50 },
  });
  const service = async (action: string, request: JsonObject, answer: JsonObject): Promise<JsonObject> => {
    const out = await simulator.rewrite(action, request, answer);
    if (!isJsonObject(out)) throw new Error('not rewritten');
    return out;
  };
  return { simulator, service };
}

describe('the test world keeps what ECS keeps', () => {
  it('answers CreateService and DescribeServices with the members moto drops, deployment ones on the deployment', async () => {
    const { service } = setup();
    const created = await service('CreateService', createRequest, { service: motoCreated() });
    const described = await service('DescribeServices', {}, { services: [motoCreated()], failures: [] });
    for (const s of [created.service, (described.services as JsonObject[])[0]] as JsonObject[]) {
      expect(s).toMatchObject({
        deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 },
        placementStrategy: createRequest.placementStrategy,
        placementConstraints: createRequest.placementConstraints,
        healthCheckGracePeriodSeconds: 30,
        availabilityZoneRebalancing: 'ENABLED',
        roleArn: 'arn:aws:iam::123456789012:role/ecsServiceRole',
      });
      expect(s).not.toHaveProperty('serviceConnectConfiguration');
      const primary = (s.deployments as JsonObject[])[0];
      expect(primary).toMatchObject({
        status: 'PRIMARY',
        serviceConnectConfiguration: serviceConnect,
        volumeConfigurations: createRequest.volumeConfigurations,
      });
    }
    expect(shapeProblems(model, 'CreateServiceResponse', created)).toEqual([]);
    expect(shapeProblems(model, 'DescribeServicesResponse', described)).toEqual([]);
  });

  it('moves a changed Service Connect configuration to the new deployment, off the service where moto puts it', async () => {
    const { service } = setup();
    await service('CreateService', createRequest, { service: motoCreated() });
    const changed = { ...serviceConnect, namespace: 'other' };
    const updated = await service(
      'UpdateService',
      {
        cluster: 'c',
        service: 'web',
        serviceConnectConfiguration: changed,
        availabilityZoneRebalancing: 'DISABLED',
      },
      // moto's UpdateService keeps every parameter, on the service.
      { service: motoCreated({ serviceConnectConfiguration: changed }) },
    );
    const s = updated.service as JsonObject;
    expect(s).not.toHaveProperty('serviceConnectConfiguration');
    expect(s.availabilityZoneRebalancing).toBe('DISABLED');
    const [primary, previous] = s.deployments as JsonObject[];
    expect(primary?.serviceConnectConfiguration).toEqual(changed);
    expect(previous?.serviceConnectConfiguration).toEqual(serviceConnect);
    expect(shapeProblems(model, 'UpdateServiceResponse', updated)).toEqual([]);
  });

  it("echoes the early success criteria in the deployment configuration, a member of the SDK's output shape", async () => {
    const { service } = setup();
    const earlySuccessCriteria = {
      enable: true,
      healthyPercent: 90,
      sourceServiceRevisionCleanup: 'DEFERRED',
    };
    const deploymentConfiguration = { minimumHealthyPercent: 50, maximumPercent: 200, earlySuccessCriteria };
    await service('CreateService', { ...createRequest, deploymentConfiguration }, { service: motoCreated() });
    const described = await service('DescribeServices', {}, { services: [motoCreated()], failures: [] });
    const s = (described.services as JsonObject[])[0];
    expect(s?.deploymentConfiguration).toEqual(deploymentConfiguration);
    // The vendored botocore model predates the member; the SDK the operator parses with has it.
    expect(shapeProblems(model, 'DescribeServicesResponse', described)).toEqual([
      "services[0].deploymentConfiguration.earlySuccessCriteria: ECS's DeploymentConfiguration has no such member",
    ]);
    const sdkMembers = sdkKindOf(ecsSdk.DeploymentConfiguration$).members;
    expect([...(sdkMembers?.keys() ?? [])]).toContain('earlySuccessCriteria');
    expect(sdkKindOf(sdkMembers?.get('earlySuccessCriteria')).members?.has('healthyPercent')).toBe(true);
  });

  it('finds a member ECS would not send (the shape check can fail)', () => {
    expect(
      shapeProblems(model, 'DescribeServicesResponse', { services: [{ serviceConnectConfiguration: {} }] }),
    ).toEqual(["services[0].serviceConnectConfiguration: ECS's Service has no such member"]);
    expect(shapeProblems(model, 'DescribeServicesResponse', { services: [{ desiredCount: '2' }] })).toEqual([
      'services[0].desiredCount: ECS sends an integer',
    ]);
  });

  it('reports the role as ECS does, an ARN whatever form CreateService took', () => {
    const svc = `${ACCOUNT}:service/c/web`;
    expect(roleArn('ecsServiceRole', svc)).toBe('arn:aws:iam::123456789012:role/ecsServiceRole');
    expect(roleArn('/team/lb-role', svc)).toBe('arn:aws:iam::123456789012:role/team/lb-role');
    expect(roleArn('arn:aws:iam::999999999999:role/x', svc)).toBe('arn:aws:iam::999999999999:role/x');
  });
});

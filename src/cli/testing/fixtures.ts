/**
 * Test support for the CLI's unit tests: manifests as `plan` reads them, ECS services as
 * DescribeServices answers them, task definition revisions as DescribeTaskDefinition answers them.
 */
import type { Service, Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import type { OurManifest, ServiceManifest, TaskDefinitionManifest } from '../manifests.js';
import type { CliIo, Output } from '../terminal.js';
import { API_GROUP_VERSION, TAG_KEYS, ownerTagValue } from '../../resources/api-group.js';
import type { EcsServiceSpec } from '../../resources/service/types.js';
import type { EcsTaskDefinitionSpec } from '../../resources/task-definition/types.js';

/** The account, Region and cluster every fixture lives in. */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const CLUSTER = 'demo';

/** A task definition ARN. */
export function tdArn(family: string, revision: number): string {
  return `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/${family}:${revision}`;
}

/** A target group ARN. */
export function tgArn(name: string): string {
  return `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/${name}/0123456789abcdef`;
}

/** An object of `kind` named `name` in namespace `ns`, as `plan` reads it from `<name>.yaml`. */
export function manifestOf<M extends OurManifest>(
  kind: M['kind'],
  name: string,
  ns: string,
  spec: M['obj']['spec'],
): M {
  const obj = { apiVersion: API_GROUP_VERSION, kind, metadata: { name, namespace: ns }, spec };
  return { kind, source: `${name}.yaml#1`, obj } as M;
}

/** An EcsService manifest in namespace `ns`. */
export function serviceManifest(name: string, spec: Partial<EcsServiceSpec>, ns = 'team-a'): ServiceManifest {
  return manifestOf<ServiceManifest>('EcsService', name, ns, { cluster: CLUSTER, ...spec });
}

/** An EcsTaskDefinition manifest in namespace `ns`. */
export function taskDefinitionManifest(
  name: string,
  spec: Partial<EcsTaskDefinitionSpec>,
  ns = 'team-a',
): TaskDefinitionManifest {
  return manifestOf<TaskDefinitionManifest>('EcsTaskDefinition', name, ns, {
    containerDefinitions: [{ name: 'app', image: 'httpd:2.4' }],
    ...spec,
  });
}

/** The owner and instance tags ecs-bridge puts on what `ns/name` manages. */
export function ownedTags(ns: string, name: string, instance = 'default'): Tag[] {
  return [
    { key: TAG_KEYS.owner, value: ownerTagValue(ns, name) },
    { key: TAG_KEYS.instance, value: instance },
  ];
}

/** An ACTIVE service as DescribeServices (with tags) answers it. */
export function describedService(name: string, fields: Partial<Service> = {}): Service {
  return {
    serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/${CLUSTER}/${name}`,
    serviceName: name,
    clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/${CLUSTER}`,
    status: 'ACTIVE',
    taskDefinition: tdArn(name, 1),
    desiredCount: 1,
    runningCount: 1,
    pendingCount: 0,
    launchType: 'FARGATE',
    schedulingStrategy: 'REPLICA',
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: ['subnet-b', 'subnet-a'],
        securityGroups: ['sg-1'],
        assignPublicIp: 'ENABLED',
      },
    },
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: false, rollback: false },
    },
    deploymentController: { type: 'ECS' },
    enableECSManagedTags: false,
    enableExecuteCommand: false,
    propagateTags: 'NONE',
    deployments: [
      { id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: tdArn(name, 1), rolloutState: 'COMPLETED' },
    ],
    tags: [],
    ...fields,
  };
}

/** A revision as DescribeTaskDefinition answers it (AWS fills defaults). */
export function registeredTaskDefinition(
  family: string,
  revision: number,
  image = 'httpd:2.4',
): TaskDefinition {
  return {
    taskDefinitionArn: tdArn(family, revision),
    family,
    revision,
    status: 'ACTIVE',
    networkMode: 'bridge',
    containerDefinitions: [
      {
        name: 'app',
        image,
        essential: true,
        cpu: 0,
        portMappings: [],
        environment: [],
        mountPoints: [],
        volumesFrom: [],
      },
    ],
    volumes: [],
    placementConstraints: [],
    requiresCompatibilities: ['EC2'],
    compatibilities: ['EC2'],
    registeredAt: new Date('2026-01-01T00:00:00Z'),
  };
}

/** A terminal that keeps what a command writes to stdout (`out`) and stderr (`err`), without colour. */
export function captureIo(): CliIo & { out: string; err: string } {
  const cell = { out: '', err: '' };
  const output = (key: 'out' | 'err'): Output => ({ isTTY: false, write: (t) => void (cell[key] += t) });
  return {
    stdout: output('out'),
    stderr: output('err'),
    colour: false,
    colourErr: false,
    get out() {
      return cell.out;
    },
    get err() {
      return cell.err;
    },
  };
}

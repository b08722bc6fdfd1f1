/**
 * Task definition specs paired with DescribeTaskDefinition's answer for each, as AWS echoes it back:
 * defaults filled in (essential, protocol, hostPort, cpu 0, health-check timings, EFS root), empty
 * lists everywhere, set-like lists reordered, and server-only fields. Test-only.
 */
import type { LogConfiguration, TaskDefinition } from '@aws-sdk/client-ecs';
import type { EcsTaskDefinitionSpec } from '../types.js';

/** Scenario 1: the Fargate sample app. */
export const fargateSpec: EcsTaskDefinitionSpec = {
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  containerDefinitions: [
    {
      name: 'sample-fargate-app',
      image: 'httpd:2.4',
      portMappings: [{ containerPort: 80 }],
      entryPoint: ['sh', '-c'],
      command: ['/usr/local/bin/httpd-foreground'],
    },
  ],
  revisionHistoryLimit: 5,
  deletionPolicy: 'Delete',
  region: 'us-east-1',
  tags: [{ key: 'team', value: 'web' }],
};

/** DescribeTaskDefinition's answer for fargateSpec, with AWS's defaults and server-only fields. */
export const fargateEcho: TaskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/sample-fargate:7',
  containerDefinitions: [
    {
      name: 'sample-fargate-app',
      image: 'httpd:2.4',
      cpu: 0,
      portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
      essential: true,
      entryPoint: ['sh', '-c'],
      command: ['/usr/local/bin/httpd-foreground'],
      environment: [],
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
    },
  ],
  family: 'sample-fargate',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  networkMode: 'awsvpc',
  revision: 7,
  volumes: [],
  status: 'ACTIVE',
  requiresAttributes: [
    { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' },
    { name: 'ecs.capability.task-eni' },
  ],
  placementConstraints: [],
  compatibilities: ['EC2', 'FARGATE'],
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  registeredAt: new Date('2026-01-02T03:04:05Z'),
  registeredBy: 'arn:aws:iam::123456789012:root',
  enableFaultInjection: false,
};

/** Scenario 2: EC2, bridge, a dynamic host port. */
export const bridgeSpec: EcsTaskDefinitionSpec = {
  requiresCompatibilities: ['EC2'],
  containerDefinitions: [
    {
      name: 'api',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1',
      cpu: 256,
      memory: 256,
      portMappings: [{ containerPort: 3000, hostPort: 0 }],
    },
  ],
};

/** DescribeTaskDefinition's answer for bridgeSpec. */
export const bridgeEcho: TaskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/api:1',
  containerDefinitions: [
    {
      name: 'api',
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1',
      cpu: 256,
      memory: 256,
      portMappings: [{ containerPort: 3000, hostPort: 0, protocol: 'tcp' }],
      essential: true,
      environment: [],
      mountPoints: [],
      volumesFrom: [],
    },
  ],
  family: 'api',
  networkMode: 'bridge',
  revision: 1,
  volumes: [],
  status: 'ACTIVE',
  placementConstraints: [],
  compatibilities: ['EC2'],
  requiresCompatibilities: ['EC2'],
};

/** The `app` container's awslogs settings (group `/ecs/app`, stream prefix `app`), as ECS echoes them. */
export const appAwsLogs: LogConfiguration = {
  logDriver: 'awslogs',
  options: {
    'awslogs-group': '/ecs/app',
    'awslogs-region': 'us-east-1',
    'awslogs-stream-prefix': 'app',
  },
};

/** Scenario 7's shape: several containers, env, secrets, health check, EFS. */
export const fullSpec: EcsTaskDefinitionSpec = {
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '1 vCPU',
  memory: '2 GB',
  containerDefinitions: [
    {
      name: 'app',
      image: 'app:1',
      environment: [
        { name: 'B', value: '2' },
        { name: 'A', value: '1' },
        { name: 'EMPTY', value: '' },
      ],
      secrets: [
        { name: 'Z', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/z' },
        { name: 'Y', valueFrom: '/app/y' },
      ],
      healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], startPeriod: 0 },
      dependsOn: [{ containerName: 'log', condition: 'START' }],
      mountPoints: [{ sourceVolume: 'shared', containerPath: '/var/log/app', readOnly: false }],
      dockerLabels: { b: '2', a: '1' },
      ulimits: [
        { name: 'nproc', softLimit: 1, hardLimit: 2 },
        { name: 'nofile', softLimit: 1024, hardLimit: 4096 },
      ],
      linuxParameters: { capabilities: { add: ['SYS_PTRACE', 'SYS_PTRACE'] }, initProcessEnabled: true },
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-stream-prefix': 'app',
          'awslogs-group': '/ecs/app',
          'awslogs-region': 'us-east-1',
        },
      },
    },
    { name: 'log', image: 'fluent-bit:2', essential: false, readonlyRootFilesystem: false },
  ],
  volumes: [
    { name: 'shared', host: {} },
    { name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-1', transitEncryption: 'DISABLED' } },
  ],
};

/** DescribeTaskDefinition's answer for fullSpec. */
export const fullEcho: TaskDefinition = {
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/full:2',
  family: 'full',
  revision: 2,
  status: 'ACTIVE',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  compatibilities: ['EC2', 'FARGATE'],
  cpu: '1024',
  memory: '2048',
  containerDefinitions: [
    {
      name: 'app',
      image: 'app:1',
      cpu: 0,
      essential: true,
      portMappings: [],
      environment: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }, { name: 'EMPTY' }],
      secrets: [
        { name: 'Y', valueFrom: '/app/y' },
        { name: 'Z', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/z' },
      ],
      healthCheck: {
        command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'],
        interval: 30,
        timeout: 5,
        retries: 3,
      },
      dependsOn: [{ containerName: 'log', condition: 'START' }],
      mountPoints: [{ sourceVolume: 'shared', containerPath: '/var/log/app' }],
      volumesFrom: [],
      dockerLabels: { a: '1', b: '2' },
      ulimits: [
        { name: 'nofile', softLimit: 1024, hardLimit: 4096 },
        { name: 'nproc', softLimit: 1, hardLimit: 2 },
      ],
      linuxParameters: {
        capabilities: { add: ['SYS_PTRACE'], drop: [] },
        initProcessEnabled: true,
        devices: [],
        tmpfs: [],
      },
      logConfiguration: { ...appAwsLogs, secretOptions: [] },
      systemControls: [],
    },
    {
      name: 'log',
      image: 'fluent-bit:2',
      cpu: 0,
      essential: false,
      portMappings: [],
      environment: [],
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
    },
  ],
  volumes: [
    { name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-1', rootDirectory: '/' } },
    { name: 'shared', host: {} },
  ],
  placementConstraints: [],
  requiresAttributes: [{ name: 'ecs.capability.efsAuth' }],
  registeredAt: new Date('2026-01-02T03:04:05Z'),
};

import { describe, expect, it } from 'vitest';
import { appAwsLogs } from './testing/echo-fixtures.js';
import type { EcsTaskDefinitionSpec } from './types.js';
import { describeProblems, validateSpec } from './validate.js';

const ACCOUNT = '123456789012';

const good: EcsTaskDefinitionSpec = {
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '512',
  memory: '1024',
  executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
  taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/app`,
  containerDefinitions: [
    {
      name: 'app',
      image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app:v1`,
      memoryReservation: 512,
      environment: [{ name: 'MODE', value: 'prod' }],
      secrets: [
        {
          name: 'DB_PASSWORD',
          valueFrom: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf:password::`,
        },
        { name: 'API_KEY', valueFrom: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/api-key` },
        { name: 'TOKEN', valueFrom: '/app/token' },
        { name: 'PLAIN', valueFrom: 'plain-name' },
      ],
      logConfiguration: appAwsLogs,
      mountPoints: [{ sourceVolume: 'shared', containerPath: '/logs' }],
      dependsOn: [{ containerName: 'log', condition: 'START' }],
    },
    { name: 'log', image: 'fluent-bit:2', essential: false, volumesFrom: [{ sourceContainer: 'app' }] },
  ],
  volumes: [
    { name: 'shared', host: {} },
    {
      name: 'data',
      efsVolumeConfiguration: {
        fileSystemId: 'fs-1',
        transitEncryption: 'ENABLED',
        authorizationConfig: { iam: 'ENABLED' },
      },
    },
  ],
};

const { taskRoleArn: _taskRole, ...withoutTaskRole } = good;

/** Replaces container 0 with `patch` applied. */
function app(patch: Partial<EcsTaskDefinitionSpec['containerDefinitions'][number]>): EcsTaskDefinitionSpec {
  const [first, ...rest] = good.containerDefinitions;
  return { ...good, containerDefinitions: [{ ...first, ...patch }, ...rest] };
}

describe('validateSpec', () => {
  it('accepts a complete, correct spec', () => {
    expect(validateSpec(good)).toEqual([]);
  });

  it.each<[string, EcsTaskDefinitionSpec, string, string, RegExp]>([
    [
      'role name instead of ARN',
      { ...good, taskRoleArn: 'app' },
      'spec.taskRoleArn',
      'app',
      /arn:aws:iam::<account-id>:role\/app/,
    ],
    [
      'non-role ARN',
      { ...good, executionRoleArn: `arn:aws:iam::${ACCOUNT}:user/bob` },
      'spec.executionRoleArn',
      `arn:aws:iam::${ACCOUNT}:user/bob`,
      /not an IAM role ARN/,
    ],
    [
      'blank image',
      app({ image: ' ' }),
      'spec.containerDefinitions[0].image',
      ' ',
      /needs an image reference/,
    ],
    [
      'image with a space',
      app({ image: 'httpd 2.4' }),
      'spec.containerDefinitions[0].image',
      'httpd 2.4',
      /without spaces/,
    ],
    [
      'secret from an S3 ARN',
      app({ secrets: [{ name: 'X', valueFrom: 'arn:aws:s3:::bucket/key' }] }),
      'spec.containerDefinitions[0].secrets[0].valueFrom',
      'arn:aws:s3:::bucket/key',
      /not of a Secrets Manager secret or an SSM parameter/,
    ],
    [
      'secret with spaces',
      app({ secrets: [{ name: 'X', valueFrom: 'my secret' }] }),
      'spec.containerDefinitions[0].secrets[0].valueFrom',
      'my secret',
      /neither a secret ARN nor an SSM parameter name/,
    ],
    [
      'secret also in environment',
      app({ secrets: [{ name: 'MODE', valueFrom: '/app/mode' }] }),
      'spec.containerDefinitions[0].secrets[0].name',
      'MODE',
      /also in environment/,
    ],
    [
      'awslogs without group',
      app({
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'a' },
        },
      }),
      'spec.containerDefinitions[0].logConfiguration.options',
      '',
      /awslogs-group/,
    ],
    [
      'awslogs option typo',
      app({
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': 'g',
            'awslogs-region': 'us-east-1',
            'awslogs-stream-prefix': 'a',
            'awslogs-groups': 'x',
          },
        },
      }),
      'spec.containerDefinitions[0].logConfiguration.options.awslogs-groups',
      'x',
      /not an awslogs option/,
    ],
    [
      'awslogs-create-group yes',
      app({
        logConfiguration: {
          logDriver: 'awslogs',
          options: {
            'awslogs-group': 'g',
            'awslogs-region': 'r',
            'awslogs-stream-prefix': 'a',
            'awslogs-create-group': 'yes',
          },
        },
      }),
      'spec.containerDefinitions[0].logConfiguration.options.awslogs-create-group',
      'yes',
      /"true" or "false"/,
    ],
    [
      'json-file on Fargate',
      app({ logConfiguration: { logDriver: 'json-file' } }),
      'spec.containerDefinitions[0].logConfiguration.logDriver',
      'json-file',
      /Fargate supports only/,
    ],
    [
      'awsfirelens without a router',
      app({ logConfiguration: { logDriver: 'awsfirelens' } }),
      'spec.containerDefinitions[0].logConfiguration.logDriver',
      'awsfirelens',
      /firelensConfiguration/,
    ],
    [
      'log secret option from S3',
      app({
        logConfiguration: {
          logDriver: 'splunk',
          options: { 'splunk-url': 'https://s' },
          secretOptions: [{ name: 'splunk-token', valueFrom: 'arn:aws:s3:::b/k' }],
        },
      }),
      'spec.containerDefinitions[0].logConfiguration.secretOptions[0].valueFrom',
      'arn:aws:s3:::b/k',
      /not of a Secrets Manager secret/,
    ],
    [
      'dependsOn unknown container',
      app({ dependsOn: [{ containerName: 'db', condition: 'START' }] }),
      'spec.containerDefinitions[0].dependsOn[0].containerName',
      'db',
      /use one of app, log/,
    ],
    [
      'dependsOn itself',
      app({ dependsOn: [{ containerName: 'app', condition: 'START' }] }),
      'spec.containerDefinitions[0].dependsOn[0].containerName',
      'app',
      /cannot depend on itself/,
    ],
    [
      'mount of unknown volume',
      app({ mountPoints: [{ sourceVolume: 'nope', containerPath: '/x' }] }),
      'spec.containerDefinitions[0].mountPoints[0].sourceVolume',
      'nope',
      /use one of shared, data/,
    ],
    [
      'privileged on Fargate',
      app({ privileged: true }),
      'spec.containerDefinitions[0].privileged',
      'true',
      /Fargate does not run privileged/,
    ],
    [
      'container memory above task memory',
      app({ memory: 2048, memoryReservation: 256 }),
      'spec.containerDefinitions[0].memory',
      '2048',
      /above the task's memory 1024/,
    ],
    [
      'reservations above task memory',
      app({ memoryReservation: 1100 }),
      'spec.memory',
      '1024',
      /below the 1100 MiB/,
    ],
    ['container cpu above task cpu', app({ cpu: 1024 }), 'spec.cpu', '512', /below the 1024 CPU units/],
    [
      'registry credentials not a secret',
      app({ repositoryCredentials: { credentialsParameter: '/creds' } }),
      'spec.containerDefinitions[0].repositoryCredentials.credentialsParameter',
      '/creds',
      /Secrets Manager secret ARN/,
    ],
    [
      'EFS IAM without encryption',
      {
        ...good,
        volumes: [
          {
            name: 'shared',
            efsVolumeConfiguration: { fileSystemId: 'fs-1', authorizationConfig: { iam: 'ENABLED' } },
          },
        ],
      },
      'spec.volumes[0].efsVolumeConfiguration.transitEncryption',
      '',
      /must be ENABLED/,
    ],
    [
      'S3 Files root directory with an access point',
      {
        ...good,
        volumes: [
          {
            name: 'shared',
            s3filesVolumeConfiguration: {
              fileSystemArn: `arn:aws:s3files:us-east-1:${ACCOUNT}:file-system/fs-1`,
              accessPointArn: `arn:aws:s3files:us-east-1:${ACCOUNT}:access-point/fsap-1`,
              rootDirectory: '/data',
            },
          },
        ],
      },
      'spec.volumes[0].s3filesVolumeConfiguration.rootDirectory',
      '/data',
      /remove rootDirectory/,
    ],
    [
      'S3 Files without a task role',
      {
        ...withoutTaskRole,
        volumes: [
          {
            name: 'shared',
            s3filesVolumeConfiguration: {
              fileSystemArn: `arn:aws:s3files:us-east-1:${ACCOUNT}:file-system/fs-1`,
            },
          },
        ],
      },
      'spec.volumes[0].s3filesVolumeConfiguration',
      '',
      /set spec.taskRoleArn/,
    ],
    [
      'host path on Fargate',
      { ...good, volumes: [{ name: 'shared', host: { sourcePath: '/var/log' } }] },
      'spec.volumes[0].host.sourcePath',
      '/var/log',
      /Fargate has no host paths/,
    ],
    [
      'proxy container unknown',
      { ...good, proxyConfiguration: { containerName: 'envoy' } },
      'spec.proxyConfiguration.containerName',
      'envoy',
      /use one of app, log/,
    ],
    ['pidMode host on Fargate', { ...good, pidMode: 'host' }, 'spec.pidMode', 'host', /only pidMode task/],
  ])('%s', (_name, spec, path, value, fix) => {
    const problems = validateSpec(spec);
    const problem = problems.find((p) => p.path === path);
    expect(problem, JSON.stringify(problems)).toBeDefined();
    expect(problem?.value).toBe(value);
    expect(problem?.message).toContain(path);
    if (value !== '') expect(problem?.message).toContain(value);
    expect(problem?.message).toMatch(fix);
  });

  it('checks links only under bridge, and their targets', () => {
    const bridge: EcsTaskDefinitionSpec = {
      memory: '512',
      containerDefinitions: [
        { name: 'web', image: 'nginx', links: ['api:backend', 'nope'] },
        { name: 'api', image: 'api:1' },
      ],
    };
    expect(validateSpec(bridge).map((p) => p.path)).toEqual(['spec.containerDefinitions[0].links[1]']);
    const awsvpc = validateSpec({ ...bridge, networkMode: 'awsvpc' });
    expect(awsvpc.map((p) => p.message).join()).toMatch(/links work only under networkMode bridge/);
  });

  it('describes a list of problems in one bounded sentence', () => {
    const spec = app({
      image: '',
      secrets: [
        { name: 'A', valueFrom: 'arn:x' },
        { name: 'B', valueFrom: 'a b' },
      ],
    });
    const problems = validateSpec({ ...spec, taskRoleArn: 'r', executionRoleArn: 'e', pidMode: 'host' });
    expect(problems.length).toBeGreaterThan(5);
    const text = describeProblems(problems, 2);
    expect(text).toContain(problems[0]!.message);
    expect(text).toContain(`(and ${problems.length - 2} more)`);
    expect(text).not.toContain(problems[2]!.message);
  });
});

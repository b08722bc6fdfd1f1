import type { TaskDefinition } from '@aws-sdk/client-ecs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalFromAws,
  canonicalFromSpec,
  canonicalJson,
  normaliseCpu,
  normaliseMemory,
  toRegisterInput,
} from './canonical.js';
import { isSpecHash, specHash } from './hash.js';
import type { EcsTaskDefinitionSpec } from './types.js';

const fargateSpec: EcsTaskDefinitionSpec = {
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
const fargateEcho: TaskDefinition = {
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

const bridgeSpec: EcsTaskDefinitionSpec = {
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

const bridgeEcho: TaskDefinition = {
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

const fullSpec: EcsTaskDefinitionSpec = {
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

const fullEcho: TaskDefinition = {
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
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/app',
          'awslogs-region': 'us-east-1',
          'awslogs-stream-prefix': 'app',
        },
        secretOptions: [],
      },
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

describe('canonical form and hash', () => {
  it.each([
    ['Fargate sample app (scenario 1)', fargateSpec, 'sample-fargate', fargateEcho],
    ['EC2 bridge with a dynamic host port (scenario 2)', bridgeSpec, 'api', bridgeEcho],
    ['several containers, env, secrets, health check, EFS (scenario 7 shape)', fullSpec, 'full', fullEcho],
  ])('%s: the spec and AWS’s echo of it hash the same', (_name, spec, family, echo) => {
    const fromSpec = canonicalFromSpec(spec, family);
    const fromAws = canonicalFromAws(echo);
    expect(fromAws.json).toBe(fromSpec.json);
    expect(specHash(fromAws)).toBe(specHash(fromSpec));
  });

  it('keeps only RegisterTaskDefinition fields: ours, tags and server fields are gone', () => {
    const { document } = canonicalFromSpec(fargateSpec, 'sample-fargate');
    expect(Object.keys(document).sort()).toEqual([
      'containerDefinitions',
      'cpu',
      'executionRoleArn',
      'family',
      'memory',
      'networkMode',
      'requiresCompatibilities',
    ]);
    const echoed = canonicalFromAws(fargateEcho).document;
    expect(echoed).not.toHaveProperty('revision');
    expect(echoed).not.toHaveProperty('compatibilities');
  });

  it('fills AWS defaults: essential, protocol, awsvpc hostPort, bridge networkMode, health check', () => {
    const doc = canonicalFromSpec(
      {
        containerDefinitions: [
          {
            name: 'a',
            image: 'x',
            memory: 64,
            portMappings: [{ containerPort: 8080 }],
            healthCheck: { command: ['CMD', 'true'] },
          },
        ],
      },
      'f',
    ).document;
    expect(doc).toEqual({
      family: 'f',
      networkMode: 'bridge',
      containerDefinitions: [
        {
          name: 'a',
          image: 'x',
          memory: 64,
          essential: true,
          portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
          healthCheck: { command: ['CMD', 'true'], interval: 30, timeout: 5, retries: 3 },
        },
      ],
    });
    const awsvpc = canonicalFromSpec(
      {
        networkMode: 'awsvpc',
        containerDefinitions: [{ name: 'a', image: 'x', portMappings: [{ containerPort: 80 }] }],
      },
      'f',
    ).document;
    expect(awsvpc.containerDefinitions).toEqual([
      {
        name: 'a',
        image: 'x',
        essential: true,
        portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
      },
    ]);
  });

  it('does not fill networkMode for Windows, whose default differs', () => {
    const doc = canonicalFromSpec(
      {
        runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
        containerDefinitions: [{ name: 'a', image: 'x' }],
      },
      'f',
    ).document;
    expect(doc).not.toHaveProperty('networkMode');
  });

  it('keeps essential: false and the order of ordered lists', () => {
    const doc = canonicalFromSpec(
      {
        containerDefinitions: [
          { name: 'b', image: 'x', essential: false, command: ['z', '', 'a'] },
          { name: 'a', image: 'y' },
        ],
      },
      'f',
    ).document;
    expect(doc.containerDefinitions).toEqual([
      { name: 'b', image: 'x', essential: false, command: ['z', '', 'a'] },
      { name: 'a', image: 'y', essential: true },
    ]);
  });

  it.each([
    [
      'container order',
      {
        containerDefinitions: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y' },
        ],
      },
      {
        containerDefinitions: [
          { name: 'b', image: 'y' },
          { name: 'a', image: 'x' },
        ],
      },
    ],
    [
      'command order',
      { containerDefinitions: [{ name: 'a', image: 'x', command: ['1', '2'] }] },
      { containerDefinitions: [{ name: 'a', image: 'x', command: ['2', '1'] }] },
    ],
    [
      'essential false vs default',
      {
        containerDefinitions: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y', essential: false },
        ],
      },
      {
        containerDefinitions: [
          { name: 'a', image: 'x' },
          { name: 'b', image: 'y' },
        ],
      },
    ],
    [
      'bridge static vs dynamic host port',
      {
        containerDefinitions: [
          { name: 'a', image: 'x', portMappings: [{ containerPort: 80, hostPort: 80 }] },
        ],
      },
      { containerDefinitions: [{ name: 'a', image: 'x', portMappings: [{ containerPort: 80 }] }] },
    ],
    [
      'udp vs tcp',
      {
        containerDefinitions: [
          { name: 'a', image: 'x', portMappings: [{ containerPort: 53, protocol: 'udp' }] },
        ],
      },
      { containerDefinitions: [{ name: 'a', image: 'x', portMappings: [{ containerPort: 53 }] }] },
    ],
  ] satisfies [string, EcsTaskDefinitionSpec, EcsTaskDefinitionSpec][])(
    '%s changes the hash',
    (_name, a, b) => {
      expect(specHash(canonicalFromSpec(a, 'f'))).not.toBe(specHash(canonicalFromSpec(b, 'f')));
    },
  );

  it.each([
    [
      'hostPort 0 vs absent under bridge',
      {
        containerDefinitions: [{ name: 'a', image: 'x', portMappings: [{ containerPort: 80, hostPort: 0 }] }],
      },
      { containerDefinitions: [{ name: 'a', image: 'x', portMappings: [{ containerPort: 80 }] }] },
    ],
    [
      'networkMode bridge vs absent',
      { networkMode: 'bridge', containerDefinitions: [{ name: 'a', image: 'x' }] },
      { containerDefinitions: [{ name: 'a', image: 'x' }] },
    ],
    [
      'essential true vs absent',
      { containerDefinitions: [{ name: 'a', image: 'x', essential: true }] },
      { containerDefinitions: [{ name: 'a', image: 'x' }] },
    ],
    [
      'empty lists vs absent',
      { containerDefinitions: [{ name: 'a', image: 'x', environment: [], command: [] }], volumes: [] },
      { containerDefinitions: [{ name: 'a', image: 'x' }] },
    ],
    [
      'our fields and tags',
      {
        containerDefinitions: [{ name: 'a', image: 'x' }],
        revisionHistoryLimit: 1,
        deletionPolicy: 'Retain',
        region: 'eu-west-1',
        tags: [{ key: 'k', value: 'v' }],
      },
      { containerDefinitions: [{ name: 'a', image: 'x' }] },
    ],
    [
      'cpu/memory unit forms',
      { cpu: '0.5 vCPU', memory: '1GB', containerDefinitions: [{ name: 'a', image: 'x' }] },
      { cpu: '512', memory: '1024', containerDefinitions: [{ name: 'a', image: 'x' }] },
    ],
  ] satisfies [string, EcsTaskDefinitionSpec, EcsTaskDefinitionSpec][])('%s: same hash', (_name, a, b) => {
    expect(canonicalFromSpec(a, 'f').json).toBe(canonicalFromSpec(b, 'f').json);
  });

  it.each([
    ['1024', '1024'],
    ['0256', '256'],
    ['1 vCPU', '1024'],
    ['0.25 vcpu', '256'],
    ['.5 vCPU', '512'],
    ['2vcpu', '2048'],
    [' 512 ', '512'],
    ['1.1 vCPU', '1.1 vCPU'],
    ['lots', 'lots'],
  ])('normaliseCpu(%j) = %j', (input, expected) => {
    expect(normaliseCpu(input)).toBe(expected);
  });

  it.each([
    ['2048', '2048'],
    ['2 GB', '2048'],
    ['2gb', '2048'],
    ['0.5 GB', '512'],
    ['30 GB', '30720'],
    ['2 TB', '2 TB'],
  ])('normaliseMemory(%j) = %j', (input, expected) => {
    expect(normaliseMemory(input)).toBe(expected);
  });

  it('hashes in the versioned format', () => {
    const hash = specHash(canonicalFromSpec(bridgeSpec, 'api'));
    expect(hash).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(isSpecHash(hash)).toBe(true);
    expect(isSpecHash('abc')).toBe(false);
  });

  it('canonicalJson sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}',
    );
  });

  it('builds a register input with the tags and without sharing state', () => {
    const canonical = canonicalFromSpec(bridgeSpec, 'api');
    const input = toRegisterInput(canonical, [{ key: 'k', value: 'v' }]);
    expect(input.family).toBe('api');
    expect(input.tags).toEqual([{ key: 'k', value: 'v' }]);
    input.containerDefinitions?.pop();
    expect(canonicalFromSpec(bridgeSpec, 'api').json).toBe(canonical.json);
    expect(toRegisterInput(canonical, [])).not.toHaveProperty('tags');
  });
});

// --- properties -------------------------------------------------------------------------------

/** A deterministic permutation from a seed (mulberry32), so fast-check can shrink seeds. */
function permute<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Rebuilds every object with its keys inserted in a permuted order (arrays keep their order). */
function reorderKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((v, i) => reorderKeys(v, seed + i + 1));
  if (typeof value === 'object' && value !== null) {
    const entries = permute(Object.entries(value), seed);
    return Object.fromEntries(entries.map(([k, v], i) => [k, reorderKeys(v, seed * 31 + i)]));
  }
  return value;
}

const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/);
const envArb = fc.uniqueArray(fc.record({ name, value: fc.string({ maxLength: 8 }) }), {
  selector: (e) => e.name,
  maxLength: 8,
});
const specArb = fc.record({
  image: fc.stringMatching(/^[a-z]{1,6}:[0-9]{1,2}$/),
  env: envArb,
  secrets: fc.uniqueArray(fc.record({ name, valueFrom: fc.stringMatching(/^\/app\/[a-z]{1,6}$/) }), {
    selector: (e) => e.name,
    maxLength: 4,
  }),
  labels: fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.string({ maxLength: 5 }), { maxKeys: 4 }),
  memory: fc.integer({ min: 4, max: 4096 }),
  port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
  command: fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }),
});

type SpecParts = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

function toSpec(p: SpecParts): EcsTaskDefinitionSpec {
  return {
    networkMode: 'awsvpc',
    containerDefinitions: [
      {
        name: 'app',
        image: p.image,
        memory: p.memory,
        environment: p.env,
        secrets: p.secrets,
        dockerLabels: p.labels,
        command: p.command,
        ...(p.port === undefined ? {} : { portMappings: [{ containerPort: p.port }] }),
      },
      { name: 'side', image: 'busybox', memoryReservation: 16, essential: false },
    ],
  };
}

describe('hash properties', () => {
  it('reordering environment variables, secrets or object keys never changes the hash', () => {
    fc.assert(
      fc.property(specArb, fc.integer(), (parts, seed) => {
        const spec = toSpec(parts);
        const shuffled = toSpec({
          ...parts,
          env: permute(parts.env, seed),
          secrets: permute(parts.secrets, seed + 7),
        });
        const rekeyed = reorderKeys(shuffled, seed) as EcsTaskDefinitionSpec;
        expect(specHash(canonicalFromSpec(rekeyed, 'fam'))).toBe(specHash(canonicalFromSpec(spec, 'fam')));
      }),
    );
  });

  const mutations: readonly [string, (p: SpecParts) => SpecParts | undefined][] = [
    ['image', (p) => ({ ...p, image: `${p.image}0` })],
    ['memory', (p) => ({ ...p, memory: p.memory + 1 })],
    [
      'add env var',
      (p) =>
        p.env.some((e) => e.name === 'NEW_VAR')
          ? undefined
          : { ...p, env: [...p.env, { name: 'NEW_VAR', value: 'x' }] },
    ],
    [
      'env value',
      (p) =>
        p.env.length === 0
          ? undefined
          : { ...p, env: [{ ...p.env[0]!, value: `${p.env[0]!.value}!` }, ...p.env.slice(1)] },
    ],
    ['drop env var', (p) => (p.env.length === 0 ? undefined : { ...p, env: p.env.slice(1) })],
    [
      'secret source',
      (p) =>
        p.secrets.length === 0
          ? undefined
          : {
              ...p,
              secrets: [
                { ...p.secrets[0]!, valueFrom: `${p.secrets[0]!.valueFrom}x` },
                ...p.secrets.slice(1),
              ],
            },
    ],
    ['port', (p) => ({ ...p, port: p.port === undefined ? 8080 : p.port === 65535 ? 1 : p.port + 1 })],
    ['command', (p) => ({ ...p, command: [...p.command, 'extra'] })],
    ['label', (p) => ({ ...p, labels: { ...p.labels, zz: `${p.labels.zz ?? ''}!` } })],
  ];

  it('a real change always changes the hash', () => {
    fc.assert(
      fc.property(specArb, fc.constantFrom(...mutations), (parts, [, mutate]) => {
        const changed = mutate(parts);
        fc.pre(changed !== undefined);
        expect(specHash(canonicalFromSpec(toSpec(changed), 'fam'))).not.toBe(
          specHash(canonicalFromSpec(toSpec(parts), 'fam')),
        );
      }),
    );
  });
});

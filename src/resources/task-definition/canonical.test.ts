import { describe, expect, it } from 'vitest';
import {
  canonicalFromAws,
  canonicalFromSpec,
  canonicalJson,
  normaliseCpu,
  normaliseMemory,
  toRegisterInput,
  writtenRegisterInput,
} from './canonical.js';
import {
  bridgeEcho,
  bridgeSpec,
  fargateEcho,
  fargateSpec,
  fullEcho,
  fullSpec,
} from './testing/echo-fixtures.js';
import { specHash } from './hash.js';
import type { EcsTaskDefinitionSpec } from './types.js';

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

  // Each unit normaliser: the forms ECS accepts become its plain number; anything else is kept as written.
  it.each([
    ...(
      [
        ['1024', '1024'],
        ['0256', '256'],
        ['1 vCPU', '1024'],
        ['0.25 vcpu', '256'],
        ['.5 vCPU', '512'],
        ['2vcpu', '2048'],
        [' 512 ', '512'],
        ['1.1 vCPU', '1.1 vCPU'],
        ['lots', 'lots'],
      ] as const
    ).map(([input, expected]) => ({ normalise: normaliseCpu, input, expected })),
    ...(
      [
        ['2048', '2048'],
        ['2 GB', '2048'],
        ['2gb', '2048'],
        ['0.5 GB', '512'],
        ['30 GB', '30720'],
        ['2 TB', '2 TB'],
      ] as const
    ).map(([input, expected]) => ({ normalise: normaliseMemory, input, expected })),
  ])('$normalise.name("$input") = "$expected"', ({ normalise, input, expected }) => {
    expect(normalise(input)).toBe(expected);
  });

  it('keeps credentialSpecs, FSx for Windows and S3 Files volumes; S3 Files rootDirectory / is its root', () => {
    const s3 = 'arn:aws:s3files:us-east-1:123456789012:file-system/fs-1';
    const spec = (rootDirectory?: string): EcsTaskDefinitionSpec => ({
      ...bridgeSpec,
      containerDefinitions: bridgeSpec.containerDefinitions.map((c) => ({
        ...c,
        credentialSpecs: ['credentialspec:arn:aws:ssm:us-east-1:123456789012:parameter/gmsa'],
      })),
      volumes: [
        {
          name: 'win',
          fsxWindowsFileServerVolumeConfiguration: {
            fileSystemId: 'fs-0123',
            rootDirectory: 'share',
            authorizationConfig: {
              credentialsParameter: 'arn:aws:secretsmanager:x',
              domain: 'corp.example.com',
            },
          },
        },
        {
          name: 's3',
          s3filesVolumeConfiguration: { fileSystemArn: s3, ...(rootDirectory ? { rootDirectory } : {}) },
        },
      ],
    });
    const withRoot = canonicalFromSpec(spec('/'), 'api');
    expect(withRoot.json).toBe(canonicalFromSpec(spec(), 'api').json);
    expect(canonicalFromSpec(spec('/data'), 'api').json).not.toBe(withRoot.json);
    expect(withRoot.json).toContain('"credentialSpecs":["credentialspec:arn:aws:ssm:');
    expect(withRoot.json).toContain('"fsxWindowsFileServerVolumeConfiguration":{');
  });

  it('keeps trusted execution and GPU sharing, sends them as written, and hashes them like the echo', () => {
    const gpu = {
      type: 'GPU' as const,
      sharingStrategy: { nvidiaMps: { memory: 4096, maxComputePercent: 50 } },
    };
    const spec = (isolationMode: 'SHARED' | 'ISOLATED_SANDBOX', memory = 4096): EcsTaskDefinitionSpec => ({
      ...bridgeSpec,
      trustedExecutionConfiguration: { isolationMode },
      containerDefinitions: bridgeSpec.containerDefinitions.map((c) => ({
        ...c,
        resourceRequirements: [
          { ...gpu, sharingStrategy: { nvidiaMps: { ...gpu.sharingStrategy.nvidiaMps, memory } } },
        ],
      })),
    });
    const isolated = canonicalFromSpec(spec('ISOLATED_SANDBOX'), 'api');
    expect(isolated.document['trustedExecutionConfiguration']).toEqual({ isolationMode: 'ISOLATED_SANDBOX' });
    expect(isolated.json).toContain('"sharingStrategy":{"nvidiaMps":{"maxComputePercent":50,"memory":4096}}');
    // A different share is a different revision.
    expect(specHash(canonicalFromSpec(spec('ISOLATED_SANDBOX', 8192), 'api'))).not.toBe(specHash(isolated));

    // DescribeTaskDefinition's echo of the revision hashes the same.
    const echo = {
      ...bridgeEcho,
      trustedExecutionConfiguration: { isolationMode: 'ISOLATED_SANDBOX' as const },
      containerDefinitions: (bridgeEcho.containerDefinitions ?? []).map((c) => ({
        ...c,
        resourceRequirements: [gpu],
      })),
    };
    expect(canonicalFromAws(echo).json).toBe(isolated.json);

    // SHARED is ECS's default isolation: the same meaning, and the same hash, as leaving it out;
    // yet it is sent as written.
    const shared = spec('SHARED');
    const { trustedExecutionConfiguration: _t, ...withoutTrusted } = shared;
    expect(specHash(canonicalFromSpec(shared, 'api'))).toBe(
      specHash(canonicalFromSpec(withoutTrusted, 'api')),
    );
    expect(specHash(canonicalFromSpec(shared, 'api'))).not.toBe(specHash(isolated));
    const input = writtenRegisterInput(shared, 'api', []);
    expect(input.trustedExecutionConfiguration).toEqual({ isolationMode: 'SHARED' });
    expect(input.containerDefinitions?.[0]?.resourceRequirements).toEqual([gpu]);
  });

  it('sends what the spec writes (hostPort 0, readOnly false, host {}) and hashes as before', () => {
    const written: EcsTaskDefinitionSpec = {
      ...bridgeSpec,
      containerDefinitions: bridgeSpec.containerDefinitions.map((c) => ({
        ...c,
        mountPoints: [{ sourceVolume: 'scratch', containerPath: '/tmp/x', readOnly: false }],
      })),
      volumes: [{ name: 'scratch', host: {} }],
      tags: [{ key: 'team', value: 'a' }],
      revisionHistoryLimit: 3,
    };
    const input = writtenRegisterInput(written, 'api', [{ key: 'k', value: 'v' }]);
    expect(input.containerDefinitions?.[0]?.portMappings).toEqual([{ containerPort: 3000, hostPort: 0 }]);
    expect(input.containerDefinitions?.[0]?.mountPoints).toEqual([
      { sourceVolume: 'scratch', containerPath: '/tmp/x', readOnly: false },
    ]);
    expect(input.volumes).toEqual([{ name: 'scratch', host: {} }]);
    // Nothing filled (networkMode, essential, protocol are ECS's to fill) and none of our fields.
    expect(input).not.toHaveProperty('networkMode');
    expect(input.containerDefinitions?.[0]).not.toHaveProperty('essential');
    expect(input).not.toHaveProperty('revisionHistoryLimit');
    expect(input.family).toBe('api');
    expect(input.tags).toEqual([{ key: 'k', value: 'v' }]);
    // The hash is the canonical form's: the same as for the spec without the default-valued members.
    const { portMappings: _p, ...container } = bridgeSpec.containerDefinitions[0]!;
    const bare: EcsTaskDefinitionSpec = {
      ...bridgeSpec,
      containerDefinitions: [
        {
          ...container,
          portMappings: [{ containerPort: 3000 }],
          mountPoints: [{ sourceVolume: 'scratch', containerPath: '/tmp/x' }],
        },
      ],
      volumes: [{ name: 'scratch' }],
    };
    expect(specHash(canonicalFromSpec(written, 'api'))).toBe(specHash(canonicalFromSpec(bare, 'api')));
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

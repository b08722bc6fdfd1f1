import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { importTaskDefinition } from './import-task-definition.js';
import { importedYaml } from './import-yaml.js';
import { decision, unexpressed } from './import-notes.js';
import { REGION, registeredTaskDefinition } from '../testing/fixtures.js';
import { canonicalFromAws } from '../../resources/task-definition/canonical.js';
import { desiredTaskDefinition } from '../../resources/task-definition/desired.js';
import { specHash } from '../../resources/task-definition/hash.js';
import { validateSpec } from '../../resources/task-definition/validate.js';

const FULL: TaskDefinition = {
  ...registeredTaskDefinition('full-app', 4),
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '1 vCPU',
  memory: '2 GB',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: [
    {
      name: 'app',
      image: 'app:1',
      essential: true,
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
      environment: [
        { name: 'B', value: '2' },
        { name: 'A', value: '1' },
      ],
      healthCheck: { command: ['CMD', 'true'], interval: 30, timeout: 5, retries: 3 },
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': 'g', 'awslogs-region': REGION, 'awslogs-stream-prefix': 'app' },
      },
    },
    {
      name: 'log',
      image: 'fluent:1',
      essential: false,
      dependsOn: [{ containerName: 'app', condition: 'START' }],
    },
  ],
  volumes: [{ name: 'shared', host: {} }],
};

describe('importTaskDefinition', () => {
  it.each([
    { name: 'a small EC2 revision', td: registeredTaskDefinition('web', 3) },
    { name: 'a full Fargate revision with AWS unit forms', td: FULL },
  ])('hashes $name exactly like the revision itself', ({ td }) => {
    const { manifest } = importTaskDefinition({
      taskDefinition: td,
      tags: [{ key: 'team', value: 'a' }],
      region: REGION,
      namespace: 'shop',
    });
    expect(desiredTaskDefinition(manifest, 'default').specHash).toBe(specHash(canonicalFromAws(td)));
    expect(manifest.spec.family).toBe(td.family);
    expect(manifest.spec.tags).toEqual([{ key: 'team', value: 'a' }]);
    expect(manifest.spec.deletionPolicy).toBe('Retain');
    expect(manifest.spec.adopt).toBe(true);
    expect(manifest.metadata.annotations?.['ecs-bridge.dev/adopt-revision']).toBe(String(td.revision));
    expect(validateSpec(manifest.spec)).toEqual([]);
  });

  it('notes the rules a revision breaks, which the operator would refuse', () => {
    const bad = {
      ...FULL,
      containerDefinitions: [
        { name: 'app', image: 'a', logConfiguration: { logDriver: 'awslogs' as const, options: {} } },
      ],
    };
    const { notes } = importTaskDefinition({
      taskDefinition: bad,
      tags: [],
      region: REGION,
      namespace: 'shop',
    });
    expect(notes.filter((n) => n.kind === 'unexpressed').map((n) => n.field)).toContain(
      'spec.containerDefinitions[0].logConfiguration.options',
    );
  });

  it('keeps our own tags out of the spec', () => {
    const { manifest } = importTaskDefinition({
      taskDefinition: registeredTaskDefinition('web', 3),
      tags: [
        { key: 'ecs-bridge.dev/owner', value: 'x/y' },
        { key: 'aws:cloudformation:stack-id', value: 's' },
      ],
      region: REGION,
      namespace: 'shop',
    });
    expect(manifest.spec.tags).toBeUndefined();
  });
});

describe('importedYaml', () => {
  it('writes each object with its notes as comments, per field', () => {
    const text = importedYaml([
      {
        manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
        source: 'arn:aws:ecs:us-east-1:123456789012:service/demo/a',
        notes: [unexpressed('role', 'not part of the spec'), decision('desiredCount', 'left out')],
      },
      { manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }, source: 'b', notes: [] },
    ]);
    expect(text).toContain(
      '# Imported by `ecs-bridge import` from arn:aws:ecs:us-east-1:123456789012:service/demo/a.',
    );
    expect(text).toContain(
      '# Not expressed (AWS keeps these as they are; ecs-bridge does not manage them):\n#   role: not part of the spec',
    );
    expect(text).toContain('# Choices the import made:\n#   desiredCount: left out');
    const docs = parseAllDocuments(text);
    expect(
      Array.isArray(docs) ? docs.map((d) => (d.toJS() as { metadata: { name: string } }).metadata.name) : [],
    ).toEqual(['a', 'b']);
  });
});

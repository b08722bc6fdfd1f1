import { describe, expect, it } from 'vitest';
import { expectKindNames, metadataNameRule, readCrd, type CrdSchema as Schema } from '../testing/crd-file.js';

const crd = readCrd('ecstaskdefinition.yaml');
const version = crd.spec.versions[0]!;
const root = version.schema.openAPIV3Schema;

/** Every schema node with its path. */
function walk(schema: Schema, path: string, out: [string, Schema][] = []): [string, Schema][] {
  out.push([path, schema]);
  for (const [name, child] of Object.entries(schema.properties ?? {})) walk(child, `${path}.${name}`, out);
  if (schema.items !== undefined) walk(schema.items, `${path}[]`, out);
  if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${path}{}`, out);
  return out;
}

const nodes = walk(root, '');
// metadata may not carry anything but its type (the API server forbids more).
const described = nodes.filter(([path]) => path !== '.metadata');

describe('crds/ecstaskdefinition.yaml', () => {
  it('names the kind as the issue asks', () => {
    expectKindNames(crd, { kind: 'EcsTaskDefinition', plural: 'ecstaskdefinitions', shortNames: ['ecstd'] });
    expect(version.additionalPrinterColumns.map((c) => c.name)).toEqual(
      expect.arrayContaining(['Family', 'Revision', 'Ready', 'Age']),
    );
  });

  it('has a description on every field', () => {
    const missing = described
      .filter(([, s]) => (s.description ?? '').trim().length < 3)
      .map(([p]) => p || '(root)');
    expect(missing).toEqual([]);
    expect(described.length).toBeGreaterThan(150);
  });

  it('bounds every string, list and map so CEL cost estimates stay small', () => {
    const exempt = new Set(['.apiVersion', '.kind']);
    const unbounded = nodes
      .filter(([path, s]) => {
        if (exempt.has(path)) return false;
        if (s.type === 'string')
          return s.maxLength === undefined && s.enum === undefined && s.format !== 'date-time';
        if (s.type === 'array') return s.maxItems === undefined;
        if (s.type === 'object' && s.additionalProperties !== undefined) return s.maxProperties === undefined;
        return false;
      })
      .map(([p]) => p);
    expect(unbounded).toEqual([]);
  });

  it('gives every CEL rule a message', () => {
    const rules = nodes.flatMap(([path, s]) =>
      (s['x-kubernetes-validations'] ?? []).map((v) => ({ path, ...v })),
    );
    expect(rules.length).toBeGreaterThanOrEqual(10);
    expect(rules.filter((r) => r.message === undefined && r.messageExpression === undefined)).toEqual([]);
  });

  it('mirrors RegisterTaskDefinition with ECS names, plus ours', () => {
    const spec = root.properties?.spec;
    expect(Object.keys(spec?.properties ?? {})).toEqual(
      expect.arrayContaining([
        'family',
        'containerDefinitions',
        'cpu',
        'memory',
        'networkMode',
        'requiresCompatibilities',
        'executionRoleArn',
        'taskRoleArn',
        'volumes',
        'placementConstraints',
        'runtimePlatform',
        'ephemeralStorage',
        'pidMode',
        'ipcMode',
        'proxyConfiguration',
        'tags',
        'revisionHistoryLimit',
        'deletionPolicy',
        'region',
      ]),
    );
    const container = spec?.properties?.containerDefinitions?.items;
    expect(Object.keys(container?.properties ?? {})).toEqual(
      expect.arrayContaining([
        'name',
        'image',
        'cpu',
        'memory',
        'memoryReservation',
        'essential',
        'portMappings',
        'environment',
        'environmentFiles',
        'secrets',
        'command',
        'entryPoint',
        'logConfiguration',
        'healthCheck',
        'mountPoints',
        'volumesFrom',
        'dependsOn',
        'ulimits',
        'linuxParameters',
        'workingDirectory',
        'user',
        'readonlyRootFilesystem',
        'privileged',
        'dockerLabels',
        'stopTimeout',
        'startTimeout',
        'links',
        'hostname',
        'interactive',
        'pseudoTerminal',
        'firelensConfiguration',
        'repositoryCredentials',
        'resourceRequirements',
        'systemControls',
      ]),
    );
    expect(Object.keys(container?.properties?.portMappings?.items?.properties ?? {})).toEqual(
      expect.arrayContaining(['containerPort', 'hostPort', 'protocol', 'name', 'appProtocol']),
    );
    const efs = spec?.properties?.volumes?.items?.properties?.efsVolumeConfiguration;
    expect(Object.keys(efs?.properties ?? {})).toEqual(
      expect.arrayContaining(['transitEncryption', 'authorizationConfig']),
    );
    expect(spec?.properties?.revisionHistoryLimit?.default).toBe(10);
    expect(spec?.properties?.deletionPolicy).toMatchObject({ enum: ['Delete', 'Retain'] });
    // No schema default: an unset policy is the installation's (--default-deletion-policy).
    expect(spec?.properties?.deletionPolicy).not.toHaveProperty('default');
  });

  it('keeps status conditions a map keyed by type (server-side apply friendly)', () => {
    const conditions = root.properties?.status?.properties?.conditions;
    expect(conditions?.['x-kubernetes-list-type']).toBe('map');
    expect(conditions?.['x-kubernetes-list-map-keys']).toEqual(['type']);
  });

  describe('a metadata.name ECS would refuse as the family', () => {
    const { rule: nameRule, pattern, admits } = metadataNameRule(crd, 'family');

    it('is refused at the root unless spec.family is set', () => {
      expect(admits('web.v2')).toBe(false);
      expect(admits('web.v2', 'web-v2')).toBe(true);
      expect(admits('web-v2')).toBe(true);
    });

    it('uses the ECS rule, says which name and to set spec.family explicitly', () => {
      expect(pattern).toBe('^[A-Za-z0-9_-]+$');
      expect(nameRule?.messageExpression).toContain("'metadata.name ' + self.metadata.name");
      expect(nameRule?.messageExpression).toContain('set spec.family explicitly');
      const family = root.properties?.spec?.properties?.family;
      expect(family?.maxLength).toBe(255);
      expect(family?.['x-kubernetes-validations']?.[0]?.rule).toBe("self.matches('^[A-Za-z0-9_-]+$')");
    });
  });
});

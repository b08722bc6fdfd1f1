import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { desiredService } from './desired.js';
import type { EcsService } from './types.js';
import { validateServiceSpec } from './validate.js';

const root = new URL('../../../examples/', import.meta.url).pathname;

function manifests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? manifests(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : [],
  );
}

function objects(file: string): { kind: string; metadata: { name: string; namespace?: string } }[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map(
    (d) => d.toJS() as { kind: string; metadata: { name: string } },
  );
}

// Scenario 8 is a kustomize base (its overlays only change namespace, names in ECS, counts, tags).
const scenario8Base = join(root, 'scenario-8-environments', 'base');
const services = [...manifests(join(root, 'services')), ...manifests(scenario8Base)].flatMap((f) =>
  objects(f)
    .filter((o) => o.kind === 'EcsService')
    .map((o) => [f.slice(root.length), o as unknown as EcsService] as const),
);
const namesOf = (kind: string, ...dirs: string[]): Set<string> =>
  new Set(
    dirs
      .flatMap(manifests)
      .flatMap(objects)
      .filter((o) => o.kind === kind)
      .map((o) => o.metadata.name),
  );
const taskDefinitionNames = namesOf('EcsTaskDefinition', join(root, 'task-definitions'), scenario8Base);
// A feature example (service-connect.yaml, ebs-volume.yaml, ...) carries its own task definitions.
const taskDefinitionsBeside = (file: string): Set<string> =>
  new Set(
    objects(join(root, file))
      .filter((o) => o.kind === 'EcsTaskDefinition')
      .map((o) => o.metadata.name),
  );
const clusterNames = namesOf('EcsCluster', join(root, 'clusters'), scenario8Base);

describe('examples/services', () => {
  it('covers scenarios 1, 2, 3, 4, 5, 6, 8 and 9', () => {
    const scenarios = new Set(services.flatMap(([f]) => /scenario-(\d+)/.exec(f)?.[1] ?? []));
    expect([...scenarios].sort()).toEqual(['1', '2', '3', '4', '5', '6', '8', '9']);
  });

  it.each(services)('%s is a valid EcsService the controller can plan', (_file, obj) => {
    expect(obj.kind).toBe('EcsService');
    expect(obj.apiVersion).toBe('ecs-bridge.dev/v1alpha1');
    expect(validateServiceSpec(obj.spec)).toBeUndefined();
    expect(() =>
      desiredService({
        spec: obj.spec,
        name: obj.metadata.name,
        taskDefinition: 'x:1',
        defaultRegion: 'us-east-1',
      }),
    ).not.toThrow();
  });

  it.each(services)('%s runs in the cluster of an EcsCluster shipped in the examples', (_file, obj) => {
    expect(obj.spec.cluster).toBeUndefined();
    expect(clusterNames).toContain(obj.spec.clusterRef?.name);
  });

  it.each(services)(
    '%s references an EcsTaskDefinition shipped in examples/task-definitions or in its own file',
    (file, obj) => {
      // The task definition examples may not be written yet when this runs in a fresh checkout of
      // another branch; when they are, every reference must resolve.
      if (taskDefinitionNames.size === 0) return;
      expect([...taskDefinitionNames, ...taskDefinitionsBeside(file)]).toContain(
        obj.spec.taskDefinitionRef?.name,
      );
    },
  );
});

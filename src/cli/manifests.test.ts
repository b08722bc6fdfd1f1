import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ManifestError, manifestFiles, parseManifestText, readManifests } from './manifests.js';

const TD = `apiVersion: ecs-bridge.dev/v1alpha1
kind: EcsTaskDefinition
metadata:
  name: web
spec:
  containerDefinitions: [{name: app, image: httpd}]
`;
const SVC = `apiVersion: ecs-bridge.dev/v1alpha1
kind: EcsService
metadata:
  name: web
  namespace: shop
spec:
  cluster: demo
  taskDefinitionRef: {name: web}
`;

describe('parseManifestText', () => {
  it('reads several documents, defaults the namespace, and skips other kinds', () => {
    const set = parseManifestText(
      `${TD}---\n${SVC}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n`,
      'a.yaml',
      'dev',
    );
    expect(
      set.objects.map((o) => `${o.kind} ${o.obj.metadata.namespace}/${o.obj.metadata.name} ${o.source}`),
    ).toEqual(['EcsTaskDefinition dev/web a.yaml#1', 'EcsService shop/web a.yaml#2']);
    expect(set.skipped).toEqual([{ source: 'a.yaml#3', kind: 'v1/Namespace' }]);
  });

  it('reads the items of a List', () => {
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'ecs-bridge.dev/v1alpha1',
          kind: 'EcsService',
          metadata: { name: 'x' },
          spec: { cluster: 'c' },
        },
      ],
    });
    expect(parseManifestText(list, 'l.json', 'default').objects.map((o) => o.source)).toEqual([
      'l.json#1[0]',
    ]);
  });

  it('skips kinds of another group that share a name', () => {
    const other = SVC.replace('ecs-bridge.dev/v1alpha1', 'example.com/v1');
    expect(parseManifestText(other, 'x.yaml', 'default').skipped).toEqual([
      { source: 'x.yaml#1', kind: 'example.com/v1/EcsService' },
    ]);
  });

  it.each([
    { text: 'a: [', message: 'x.yaml#1: not valid YAML' },
    { text: 'just a string', message: 'x.yaml#1: not a Kubernetes object' },
    {
      text: 'apiVersion: ecs-bridge.dev/v1alpha1\nkind: EcsService\nspec: {}',
      message: 'EcsService has no metadata.name',
    },
    {
      text: 'apiVersion: ecs-bridge.dev/v1alpha1\nkind: EcsService\nmetadata: {name: a}',
      message: 'EcsService a has no spec',
    },
  ])('refuses $message', ({ text, message }) => {
    expect(() => parseManifestText(text, 'x.yaml', 'default')).toThrow(ManifestError);
    expect(() => parseManifestText(text, 'x.yaml', 'default')).toThrow(message);
  });
});

describe('readManifests', () => {
  function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-bridge-manifests-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  }

  it('walks folders recursively, in name order, skipping hidden entries and other files', () => {
    const dir = folder({
      'b/svc.yml': SVC,
      'a.yaml': TD,
      'README.md': '# no',
      '.hidden/x.yaml': TD,
      'c.json': '{}',
    });
    expect(manifestFiles([dir]).map((f) => f.slice(dir.length + 1))).toEqual([
      'a.yaml',
      'b/svc.yml',
      'c.json',
    ]);
  });

  it('reports a kustomize folder instead of reading its inputs as objects', () => {
    const dir = folder({
      'a.yaml': TD,
      'env/base/kustomization.yaml': 'resources: [svc.yaml]\n',
      'env/base/svc.yaml': SVC,
      'env/overlays/dev/kustomization.yml': 'resources: [../../base]\n',
      'env/overlays/dev/patch.yaml': TD,
    });
    const set = readManifests([dir], 'default');
    expect(set.objects.map((o) => o.source.slice(dir.length + 1))).toEqual(['a.yaml#1']);
    expect(set.skipped).toEqual([
      { source: join(dir, 'env', 'base'), kind: 'kustomization' },
      { source: join(dir, 'env', 'overlays', 'dev'), kind: 'kustomization' },
    ]);
  });

  it('refuses a path that does not exist, and the same object twice', () => {
    expect(() => readManifests(['/no/such/path'], 'default')).toThrow(
      '/no/such/path: no such file or folder',
    );
    const dir = folder({ 'a.yaml': TD, 'b.yaml': TD });
    expect(() => readManifests([dir], 'default')).toThrow('EcsTaskDefinition default/web is also defined in');
  });

  it('takes files and folders together', () => {
    const dir = folder({ 'a.yaml': TD, 'more/b.yaml': SVC });
    const set = readManifests([join(dir, 'a.yaml'), join(dir, 'more')], 'default');
    expect(set.objects.map((o) => o.kind)).toEqual(['EcsTaskDefinition', 'EcsService']);
  });
});

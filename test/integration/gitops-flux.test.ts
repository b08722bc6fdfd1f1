/**
 * Checks the Flux example (deploy/gitops/flux/) against this repository: every Flux Kustomization
 * waits for health (kstatus), refers to sources and dependencies the example defines, and the
 * install points at a kustomize folder, ServiceAccount and image name that exist here, with the
 * GitRepository's ignore rules leaving that folder in. Flux's CRDs are not in the test world, so
 * this reads the files; test/integration/gitops-kstatus.test.ts shows what kstatus makes of our
 * objects. No test world needed.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fluxDir = join(root, 'deploy/gitops/flux');

interface FluxObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec: Record<string, unknown>;
}

interface KustomizationSpec {
  wait?: boolean;
  timeout?: string;
  path: string;
  prune?: boolean;
  sourceRef: { kind: string; name: string };
  dependsOn?: { name: string }[];
  images?: { name: string }[];
  patches?: { target?: { kind?: string; name?: string } }[];
}

const files = readdirSync(fluxDir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
const objects: FluxObject[] = files.flatMap((f) =>
  YAML.parseAllDocuments(readFileSync(join(fluxDir, f), 'utf8')).map((d) => d.toJS() as FluxObject),
);
const kustomizations = objects.filter((o) => o.kind === 'Kustomization');
const sources = objects.filter((o) => o.kind === 'GitRepository');
const spec = (o: FluxObject): KustomizationSpec => o.spec as unknown as KustomizationSpec;
const install = kustomizations.find((k) => k.metadata.name === 'ecs-bridge');

/**
 * Whether Flux leaves `path` out, for the two kinds of .gitignore line the example uses: `/*`
 * (everything at the top, hence everything) and `!/dir/` (bring a folder back). The last matching
 * line wins, as in .gitignore.
 */
function ignored(rules: string, path: string): boolean {
  let result = false;
  for (const line of rules.split('\n').map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = negated ? line.slice(1) : line;
    const matches = pattern === '/*' || path.startsWith(pattern.endsWith('/') ? pattern : `${pattern}/`);
    if (matches) result = !negated;
  }
  return result;
}

describe('deploy/gitops/flux', () => {
  it('lists every file in its kustomization.yaml', () => {
    const k = YAML.parse(readFileSync(join(fluxDir, 'kustomization.yaml'), 'utf8')) as {
      resources: string[];
    };
    expect([...k.resources].sort()).toEqual([...files].sort());
  });

  it('uses the GA Flux APIs', () => {
    expect(sources.length).toBeGreaterThan(0);
    expect(kustomizations.length).toBeGreaterThan(1);
    for (const s of sources) expect(s.apiVersion).toBe('source.toolkit.fluxcd.io/v1');
    for (const k of kustomizations) expect(k.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
  });

  it.each(kustomizations.map((k) => [k.metadata.name, k] as const))(
    '%s waits for kstatus health, prunes, has a timeout and resolves its references',
    (_name, k) => {
      const s = spec(k);
      expect(s.wait).toBe(true);
      expect(s.prune).toBe(true);
      expect(s.timeout).toMatch(/^\d+m$/);
      expect(sources.map((x) => x.metadata.name)).toContain(s.sourceRef.name);
      for (const d of s.dependsOn ?? []) expect(kustomizations.map((x) => x.metadata.name)).toContain(d.name);
    },
  );

  it('orders the team services after the install (CRDs first)', () => {
    const team = kustomizations.filter((k) => k !== install);
    expect(team.length).toBeGreaterThan(0);
    for (const k of team) expect(spec(k).dependsOn?.map((d) => d.name)).toContain('ecs-bridge');
  });

  it('installs from a kustomize folder of this repository that its source does not ignore', () => {
    expect(install).toBeDefined();
    const s = spec(install!);
    const path = s.path.replace(/^\.\//, '');
    expect(existsSync(join(root, path, 'kustomization.yaml')), path).toBe(true);
    const source = sources.find((x) => x.metadata.name === s.sourceRef.name)!;
    const rules = (source.spec.ignore as string | undefined) ?? '';
    expect(ignored(rules, `/${path}/kustomization.yaml`)).toBe(false);
    expect(ignored(rules, '/src/main.ts')).toBe(true);
  });

  it('overrides an image and patches a ServiceAccount that the install folder has', () => {
    const s = spec(install!);
    const base = readFileSync(join(root, s.path, 'deployment.yaml'), 'utf8');
    for (const image of s.images ?? [])
      expect(base).toMatch(new RegExp(`image: ${image.name}(:|$|\\s)`, 'm'));
    const sa = YAML.parse(readFileSync(join(root, s.path, 'service-account.yaml'), 'utf8')) as FluxObject;
    for (const p of s.patches ?? []) {
      expect(p.target?.kind).toBe(sa.kind);
      expect(p.target?.name).toBe(sa.metadata.name);
    }
  });
});

/**
 * The toolchain agrees with itself: the Node that tests run on (.nvmrc) is the image's, the engines
 * floor and the newest release line are fetched and tested by CI (scripts/node-toolchain.lock), the
 * AWS SDK clients share one core, and every runtime dependency is used by the operator.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
};
const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string }> };
const nvmrc = read('.nvmrc').trim();
const pinned = read('scripts/node-toolchain.lock')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .map((line) => {
    const [version = '', platform = '', integrity = ''] = line.split(/\s+/);
    return { version, platform, integrity };
  });

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

describe('toolchain', () => {
  it('builds the image on the Node version every test runs on', () => {
    const image = /^ARG NODE_IMAGE=node:(\S+?)-bookworm-slim$/m.exec(read('Dockerfile'))?.[1];
    expect(image).toBe(nvmrc);
  });

  it('pins an integrity for .nvmrc on both Linux architectures', () => {
    for (const platform of ['linux-x64', 'linux-arm64']) {
      expect(pinned.find((p) => p.version === nvmrc && p.platform === platform)?.integrity).toMatch(
        /^sha512-[A-Za-z0-9+/]+=*$/,
      );
    }
  });

  it("tests the oldest Node that engines allows, and the newest release line, in CI's lock", () => {
    const floor = /^>=(\d+\.\d+\.\d+)$/.exec(pkg.engines.node)?.[1];
    expect(floor).toMatch(/^\d+\.\d+\.\d+$/);
    const x64 = pinned.filter((p) => p.platform === 'linux-x64').map((p) => p.version);
    expect(x64).toContain(floor);
    const majors = x64.map((v) => Number(v.split('.')[0]));
    expect(Math.max(...majors)).toBeGreaterThan(Number(nvmrc.split('.')[0]));
    expect(read('.ci/run')).toContain('scripts/node-toolchain.lock');
  });

  it('resolves one AWS SDK core and one Smithy core for every client', () => {
    for (const name of ['@aws-sdk/core', '@smithy/core', '@smithy/types']) {
      const versions = new Set(
        Object.entries(lock.packages)
          .filter(([path]) => path.endsWith(`node_modules/${name}`))
          .map(([, entry]) => entry.version),
      );
      expect([name, versions.size]).toEqual([name, 1]);
    }
  });

  it('uses every runtime dependency in the operator (test-only packages are devDependencies)', () => {
    const sources = sourceFiles(join(root, 'src')).map((path) => readFileSync(path, 'utf8'));
    for (const dep of Object.keys(pkg.dependencies)) {
      const used = sources.some((text) => text.includes(`from '${dep}'`) || text.includes(`from '${dep}/`));
      expect([dep, used]).toEqual([dep, true]);
    }
  });
});

/**
 * One release, one version, one address: package.json's `version` is the version, and everything
 * that repeats it (the CLI's `--version`, the image's OCI label, the Helm chart, the install
 * manifests and docs that pin a release) agrees; every link to the project names one repository;
 * the licence and changelog a release ships exist.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { packageVersion } from '../src/cli/version.js';

const root = resolve(import.meta.dirname, '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  version: string;
  license: string;
  repository: { url: string };
  homepage: string;
  bugs: { url: string };
};
const version = pkg.version;

/** The one repository; every link to the project's source uses it. */
const REPOSITORY = 'https://github.com/ecs-bridge/ecs-bridge';

/** Text a user reads or installs from: docs, manifests, examples, the chart, workflows. */
function userFacingFiles(): string[] {
  const walk = (dir: string): string[] =>
    (existsSync(join(root, dir)) ? readdirSync(join(root, dir)) : []).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(join(root, path)).isDirectory()) return walk(path);
      return /\.(md|ya?ml|json|tpl|txt|sh)$/.test(name) ? [path] : [];
    });
  return [
    'README.md',
    'CHANGELOG.md',
    'package.json',
    'Dockerfile',
    ...walk('docs').filter((p) => !p.startsWith(join('docs', 'performance'))),
    ...walk('deploy'),
    ...walk('examples'),
    ...walk('.github'),
  ];
}

describe('release', () => {
  it('has a semantic version in package.json', () => {
    expect(version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });

  it('prints package.json version from the CLI', () => {
    expect(packageVersion()).toBe(version);
  });

  it("labels the image with package.json's version", () => {
    const dockerfile = read('Dockerfile');
    expect(/^ARG VERSION=(\S+)$/m.exec(dockerfile)?.[1]).toBe(version);
    expect(dockerfile).toMatch(/org\.opencontainers\.image\.version="\$\{VERSION\}"/);
    expect(dockerfile).toContain(`org.opencontainers.image.source="${REPOSITORY}"`);
  });

  it("gives the Helm chart package.json's version as version and appVersion", () => {
    const chart = YAML.parse(read('deploy/helm/ecs-bridge/Chart.yaml')) as Record<string, unknown>;
    expect(chart['version']).toBe(version);
    expect(chart['appVersion']).toBe(version);
    expect(chart['home']).toBe(REPOSITORY);
  });

  it("pins package.json's version wherever a manifest or doc pins a release", () => {
    // Every form a pin takes in our docs and manifests: the image tag, a git ref, a chart version.
    const pins = [
      /ghcr\.io\/ecs-bridge\/ecs-bridge:v?(\d+\.\d+\.\d+(?:-[\w.-]*\w)?)/g,
      /[?&]ref=v(\d+\.\d+\.\d+(?:-[\w.-]*\w)?)/g,
      /targetRevision: v?(\d+\.\d+\.\d+(?:-[\w.-]*\w)?)/g,
      /^\s*tag: v(\d+\.\d+\.\d+(?:-[\w.-]*\w)?)/gm,
      /newTag: v?(\d+\.\d+\.\d+(?:-[\w.-]*\w)?)/g,
      /ECS_BRIDGE_VERSION=v?(\d+\.\d+\.\d+(?:-[\w.-]*\w)?)/g,
      /charts\/ecs-bridge --version v?(\d+\.\d+\.\d+(?:-[\w.-]*\w)?)/g,
    ];
    const found: string[] = [];
    const wrong: string[] = [];
    for (const file of userFacingFiles()) {
      if (file === 'CHANGELOG.md') continue;
      const text = read(file);
      for (const pin of pins) {
        for (const m of text.matchAll(pin)) {
          found.push(`${file}: ${m[0]}`);
          if (m[1] !== version) wrong.push(`${file}: ${m[0].trim()}`);
        }
      }
    }
    expect(wrong, `pins that are not ${version}`).toEqual([]);
    // The install paths do pin: the kustomize base, the Flux example and the install guide.
    expect(found.some((f) => f.startsWith(join('deploy', 'base')))).toBe(true);
    expect(found.some((f) => f.startsWith(join('deploy', 'gitops', 'flux')))).toBe(true);
    expect(found.some((f) => f.startsWith(join('docs', 'install.md')))).toBe(true);
  });

  it('names one repository everywhere', () => {
    expect(pkg.repository.url).toBe(`git+${REPOSITORY}.git`);
    expect(pkg.homepage.startsWith(REPOSITORY)).toBe(true);
    expect(pkg.bugs.url).toBe(`${REPOSITORY}/issues`);
    const others: string[] = [];
    for (const file of userFacingFiles()) {
      const text = read(file);
      for (const m of text.matchAll(/github\.com\/([^/\s)"'`]+)\/ecs-bridge\b/g)) {
        if (m[1] !== 'ecs-bridge') others.push(`${relative(root, join(root, file))}: ${m[0]}`);
      }
      for (const placeholder of ['<you>', 'example-org']) {
        if (text.includes(placeholder)) others.push(`${file}: ${placeholder}`);
      }
    }
    expect(others).toEqual([]);
  });

  it('ships the Apache-2.0 licence package.json names, and a changelog with an Unreleased section', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const licence = read('LICENSE');
    expect(licence).toContain('Apache License');
    expect(licence).toContain('Version 2.0, January 2004');
    expect(licence).toContain('END OF TERMS AND CONDITIONS');
    const changelog = read('CHANGELOG.md');
    expect(changelog).toMatch(/^## \[Unreleased\]$/m);
    expect(changelog).toContain('keepachangelog.com');
  });
});

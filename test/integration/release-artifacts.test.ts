/**
 * What the release workflow publishes, built here as far as it can be without Docker or GitHub:
 * the workflow passes actionlint; the Helm chart packages with package.json's version; `npm pack`
 * makes a package that installs into an empty folder and whose `npx ecs-bridge --version` and
 * `--help` work there (so it carries dist/, bin/ and the CRDs, and its runtime dependencies are
 * declared). The Dockerfile lint is a unit test (scripts/dockerfile-lint.test.ts).
 *
 * Needs no world, but is slow (a TypeScript build and an npm install of the packed tarball), so it
 * runs with the integration project.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { helm, repoRoot } from '../support/deploy.js';
import { resolveActionlint } from '../world/actionlint.js';
import { resolveHelm } from '../world/helm.js';

const run = promisify(execFile);
const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const scratch = mkdtempSync(join(tmpdir(), 'ecsb-release-'));
// prepack builds dist/ in the checkout; a checkout without one runs src/ (bin/ecs-bridge.js), so
// leave none behind that would go stale as the sources change.
const hadDist = existsSync(join(repoRoot, 'dist'));
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  if (!hadDist) rmSync(join(repoRoot, 'dist'), { recursive: true, force: true });
});

/** Runs a command; resolves with its output, or rejects with the command and its stderr. */
async function sh(
  file: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  try {
    const { stdout } = await run(file, [...args], {
      cwd,
      env,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 600_000,
    });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed:\n${e.stderr ?? ''}${e.stdout ?? ''}`, { cause: err });
  }
}

describe('the release workflow', () => {
  it('passes actionlint', async () => {
    const started = Date.now();
    const actionlint = await resolveActionlint();
    const workflows = readdirSync(join(repoRoot, '.github', 'workflows')).map((f) =>
      join('.github', 'workflows', f),
    );
    expect(workflows).toContain(join('.github', 'workflows', 'release.yml'));
    // Exit 0 and no output: actionlint prints one line per problem and exits 1.
    expect(await sh(actionlint.path, ['-no-color', ...workflows], repoRoot)).toBe('');
    process.stderr.write(
      `release: actionlint ${actionlint.built ? 'built and ' : ''}ran in ${Date.now() - started} ms\n`,
    );
  }, 600_000);
});

describe('the Helm chart', () => {
  it("packages as ecs-bridge-<version>.tgz with package.json's version and appVersion", async () => {
    const started = Date.now();
    const helmBinary = await resolveHelm();
    const out = join(scratch, 'chart');
    await helm(helmBinary.path, [
      'package',
      join(repoRoot, 'deploy', 'helm', 'ecs-bridge'),
      '--destination',
      out,
    ]);
    const tgz = join(out, `ecs-bridge-${version}.tgz`);
    expect(readdirSync(out)).toEqual([`ecs-bridge-${version}.tgz`]);
    const chart = YAML.parse(await helm(helmBinary.path, ['show', 'chart', tgz])) as Record<string, unknown>;
    expect(chart).toMatchObject({ name: 'ecs-bridge', version, appVersion: version });
    // The packaged chart renders the released image.
    const rendered = await helm(helmBinary.path, [
      'template',
      'ecs-bridge',
      tgz,
      '--namespace',
      'ecs-bridge-system',
    ]);
    expect(rendered).toContain(`image: "ghcr.io/ecs-bridge/ecs-bridge:${version}"`);
    process.stderr.write(`release: helm package ran in ${Date.now() - started} ms\n`);
  }, 900_000);
});

describe('the npm package', () => {
  let tarball = '';
  let files: string[] = [];

  beforeAll(async () => {
    const started = Date.now();
    // prepack builds dist/ from a clean folder, as `npm publish` does in the workflow.
    const [packed] = JSON.parse(
      await sh('npm', ['pack', '--json', '--pack-destination', scratch], repoRoot),
    ) as { filename: string; files: { path: string }[] }[];
    tarball = join(scratch, packed!.filename);
    files = packed!.files.map((f) => f.path);
    process.stderr.write(`release: npm pack (with build) ran in ${Date.now() - started} ms\n`);
  }, 600_000);

  it('carries the CLI, its compiled code, the CRDs and the licence, and no sources or tests', () => {
    expect(tarball).toMatch(new RegExp(`ecs-bridge-${version.replace(/\./g, '\\.')}\\.tgz$`));
    expect(files).toEqual(
      expect.arrayContaining([
        'bin/ecs-bridge.js',
        'dist/bundle/ecs-bridge.mjs',
        'dist/cli/main.js',
        'dist/operator.js',
        'crds/ecsservice.yaml',
        'crds/ecstaskdefinition.yaml',
        'LICENSE',
        'README.md',
        'package.json',
      ]),
    );
    expect(files.filter((f) => /^(src|test|scripts)\/|\.test\.js$|\.test-helper\.js$/.test(f))).toEqual([]);
  });

  it('installs into an empty folder, and `npx ecs-bridge --version` and `--help` work there', async () => {
    const started = Date.now();
    const dir = join(scratch, 'user');
    rmSync(dir, { recursive: true, force: true });
    await sh('mkdir', ['-p', dir], scratch);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'smoke', private: true }));
    await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], dir);
    const installed = Date.now();
    expect(await sh('npx', ['--no-install', 'ecs-bridge', '--version'], dir)).toBe(`${version}\n`);
    const help = await sh('npx', ['--no-install', 'ecs-bridge', '--help'], dir);
    expect(help).toMatch(/^Usage: ecs-bridge <command>/);
    // A subcommand loads the operator's modules and their dependencies from the install.
    expect(await sh('npx', ['--no-install', 'ecs-bridge', 'plan', '--help'], dir)).toContain(
      'Usage: ecs-bridge plan',
    );
    process.stderr.write(
      `release: npm install of the tarball ${installed - started} ms, three CLI runs ${Date.now() - installed} ms\n`,
    );
  }, 600_000);

  it('runs from its bundle alone: `run --help` loads the operator with no node_modules beside it', async () => {
    // The bundle (ADR 0056) is what bin/ecs-bridge.js runs; copied with package.json alone, it must
    // still load the whole operator (the run command's modules import all of it statically).
    const dir = join(scratch, 'bundle-only');
    rmSync(dir, { recursive: true, force: true });
    await sh('mkdir', ['-p', join(dir, 'dist')], scratch);
    await sh(
      'tar',
      ['-xzf', tarball, '-C', dir, '--strip-components=1', 'package/package.json', 'package/dist/bundle'],
      dir,
    );
    expect(readdirSync(dir).sort()).toEqual(['dist', 'package.json']);
    const bundle = join(dir, 'dist', 'bundle', 'ecs-bridge.mjs');
    expect(await sh(process.execPath, [bundle, '--version'], dir)).toBe(`${version}\n`);
    expect(await sh(process.execPath, [bundle, 'run', '--help'], dir)).toContain('Usage: ecs-bridge run');
  }, 120_000);
});

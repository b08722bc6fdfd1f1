/**
 * bin/ecs-bridge.js, the command `npx ecs-bridge` and the published package run: in a checkout
 * without dist/ (right after `npm ci`) it runs the sources through tsx; with dist/ it runs dist/;
 * with neither it says what to do. Each case runs the real bin file from a scratch folder shaped
 * like the case, so the checkout's own dist/ (present or not) changes nothing.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A folder holding bin/ecs-bridge.js and package.json, plus what the case asks for. */
function layout(parts: { src?: boolean; nodeModules?: boolean; dist?: string; bundle?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'ecsb-bin-'));
  scratch.push(dir);
  mkdirSync(join(dir, 'bin'));
  cpSync(join(root, 'bin', 'ecs-bridge.js'), join(dir, 'bin', 'ecs-bridge.js'));
  cpSync(join(root, 'package.json'), join(dir, 'package.json'));
  if (parts.src) symlinkSync(join(root, 'src'), join(dir, 'src'));
  if (parts.nodeModules) symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  if (parts.dist !== undefined) {
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'cli', 'main.js'), parts.dist);
  }
  if (parts.bundle !== undefined) {
    mkdirSync(join(dir, 'dist', 'bundle'), { recursive: true });
    writeFileSync(join(dir, 'dist', 'bundle', 'ecs-bridge.mjs'), parts.bundle);
  }
  return dir;
}

async function bin(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(dir, 'bin', 'ecs-bridge.js'), ...args], {
      cwd: dir,
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('bin/ecs-bridge.js', () => {
  it('runs the sources through tsx in a checkout without dist/: --version and --help', async () => {
    const dir = layout({ src: true, nodeModules: true });
    const v = await bin(dir, ['--version']);
    expect(v).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await bin(dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ecs-bridge <command>/);
    expect(help.stdout).toContain('version    print the version');
    // A subcommand's flags come from its own (lazily loaded) module: the sources really run.
    const runHelp = await bin(dir, ['run', '--help']);
    expect(runHelp.code).toBe(0);
    expect(runHelp.stdout).toContain('Usage: ecs-bridge run');
  }, 120_000);

  it('runs dist/ when it is there, as the published package does', async () => {
    const dir = layout({ src: true, nodeModules: true, dist: "process.stdout.write('from dist\\n');\n" });
    expect(await bin(dir, ['--version'])).toEqual({ code: 0, stdout: 'from dist\n', stderr: '' });
  }, 60_000);

  it('runs the bundle when dist/ has one, as the image does', async () => {
    const dir = layout({
      src: true,
      nodeModules: true,
      dist: "process.stdout.write('from dist\\n');\n",
      bundle: "process.stdout.write('from the bundle\\n');\n",
    });
    expect(await bin(dir, ['--version'])).toEqual({ code: 0, stdout: 'from the bundle\n', stderr: '' });
  }, 60_000);

  it('says to run npm ci when a checkout has neither dist/ nor tsx', async () => {
    const dir = layout({ src: true });
    const out = await bin(dir, ['--version']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('run `npm ci` (or `npm run build`) first');
  }, 60_000);

  it('says the package is broken when it has neither dist/ nor src/', async () => {
    const out = await bin(layout({}), ['--help']);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('dist/cli/main.js is missing from this package');
  }, 60_000);
});

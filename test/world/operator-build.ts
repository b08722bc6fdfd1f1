/**
 * Builds the operator as users run it, into a scratch folder: `tsc -p tsconfig.build.json`, then the
 * bundle `npm run build` makes (scripts/bundle.ts, ADR 0056). The integration tests and the fault
 * suite build it once per run (their global setup) and start every operator and command line from
 * it; the benchmark builds its own.
 *
 * The scratch folder holds a `dist/` and a copy of package.json beside it, the layout of the
 * package, so what the CLI reads relative to itself (`--version` reads `../../package.json`)
 * resolves as it does in an install.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { bundleCli } from '../../scripts/bundle.js';

const run = promisify(execFile);
const projectDir = resolve(import.meta.dirname, '..', '..');

/** A built operator: the CLI to start with `node`, and its scratch folder. */
export interface OperatorBuild {
  /** `dist/bundle/ecs-bridge.mjs`, or `dist/cli/main.js` when not bundled. */
  readonly cli: string;
  /** Removes the scratch folder. */
  remove(): void;
}

/** Options for {@link buildOperator}. */
export interface BuildOperatorOptions {
  /** Bundle the compiled CLI as the package does (default true). */
  readonly bundle?: boolean;
  /** Told when tsc reported errors but still emitted (someone's unfinished file). */
  readonly warn?: (line: string) => void;
  /** Names the scratch folder under tmp/ (default `operator`). */
  readonly label?: string;
}

/**
 * Compiles src/ into a fresh scratch folder under tmp/ and bundles it. Type errors do not stop it:
 * tsc still emits, and `warn` says so (without `warn` they fail the build).
 */
export async function buildOperator(options: BuildOperatorOptions = {}): Promise<OperatorBuild> {
  const dir = join(projectDir, 'tmp', `${options.label ?? 'operator'}-${randomBytes(3).toString('hex')}`);
  const outDir = join(dir, 'dist');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(projectDir, 'package.json'), join(dir, 'package.json'));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  const compiled = join(outDir, 'cli', 'main.js');
  try {
    await run(
      process.execPath,
      [
        join(projectDir, 'node_modules', 'typescript', 'bin', 'tsc'),
        '-p',
        join(projectDir, 'tsconfig.build.json'),
        '--outDir',
        outDir,
        '--declaration',
        'false',
        '--sourceMap',
        'false',
      ],
      { cwd: projectDir, maxBuffer: 16 * 1024 * 1024 },
    ).catch((err: unknown) => {
      const stdout = ((err as { stdout?: string }).stdout ?? '').trim();
      if (options.warn === undefined || !existsSync(compiled)) {
        throw new Error(`tsc could not build the operator:\n${stdout}`, { cause: err });
      }
      options.warn(`tsc reported errors but emitted the operator:\n${stdout}`);
    });
    const cli = (options.bundle ?? true) ? await bundleCli(outDir) : compiled;
    return { cli, remove };
  } catch (err) {
    remove();
    throw err;
  }
}

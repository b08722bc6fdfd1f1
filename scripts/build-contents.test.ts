/**
 * Test doubles stay out of the production tree's way: under src/ they live in `testing/` folders
 * (fakes named `fake-*.ts`), and the build (`tsconfig.build.json`) compiles none of them into dist/.
 * test/integration/deploy-static.test.ts builds for real and looks at dist/; this asks the compiler
 * which files the build would take, in a second.
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** The source files `tsc -p tsconfig.build.json` compiles, relative to the repository. */
function buildInputs(): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.build.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error('tsconfig.build.json did not parse');
  return parsed.fileNames.map((f) => relative(root, f).split(sep).join('/'));
}

/** Every `.ts` file under src/, relative to the repository. */
function srcFiles(): string[] {
  return readdirSync(join(root, 'src'), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
}

const isTestDouble = (file: string): boolean =>
  /(^|\/)(fake|stub|mock)[-.]|[-.](fake|stub|mock|fixtures?|helper|harness)\.ts$|test-helper/.test(file);

describe('the build', () => {
  it('compiles the production sources, among them the entry point', () => {
    expect(buildInputs()).toContain('src/cli/main.ts');
  });

  it('compiles no test and no test double', () => {
    expect(
      buildInputs().filter((f) => f.includes('/testing/') || f.endsWith('.test.ts') || isTestDouble(f)),
    ).toEqual([]);
  });
});

describe('test doubles under src/', () => {
  it('live in testing/ folders', () => {
    expect(srcFiles().filter((f) => isTestDouble(f) && !f.includes('/testing/'))).toEqual([]);
  });

  it('are named fake-*.ts when they are fakes', () => {
    const misnamed = srcFiles().filter(
      (f) =>
        f.includes('/testing/') &&
        /fake/i.test(f.slice(f.lastIndexOf('/') + 1)) &&
        !/\/fake-[a-z0-9-]+\.ts$/.test(f),
    );
    expect(misnamed).toEqual([]);
  });
});

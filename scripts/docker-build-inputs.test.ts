/**
 * The image's build stage runs `npm run build`; every file that command reads must reach it: copied
 * by a COPY of the build stage and not excluded by .dockerignore. Docker cannot run here, so this
 * reads the three files instead: package.json's build script (the files it names, and the .nvmrc
 * that scripts/use-node.sh reads), the Dockerfile and .dockerignore.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

/** Whether .dockerignore's patterns leave `path` in the build context (the last match wins). */
function inContext(path: string, patterns: readonly string[]): boolean {
  let kept = true;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    const regex = new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*\//g, '\0')
        .replace(/\*/g, '[^/]*')
        .replace(/\0/g, '(.*/)?')}(/.*)?$`,
    );
    if (regex.test(path)) kept = negated;
  }
  return kept;
}

/** The sources of the COPY instructions of the Dockerfile's first stage (no --from). */
function buildStageCopies(dockerfile: string): string[] {
  const stages = dockerfile.split(/^FROM /m);
  const build = stages[1] ?? '';
  return [...build.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) =>
    m[1]!.trim().split(/\s+/).slice(0, -1),
  );
}

describe("the image's build stage", () => {
  const patterns = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const copies = buildStageCopies(read('Dockerfile'));
  const buildScript = (JSON.parse(read('package.json')) as { scripts: { build: string } }).scripts.build;
  const needed = [
    ...new Set([...buildScript.matchAll(/\b(scripts\/[\w.-]+|tsconfig[\w.-]*\.json)\b/g)].map((m) => m[1]!)),
    '.nvmrc',
    'src/cli/main.ts',
  ];

  it('reads the build script as we expect: it names the toolchain script, the bundler and tsconfig', () => {
    expect(needed).toEqual(
      expect.arrayContaining(['scripts/use-node.sh', 'scripts/bundle.ts', 'tsconfig.build.json']),
    );
  });

  it.each(needed)('has %s: copied, and not excluded by .dockerignore', (file) => {
    expect(copies.some((src) => file === src || file.startsWith(`${src.replace(/\/$/, '')}/`))).toBe(true);
    expect(inContext(file, patterns)).toBe(true);
  });

  it('the matcher excludes what .dockerignore excludes', () => {
    expect(inContext('scripts/gen-reference.ts', patterns)).toBe(false);
    expect(inContext('src/cli/main.test.ts', patterns)).toBe(false);
    expect(inContext('test/world/world.ts', patterns)).toBe(false);
  });
});

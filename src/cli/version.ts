/**
 * The version `ecs-bridge --version` prints: package.json's, the one place the version is written
 * (the image label and the Helm chart's appVersion repeat it; scripts/release.test.ts checks they
 * agree). Read at run time rather than compiled in, so a source checkout run through tsx and the
 * built dist/ print the same thing: package.json sits two folders up from both src/cli/ and dist/cli/.
 */
import { readFileSync } from 'node:fs';

/** The package's version, for example `0.1.0`. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  if (typeof pkg.version !== 'string') throw new Error('package.json has no version');
  return pkg.version;
}

/**
 * The image's allocator on this machine, so the benchmark measures the operator as the image runs
 * it. The image preloads Debian's jemalloc (`LD_PRELOAD` in the Dockerfile, ADR 0061); the
 * benchmark runs the operator outside any image, so it fetches the same Debian package from
 * deb.debian.org (one of the registries the build machines reach), checks its SHA-256, unpacks it
 * into the cache folder once, and preloads that copy instead of the image's path.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cacheRoot } from '../../test/world/assets.js';
import { withFileLock } from '../../test/world/file-lock.js';

const run = promisify(execFile);

/** Where the image puts the library (a link to Debian's, whatever the architecture). */
export const IMAGE_JEMALLOC_PATH = '/usr/local/lib/libjemalloc.so.2';

/**
 * The Debian package the image installs (`JEMALLOC_VERSION` in the Dockerfile; a unit test keeps
 * the two equal) and its digest on deb.debian.org for linux-x64, the machines the benchmark runs on.
 */
export const JEMALLOC_PACKAGE = {
  version: '5.3.0-1',
  url: 'https://deb.debian.org/debian/pool/main/j/jemalloc/libjemalloc2_5.3.0-1_amd64.deb',
  sha256: 'a4117c23c5c8acf6c9678a6cb086f000b79476369da7efe8a78a70826956ad3d',
} as const;

/** The library's path inside the unpacked package. */
const LIBRARY_IN_PACKAGE = 'usr/lib/x86_64-linux-gnu/libjemalloc.so.2';

/** How long the download may take. */
const FETCH_TIMEOUT_MS = 60_000;

/**
 * The path of a local copy of the image's jemalloc, fetched and unpacked on first use (a few hundred
 * kB); throws, naming the step and what to do, when it cannot be had.
 */
export async function localJemalloc(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const dir = join(cacheRoot(env), 'jemalloc', `${JEMALLOC_PACKAGE.version}-amd64`);
  const library = join(dir, LIBRARY_IN_PACKAGE);
  if (existsSync(library)) return library;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `the image preloads jemalloc, which the benchmark fetches for linux-x64 only (this is ${process.platform}-${process.arch}): pass --operator-env LD_PRELOAD= to run without it`,
    );
  }
  mkdirSync(join(cacheRoot(env), 'jemalloc'), { recursive: true });
  return withFileLock(`${dir}.lock`, async () => {
    if (existsSync(library)) return library;
    const response = await fetch(JEMALLOC_PACKAGE.url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    if (!response.ok) {
      throw new Error(`fetching ${JEMALLOC_PACKAGE.url}: HTTP ${response.status}`);
    }
    const body = Buffer.from(await response.arrayBuffer());
    const digest = createHash('sha256').update(body).digest('hex');
    if (digest !== JEMALLOC_PACKAGE.sha256) {
      throw new Error(
        `${JEMALLOC_PACKAGE.url}: SHA-256 ${digest}, expected ${JEMALLOC_PACKAGE.sha256}; the package changed, so update JEMALLOC_PACKAGE and the Dockerfile together`,
      );
    }
    const partial = `${dir}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const deb = join(partial, 'package.deb');
    writeFileSync(deb, body);
    try {
      await run('dpkg-deb', ['-x', deb, partial], { timeout: FETCH_TIMEOUT_MS });
    } catch (err) {
      throw new Error(`unpacking ${deb} with dpkg-deb (install dpkg, or pass --operator-env LD_PRELOAD=)`, {
        cause: err,
      });
    }
    rmSync(deb);
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
    return library;
  });
}

/**
 * The operator's environment with the image's jemalloc path replaced by a local copy; unchanged
 * when it preloads nothing of the image's.
 */
export async function withLocalPreload(
  env: Readonly<Record<string, string>>,
  local: () => Promise<string> = localJemalloc,
): Promise<Record<string, string>> {
  if (env.LD_PRELOAD !== IMAGE_JEMALLOC_PATH) return { ...env };
  return { ...env, LD_PRELOAD: await local() };
}

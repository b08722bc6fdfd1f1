/**
 * Bundles the compiled CLI (`<dist>/cli/main.js`) and everything it imports into `<dist>/bundle/`:
 * one entry module, `ecs-bridge.mjs`, and the chunks it loads on demand (each terminal command,
 * and the AWS SDK clients the operator builds on first use). `bin/ecs-bridge.js` and the image run
 * it; ADR 0056 says why.
 *
 * - **Why**: loading ~600 modules costs memory of its own (a module record, its source and its
 *   scope each), and the AWS SDK's packages ship every command of a service; one bundle built from
 *   their ES module builds (`module` before `main`) keeps only what the operator calls. Measured on
 *   the compiled operator with the install's Node flags: RSS 102 → 84 MiB, V8 heap 21.9 → 12.7 MiB
 *   after loading (docs/performance.md).
 * - **Not minified, no source map**: minifying saved nothing measurable and would make stack traces
 *   unreadable; unminified, a trace names our functions and points into readable code, so the
 *   package carries no maps (they would be 15 MB). `keepNames` keeps every function's and class's
 *   `name` when two modules' top-level names collide (errors report their class names).
 * - **client-node's generated client stays out**, as `src/k8s/client-node-slim.ts` keeps it out of
 *   the unbundled process: the one import of `./gen/index.js` from client-node's `config.js` gets
 *   a module exporting just the names `config.js` takes ({@link GEN_NAMES}).
 * - **Paths relative to the module** (`version.ts` reads `../../package.json`): the bundle sits two
 *   folders below the package root, as `dist/cli/main.js` does, so they resolve the same.
 *
 * Usage: `tsx scripts/bundle.ts [distDir]` (default `dist`); `npm run build` runs it after tsc.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GEN_NAMES } from '../src/k8s/client-node-slim.js';

/** The bundle's entry, relative to the dist folder. */
export const BUNDLE_ENTRY = join('bundle', 'ecs-bridge.mjs');

/** client-node's KubeConfig module, as a path ends. */
const CONFIG_MODULE = /[\\/]@kubernetes[\\/]client-node[\\/]dist[\\/]config\.js$/;

/** Hands client-node's `config.js` a small module in place of its generated client's index. */
const slimClientNode: Plugin = {
  name: 'slim-client-node',
  setup(b) {
    b.onResolve({ filter: /^\.\/gen\/index\.js$/ }, (args) =>
      CONFIG_MODULE.test(args.importer) ? { path: args.importer, namespace: 'slim-gen' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'slim-gen' }, (args) => ({
      contents: Object.entries(GEN_NAMES)
        .map(([name, file]) => `export { ${name} } from ${JSON.stringify(resolve(args.path, '..', file))};`)
        .join('\n'),
      resolveDir: resolve(args.path, '..'),
      loader: 'js',
    }));
  },
};

/**
 * CommonJS dependencies inside an ES module bundle still reach for `require`, `__filename` and
 * `__dirname`; give them the bundle's own.
 */
const BANNER = [
  "import { createRequire as __ecsbCreateRequire } from 'node:module';",
  "import { fileURLToPath as __ecsbFileURLToPath } from 'node:url';",
  'const require = __ecsbCreateRequire(import.meta.url);',
  'const __filename = __ecsbFileURLToPath(import.meta.url);',
  "const __dirname = __ecsbFileURLToPath(new URL('.', import.meta.url));",
].join('\n');

/**
 * A module of client-node's generated client proper: its index, API classes, wrappers and models
 * (the small HTTP and auth modules the {@link GEN_NAMES} files import are not).
 */
const GENERATED_CLIENT =
  /@kubernetes[\\/]client-node[\\/]dist[\\/]gen[\\/](index\.js$|(apis|models|types)[\\/])/;

/**
 * The inputs of client-node's generated client that `ecs-bridge run` would load: those inside the
 * entry's output or the run command's, or any output either imports statically (transitively).
 * The terminal commands may hold the generated client in chunks of their own; the operator must
 * not.
 */
export function generatedClientOnRunPath(metafile: Metafile): string[] {
  const outputs = Object.entries(metafile.outputs);
  const roots = outputs
    .filter(
      ([, out]) => out.entryPoint !== undefined && /cli[\\/](main|run-command)\.js$/.test(out.entryPoint),
    )
    .map(([path]) => path);
  const seen = new Set<string>();
  const pending = [...roots];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (seen.has(path)) continue;
    seen.add(path);
    for (const imp of metafile.outputs[path]?.imports ?? []) {
      if (imp.kind === 'import-statement' && !imp.external) pending.push(imp.path);
    }
  }
  return [...seen].flatMap((path) =>
    Object.keys(metafile.outputs[path]?.inputs ?? {}).filter((input) => GENERATED_CLIENT.test(input)),
  );
}

/**
 * Bundles `<distDir>/cli/main.js` into `<distDir>/bundle/`; returns the entry's path. Fails when the
 * operator's path would load client-node's generated client (a client-node release that imports
 * it from elsewhere), since the bundle exists to keep it and its like out of memory.
 */
export async function bundleCli(distDir: string): Promise<string> {
  const outdir = join(distDir, 'bundle');
  rmSync(outdir, { recursive: true, force: true });
  const { metafile } = await build({
    entryPoints: { 'ecs-bridge': join(distDir, 'cli', 'main.js') },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    keepNames: true,
    banner: { js: BANNER },
    plugins: [slimClientNode],
    metafile: true,
    logLevel: 'warning',
  });
  const generated = generatedClientOnRunPath(metafile);
  if (generated.length > 0) {
    throw new Error(
      `the bundle's operator path loads client-node's generated client (${generated.length} modules, ` +
        `first ${generated[0]}): see src/k8s/client-node-slim.ts`,
    );
  }
  return join(distDir, BUNDLE_ENTRY);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const entry = await bundleCli(resolve(process.argv[2] ?? 'dist'));
  // stderr: `npm pack --json` runs the build and its stdout must stay JSON.
  process.stderr.write(`bundled the CLI into ${entry}\n`);
}

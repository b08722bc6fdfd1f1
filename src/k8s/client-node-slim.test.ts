import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GEN_NAMES, slimGenSource } from './client-node-slim.js';

const require = createRequire(import.meta.url);
const clientNodeDist = dirname(require.resolve('@kubernetes/client-node'));

describe('slimClientNode', () => {
  it("covers every name client-node's config.js imports from its generated index", () => {
    // A client-node release that takes more from ./gen/index.js would fail at start with the hook.
    const source = readFileSync(join(clientNodeDist, 'config.js'), 'utf8');
    const imports = [...source.matchAll(/import\s*\{([^}]*)\}\s*from\s*'\.\/gen\/index\.js'/g)];
    expect(imports).toHaveLength(1);
    const names = (imports[0]?.[1] ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
    expect(names.sort()).toEqual(Object.keys(GEN_NAMES).sort());
    for (const file of Object.values(GEN_NAMES))
      expect(slimGenSource(`file://${clientNodeDist}/config.js`)).toContain(file.slice(1));
  });

  it('loads a working KubeConfig without the generated models, and only with the hook', () => {
    // In a child process: a module once loaded stays loaded, so the test's own process cannot tell.
    const hook = new URL('./client-node-slim.ts', import.meta.url).href;
    const script = (slim: boolean): string => `
      import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push(r.url); return r; } });
      ${slim ? `(await import(${JSON.stringify(hook)})).slimClientNode();` : ''}
      const { KubeConfig } = await import('@kubernetes/client-node/dist/config.js');
      const kc = new KubeConfig();
      kc.loadFromOptions({ clusters: [{ name: 'c', server: 'https://k' }], users: [{ name: 'u', token: 't' }],
        contexts: [{ name: 'x', cluster: 'c', user: 'u' }], currentContext: 'x' });
      console.log(JSON.stringify({ server: kc.getCurrentCluster().server, models: seen.filter((u) => u.includes('/gen/models/')).length }));`;
    const run = (slim: boolean): { server: string; models: number } => {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', '--input-type=module', '-e', script(slim)],
        {
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(child.stderr).toBe('');
      return JSON.parse(child.stdout) as { server: string; models: number };
    };
    expect(run(true)).toEqual({ server: 'https://k', models: 0 });
    expect(run(false).models).toBeGreaterThan(1000);
    // Two child processes compiling through tsx on a shared machine: seconds, not milliseconds.
  }, 120_000);
});

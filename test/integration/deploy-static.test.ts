/**
 * Checks of the install paths that need no API server: the CRD copies match crds/, the operator's
 * RBAC grants exactly the Kubernetes calls the code makes, and the container image's Dockerfile
 * builds from files that exist into a CLI that runs. (The IAM policies: deploy-iam.test.ts.)
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { find, readManifests, repoRoot, ruleSet, type PolicyRule } from '../support/deploy.js';
import { operatorSources, rbacTheOperatorNeeds, source } from '../support/operator-calls.js';

const run = promisify(execFile);

/** Runs a command; a failure carries its stdout too (tsc prints its errors there). */
async function runOrExplain(
  command: string,
  args: readonly string[],
  options: { cwd: string; maxBuffer: number },
): Promise<void> {
  try {
    await run(command, [...args], options);
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message?: string };
    throw new Error(`${e.message ?? 'failed'}\n${e.stdout ?? ''}${e.stderr ?? ''}`, { cause: err });
  }
}

describe('CRD copies in the install paths', () => {
  const crds = readdirSync(join(repoRoot, 'crds')).filter((f) => f.endsWith('.yaml'));

  it.each(['deploy/base/crds', 'deploy/helm/ecs-bridge/files/crds'])(
    '%s holds exactly crds/, byte for byte (run deploy/sync-crds.sh after changing a CRD)',
    (dir) => {
      const copies = readdirSync(join(repoRoot, dir)).filter((f) => f.endsWith('.yaml'));
      expect(copies.sort()).toEqual([...crds].sort());
      for (const file of crds) {
        expect(source(join(dir, file)), `${dir}/${file} differs from crds/${file}`).toBe(
          source(join('crds', file)),
        );
      }
    },
  );

  it('the chart renders the admission policy from a byte-for-byte copy of deploy/base’s (deploy/sync-crds.sh)', () => {
    expect(source('deploy/helm/ecs-bridge/files/admission/access-policy.yaml')).toBe(
      source('deploy/base/admission-policy.yaml'),
    );
  });

  it('the kustomize base lists every CRD', () => {
    const kustomization = source('deploy/base/kustomization.yaml');
    for (const file of crds) expect(kustomization).toContain(`crds/${file}`);
  });
});

describe("the operator's RBAC in deploy/base", () => {
  let neededMemo: ReturnType<typeof rbacTheOperatorNeeds> | undefined;
  const needed = (): ReturnType<typeof rbacTheOperatorNeeds> => (neededMemo ??= rbacTheOperatorNeeds());
  const clusterRole = find(
    readManifests('deploy/base/cluster-role.yaml'),
    'ClusterRole',
    'ecs-bridge-manager',
  );
  const role = find(
    readManifests('deploy/base/leader-election-role.yaml'),
    'Role',
    'ecs-bridge-leader-election',
  );

  it('uses only the typed API classes, whose method names say the resource', () => {
    expect(operatorSources().filter((f) => source(f).includes('KubernetesObjectApi'))).toEqual([]);
  });

  it('finds every kind of call the operator makes (list, watch, patch, status, events, leases)', () => {
    expect(needed().calls).toEqual(
      expect.arrayContaining([
        'Watch',
        'createNamespacedEvent',
        'patchNamespacedCustomObjectStatus',
        'replaceNamespacedLease',
      ]),
    );
  });

  it('the ClusterRole grants exactly what the code calls outside leader election', () => {
    expect(ruleSet(clusterRole['rules'] as PolicyRule[])).toEqual(needed().cluster);
  });

  it('the leader-election Role grants exactly the Lease calls, in the operator namespace only', () => {
    expect(ruleSet(role['rules'] as PolicyRule[])).toEqual(needed().leaderElection);
    expect(role.metadata.namespace).toBe('ecs-bridge-system');
    expect(needed().cluster.some((r) => r.includes('leases'))).toBe(false);
  });
});

// --- Container image -------------------------------------------------------------------------

describe('the container image', () => {
  const dockerfile = source('Dockerfile');
  const ignored = source('.dockerignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

  it('copies only files that exist and that .dockerignore lets through', () => {
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].map((m) => m[1] ?? '');
    const sources = copies.flatMap((line) => line.trim().split(/\s+/).slice(0, -1));
    expect(sources).toEqual(
      expect.arrayContaining([
        'package.json',
        'package-lock.json',
        'tsconfig.build.json',
        'src',
        'bin',
        'crds',
      ]),
    );
    for (const src of sources) {
      expect(existsSync(join(repoRoot, src)), `${src} is copied but does not exist`).toBe(true);
      expect(ignored, `${src} is copied but .dockerignore excludes it`).not.toContain(src);
    }
  });

  it('runs on a current Node LTS, as a numeric non-root user, with `run` as the default command', () => {
    // The exact version is held to .nvmrc by scripts/toolchain.test.ts; here: an LTS line.
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24\.\d+\.\d+-/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    const user = /^USER (\d+)(?::(\d+))?$/m.exec(dockerfile);
    expect(Number(user?.[1])).toBeGreaterThan(0);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/ecs-bridge.js"]');
    expect(dockerfile).toContain('CMD ["run"]');
  });

  it(
    '`npm run build` output runs: `node bin/ecs-bridge.js run --help` exits 0',
    { timeout: 300_000 },
    async () => {
      // Built into a folder of our own under tmp/ (dist/ may be in use by others), with the same
      // tsconfig the image builds with; bin/ecs-bridge.js finds ../dist beside it.
      const out = join(repoRoot, 'tmp', `deploy-build-${randomBytes(4).toString('hex')}`);
      mkdirSync(join(out, 'bin'), { recursive: true });
      try {
        await runOrExplain(
          process.execPath,
          [
            join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
            '-p',
            'tsconfig.build.json',
            '--outDir',
            join(out, 'dist'),
          ],
          { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
        );
        cpSync(join(repoRoot, 'bin', 'ecs-bridge.js'), join(out, 'bin', 'ecs-bridge.js'));

        const emitted: string[] = [];
        const walk = (dir: string): void => {
          for (const e of readdirSync(dir, { withFileTypes: true })) {
            if (e.isDirectory()) walk(join(dir, e.name));
            else if (e.name.endsWith('.js')) emitted.push(relative(out, join(dir, e.name)));
          }
        };
        walk(join(out, 'dist'));
        expect(emitted).toContain('dist/cli/main.js');
        expect(emitted.filter((f) => /\.test\.js$|\.test-helper\.js$|\/testing\/|\/fake-/.test(f))).toEqual(
          [],
        );

        const { stdout } = await run(process.execPath, [join(out, 'bin', 'ecs-bridge.js'), 'run', '--help'], {
          cwd: repoRoot,
        });
        expect(stdout).toContain('Usage: ecs-bridge run');
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
  );
});

/**
 * Checks of the install paths that need no API server: the CRD copies match crds/, the IAM
 * policies grant exactly the AWS actions the code can call (plus documented extras), the
 * operator's RBAC grants exactly the Kubernetes calls the code makes, and the container image's
 * Dockerfile builds from files that exist into a CLI that runs.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import * as clientNode from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../../src/resources/api-group.js';
import { find, readManifests, repoRoot, ruleSet, type PolicyRule } from '../support/deploy.js';

const run = promisify(execFile);

/** Every production source file under src/ (no tests, test helpers, fakes or testing/ folders). */
function productionSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'testing') walk(path);
      } else if (
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.test.ts') &&
        !entry.name.endsWith('.test-helper.ts') &&
        !entry.name.startsWith('fake-')
      ) {
        out.push(path);
      }
    }
  };
  walk('src');
  return out.sort();
}

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
    throw new Error(`${e.message ?? 'failed'}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

const source = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');

/** The module that implements `ecs-bridge run`: the operator, as the Deployment runs it. */
const OPERATOR_ENTRY = 'src/cli/run-command.ts';

/**
 * The production files `ecs-bridge run` loads: everything reachable from {@link OPERATOR_ENTRY}
 * through relative imports that run code (`import type` is erased). Other subcommands (status,
 * plan, import) run on a person's machine with that person's credentials, not with the
 * operator's ServiceAccount or IAM role, so their calls are not the operator's to grant.
 */
function operatorSources(): string[] {
  const production = new Set(productionSources());
  const seen = new Set<string>();
  const queue = [OPERATOR_ENTRY];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    if (!production.has(file)) throw new Error(`the operator imports ${file}, which is not production code`);
    seen.add(file);
    const text = source(file);
    const specifiers = [
      ...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'(\.{1,2}\/[^']+)'/gm),
      ...text.matchAll(/import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g),
    ].map((m) => m[1] ?? '');
    for (const spec of specifiers) {
      queue.push(join(dirname(file), spec).replace(/\.js$/, '.ts'));
    }
  }
  return [...seen].sort();
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

  it('the kustomize base lists every CRD', () => {
    const kustomization = source('deploy/base/kustomization.yaml');
    for (const file of crds) expect(kustomization).toContain(`crds/${file}`);
  });
});

// --- IAM ------------------------------------------------------------------------------------

/** The IAM service prefix of each SDK package the code sends commands with. */
const SERVICE_PREFIX: Record<string, string> = {
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-application-auto-scaling': 'application-autoscaling',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
};

/**
 * Actions the policy grants that no SDK command of ours names, each with why AWS needs it. A
 * policy action must be derived from the code or listed here.
 */
const DOCUMENTED_EXTRAS: Record<string, string> = {
  'iam:PassRole':
    'RegisterTaskDefinition with taskRoleArn/executionRoleArn passes those roles to ecs-tasks.amazonaws.com',
  'iam:CreateServiceLinkedRole':
    'the first RegisterScalableTarget in an account creates AWSServiceRoleForApplicationAutoScaling_ECSService',
  'cloudwatch:DescribeAlarms':
    'Application Auto Scaling checks it on the caller when target tracking reads its alarms (ADR 0005)',
  'cloudwatch:PutMetricAlarm':
    'Application Auto Scaling checks it on the caller when PutScalingPolicy creates target-tracking alarms',
  'cloudwatch:DeleteAlarms':
    'Application Auto Scaling checks it on the caller when a policy and its alarms are deleted',
};

/** `service:Action` for every SDK command the operator's code sends. */
function actionsTheCodeCalls(): string[] {
  const actions = new Set<string>();
  const senders = operatorSources().filter((f) => /new \w+Command\(/.test(source(f)));
  if (senders.length === 0) throw new Error('the operator sends no SDK command?');
  for (const file of senders) {
    const text = source(file);
    const sent = new Set([...text.matchAll(/new (\w+)Command\(/g)].map((m) => m[1] ?? ''));
    for (const [, names = '', pkg = ''] of text.matchAll(
      /import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/[\w-]+)'/g,
    )) {
      const prefix = SERVICE_PREFIX[pkg];
      for (const name of names.split(',').map((n) => n.trim().replace(/^type\s+/, ''))) {
        const action = /^(\w+)Command$/.exec(name)?.[1];
        if (action === undefined || !sent.has(action)) continue;
        if (prefix === undefined)
          throw new Error(`${file} sends ${name} from ${pkg}: add ${pkg} to SERVICE_PREFIX`);
        actions.add(`${prefix}:${action}`);
        sent.delete(action);
      }
    }
    if (sent.size > 0)
      throw new Error(`${file} sends ${[...sent].join(', ')} not imported from an SDK package`);
  }
  return [...actions].sort();
}

interface IamStatement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

function readPolicy(path: string): { Version: string; Statement: IamStatement[] } {
  return JSON.parse(source(path)) as { Version: string; Statement: IamStatement[] };
}

const actionsOf = (s: IamStatement): string[] => [s.Action].flat();

/** Memoised: the scan reads every client file once per run. */
let derivedActions: string[] | undefined;
const derived = (): string[] => (derivedActions ??= actionsTheCodeCalls());

describe('IAM policies', () => {
  it('derives the calls of all three services from the AWS edge', () => {
    // A floor, so a broken scan (no matches) cannot pass as "nothing to grant".
    expect(derived()).toEqual(
      expect.arrayContaining([
        'ecs:RegisterTaskDefinition',
        'ecs:UpdateService',
        'application-autoscaling:PutScalingPolicy',
        'elasticloadbalancing:DescribeTargetGroups',
      ]),
    );
  });

  it('the operator sends SDK commands only from the AWS edge (src/aws/*-client.ts)', () => {
    const elsewhere = operatorSources().filter(
      (f) => !/^src\/aws\/[\w-]+-client\.ts$/.test(f) && /new \w+Command\(/.test(source(f)),
    );
    expect(elsewhere).toEqual([]);
  });

  it('follows the operator through its imports (config, composition root, AWS edge, Kubernetes edge)', () => {
    expect(operatorSources()).toEqual(
      expect.arrayContaining([
        'src/config.ts',
        'src/main.ts',
        'src/aws/ecs-client.ts',
        'src/aws/autoscaling-client.ts',
        'src/aws/load-balancing-client.ts',
        'src/k8s/list-watch-client.ts',
        'src/k8s/lease-client.ts',
      ]),
    );
  });

  it.each(['deploy/iam-policy.json', 'deploy/iam-policy-tag-scoped.json'])(
    '%s grants exactly the derived actions plus the documented extras',
    (path) => {
      const policy = readPolicy(path);
      expect(policy.Version).toBe('2012-10-17');
      const sids = policy.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
      for (const s of policy.Statement) {
        expect(s.Effect, s.Sid).toBe('Allow');
        for (const a of actionsOf(s)) expect(a, `${s.Sid} grants a wildcard`).not.toContain('*');
      }
      const granted = [...new Set(policy.Statement.flatMap(actionsOf))].sort();
      const expected = [...new Set([...derived(), ...Object.keys(DOCUMENTED_EXTRAS)])].sort();
      const missing = expected.filter((a) => !granted.includes(a));
      const unused = granted.filter((a) => !expected.includes(a));
      expect({ missing, unused }).toEqual({ missing: [], unused: [] });
    },
  );

  it.each(['deploy/iam-policy.json', 'deploy/iam-policy-tag-scoped.json'])(
    '%s scopes the extras: PassRole to ECS tasks, the service-linked role to ECS autoscaling, writes to ECS targets',
    (path) => {
      const statements = readPolicy(path).Statement;
      const grantsOf = (action: string): IamStatement[] =>
        statements.filter((s) => actionsOf(s).includes(action));
      for (const s of grantsOf('iam:PassRole')) {
        expect(s.Condition?.['StringEquals']?.['iam:PassedToService']).toBe('ecs-tasks.amazonaws.com');
      }
      for (const s of grantsOf('iam:CreateServiceLinkedRole')) {
        expect(s.Condition?.['StringEquals']?.['iam:AWSServiceName']).toBe(
          'ecs.application-autoscaling.amazonaws.com',
        );
        expect(s.Resource).toMatch(/AWSServiceRoleForApplicationAutoScaling_ECSService$/);
      }
      for (const action of [
        'application-autoscaling:RegisterScalableTarget',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:DeleteScalingPolicy',
      ]) {
        for (const s of grantsOf(action)) {
          expect(s.Condition?.['StringEquals']).toMatchObject({
            'application-autoscaling:service-namespace': 'ecs',
            'application-autoscaling:scalable-dimension': 'ecs:service:DesiredCount',
          });
        }
      }
    },
  );

  describe('the tag-scoped variant', () => {
    const statements = readPolicy('deploy/iam-policy-tag-scoped.json').Statement;
    const requestTag = `aws:RequestTag/${TAG_KEYS.instance}`;
    const resourceTag = `aws:ResourceTag/${TAG_KEYS.instance}`;
    const grantsOf = (action: string): IamStatement[] =>
      statements.filter((s) => actionsOf(s).includes(action));

    // Which condition each ECS write can carry, from the Service Authorization Reference for ECS:
    // creates take aws:RequestTag; writes on a service or task definition take aws:ResourceTag;
    // DeregisterTaskDefinition supports no resource-level permission at all, so it stays "*".
    it.each([
      ['ecs:RegisterTaskDefinition', requestTag],
      ['ecs:CreateService', requestTag],
      ['ecs:UpdateService', resourceTag],
      ['ecs:DeleteService', resourceTag],
      ['ecs:DeleteTaskDefinitions', resourceTag],
      ['ecs:UntagResource', resourceTag],
    ])('%s is allowed only with %s equal to the instance id', (action, key) => {
      const grants = grantsOf(action);
      expect(grants.length).toBeGreaterThan(0);
      for (const s of grants) expect(s.Condition?.['StringEquals']?.[key], s.Sid).toBe('default');
    });

    it('TagResource: on create only with our tag, afterwards only on our resources, never re-owning them', () => {
      const grants = grantsOf('ecs:TagResource');
      expect(grants.length).toBe(2);
      const onCreate = grants.find((s) => s.Condition?.['StringEquals']?.['ecs:CreateAction'] !== undefined);
      expect(onCreate?.Condition?.['StringEquals']).toEqual({
        'ecs:CreateAction': ['RegisterTaskDefinition', 'CreateService'],
        [requestTag]: 'default',
      });
      const existing = grants.find((s) => s !== onCreate);
      expect(existing?.Condition?.['StringEquals']?.[resourceTag]).toBe('default');
      expect(existing?.Condition?.['StringEqualsIfExists']?.[requestTag]).toBe('default');
    });

    it('UntagResource never removes our own tags', () => {
      for (const s of grantsOf('ecs:UntagResource')) {
        expect(s.Condition?.['ForAllValues:StringNotLike']?.['aws:TagKeys']).toEqual(['ecs-bridge.dev/*']);
      }
    });

    it('only reads, lookups and DeregisterTaskDefinition are unconditioned', () => {
      const unconditioned = statements
        .filter((s) => s.Condition === undefined)
        .flatMap(actionsOf)
        .sort();
      expect(unconditioned).toEqual(
        [
          'application-autoscaling:DescribeScalableTargets',
          'application-autoscaling:DescribeScalingPolicies',
          'cloudwatch:DeleteAlarms',
          'cloudwatch:DescribeAlarms',
          'cloudwatch:PutMetricAlarm',
          'ecs:DeregisterTaskDefinition',
          'ecs:DescribeServices',
          'ecs:DescribeTaskDefinition',
          'ecs:ListTaskDefinitions',
          'elasticloadbalancing:DescribeLoadBalancers',
          'elasticloadbalancing:DescribeTargetGroups',
        ].sort(),
      );
    });
  });
});

// --- RBAC -----------------------------------------------------------------------------------

/** What one client-node call needs: `ours` stands for both of our kinds. */
type Need = { group: string; resource: 'ours' | 'ours/status' | 'events' | 'leases'; verb: string };

/**
 * The RBAC each client-node method the code calls needs. A method found in src/ and missing here
 * fails the test: map it (and grant it) deliberately.
 */
const CALL_NEEDS: Record<string, Need> = {
  listClusterCustomObject: { group: 'ecs-bridge.dev', resource: 'ours', verb: 'list' },
  listNamespacedCustomObject: { group: 'ecs-bridge.dev', resource: 'ours', verb: 'list' },
  patchNamespacedCustomObject: { group: 'ecs-bridge.dev', resource: 'ours', verb: 'patch' },
  patchNamespacedCustomObjectStatus: { group: 'ecs-bridge.dev', resource: 'ours/status', verb: 'patch' },
  createNamespacedEvent: { group: '', resource: 'events', verb: 'create' },
  patchNamespacedEvent: { group: '', resource: 'events', verb: 'patch' },
  readNamespacedLease: { group: 'coordination.k8s.io', resource: 'leases', verb: 'get' },
  createNamespacedLease: { group: 'coordination.k8s.io', resource: 'leases', verb: 'create' },
  replaceNamespacedLease: { group: 'coordination.k8s.io', resource: 'leases', verb: 'update' },
};

/** Every method of every client-node `*Api` class: what a call in src/ could be. */
function clientNodeMethods(): Set<string> {
  const names = new Set<string>();
  for (const [exportName, value] of Object.entries(clientNode)) {
    if (!exportName.endsWith('Api') || typeof value !== 'function') continue;
    const proto = (value as { prototype?: object }).prototype;
    if (proto === undefined) continue;
    // Generated methods name their resource (listNamespacedCustomObject); the all-lowercase
    // ones belong to the generic KubernetesObjectApi, which a test below keeps out of src/.
    for (const n of Object.getOwnPropertyNames(proto)) if (/[A-Z]/.test(n)) names.add(n);
  }
  return names;
}

/** `group|resource|verb` strings the code needs, split into cluster-wide and operator-namespace. */
function rbacTheCodeNeeds(): { cluster: string[]; leaderElection: string[]; calls: string[] } {
  const methods = clientNodeMethods();
  if (methods.size < 100) throw new Error(`only ${methods.size} client-node API methods found`);
  const plurals = readdirSync(join(repoRoot, 'crds'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => /plural:\s*(\S+)/.exec(source(join('crds', f)))?.[1] ?? '')
    .sort();
  const calls = new Set<string>();
  const needs: Need[] = [];
  for (const file of operatorSources()) {
    const text = source(file);
    for (const [, method = ''] of text.matchAll(/\.(\w+)\(/g)) {
      if (!methods.has(method)) continue;
      const need = CALL_NEEDS[method];
      if (need === undefined) throw new Error(`${file} calls client-node's ${method}: add it to CALL_NEEDS`);
      calls.add(method);
      needs.push(need);
    }
    // client-node's Watch streams a collection path; the only one we watch is our kinds'.
    if (/new Watch\(/.test(text)) {
      calls.add('Watch');
      needs.push({ group: 'ecs-bridge.dev', resource: 'ours', verb: 'watch' });
    }
  }
  const expand = (n: Need): string[] =>
    n.resource === 'ours' || n.resource === 'ours/status'
      ? plurals.map((p) => `${n.group}|${p}${n.resource === 'ours/status' ? '/status' : ''}|${n.verb}`)
      : [`${n.group}|${n.resource}|${n.verb}`];
  const cluster = needs.filter((n) => n.resource !== 'leases').flatMap(expand);
  const leaderElection = needs.filter((n) => n.resource === 'leases').flatMap(expand);
  return {
    cluster: [...new Set(cluster)].sort(),
    leaderElection: [...new Set(leaderElection)].sort(),
    calls: [...calls].sort(),
  };
}

describe("the operator's RBAC in deploy/base", () => {
  let neededMemo: ReturnType<typeof rbacTheCodeNeeds> | undefined;
  const needed = (): ReturnType<typeof rbacTheCodeNeeds> => (neededMemo ??= rbacTheCodeNeeds());
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
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:(22|24)-/m);
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

/**
 * `npm run sandbox` (and `ecs-bridge sandbox` from a checkout): the quickest way to see ecs-bridge
 * work. Starts the local world (the same kube-apiserver, etcd, moto and AWS proxy the tests use),
 * installs the CRDs, runs the operator as its own process, creates in the emulator the subnets,
 * security group and target groups the examples name, with the very ids they name
 * (example-fixtures.ts, ADR 0014), applies every manifest in examples/ as written (scenario 8's
 * kustomize overlays as built), and shows a live table of the objects converging until Ctrl-C.
 * The operator enforces access policies, as installs do by default: examples/tenancy's policies
 * put two teams in two AWS accounts (moto plays both; account-fixtures.ts) and the other examples
 * in the operator's own; the table shows each object's account.
 * The ECS clusters are made by the operator, from the examples' EcsCluster objects. Because nothing is substituted, `ecs-bridge plan -f
 * examples/` against the sandbox shows no changes, and the README's first object applies as written.
 *
 *   --once           wait until every object is Ready, print the table, exit 0; exit 1 with the
 *                    reasons when something is not Ready within --timeout
 *   --timeout <dur>  deadline for --once (default 180s)
 *   --env-file <p>   also write shell exports (KUBECONFIG, AWS_ENDPOINT_URL, ...) to <p>
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';
import { API_GROUP, API_VERSION } from '../../src/resources/api-group.js';
import {
  createExampleFixtures,
  loadExamples,
  managedClusters,
  type ExampleFixtures,
  type ExampleObject,
} from './example-fixtures.js';
import { spawnOperator, type OperatorProcess } from './operator-process.js';
import { renderTable, readRows, type SandboxRow } from './sandbox-table.js';
import { waitFor } from './wait.js';
import { startWorld, worldEnvExports, WORLD_CREDENTIALS, type World } from './world.js';
import { scriptArgs } from './script-args.js';

const run = promisify(execFile);
const projectDir = resolve(import.meta.dirname, '..', '..');

const USAGE = `usage: npm run sandbox -- [--once] [--timeout <duration>] [--env-file <path>]

Starts a local Kubernetes API server, the moto AWS emulator and the ecs-bridge operator, applies
examples/, and shows the objects converging until Ctrl-C.

  --once               wait until everything is Ready, print the table and exit (0 Ready, 1 not)
  --timeout <seconds>  how long --once waits (default 180)
  --env-file <path>    write KUBECONFIG, AWS_ENDPOINT_URL and dummy credentials as shell exports
`;

async function kubectl(world: World, args: readonly string[], input?: string): Promise<void> {
  const child = run(world.info.kubectl, ['--kubeconfig', world.info.kubeconfigPath, ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
  if (input !== undefined) child.child.stdin?.end(input);
  await child;
}

async function installCrds(world: World, kc: KubeConfig): Promise<void> {
  await kubectl(world, ['apply', '--server-side', '--force-conflicts', '-f', join(projectDir, 'crds')]);
  const custom = kc.makeApiClient(CustomObjectsApi);
  for (const plural of [
    'ecsclusters',
    'ecstaskdefinitions',
    'ecsservices',
    'ecstaskruns',
    'ecstasktriggers',
    'ecsaccesspolicies',
  ]) {
    // Established is not yet served: a new kind's storage answers 429 for a moment after.
    await waitFor(
      async () => {
        await custom.listClusterCustomObject({ group: API_GROUP, version: API_VERSION, plural });
        return true;
      },
      { timeoutMs: 60_000, what: `${plural} to be served` },
    );
  }
}

async function applyExamples(
  world: World,
  kc: KubeConfig,
): Promise<{ examples: ExampleObject[]; fixtures: ExampleFixtures }> {
  const examples = loadExamples(join(projectDir, 'examples'), world.info.kubectl);
  const fixtures = await createExampleFixtures(examples, world.info.motoUrl, WORLD_CREDENTIALS);
  const core = kc.makeApiClient(CoreV1Api);
  for (const namespace of [...new Set(examples.map((o) => o.namespace))]) {
    await core.createNamespace({ body: { metadata: { name: namespace } } }).catch((err: unknown) => {
      if ((err as { code?: number }).code !== 409) throw err;
    });
  }
  // One apply per namespace: a kubectl start costs about a second.
  for (const namespace of [...new Set(examples.map((o) => o.namespace))]) {
    const docs = examples.filter((o) => o.namespace === namespace).map((o) => stringify(o.body));
    await kubectl(world, ['apply', '-n', namespace, '-f', '-'], docs.join('---\n'));
  }
  return { examples, fixtures };
}

/** What the emulator holds for manifests of your own: the ids to put in them. */
function describeFixtures(fixtures: ExampleFixtures, examples: readonly ExampleObject[]): string[] {
  const lines = [...fixtures.networks].map(
    ([region, n]) => `  ${region}: subnets ${n.subnetIds.join(', ')}; security group ${n.securityGroupId}`,
  );
  if (fixtures.clusters.length > 0) lines.push(`  clusters: ${fixtures.clusters.join(', ')}`);
  lines.push(
    `  clusters the operator makes from EcsCluster objects: ${managedClusters(examples).join(', ')}`,
  );
  for (const a of fixtures.accounts) {
    lines.push(
      `  account ${a.account} (EcsAccessPolicy ${a.policy}): role ${a.roleArn}; the same subnets and security group in ${[...a.networks.keys()].join(', ')}`,
    );
  }
  return lines;
}

function allReady(rows: readonly SandboxRow[]): boolean {
  return rows.length > 0 && rows.every((r) => r.ready === 'True');
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: scriptArgs(),
    options: {
      once: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '180' },
      'env-file': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    process.stderr.write(`--timeout "${values.timeout}" is not a positive number of seconds\n${USAGE}`);
    return 2;
  }
  const say = (line: string): void => void process.stderr.write(`sandbox: ${line}\n`);
  const started = Date.now();
  say('starting the world (kube-apiserver, etcd, moto, AWS proxy)...');
  const world = await startWorld({ log: say });
  let operator: OperatorProcess | undefined;
  const stop = async (): Promise<void> => {
    await operator?.stop();
    await world.stop();
  };
  try {
    const kc = new KubeConfig();
    kc.loadFromFile(world.info.kubeconfigPath);
    await installCrds(world, kc);
    say('starting the operator (ecs-bridge run)...');
    // As installs run by default: every namespace needs an EcsAccessPolicy (examples/tenancy has
    // the teams' and the platform's), and a team's policy role sends its objects to its account.
    operator = await spawnOperator({
      world: world.info,
      name: 'ecs-bridge',
      args: ['--log-level=info', '--access-policies=required'],
    });
    const { examples, fixtures } = await applyExamples(world, kc);
    say(
      `applied ${examples.length} objects from examples/ in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    say('the emulator has, with these ids (the ones examples/ and the README name):');
    for (const line of describeFixtures(fixtures, examples)) say(line);
    const envFile = values['env-file'];
    if (envFile !== undefined) {
      writeFileSync(
        envFile,
        `${worldEnvExports(world.info)}export PATH='${dirname(world.info.kubectl)}':"$PATH"\n`,
      );
      say(`in another shell: source ${envFile}; kubectl get ecs -A; npx ecs-bridge plan -f examples/`);
    }
    say(`kubectl: ${world.info.kubectl} --kubeconfig ${world.info.kubeconfigPath} get ecs -A`);
    say(`operator log: ${operator.logPath}`);

    const custom = kc.makeApiClient(CustomObjectsApi);
    if (values.once) {
      let rows: SandboxRow[] = [];
      const deadline = Date.now() + timeoutSeconds * 1000;
      while (Date.now() < deadline) {
        rows = await readRows(custom);
        if (allReady(rows)) break;
        await new Promise((r) => setTimeout(r, 1_000));
      }
      process.stdout.write(renderTable(rows, { color: process.stdout.isTTY }));
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (allReady(rows)) {
        process.stdout.write(`all ${rows.length} objects Ready in ${seconds} s\n`);
        return 0;
      }
      process.stdout.write(`not Ready after ${timeoutSeconds} s:\n`);
      for (const r of rows.filter((row) => row.ready !== 'True')) {
        process.stdout.write(`  ${r.kind} ${r.namespace}/${r.name}: ${r.reason} ${r.message}\n`);
      }
      return 1;
    }

    const interrupted = new Promise<void>((resolveSignal) => {
      process.once('SIGINT', () => resolveSignal());
      process.once('SIGTERM', () => resolveSignal());
    });
    let last = '';
    let done = false;
    void interrupted.then(() => (done = true));
    while (!done) {
      const table = renderTable(await readRows(custom), { color: process.stdout.isTTY });
      if (table !== last) {
        if (process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
        process.stdout.write(`${table}(Ctrl-C to stop)\n`);
        last = table;
      }
      await Promise.race([interrupted, new Promise((r) => setTimeout(r, 1_000))]);
    }
    say('stopping...');
    return 0;
  } finally {
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

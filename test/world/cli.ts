/**
 * `npm run world`: starts the test world for people.
 *
 *   npm run world -- --env-file .world.env   start, write shell exports, stay up until Ctrl-C
 *   npm run world -- --check                 start, prove each part answers, print versions, exit 0
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { apiGet } from './kube-apiserver.js';
import { startWorld, worldEnvExports, WORLD_CREDENTIALS, type World } from './world.js';
import { scriptArgs } from './script-args.js';

const usage = `usage: npm run world -- [--env-file <path>] [--check] [--speedup <K>]

  --env-file <path>  write KUBECONFIG, AWS_ENDPOINT_URL, AWS_REGION and dummy credentials as shell
                     exports to <path> (then: source <path>)
  --check            start everything, prove each part answers, print versions, stop, exit 0
  --speedup <K>      refill ECS's token buckets K times faster in the AWS proxy (default 1)
`;

async function check(world: World): Promise<void> {
  const { info } = world;
  const ns = await apiGet(info.apiServerUrl, world.controlPlane.token, '/api/v1/namespaces/default');
  if (ns.status !== 200)
    throw new Error(`kube-apiserver did not serve the default namespace: HTTP ${ns.status}`);
  const ecs = new ECSClient({
    region: info.region,
    endpoint: info.awsEndpoint,
    credentials: WORLD_CREDENTIALS,
    maxAttempts: 1,
  });
  await ecs.send(new ListClustersCommand({}));
  ecs.destroy();
  const counts = await world.proxy.control.counts();
  const seen = JSON.stringify(counts).includes('ListClusters');
  if (!seen) throw new Error('the AWS proxy did not count the ListClusters call it forwarded');
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: scriptArgs(),
      options: {
        'env-file': { type: 'string' },
        check: { type: 'boolean', default: false },
        speedup: { type: 'string', default: '1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${usage}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(usage);
    return 0;
  }
  const speedup = Number(args.speedup);
  if (!Number.isFinite(speedup) || speedup <= 0) {
    process.stderr.write(`--speedup "${args.speedup}" is not a positive number\n${usage}`);
    return 2;
  }

  const started = Date.now();
  const world = await startWorld({ speedup });
  const { info } = world;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (args.check) {
    try {
      await check(world);
      process.stdout.write(
        `world ok in ${seconds}s: kubernetes ${info.versions.kubernetes}, etcd ${info.versions.etcd}, moto ${info.versions.moto}; api ${info.apiServerUrl}, aws ${info.awsEndpoint} (proxy) -> ${info.motoUrl} (moto)\n`,
      );
      return 0;
    } finally {
      await world.stop();
    }
  }

  if (args['env-file'] !== undefined) writeFileSync(args['env-file'], worldEnvExports(info));
  process.stdout.write(
    `world up in ${seconds}s: kubernetes ${info.versions.kubernetes} at ${info.apiServerUrl}, aws proxy ${info.awsEndpoint} -> moto ${info.versions.moto}; kubeconfig ${info.kubeconfigPath}${
      args['env-file'] === undefined ? '' : `; exports in ${args['env-file']}`
    }; Ctrl-C to stop\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await world.stop();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`world: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

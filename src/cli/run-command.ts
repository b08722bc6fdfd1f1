/**
 * `ecs-bridge run`: starts the operator against the current kubeconfig (in-cluster config inside a
 * pod) and the default AWS credential chain (IRSA and EKS Pod Identity need no flags), until
 * SIGTERM or SIGINT.
 */
import { ConfigError, configHelp, isHelpRequested, loadConfig } from '../config.js';
import { runOperator } from '../operator.js';
import { createLogger } from '../observability/logger.js';

const RUN_EXAMPLES = `
Examples:
  ecs-bridge run                                   # in a pod: in-cluster config, IRSA or Pod Identity credentials
  ecs-bridge run --kubeconfig ~/.kube/config --aws-region eu-west-1
  ecs-bridge run --namespaces team-a,team-b --selector shard=a --leader-election-id ecs-bridge-shard-a
`;

/** Runs the `run` command; resolves with the exit code. */
export async function runCommand(argv: readonly string[]): Promise<number> {
  if (isHelpRequested(argv)) {
    process.stdout.write(`${configHelp()}${RUN_EXAMPLES}`);
    return 0;
  }
  let config;
  try {
    config = loadConfig(argv);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`ecs-bridge run: ${err.message}\nRun 'ecs-bridge run --help' for every flag.\n`);
      return 2;
    }
    throw err;
  }
  const log = createLogger({ level: config.logLevel, format: config.logFormat });
  const shutdown = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (shutdown.signal.aborted) {
      // A second signal means "now": the lease is not released, the next leader waits it out.
      log.warn({ signal }, 'second signal, exiting at once');
      process.exit(1);
    }
    log.info({ signal }, 'signal received');
    shutdown.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    return await runOperator(config, { log, signal: shutdown.signal });
  } catch (err) {
    if (err instanceof ConfigError) {
      log.error({ setting: err.setting }, err.message);
      return 2;
    }
    log.error({ err }, 'operator could not start');
    return 1;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

/**
 * `ecs-bridge run` started with a distinctive fake AWS secret access key, so the secrets scenario
 * can scan logs, status and Events for it (the world's own key, `testing`, is too common a word to
 * scan for). Otherwise the same process the integration tests run (test/world/operator-process.ts).
 */
import { randomBytes } from 'node:crypto';
import { spawnOperator } from '../world/operator-process.js';
import type { OperatorProcess } from '../support/operator.js';
import { operatorCli, worldInfo } from '../support/world-client.js';

/** Starts the operator with `secretAccessKey` as its AWS secret key and `args` as extra flags. */
export function startOperatorWithSecret(
  secretAccessKey: string,
  args: readonly string[],
): Promise<OperatorProcess> {
  return spawnOperator({
    world: worldInfo(),
    name: `operator-secret-${randomBytes(3).toString('hex')}`,
    args,
    cli: operatorCli(),
    env: { AWS_SECRET_ACCESS_KEY: secretAccessKey },
  });
}

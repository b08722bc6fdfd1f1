/**
 * `ecs-bridge sandbox`: runs the local sandbox (a real kube-apiserver + etcd, the moto AWS
 * emulator, the operator and examples/) from a source checkout. The sandbox is test tooling and is
 * not part of the published package or image: there it says how to get it.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NOT_A_CHECKOUT = `ecs-bridge sandbox runs from a source checkout (it needs the test world and tsx):

  git clone <the ecs-bridge repository> && cd ecs-bridge
  npm ci && npm run sandbox
`;

/** Runs the sandbox script of this checkout, passing the arguments through; resolves with its exit code. */
export function sandboxCommand(argv: readonly string[]): Promise<number> {
  const script = fileURLToPath(new URL('../../test/world/sandbox.ts', import.meta.url));
  const useNode = fileURLToPath(new URL('../../scripts/use-node.sh', import.meta.url));
  if (!existsSync(script) || !existsSync(useNode)) {
    process.stderr.write(NOT_A_CHECKOUT);
    return Promise.resolve(2);
  }
  return new Promise((resolve) => {
    // The project's Node (scripts/use-node.sh) with tsx, as `npm run sandbox` runs it; `--` keeps
    // Node from taking `--env-file` for itself (test/world/script-args.ts).
    const child = spawn('bash', [useNode, 'node', '--import', 'tsx', script, '--', ...argv], {
      stdio: 'inherit',
    });
    // The sandbox handles Ctrl-C itself (it stops the world); do not die before it has.
    const ignore = (): void => undefined;
    process.on('SIGINT', ignore);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(code ?? (signal === null ? 1 : 130));
    });
  });
}

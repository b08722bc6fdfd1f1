/**
 * The `ecs-bridge` command: dispatches to its subcommands. Each subcommand lives in its own file
 * and returns an exit code; this file only routes and turns an unexpected error into exit code 1.
 */
import { slimClientNode } from '../k8s/client-node-slim.js';
import { packageVersion } from './version.js';

// Before any command loads client-node: its KubeConfig then loads without the generated client.
slimClientNode();

const USAGE = `Usage: ecs-bridge <command> [flags]

Manage Amazon ECS task definitions and services as Kubernetes objects.

Commands:
  run        run the operator (in a cluster, or against any kubeconfig)
  plan       show what the operator would change in AWS for a set of manifests (read-only)
  import     write manifests that adopt existing ECS services (applying them writes only ownership tags)
  status     a table of EcsServices and EcsTaskDefinitions: rollouts, counts, autoscaling, events
  wait       wait until objects are Ready; fail at once, with the reason, when one is Stalled
  deployment roll back or continue (when paused) an EcsService's ECS deployment (spec.deploymentControl)
  sandbox    start a local API server, AWS emulator and the operator, apply examples/ (from a checkout)
  help       show this help
  version    print the version (also --version)

Run 'ecs-bridge <command> --help' for a command's flags and examples.
`;

type Command = (argv: readonly string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  // Each loaded on demand: `ecs-bridge run` never loads the terminal commands, and `--help` and
  // `--version` load none (quick even when a checkout runs the sources through tsx).
  run: async (argv) => (await import('./run-command.js')).runCommand(argv),
  plan: async (argv) => (await import('./plan-command.js')).planCommand(argv),
  import: async (argv) => (await import('./import-command.js')).importCommand(argv),
  status: async (argv) => (await import('./status-command.js')).statusCommand(argv),
  wait: async (argv) => (await import('./wait-command.js')).waitCommand(argv),
  deployment: async (argv) => (await import('./deployment-command.js')).deploymentCommand(argv),
  sandbox: async (argv) => (await import('./sandbox-command.js')).sandboxCommand(argv),
};

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  if (name === 'version' || name === '--version' || name === '-v') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`ecs-bridge: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  // Exit explicitly: a command is done when it resolves, whatever keep-alive sockets or timers a
  // library still holds.
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ecs-bridge: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);

/**
 * `ecs-bridge deployment rollback <service>` and `ecs-bridge deployment continue <service>`: ask the
 * operator to roll back the ECS deployment in progress, or to continue the one paused at a PAUSE
 * lifecycle hook, by setting `spec.deploymentControl` (a merge patch of the EcsService), never by calling
 * ECS: the request is an ordinary spec change, acted on once by the operator, which says what it did
 * in an Event and in status, and a GitOps user can commit the same field (ADR 0039). Needs no AWS
 * access; prints what it set and the YAML to commit.
 */
import { UsageError, valueFlag, type CommandDef, type ParsedArgs } from './args.js';
import { CliError, explainKubeError } from './cli-errors.js';
import { runTerminalCommand } from './command-runner.js';
import { cliKubeConfig, cliSettings, contextNamespace, KUBE_FLAGS, namespaceFlag } from './cli-settings.js';
import type { CliIo } from './terminal.js';
import { kubeApis } from '../k8s/kube-apis.js';
import { mergePatchOptions } from '../k8s/request-options.js';
import { API_GROUP, API_VERSION } from '../resources/api-group.js';
import type { DeploymentControlSpec } from '../resources/service/types.js';

/** The `deployment` command's flags and help. */
export const DEPLOYMENT_COMMAND: CommandDef = {
  name: 'deployment',
  usage:
    'ecs-bridge deployment rollback|continue <ecsservice> [-n <namespace>] [--requested-at <token>] [flags]',
  positionals: 'rollback|continue <ecsservice>',
  description: `Asks the operator to roll back the ECS deployment in progress of an EcsService: sets
spec.deploymentControl {action: Rollback, requestedAt: <now>} with a merge patch. The operator calls
StopServiceDeployment with ROLLBACK once for that requestedAt (ECS moves traffic and tasks back to
the previous service revision), reports it in an Event (DeploymentControl) and as RolloutFailed, and
does not deploy the rolled-back revision again while the request stays in the spec. Publish a new
revision, or remove spec.deploymentControl, to deploy the spec again. Under GitOps, commit the
printed field: a GitOps controller that owns the spec reverts a patch it did not make. In ECS,
stopping a deployment is rolling it back (stopType ROLLBACK).

continue sets {action: Continue, requestedAt: <now>}: the operator calls ContinueServiceDeployment
with CONTINUE once for that requestedAt, for the deployment paused at a PAUSE lifecycle hook
(ecs-bridge status shows "waiting on PAUSE hook <id> (AWAITING_ACTION)"), which then goes on to its
next lifecycle stage. With no deployment paused, the request is recorded as done: it never approves
a later pause. Writes to the Kubernetes API server only.`,
  flags: [
    namespaceFlag("Namespace of the EcsService (default: the context's, else default)."),
    valueFlag(
      'requested-at',
      'token',
      'The request token (default: the current time, RFC 3339); a new value is a new request.',
    ),
    ...KUBE_FLAGS,
  ],
  examples: [
    { comment: 'Roll back the canary of web', command: 'ecs-bridge deployment rollback web -n shop' },
    {
      comment: 'Let the blue/green deployment of web, paused at its PAUSE hook, go on',
      command: 'ecs-bridge deployment continue web -n shop',
    },
  ],
  footer: `Exit codes:
  0  the request is in the spec (the operator acts on it; ecs-bridge status shows the rollout)
  1  the EcsService does not exist, the patch was refused, or a usage error`,
};

// Letters, digits, spaces and + = . _ : / @ - : what the CRD accepts (it is kept in an AWS tag value).
const TOKEN = /^[A-Za-z0-9 +=._:/@-]{1,128}$/;

/** Sets `spec.deploymentControl` on one EcsService; resolves false when it does not exist. */
export type PatchControl = (name: string, control: DeploymentControlSpec) => Promise<boolean>;

/** The merge patch the command sends. Pure. */
export function controlPatch(control: DeploymentControlSpec): {
  spec: { deploymentControl: DeploymentControlSpec };
} {
  return { spec: { deploymentControl: control } };
}

function kubePatcher(argsKube: ReturnType<typeof cliKubeConfig>, namespace: string): PatchControl {
  const custom = kubeApis(argsKube).customObjects;
  const server = argsKube.getCurrentCluster()?.server;
  return async (name, control) => {
    try {
      await custom.patchNamespacedCustomObject(
        {
          group: API_GROUP,
          version: API_VERSION,
          namespace,
          plural: 'ecsservices',
          name,
          body: controlPatch(control),
        },
        mergePatchOptions(30_000),
      );
      return true;
    } catch (err) {
      if ((err as { code?: unknown }).code === 404) return false;
      const e = explainKubeError(err, `patching ecsservice/${name} in namespace ${namespace}`, server);
      throw new CliError(e.message, e.fix);
    }
  };
}

/** What replaces the API server and the clock in tests of {@link deploymentCommand}. */
export interface DeploymentDeps {
  readonly patch: PatchControl;
  readonly namespace: string;
  readonly now: () => Date;
}

/** Runs `deployment`; resolves with the exit code. `deps` replaces the API server (tests). */
export async function deploymentCommand(
  argv: readonly string[],
  io?: CliIo,
  deps?: DeploymentDeps,
): Promise<number> {
  return runTerminalCommand(DEPLOYMENT_COMMAND, argv, io, (args, out) => requestControl(args, out, deps), {
    helpHint: true,
  });
}

/** `deployment rollback|continue <ecsservice>`: patches the request in and says what to commit. */
async function requestControl(
  args: ParsedArgs,
  out: CliIo,
  deps: DeploymentDeps | undefined,
): Promise<number> {
  const [verb, name, ...extra] = args.positionals;
  if ((verb !== 'rollback' && verb !== 'continue') || name === undefined || extra.length > 0) {
    throw new UsageError(
      'ecs-bridge deployment: expected "rollback <ecsservice>" or "continue <ecsservice>", e.g. ecs-bridge deployment rollback web',
    );
  }
  const action: DeploymentControlSpec['action'] = verb === 'continue' ? 'Continue' : 'Rollback';
  const requestedAt = args.string('requested-at') ?? (deps?.now() ?? new Date()).toISOString();
  if (!TOKEN.test(requestedAt)) {
    throw new UsageError(
      `ecs-bridge deployment: --requested-at "${requestedAt}" must be 1 to 128 letters, digits, spaces or + = . _ : / @ - (it is kept in an AWS tag value)`,
    );
  }
  let namespace = args.string('namespace');
  let patch = deps?.patch;
  if (patch === undefined) {
    const kc = cliKubeConfig(cliSettings(args));
    namespace ??= contextNamespace(kc) ?? 'default';
    patch = kubePatcher(kc, namespace);
  }
  const ns = namespace ?? deps?.namespace ?? 'default';
  const control: DeploymentControlSpec = { action, requestedAt };
  if (!(await patch(name, control))) {
    out.stderr.write(`ecs-bridge deployment: ecsservice/${name} not found in namespace ${ns}\n`);
    return 1;
  }
  const what =
    action === 'Continue'
      ? 'The operator continues the ECS deployment paused at a PAUSE hook once for this request (Event\n' +
        'DeploymentControl); with none paused, the request is recorded as done. Under GitOps, commit:\n'
      : 'The operator rolls back the ECS deployment in progress once for this request (Event DeploymentControl);\n' +
        'it does not deploy that revision again while the request stays in the spec. Under GitOps, commit:\n';
  out.stdout.write(
    `ecsservice/${name} in namespace ${ns}: set spec.deploymentControl {action: ${action}, requestedAt: ${requestedAt}}\n` +
      what +
      `  spec:\n    deploymentControl:\n      action: ${action}\n      requestedAt: "${requestedAt}"\n`,
  );
  return 0;
}

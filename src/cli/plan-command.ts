/**
 * `ecs-bridge plan`: what the operator would do with a set of manifests, from AWS's live state and
 * read-only calls only, without the operator and without a Kubernetes cluster. Exit code 0 when
 * nothing would change, 2 when something would, 1 on an error (including manifests the operator
 * would refuse or could not apply).
 */
import { UsageError, valueFlag, type CommandDef, type ParsedArgs } from './args.js';
import { CliError, type Explained } from './cli-errors.js';
import { runTerminalCommand } from './command-runner.js';
import { cliKubeConfig, cliSettings } from './cli-settings.js';
import { AWS_READ_FLAGS, resolveReadIdentity } from './namespace-account.js';
import { cliAwsClients, resolveRegion } from './aws-session.js';
import { KUSTOMIZE_FOLDER, ManifestError, readManifests, regionOfManifest } from './manifests.js';
import { buildPlan } from './plan/build-plan.js';
import { planReport } from './plan/plan-model.js';
import { renderPlan } from './plan/render-plan.js';
import { readOnlyAws } from './read-only-aws.js';
import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION } from '../resources/api-group.js';
import { ECS_TASK_RUN_PLURAL, type EcsTaskRun } from '../resources/task-run/types.js';
import type { RunLookup } from './plan/plan-task-run.js';
import { createStyle, holdEventLoop, Progress, type CliIo } from './terminal.js';

/** The `plan` command's flags and help. */
export const PLAN_COMMAND: CommandDef = {
  name: 'plan',
  usage: 'ecs-bridge plan -f <files or folders> [flags]',
  description: `Shows what the operator would do with these manifests, object by object, as a diff of ECS
fields: a service to create, an update with old → new values, a new task definition revision
(with its field diff against the current one), autoscaling changes, an EcsTaskTrigger's
EventBridge rule and target or Scheduler schedule to create or change, the tasks an EcsTaskRun
would start (or that it already ran, read from the Kubernetes cluster), a change ECS cannot make in
place (refused, with the reason), or nothing. It reads AWS with read-only calls only and needs
neither the operator nor a Kubernetes cluster: what is ours is known from the owner tag
<namespace>/<name> and the instance tag on each AWS resource.`,
  flags: [
    valueFlag(
      'filename',
      'path',
      'Manifest files or folders (folders recursively; .yaml, .yml, .json; several documents per file).',
      { short: 'f', multiple: true },
    ),
    valueFlag('output', 'format', 'text for people, json for CI.', {
      short: 'o',
      default: 'text',
      choices: ['text', 'json'],
    }),
    valueFlag('namespace', 'namespace', 'Namespace of objects whose manifest names none.', {
      short: 'n',
      default: 'default',
    }),
    ...AWS_READ_FLAGS,
  ],
  examples: [
    { comment: 'What would applying this folder change?', command: 'ecs-bridge plan -f k8s/ecs/' },
    {
      comment: "In the namespace's own AWS account (its EcsAccessPolicy's role, read from the cluster)",
      command: 'ecs-bridge plan -f k8s/ecs/ -n payments',
    },
    {
      comment: 'In CI: fail on errors, report pending changes (exit 2) as JSON',
      command: 'ecs-bridge plan -f k8s/ecs/ -n prod --output json > plan.json; test $? -ne 1',
    },
    {
      comment: 'Check that imported manifests adopt without a single change (exit 0)',
      command: 'ecs-bridge import --cluster demo --all --out imported/ && ecs-bridge plan -f imported/',
    },
  ],
  footer: `Exit codes:
  0  nothing would change (adopting an untagged service only adds ownership tags and counts as no change)
  1  an error: unreadable manifests, AWS errors, or objects the operator would refuse or not apply
  2  something would change`,
};

/** How long reading one EcsTaskRun from the cluster may take. */
const RUN_READ_TIMEOUT_MS = 10_000;

/**
 * Reads EcsTaskRuns from the cluster the kubeconfig names (one GET each, with a deadline); a
 * cluster that cannot be read makes the answer `unknown` with the reason, never an error.
 */
export function kubeRunLookup(kubeConfig: () => KubeConfig): RunLookup {
  let custom: CustomObjectsApi | undefined;
  let broken: string | undefined;
  return async (namespace, name) => {
    if (broken !== undefined) return { kind: 'unknown', why: broken };
    let timer: NodeJS.Timeout | undefined;
    try {
      custom ??= kubeConfig().makeApiClient(CustomObjectsApi);
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${RUN_READ_TIMEOUT_MS / 1000} s`)),
          RUN_READ_TIMEOUT_MS,
        );
      });
      const obj = (await Promise.race([
        custom.getNamespacedCustomObject({
          group: API_GROUP,
          version: API_VERSION,
          namespace,
          plural: ECS_TASK_RUN_PLURAL,
          name,
        }),
        deadline,
      ])) as EcsTaskRun;
      return { kind: 'present', obj };
    } catch (err) {
      if ((err as { code?: unknown }).code === 404) return { kind: 'absent' };
      // One unreachable cluster is enough to know: the other runs are not read.
      broken = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'unreadable';
      return { kind: 'unknown', why: broken };
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Runs `plan`; resolves with the exit code. `io` defaults to the process's terminal. */
export async function planCommand(argv: readonly string[], io?: CliIo): Promise<number> {
  return runTerminalCommand(PLAN_COMMAND, argv, io, plan, { explain: explainManifestError });
}

/** A manifest that cannot be read is the user's to correct. */
function explainManifestError(err: unknown): Explained | undefined {
  return err instanceof ManifestError ? { message: err.message, fix: 'correct the manifest' } : undefined;
}

/** `plan -f ...`: reads the manifests and AWS, prints the plan; exit code 2 when something would change. */
async function plan(args: ParsedArgs, out: CliIo): Promise<number> {
  const paths = args.list('filename');
  if (paths.length === 0) {
    throw new UsageError(
      "ecs-bridge plan: give the manifests with -f <file or folder>\nRun 'ecs-bridge plan --help' for examples.",
    );
  }
  const settings = cliSettings(args);
  const namespace = args.string('namespace') ?? 'default';
  const manifests = readManifests(paths, namespace);
  for (const s of manifests.skipped) {
    out.stderr.write(
      s.kind === KUSTOMIZE_FOLDER
        ? `ecs-bridge plan: skipping kustomize folder ${s.source}: plan what it builds: kubectl kustomize ${s.source} > built.yaml && ecs-bridge plan -f built.yaml\n`
        : `ecs-bridge plan: skipping ${s.kind} (${s.source}): not an ecs-bridge kind\n`,
    );
  }
  const progress = new Progress(out.stderr);
  progress.update('resolving the AWS Region…');
  const region = await resolveRegion(settings);
  if (region === undefined && manifests.objects.some((o) => regionOfManifest(o) === undefined)) {
    progress.done();
    throw new CliError(
      'no AWS Region',
      'pass --region, set AWS_REGION, set a region in your AWS profile, or set spec.region',
    );
  }
  progress.update('reading the access policies…');
  // Which account the objects live in: their namespace's policy's role, as the operator reads it.
  const identity = await resolveReadIdentity({
    roleArn: args.string('role-arn'),
    externalId: args.string('external-id'),
    namespaces:
      manifests.objects.length === 0
        ? [namespace]
        : manifests.objects.map((o) => o.obj.metadata.namespace ?? namespace),
    kubeConfig: () => cliKubeConfig(settings),
  });
  progress.done();
  for (const note of identity.notes) out.stderr.write(`ecs-bridge plan: ${note}\n`);
  const stsRegion = region ?? manifests.objects.map(regionOfManifest).find((r) => r !== undefined);
  const clients = cliAwsClients(settings, stsRegion);
  const release = holdEventLoop();
  try {
    const entries = await buildPlan(manifests, {
      aws: readOnlyAws(clients, identity.roleFor),
      instanceId: settings.instanceId,
      defaultRegion: region,
      endpoint: settings.endpoint,
      progress,
      runs: kubeRunLookup(() => cliKubeConfig(settings)),
    });
    progress.done();
    const report = planReport(entries, manifests.skipped);
    if (args.string('output') === 'json') out.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else out.stdout.write(renderPlan(entries, createStyle(out.colour)));
    return report.exitCode;
  } finally {
    release();
    clients.destroy();
  }
}

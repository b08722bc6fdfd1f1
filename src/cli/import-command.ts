/**
 * `ecs-bridge import`: reads an existing ECS cluster and its services (their task definitions,
 * scalable targets and policies) with read-only calls and writes EcsCluster, EcsTaskDefinition and
 * EcsService manifests that adopt them explicitly (the services name the EcsCluster with
 * `clusterRef`), such that applying them makes the operator write nothing to AWS (ADR 0007). It
 * then plans the manifests it wrote against the same AWS state and says whether anything would
 * change (it should not). Exit code 0 when every requested service was imported, 1 otherwise.
 */
import { UsageError, valueFlag, type CommandDef, type ParsedArgs } from './args.js';
import { CliError, explainAwsError } from './cli-errors.js';
import { runTerminalCommand } from './command-runner.js';
import { cliKubeConfig, cliSettings } from './cli-settings.js';
import { AWS_READ_FLAGS, resolveReadIdentity } from './namespace-account.js';
import { cliAwsClients, resolveRegion } from './aws-session.js';
import { importClusterItem } from './import/import-cluster-item.js';
import { describeAll, importProblem, importServiceItem } from './import/import-service-item.js';
import { importTriggerCommand, namespaceOf } from './import/import-trigger-command.js';
import { listServiceNames } from './import/list-services.js';
import { verify, writeOutput, type Imported } from './import/import-output.js';
import { readOnlyAws, type ReadOnlyAws, type ReadOnlyRegion } from './read-only-aws.js';
import { createStyle, holdEventLoop, Progress, type CliIo } from './terminal.js';
import type { AwsClients } from '../aws/clients.js';
import { nameOfArn } from '../shared/arn.js';

/** The `import` command's flags and help. */
export const IMPORT_COMMAND: CommandDef = {
  name: 'import',
  usage: 'ecs-bridge import --cluster <name> (--service <name> | --all) [flags]',
  description: `Reads an existing ECS cluster and its services, their task definitions, scalable targets and
scaling policies, and writes manifests that adopt them explicitly: an EcsCluster for the cluster
(adopt: true, its settings, configuration, capacity providers, default strategy and tags as ECS
reports them), an EcsTaskDefinition per family (the running revision's content, adopt: true) and an
EcsService per service (adopt: true, every managed field exactly as ECS reports it, clusterRef to
that EcsCluster, taskDefinitionRef to that EcsTaskDefinition), all with deletionPolicy Retain. A
cluster ecs-bridge already manages gets no EcsCluster; its services name it with spec.cluster.
Applying them makes the operator write nothing to AWS: no CreateCluster, no RegisterTaskDefinition,
no UpdateService, no tags, no autoscaling call. Whatever a manifest cannot express is
listed per field, on stderr and as comments in the YAML. Only read-only AWS calls are made; at the
end the written manifests are planned against the same AWS state as a check.`,
  flags: [
    valueFlag('cluster', 'name', 'The ECS cluster (name or ARN).'),
    valueFlag('service', 'name', 'Services to import.', { multiple: true }),
    { name: 'all', type: 'boolean', help: 'Import every service of the cluster.' },
    valueFlag(
      'rule',
      'name',
      'An EventBridge rule with one ECS target to import as an EcsTaskTrigger (instead of --cluster).',
      { multiple: true },
    ),
    valueFlag('event-bus', 'name', 'The bus of --rule rules.', { default: 'default' }),
    valueFlag(
      'schedule',
      'name',
      'An EventBridge Scheduler schedule with the ECS RunTask target to import as an EcsTaskTrigger.',
      { multiple: true },
    ),
    valueFlag('schedule-group', 'name', 'The group of --schedule schedules.', { default: 'default' }),
    {
      name: 'all-triggers',
      type: 'boolean',
      help: 'Import every rule of the bus and schedule of the group that starts an ECS task.',
    },
    valueFlag('namespace', 'namespace', 'Namespace written into the manifests.', {
      short: 'n',
      default: 'default',
    }),
    valueFlag(
      'out',
      'dir',
      'Write one <name>.yaml per service into this folder (created if needed); else print to stdout.',
    ),
    {
      name: 'task-definition-arn',
      type: 'boolean',
      help: 'Name each task definition by ARN in the EcsService instead of writing an EcsTaskDefinition for it (task definitions stay unmanaged).',
    },
    ...AWS_READ_FLAGS,
  ],
  examples: [
    {
      comment: 'Import one service and look at the manifest',
      command: 'ecs-bridge import --cluster demo --service api',
    },
    {
      comment: 'Import a whole cluster into a folder, apply it, and check nothing changes',
      command:
        'ecs-bridge import --cluster demo --all -n shop --out shop/ && kubectl apply -f shop/ && ecs-bridge plan -f shop/',
    },
    {
      comment: 'Import an EventBridge rule with an ECS target and a Scheduler schedule as EcsTaskTriggers',
      command: 'ecs-bridge import --rule uploads-to-thumbnail --schedule nightly-report -n media',
    },
    {
      comment: 'Import the services only, leaving their task definitions unmanaged (named by ARN)',
      command: 'ecs-bridge import --cluster demo --service api --task-definition-arn --out api/',
    },
  ],
  footer: `Exit codes:
  0  every requested service was imported
  1  an error, or a service named with --service could not be imported (missing, not ACTIVE, or
     already managed by ecs-bridge); with --all such services are skipped with a note`,
};

/** Runs `import`; resolves with the exit code. `io` defaults to the process's terminal. */
export async function importCommand(argv: readonly string[], io?: CliIo): Promise<number> {
  return runTerminalCommand(IMPORT_COMMAND, argv, io, importFromAws);
}

/** `import`: resolves where and as whom to read, then imports services or triggers. */
async function importFromAws(args: ParsedArgs, out: CliIo): Promise<number> {
  const request = importRequest(args);
  const settings = cliSettings(args);
  const region = await resolveRegion(settings);
  if (region === undefined)
    throw new CliError('no AWS Region', 'pass --region, set AWS_REGION, or set a region in your AWS profile');
  // The namespace's account: its policy's role, as the operator reads it (ADR 0030).
  const identity = await resolveReadIdentity({
    roleArn: args.string('role-arn'),
    externalId: args.string('external-id'),
    namespaces: [namespaceOf(args)],
    kubeConfig: () => cliKubeConfig(settings),
  });
  for (const note of identity.notes) out.stderr.write(`ecs-bridge import: ${note}\n`);
  const role = identity.roleFor(namespaceOf(args));
  const clients = cliAwsClients(settings, region);
  const release = holdEventLoop();
  const progress = new Progress(out.stderr);
  try {
    const aws = readOnlyAws(clients, () => role);
    const at: ImportContext = { aws, api: aws(region), region, settings, progress };
    if (request.triggers) return await importTriggerCommand(out, args, at);
    const credentials = role === undefined ? undefined : clients.assumedRoles?.providerFor(role);
    return await importServices(out, args, request, { ...at, credentials });
  } finally {
    progress.done();
    release();
    clients.destroy();
  }
}

/** What the flags ask to import: a cluster's services, or rules and schedules. */
interface ImportRequest {
  readonly cluster: string | undefined;
  readonly wanted: readonly string[];
  readonly all: boolean;
  readonly triggers: boolean;
}

/** The request the flags make, or a usage error naming what is missing or clashes. */
function importRequest(args: ParsedArgs): ImportRequest {
  const cluster = args.string('cluster');
  const wanted = args.list('service');
  const all = args.flag('all');
  const triggers =
    args.list('rule').length > 0 || args.list('schedule').length > 0 || args.flag('all-triggers');
  if (triggers && (cluster !== undefined || wanted.length > 0 || all))
    throw new UsageError(
      usage('import either rules and schedules (--rule, --schedule, --all-triggers) or a cluster, not both'),
    );
  if (!triggers && cluster === undefined)
    throw new UsageError(usage('name the cluster with --cluster <name>'));
  if (!triggers && wanted.length > 0 === all)
    throw new UsageError(usage('give either --service <name> (repeatable) or --all'));
  return { cluster, wanted, all, triggers };
}

/** Where an import reads from and reports to. */
interface ImportContext {
  readonly aws: ReadOnlyAws;
  readonly api: ReadOnlyRegion;
  readonly region: string;
  readonly settings: ReturnType<typeof cliSettings>;
  readonly progress: Progress;
}

/** An import of a cluster's services: also the credentials ListServices is sent with. */
interface ServicesContext extends ImportContext {
  readonly credentials: ReturnType<NonNullable<AwsClients['assumedRoles']>['providerFor']> | undefined;
}

/** The services to import: those named, or every service of the cluster (ListServices). */
async function serviceNames(request: ImportRequest, at: ServicesContext): Promise<readonly string[]> {
  if (!request.all) return request.wanted;
  const clusterName = nameOfArn(request.cluster ?? '');
  at.progress.update(`listing the services of ${clusterName}…`);
  return listServiceNames({
    region: at.region,
    endpoint: at.settings.endpoint,
    cluster: request.cluster ?? '',
    ...(at.credentials === undefined ? {} : { credentials: at.credentials }),
  }).catch((err: unknown) => {
    const context = { region: at.region, cluster: clusterName, endpoint: at.settings.endpoint };
    throw new CliError(
      explainAwsError(err, { ...context, doing: `listing the services of ${clusterName}` }).message,
    );
  });
}

/**
 * `import --cluster`: the EcsCluster, then per service its EcsTaskDefinition and EcsService; writes
 * them, then plans them as a check. Exit code 1 when a service asked for could not be imported.
 */
async function importServices(
  out: CliIo,
  args: ParsedArgs,
  request: ImportRequest,
  at: ServicesContext,
): Promise<number> {
  const { api, region, progress } = at;
  const cluster = request.cluster ?? '';
  const clusterName = nameOfArn(cluster);
  const names = await serviceNames(request, at);
  progress.update(`describing cluster ${clusterName}…`);
  const clusterItem = await importClusterItem(api, cluster, clusterName, region, namespaceOf(args));
  progress.update(`describing ${names.length} service(s)…`);
  const described = await describeAll(api, cluster, names).catch((err: unknown) => {
    const context = { region, cluster: clusterName, endpoint: at.settings.endpoint };
    const e = explainAwsError(err, { ...context, doing: `describing services of ${clusterName}` });
    throw new CliError(e.message, e.fix);
  });
  const warn = (text: string): void => {
    progress.done();
    out.stderr.write(`ecs-bridge import: ${text}\n`);
  };
  let failed = 0;
  const imported: Imported[] = [];
  const families = new Map<string, string>();
  for (const [i, name] of names.entries()) {
    progress.update(`importing ${name} (${i + 1}/${names.length})…`);
    const service = described.get(name);
    const problem = importProblem(name, clusterName, service);
    if (problem !== undefined || service === undefined) {
      warn(problem ?? `${name}: not found`);
      // With --all, skipping a service that is already managed (or draining) is the point;
      // a service asked for by name that cannot be imported is a failure.
      if (!request.all) failed++;
      continue;
    }
    const manage = !args.flag('task-definition-arn');
    const namespace = namespaceOf(args);
    const clusterRef = clusterItem.objectName;
    imported.push(
      await importServiceItem({ api, service, clusterName, region, namespace, clusterRef, manage, families }),
    );
  }
  progress.done();
  if (clusterItem.problem !== undefined) warn(clusterItem.problem);
  // The cluster first: its services refer to it.
  if (clusterItem.item !== undefined && imported.length > 0) imported.unshift(clusterItem.item);
  reportUnexpressed(out, imported);
  writeOutput(out, imported, args.string('out'));
  failed += await verify(out, imported, {
    aws: at.aws,
    instanceId: at.settings.instanceId,
    region,
    endpoint: at.settings.endpoint,
    progress,
  });
  if (imported.length === 0 && names.length === 0) warn(`cluster ${clusterName} has no services`);
  const services = imported.filter((i) => i !== clusterItem.item);
  return failed > 0 || (services.length === 0 && !request.all) ? 1 : 0;
}

/** Says on stderr, per item, each field a manifest could not express. */
function reportUnexpressed(out: CliIo, imported: readonly Imported[]): void {
  const style = createStyle(out.colourErr);
  for (const item of imported) {
    for (const doc of item.documents) {
      for (const n of doc.notes.filter((x) => x.kind === 'unexpressed')) {
        out.stderr.write(
          `ecs-bridge import: ${style.yellow(`${item.name}: not expressed: ${n.field}`)}: ${n.message}\n`,
        );
      }
    }
  }
}

function usage(what: string): string {
  return `ecs-bridge import: ${what}\nRun 'ecs-bridge import --help' for examples.`;
}

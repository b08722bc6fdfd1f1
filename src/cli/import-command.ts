/**
 * `ecs-bridge import`: reads an existing ECS cluster and its services (their task definitions,
 * scalable targets and policies) with read-only calls and writes EcsCluster, EcsTaskDefinition and
 * EcsService manifests that adopt them explicitly (the services name the EcsCluster with
 * `clusterRef`), such that applying them makes the operator write nothing to AWS (ADR 0007). It
 * then plans the manifests it wrote against the same AWS state and says whether anything would
 * change (it should not). Exit code 0 when every requested service was imported, 1 otherwise.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { commandHelp, parseCommandArgs, UsageError, type CommandDef, type ParsedArgs } from './args.js';
import { CliError, explainAwsError, formatExplained } from './cli-errors.js';
import { cliKubeConfig, cliSettings } from './cli-settings.js';
import { AWS_READ_FLAGS, resolveReadIdentity } from './namespace-account.js';
import { cliAwsClients, resolveRegion } from './aws-session.js';
import { clusterImportProblem, importCluster } from './import/import-cluster.js';
import { importService, objectName } from './import/import-service.js';
import { readRevisionFields, ServiceRevisionCache } from '../resources/service/read-service-revision.js';
import { stepAlarmNamesToRead } from './import/import-policies.js';
import { alarmsByName } from './plan/plan-alarms.js';
import { importTaskDefinition } from './import/import-task-definition.js';
import type { ImportedDocument } from './import/import-yaml.js';
import { listServiceNames } from './import/list-services.js';
import { importTriggers } from './import/import-triggers.js';
import { verify, writeOutput, type Imported } from './import/import-output.js';
import type { OurManifest } from './manifests.js';
import { readOnlyAws, type ReadOnlyRegion } from './read-only-aws.js';
import { createStyle, holdEventLoop, processIo, Progress, type CliIo } from './terminal.js';
import { TAG_KEYS } from '../resources/api-group.js';
import { scalableResourceId } from '../resources/autoscaling/desired.js';
import { observeAutoscaling } from '../resources/autoscaling/observe.js';
import { validateServiceSpec } from '../resources/service/validate.js';
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
    { name: 'cluster', type: 'string', value: 'name', help: 'The ECS cluster (name or ARN).' },
    { name: 'service', type: 'string', multiple: true, value: 'name', help: 'Services to import.' },
    { name: 'all', type: 'boolean', help: 'Import every service of the cluster.' },
    {
      name: 'rule',
      type: 'string',
      multiple: true,
      value: 'name',
      help: 'An EventBridge rule with one ECS target to import as an EcsTaskTrigger (instead of --cluster).',
    },
    {
      name: 'event-bus',
      type: 'string',
      value: 'name',
      help: 'The bus of --rule rules.',
      default: 'default',
    },
    {
      name: 'schedule',
      type: 'string',
      multiple: true,
      value: 'name',
      help: 'An EventBridge Scheduler schedule with the ECS RunTask target to import as an EcsTaskTrigger.',
    },
    {
      name: 'schedule-group',
      type: 'string',
      value: 'name',
      help: 'The group of --schedule schedules.',
      default: 'default',
    },
    {
      name: 'all-triggers',
      type: 'boolean',
      help: 'Import every rule of the bus and schedule of the group that starts an ECS task.',
    },
    {
      name: 'namespace',
      short: 'n',
      type: 'string',
      value: 'namespace',
      help: 'Namespace written into the manifests.',
      default: 'default',
    },
    {
      name: 'out',
      type: 'string',
      value: 'dir',
      help: 'Write one <name>.yaml per service into this folder (created if needed); else print to stdout.',
    },
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
  let out: CliIo | undefined = io;
  try {
    const args = parseCommandArgs(IMPORT_COMMAND, argv);
    out ??= processIo({ noColor: args.flag('no-color') });
    if (args.help) {
      out.stdout.write(commandHelp(IMPORT_COMMAND));
      return 0;
    }
    const cluster = args.string('cluster');
    const wanted = args.list('service');
    const all = args.flag('all');
    const triggers =
      args.list('rule').length > 0 || args.list('schedule').length > 0 || args.flag('all-triggers');
    if (triggers && (cluster !== undefined || wanted.length > 0 || all))
      throw new UsageError(
        usage(
          'import either rules and schedules (--rule, --schedule, --all-triggers) or a cluster, not both',
        ),
      );
    if (!triggers && cluster === undefined)
      throw new UsageError(usage('name the cluster with --cluster <name>'));
    if (!triggers && wanted.length > 0 === all)
      throw new UsageError(usage('give either --service <name> (repeatable) or --all'));
    const settings = cliSettings(args);
    const region = await resolveRegion(settings);
    if (region === undefined)
      throw new CliError(
        'no AWS Region',
        'pass --region, set AWS_REGION, or set a region in your AWS profile',
      );
    const clusterName = nameOfArn(cluster ?? '');
    const context = { region, cluster: clusterName, endpoint: settings.endpoint };
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
      const api = aws(region);
      if (triggers) return await importTriggerCommand(out, args, { aws, api, region, settings, progress });
      let names = wanted;
      if (all) {
        progress.update(`listing the services of ${clusterName}…`);
        const credentials = role === undefined ? undefined : clients.assumedRoles?.providerFor(role);
        names = await listServiceNames({
          region,
          endpoint: settings.endpoint,
          cluster: cluster ?? '',
          ...(credentials === undefined ? {} : { credentials }),
        }).catch((err: unknown) => {
          throw new CliError(
            explainAwsError(err, { ...context, doing: `listing the services of ${clusterName}` }).message,
          );
        });
      }
      progress.update(`describing cluster ${clusterName}…`);
      const clusterItem = await importClusterItem(api, cluster ?? '', clusterName, region, namespaceOf(args));
      progress.update(`describing ${names.length} service(s)…`);
      const described = await describeAll(api, cluster ?? '', names).catch((err: unknown) => {
        const e = explainAwsError(err, { ...context, doing: `describing services of ${clusterName}` });
        throw new CliError(e.message, e.fix);
      });
      const warn = (text: string): void => {
        progress.done();
        out?.stderr.write(`ecs-bridge import: ${text}\n`);
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
          if (!all) failed++;
          continue;
        }
        imported.push(
          await importOne({
            api,
            service,
            clusterName,
            region,
            namespace: namespaceOf(args),
            clusterRef: clusterItem.objectName,
            manage: !args.flag('task-definition-arn'),
            families,
          }),
        );
      }
      progress.done();
      if (clusterItem.problem !== undefined) warn(clusterItem.problem);
      // The cluster first: its services refer to it.
      if (clusterItem.item !== undefined && imported.length > 0) imported.unshift(clusterItem.item);
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
      writeOutput(out, imported, args.string('out'));
      failed += await verify(out, imported, {
        aws,
        instanceId: settings.instanceId,
        region,
        endpoint: settings.endpoint,
        progress,
      });
      if (imported.length === 0 && names.length === 0) warn(`cluster ${clusterName} has no services`);
      const services = imported.filter((i) => i !== clusterItem.item);
      return failed > 0 || (services.length === 0 && !all) ? 1 : 0;
    } finally {
      progress.done();
      release();
      clients.destroy();
    }
  } catch (err) {
    const stderr = (out ?? processIo({ noColor: true })).stderr;
    if (err instanceof UsageError) stderr.write(`${err.message}\n`);
    else if (err instanceof CliError) stderr.write(formatExplained('import', err));
    else throw err;
    return 1;
  }
}

/**
 * `import --rule` / `--schedule` / `--all-triggers`: EcsTaskTrigger manifests that adopt the rules
 * and schedules as they are (ADR 0037), then the same check as for services: planning them finds
 * nothing to write. Exit code 1 when a rule or schedule asked for could not be imported.
 */
async function importTriggerCommand(
  out: CliIo,
  args: ParsedArgs,
  at: {
    aws: ReturnType<typeof readOnlyAws>;
    api: ReadOnlyRegion;
    region: string;
    settings: ReturnType<typeof cliSettings>;
    progress: Progress;
  },
): Promise<number> {
  at.progress.update('reading EventBridge rules and Scheduler schedules…');
  const result = await importTriggers(at.api.triggers, {
    rules: args.list('rule'),
    eventBusName: args.string('event-bus') ?? 'default',
    schedules: args.list('schedule'),
    scheduleGroup: args.string('schedule-group') ?? 'default',
    all: args.flag('all-triggers'),
    region: at.region,
    namespace: namespaceOf(args),
  }).catch((err: unknown) => {
    const e = explainAwsError(err, { region: at.region, doing: 'reading EventBridge rules and schedules' });
    throw new CliError(e.message, e.fix);
  });
  at.progress.done();
  const style = createStyle(out.colourErr);
  for (const reason of result.refused)
    out.stderr.write(`ecs-bridge import: ${style.yellow(`not imported: ${reason}`)}\n`);
  writeOutput(out, result.imported, args.string('out'));
  const loud = await verify(out, result.imported, {
    aws: at.aws,
    instanceId: at.settings.instanceId,
    region: at.region,
    endpoint: at.settings.endpoint,
    progress: at.progress,
  });
  if (result.imported.length === 0 && result.refused.length === 0)
    out.stderr.write('ecs-bridge import: no rule or schedule that starts an ECS task was found\n');
  const askedFor = args.list('rule').length + args.list('schedule').length;
  return loud > 0 || (askedFor > 0 && result.refused.length > 0) ? 1 : 0;
}

function namespaceOf(args: { string(name: string): string | undefined }): string {
  return args.string('namespace') ?? 'default';
}

/**
 * The EcsCluster to write for the cluster (one DescribeClusters), or why there is none: a cluster
 * ecs-bridge already manages keeps its object, and the services then name it with `spec.cluster`.
 */
async function importClusterItem(
  api: ReadOnlyRegion,
  cluster: string,
  clusterName: string,
  region: string,
  namespace: string,
): Promise<{ item?: Imported; objectName?: string; problem?: string }> {
  const { clusters } = await api.clusters.describeCluster(cluster).catch((err: unknown) => {
    const e = explainAwsError(err, {
      region,
      cluster: clusterName,
      doing: `describing cluster ${clusterName}`,
    });
    throw new CliError(e.message, e.fix);
  });
  const found = clusters.find((c) => c.clusterName === clusterName || c.clusterArn === cluster);
  const problem = clusterImportProblem(found, clusterName);
  if (problem !== undefined || found === undefined)
    return { problem: problem ?? `cluster ${clusterName}: not found` };
  const imported = importCluster({ cluster: found, region, namespace });
  const name = imported.manifest.metadata.name;
  return {
    objectName: name,
    item: {
      name: `ecscluster-${name}`,
      documents: [
        { manifest: imported.manifest, source: found.clusterArn ?? clusterName, notes: imported.notes },
      ],
      objects: [{ kind: 'EcsCluster', obj: imported.manifest, source: `ecscluster-${name}.yaml` }],
    },
  };
}

function usage(what: string): string {
  return `ecs-bridge import: ${what}\nRun 'ecs-bridge import --help' for examples.`;
}

async function describeAll(
  api: ReadOnlyRegion,
  cluster: string,
  names: readonly string[],
): Promise<Map<string, Service>> {
  const found = new Map<string, Service>();
  for (let i = 0; i < names.length; i += 10) {
    const batch = names.slice(i, i + 10);
    const { services } = await api.ecs.describeServices(cluster, batch);
    for (const s of services) if (s.serviceName !== undefined) found.set(s.serviceName, s);
  }
  return found;
}

/** Why a service cannot be imported, or undefined. */
export function importProblem(
  name: string,
  cluster: string,
  service: Service | undefined,
): string | undefined {
  if (service === undefined) return `${name}: no such service in cluster ${cluster}`;
  if (service.status !== undefined && service.status !== 'ACTIVE')
    return `${name}: the service is ${service.status}; only ACTIVE services are imported`;
  const owner = service.tags?.find((t) => t.key === TAG_KEYS.owner)?.value;
  if (owner !== undefined) {
    const instance = service.tags?.find((t) => t.key === TAG_KEYS.instance)?.value ?? 'unknown';
    return `${name}: already managed by ecs-bridge (object ${owner}, operator instance ${instance}); not imported`;
  }
  return undefined;
}

async function importOne(input: {
  readonly api: ReadOnlyRegion;
  readonly service: Service;
  readonly clusterName: string;
  readonly region: string;
  readonly namespace: string;
  /** The imported EcsCluster's name, which the service refers to; undefined: `spec.cluster`. */
  readonly clusterRef: string | undefined;
  readonly manage: boolean;
  /** Family → the revision ARN already imported as an EcsTaskDefinition. */
  readonly families: Map<string, string>;
}): Promise<Imported> {
  const { api, service, clusterName, region, namespace } = input;
  const serviceName = service.serviceName ?? '';
  // With the scheduled actions: import expresses ours and notes anyone else's.
  const autoscaling = await observeAutoscaling(
    api.autoscaling,
    scalableResourceId(clusterName, serviceName),
    {},
    true,
  );
  // The alarms of our step policies (one DescribeAlarms, only when there is a step policy).
  const alarmNames = stepAlarmNamesToRead(autoscaling, { cluster: clusterName, serviceName });
  const alarms = alarmsByName(
    alarmNames.length === 0 ? [] : await api.alarms.describeAlarms(alarmNames),
    alarmNames,
  );
  const documents: ImportedDocument[] = [];
  const objects: OurManifest[] = [];
  let taskDefinitionRef: string | undefined;
  const arn = service.taskDefinition ?? '';
  if (input.manage) {
    const { taskDefinition, tags } = await api.ecs.describeTaskDefinition(arn);
    const family = taskDefinition.family ?? '';
    const already = input.families.get(family);
    if (already === undefined || already === arn) {
      taskDefinitionRef = objectName(family);
      if (already === undefined) {
        input.families.set(family, arn);
        const td = importTaskDefinition({ taskDefinition, tags, region, namespace });
        documents.push({ manifest: td.manifest, source: arn, notes: td.notes });
        objects.push({
          kind: 'EcsTaskDefinition',
          obj: td.manifest,
          source: `${objectName(serviceName)}.yaml`,
        });
      }
    }
  }
  // gatewayConnectors and monitoring are on the current service revision only (ADR 0048).
  const revision = await readRevisionFields(api.ecs, new ServiceRevisionCache(), service, {});
  const asImported = importService({
    service,
    revision,
    clusterName,
    region,
    namespace,
    autoscaling,
    alarms,
    taskDefinitionRef,
  });
  const imported = input.clusterRef === undefined ? asImported : referToCluster(asImported, input.clusterRef);
  const invalid = validateServiceSpec(imported.manifest.spec);
  const notes =
    invalid === undefined
      ? imported.notes
      : [
          ...imported.notes,
          { field: 'spec', kind: 'unexpressed' as const, message: `the manifest breaks a rule: ${invalid}` },
        ];
  documents.push({ manifest: imported.manifest, source: service.serviceArn ?? serviceName, notes });
  objects.push({
    kind: 'EcsService',
    obj: imported.manifest,
    source: `${imported.manifest.metadata.name}.yaml`,
  });
  return { name: imported.manifest.metadata.name, documents, objects };
}

/**
 * The service naming the imported EcsCluster with `clusterRef` instead of `spec.cluster`, and without
 * `spec.region`: the service runs in its EcsCluster's Region (the API server refuses both together).
 */
function referToCluster<T extends ReturnType<typeof importService>>(imported: T, name: string): T {
  const { cluster: _named, region: _inItsCluster, ...spec } = imported.manifest.spec;
  return { ...imported, manifest: { ...imported.manifest, spec: { ...spec, clusterRef: { name } } } };
}

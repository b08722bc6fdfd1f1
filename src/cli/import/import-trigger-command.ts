/**
 * `ecs-bridge import --rule` / `--schedule` / `--all-triggers`: the EcsTaskTrigger half of the
 * import command.
 */
import type { ParsedArgs } from '../args.js';
import { CliError, explainAwsError } from '../cli-errors.js';
import type { cliSettings } from '../cli-settings.js';
import type { ReadOnlyAws, ReadOnlyRegion } from '../read-only-aws.js';
import { createStyle, type CliIo, type Progress } from '../terminal.js';
import { verify, writeOutput } from './import-output.js';
import { importTriggers } from './import-triggers.js';

/**
 * `import --rule` / `--schedule` / `--all-triggers`: EcsTaskTrigger manifests that adopt the rules
 * and schedules as they are (ADR 0037), then the same check as for services: planning them finds
 * nothing to write. Exit code 1 when a rule or schedule asked for could not be imported.
 */
export async function importTriggerCommand(
  out: CliIo,
  args: ParsedArgs,
  at: {
    readonly aws: ReadOnlyAws;
    readonly api: ReadOnlyRegion;
    readonly region: string;
    readonly settings: ReturnType<typeof cliSettings>;
    readonly progress: Progress;
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

/** The namespace written into the manifests. */
export function namespaceOf(args: { string(name: string): string | undefined }): string {
  return args.string('namespace') ?? 'default';
}

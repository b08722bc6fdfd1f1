/**
 * The reads of `import --rule` / `--schedule` / `--all-triggers`: for each rule DescribeRule,
 * ListTagsForResource and ListTargetsByRule; for each schedule GetSchedule (ListRules and
 * ListSchedules first with `--all-triggers`). Read-only (the caller passes the read-only view);
 * each rule or schedule becomes an imported item or a reason it was not imported.
 */
import type { TriggerApis } from '../../resources/task-trigger/ports.js';
import type { Imported } from './import-output.js';
import { importRuleTrigger, importScheduleTrigger, type ImportedTrigger } from './import-trigger.js';

/** What to import. */
export interface TriggerImportRequest {
  readonly rules: readonly string[];
  readonly eventBusName: string;
  readonly schedules: readonly string[];
  readonly scheduleGroup: string;
  /** Every rule of the bus with an ECS target and every schedule of the group with an ECS target. */
  readonly all: boolean;
  readonly region: string;
  readonly namespace: string;
}

/** The outcome: the items to write, and why others were not imported. */
export interface TriggerImportResult {
  readonly imported: Imported[];
  /** One line per rule or schedule asked for by name (or with an ECS target) that was not imported. */
  readonly refused: string[];
}

function item(result: Extract<ImportedTrigger, { kind: 'imported' }>, source: string): Imported {
  const name = `ecstasktrigger-${result.manifest.metadata.name}`;
  return {
    name,
    documents: [{ manifest: result.manifest, source, notes: result.notes }],
    objects: [{ kind: 'EcsTaskTrigger', obj: result.manifest, source: `${name}.yaml` }],
  };
}

/** Reads and imports the rules and schedules asked for. */
export async function importTriggers(
  apis: TriggerApis,
  request: TriggerImportRequest,
): Promise<TriggerImportResult> {
  const imported: Imported[] = [];
  const refused: string[] = [];
  const { region, namespace, eventBusName, scheduleGroup } = request;
  let rules = [...request.rules];
  let schedules = [...request.schedules];
  if (request.all) {
    const listed = await apis.events.listRules(eventBusName);
    rules = [...new Set([...rules, ...listed.flatMap((r) => (r.Name === undefined ? [] : [r.Name]))])];
    const found = await apis.scheduler.listSchedules(scheduleGroup);
    schedules = [...new Set([...schedules, ...found.flatMap((s) => (s.Name === undefined ? [] : [s.Name]))])];
  }
  for (const name of rules) {
    const rule = await apis.events.describeRule(name, eventBusName);
    if (rule === undefined) {
      refused.push(`rule ${name}: no such rule on bus ${eventBusName}`);
      continue;
    }
    const tags = rule.Arn === undefined ? [] : await apis.events.listTags(rule.Arn);
    const targets = await apis.events.listTargetsByRule(name, eventBusName);
    // With --all-triggers, rules that start no ECS task are simply not what is asked for.
    if (request.all && !request.rules.includes(name) && !targets.some((t) => t.EcsParameters !== undefined))
      continue;
    const result = importRuleTrigger({ rule, tags, targets, region, namespace });
    if (result.kind === 'refused') refused.push(result.reason);
    else imported.push(item(result, rule.Arn ?? name));
  }
  for (const name of schedules) {
    const schedule = await apis.scheduler.getSchedule(name, scheduleGroup);
    if (schedule === undefined) {
      refused.push(`schedule ${scheduleGroup}/${name}: no such schedule`);
      continue;
    }
    const isEcs =
      schedule.Target?.EcsParameters !== undefined || schedule.Target?.Arn?.endsWith(':ecs:runTask') === true;
    if (request.all && !request.schedules.includes(name) && !isEcs) continue;
    const result = importScheduleTrigger({ schedule, region, namespace });
    if (result.kind === 'refused') refused.push(result.reason);
    else imported.push(item(result, schedule.Arn ?? name));
  }
  return { imported, refused };
}

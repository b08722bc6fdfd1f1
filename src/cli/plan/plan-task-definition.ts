/**
 * The plan of one EcsTaskDefinition, pure: the task definition kind's own desired → plan functions,
 * applied to what AWS has, and turned into plan entries people can read. A registration shows the
 * field diff between the object's newest revision and the new one (both in canonical form, so AWS's
 * defaults never show as changes); a hash match shows nothing to do.
 */
import type { Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import type { FieldChange } from '../field-diff.js';
import type { TaskDefinitionManifest } from '../manifests.js';
import { entryIdentity, operation, type PlanEntry, type PlanOperation } from './plan-model.js';
import type { TaskDefinitionAction } from '../../resources/task-definition/actions.js';
import { canonicalFromAws } from '../../resources/task-definition/canonical.js';
import { contentChanges, revisionDocument } from '../../resources/task-definition/content-diff.js';
import {
  desiredTaskDefinition,
  type DesiredTaskDefinition,
} from '../../resources/task-definition/desired.js';
import { specHash } from '../../resources/task-definition/hash.js';
import type { ObservedTaskDefinition } from '../../resources/task-definition/observe.js';
import { resolveCurrentRevision } from '../../resources/task-definition/current-revision.js';
import { planTaskDefinition } from '../../resources/task-definition/plan.js';
import type { ObservedRevision } from '../../resources/task-definition/revision.js';
import { describeProblems, validateFamily, validateSpec } from '../../resources/task-definition/validate.js';
import { taskDefinitionNameOfArn } from '../../shared/arn.js';

/** What AWS has for one object's family, as the plan's observation read it. */
export interface TaskDefinitionObservation {
  /** The task definition kind's own observation (owned revisions by owner and instance tag). */
  readonly observed: ObservedTaskDefinition;
  /** DescribeTaskDefinition answers by ARN, for the ACTIVE revisions of the family that were read. */
  readonly contents: ReadonlyMap<string, TaskDefinition>;
}

/** What {@link planTaskDefinitionEntry} needs. */
export interface PlanTaskDefinitionInput {
  readonly manifest: TaskDefinitionManifest;
  readonly instanceId: string;
  readonly region: string;
  readonly observation: TaskDefinitionObservation;
}

/** The placeholder for a revision number ECS has not assigned yet. */
export const NEXT_REVISION = '<next>';

/** `<family>:<next>`: the revision a registration would create. */
export function nextRevision(family: string): string {
  return `${family}:${NEXT_REVISION}`;
}

function revisionName(r: Pick<ObservedRevision, 'family' | 'revision'>): string {
  return `${r.family}:${r.revision}`;
}

function tagChanges(tags: readonly Tag[], current: ObservedRevision): FieldChange[] {
  const have = new Map(current.userTags.map((t) => [t.key ?? '', t.value ?? '']));
  return tags.map((t) => ({
    path: `tags.${t.key ?? ''}`,
    ...(have.has(t.key ?? '') ? { before: have.get(t.key ?? '') } : {}),
    after: t.value ?? '',
  }));
}

function operationOf(
  action: TaskDefinitionAction,
  desired: DesiredTaskDefinition,
  baseline: { readonly revision: ObservedRevision; readonly content: TaskDefinition | undefined } | undefined,
  owned: readonly ObservedRevision[],
): PlanOperation {
  switch (action.type) {
    case 'register': {
      const before = baseline?.content === undefined ? {} : revisionDocument(baseline.content);
      return operation(
        '+',
        'RegisterTaskDefinition',
        `register ${nextRevision(desired.family)}`,
        contentChanges(before, desired),
      );
    }
    case 'tag': {
      const current = owned.find((r) => r.arn === action.arn);
      return operation(
        '~',
        'TagResource',
        `tag ${taskDefinitionNameOfArn(action.arn)}`,
        current === undefined ? [] : tagChanges(action.tags, current),
      );
    }
    case 'untag':
      return operation(
        '-',
        'UntagResource',
        `untag ${taskDefinitionNameOfArn(action.arn)}`,
        action.tagKeys.map((k) => ({ path: `tags.${k}`, before: '(set)' })),
      );
    case 'deregister':
      return operation(
        '-',
        'DeregisterTaskDefinition',
        `deregister ${taskDefinitionNameOfArn(action.arn)} (beyond revisionHistoryLimit ${desired.revisionHistoryLimit})`,
      );
    case 'delete':
      return operation(
        '-',
        'DeleteTaskDefinitions',
        `delete ${action.arns.map(taskDefinitionNameOfArn).join(', ')}`,
      );
  }
}

/** Plans one EcsTaskDefinition against what AWS has. Pure. */
export function planTaskDefinitionEntry(input: PlanTaskDefinitionInput): PlanEntry {
  const { manifest, instanceId, region, observation } = input;
  const obj = manifest.obj;
  const base = entryIdentity('EcsTaskDefinition', manifest, region);
  const family = obj.spec.family ?? obj.metadata.name;
  const problems = [...validateFamily(obj), ...validateSpec(obj.spec)];
  if (problems.length > 0) {
    return {
      ...base,
      target: `family ${family}`,
      verdict: 'invalid',
      summary: describeProblems(problems),
      operations: [],
      notes: [],
    };
  }
  const desired = desiredTaskDefinition(obj, instanceId);
  const plan = planTaskDefinition(desired, observation.observed);
  const active = observation.observed.owned.filter((r) => r.status === 'ACTIVE');
  const newest = active.at(-1);
  const baseline =
    newest === undefined ? undefined : { revision: newest, content: observation.contents.get(newest.arn) };
  const operations = plan.actions.map((a) => operationOf(a, desired, baseline, observation.observed.owned));
  const registers = plan.actions.some((a) => a.type === 'register');
  const notes: string[] = [];

  if (registers) {
    const ownedArns = new Set(observation.observed.owned.map((r) => r.arn));
    const twin = [...observation.contents.entries()].find(
      ([arn, td]) => !ownedArns.has(arn) && specHash(canonicalFromAws(td)) === desired.specHash,
    );
    if (twin !== undefined) {
      notes.push(
        desired.adopt
          ? `${taskDefinitionNameOfArn(twin[0])} already has this exact content but belongs to another ecs-bridge object or installation, so it is not adopted`
          : `${taskDefinitionNameOfArn(twin[0])} already has this exact content but no ecs-bridge owner tag for ${desired.owner} (instance ${instanceId}); set spec.adopt: true to adopt it instead of registering a copy`,
      );
    }
    if (baseline !== undefined && baseline.content === undefined) {
      notes.push(`the content of ${revisionName(baseline.revision)} was not read, so no field diff is shown`);
    }
  }
  const resolvedRevision = plan.current?.arn ?? nextRevision(family);
  const adopted =
    resolveCurrentRevision(observation.observed, desired.specHash, desired.adopt, desired.adoptRevision)
      ?.adopted === true;
  const verdict = registers
    ? baseline === undefined
      ? 'create'
      : 'register'
    : operations.length > 0
      ? 'update'
      : adopted
        ? 'adopt'
        : 'nothing';
  const summary = ((): string => {
    switch (verdict) {
      case 'create':
        return `register ${nextRevision(family)}, the first revision of this object`;
      case 'register':
        return `register ${nextRevision(family)} (the spec differs from ${revisionName(baseline?.revision ?? { family, revision: 0 })})`;
      case 'update':
        return `${plan.current === undefined ? family : revisionName(plan.current)} matches the spec; ${operations.length} other change(s)`;
      case 'nothing':
        return `${plan.current === undefined ? family : revisionName(plan.current)} matches the spec (${desired.specHash.slice(0, 15)}…)`;
      case 'adopt':
        return `adopt ${plan.current === undefined ? family : revisionName(plan.current)} as it is: registered outside ecs-bridge with exactly this content; nothing is registered or tagged`;
    }
  })();
  return {
    ...base,
    target: `family ${family}`,
    verdict,
    summary,
    operations,
    notes,
    resolvedRevision,
  };
}

/**
 * What `ecs-bridge plan` reports: per object a verdict, the AWS writes the operator would make
 * (each with its field changes), and notes. The JSON output is this model as it is; the text output
 * renders it (render-plan.ts). The exit code follows the verdicts: 0 when nothing would change, 2
 * when something would, 1 when an object cannot be planned or would not converge.
 */
import type { FieldChange } from '../field-diff.js';

/** What the operator would do with one object. */
export type PlanVerdict =
  /** A new ECS cluster or service, or the first revision of a task definition family for this object. */
  | 'create'
  /** A new task definition revision (the spec changed). */
  | 'register'
  /** Writes to an existing resource: UpdateService, tags, autoscaling, revision garbage collection. */
  | 'update'
  /**
   * An existing resource made outside ecs-bridge taken over as it is (`spec.adopt`): an untagged
   * service whose managed fields already match, or a revision with the spec's content. No write.
   */
  | 'adopt'
  /** The service is DRAINING after a delete outside ecs-bridge; it is created again once INACTIVE. */
  | 'wait'
  /** AWS matches the manifest. */
  | 'nothing'
  /** A field differs that ECS cannot change in place; the operator refuses (ADR 0004). */
  | 'refuse'
  /** The resource belongs to another object or operator, or is unowned without `spec.adopt`. */
  | 'conflict'
  /** The spec breaks a rule the operator checks before any AWS call. */
  | 'invalid'
  /** The object could not be planned (an AWS error, a missing reference). */
  | 'error';

/** One AWS write the operator would make. */
export interface PlanOperation {
  /** The AWS action, e.g. `UpdateService`, `RegisterTaskDefinition`, `PutScalingPolicy`. */
  readonly call: string;
  /** `+` creates, `~` changes, `-` removes. */
  readonly symbol: '+' | '~' | '-';
  /** What it does, in a few words: `register api:<next>`, `policy ecs-bridge-cpu`. */
  readonly title: string;
  /** The fields it changes, old → new. */
  readonly changes: readonly FieldChange[];
}

/**
 * One operation: `call` creates (`+`), changes (`~`) or removes (`-`) what `title` names, with the
 * fields it changes (none where the call and its title say it all, e.g. a delete).
 */
export function operation(
  symbol: PlanOperation['symbol'],
  call: string,
  title: string,
  changes: readonly FieldChange[] = [],
): PlanOperation {
  return { call, symbol, title, changes };
}

/** The plan for one object. */
export interface PlanEntry {
  readonly kind: 'EcsTaskDefinition' | 'EcsService' | 'EcsCluster' | 'EcsTaskTrigger' | 'EcsTaskRun';
  readonly namespace: string;
  readonly name: string;
  /** The manifest it came from: `path#<document>`. */
  readonly source: string;
  readonly region: string;
  /** The AWS resource, in words: `family api`, `ECS service web in cluster demo`. */
  readonly target: string;
  readonly verdict: PlanVerdict;
  /** One line: what happens, or for refuse/conflict/invalid/error what is wrong and the fix. */
  readonly summary: string;
  readonly operations: readonly PlanOperation[];
  /** Reasons and caveats worth reading. */
  readonly notes: readonly string[];
  /**
   * For an EcsTaskDefinition: the revision a service referencing it would run, an ARN, or
   * `<family>:<next>` when a registration comes first.
   */
  readonly resolvedRevision?: string;
}

/** What names a plan entry: its kind, object, manifest and Region. */
export type PlanEntryIdentity = Pick<PlanEntry, 'kind' | 'namespace' | 'name' | 'source' | 'region'>;

/** The identity of the entry planning `manifest`'s object (namespace `default` when the manifest names none). */
export function entryIdentity<K extends PlanEntry['kind']>(
  kind: K,
  manifest: {
    readonly obj: { readonly metadata: { readonly name: string; readonly namespace?: string | undefined } };
    readonly source: string;
  },
  region: string,
): PlanEntryIdentity & { readonly kind: K } {
  const { metadata } = manifest.obj;
  return {
    kind,
    namespace: metadata.namespace ?? 'default',
    name: metadata.name,
    source: manifest.source,
    region,
  };
}

/** How a verdict counts for the exit code. */
export type VerdictEffect = 'none' | 'change' | 'error';

/** The effect of a verdict: adoption writes nothing (ADR 0007), so it counts as none. */
export function verdictEffect(verdict: PlanVerdict): VerdictEffect {
  switch (verdict) {
    case 'nothing':
    case 'adopt':
      return 'none';
    case 'create':
    case 'register':
    case 'update':
    case 'wait':
      return 'change';
    case 'refuse':
    case 'conflict':
    case 'invalid':
    case 'error':
      return 'error';
  }
}

/** Counts per verdict, for the summary line and the JSON output. */
export type PlanCounts = Readonly<Record<PlanVerdict, number>>;

/** Counts the entries per verdict. */
export function countVerdicts(entries: readonly PlanEntry[]): PlanCounts {
  const counts: Record<PlanVerdict, number> = {
    create: 0,
    register: 0,
    update: 0,
    adopt: 0,
    wait: 0,
    nothing: 0,
    refuse: 0,
    conflict: 0,
    invalid: 0,
    error: 0,
  };
  for (const e of entries) counts[e.verdict]++;
  return counts;
}

/** 1 when any object is in error, else 2 when any would change, else 0. */
export function planExitCode(entries: readonly PlanEntry[]): 0 | 1 | 2 {
  const effects = entries.map((e) => verdictEffect(e.verdict));
  if (effects.includes('error')) return 1;
  if (effects.includes('change')) return 2;
  return 0;
}

/** The JSON document `plan --output json` prints. */
export interface PlanReport {
  /** The format of this document; a breaking change gets a new one. */
  readonly format: 'ecs-bridge.dev/plan/v1';
  /** True when applying the manifests would write to AWS. */
  readonly changes: boolean;
  /** True when an object could not be planned or would not converge. */
  readonly errors: boolean;
  /** The process's exit code: 0, 1 or 2. */
  readonly exitCode: 0 | 1 | 2;
  readonly counts: PlanCounts;
  readonly objects: readonly PlanEntry[];
  /** Documents of other kinds, and kustomize folders (kind `kustomization`), that were skipped. */
  readonly skipped: readonly { readonly source: string; readonly kind: string }[];
}

/** Builds the report for a set of entries. */
export function planReport(
  entries: readonly PlanEntry[],
  skipped: readonly { readonly source: string; readonly kind: string }[] = [],
): PlanReport {
  const exitCode = planExitCode(entries);
  return {
    format: 'ecs-bridge.dev/plan/v1',
    changes: entries.some((e) => verdictEffect(e.verdict) === 'change'),
    errors: exitCode === 1,
    exitCode,
    counts: countVerdicts(entries),
    objects: entries,
    skipped,
  };
}

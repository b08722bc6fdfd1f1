/**
 * The rules of an EcsAccessPolicy, pure: what an object asks of the operator (its "asks": a Region,
 * a cluster, a role ARN, a family, a foreign task definition, an adoption) judged against the
 * policies that select its namespace. One policy must allow every ask of the object (policies are
 * not merged field by field: each is a grant a platform team reviewed as a whole). A refusal names
 * the field, its value and the rule that refused it, and says how to allow it.
 */
import { ALLOW, type WriteVerdict } from '../write-guard.js';
import { accountFor } from './account.js';
import { firstMatch } from './glob.js';
import { policiesSelecting } from './selection.js';
import type { EcsAccessPolicy } from './types.js';

/** The condition reason a refusal carries. */
export const ACCESS_DENIED = 'AccessDenied';
/** The guard name in logs. */
export const ACCESS_GUARD = 'access-policy';

/** Whether policies are enforced (`--access-policies`). */
export type AccessPolicyMode = 'required' | 'off';

/** What the guards judge from: the cached policies and namespace labels, as of now. */
export interface AccessSnapshot {
  readonly mode: AccessPolicyMode;
  readonly policies: readonly EcsAccessPolicy[];
  /** A namespace's labels, or undefined when not known. */
  readonly namespaceLabels: (namespace: string) => Readonly<Record<string, string>> | undefined;
}

/** One thing an object asks the operator to do in AWS on its behalf. */
export type AccessAsk =
  | {
      readonly rule:
        | 'regions'
        | 'clusters'
        | 'taskRoleArns'
        | 'executionRoleArns'
        | 'triggerRoleArns'
        | 'infrastructureRoleArns'
        | 'foreignTaskDefinitions';
      /** The spec field, as the user wrote it (`spec.taskRoleArn`). */
      readonly field: string;
      readonly value: string;
    }
  | {
      readonly rule: 'taskDefinitionFamilies';
      readonly field: string;
      readonly value: string;
      /**
       * Namespaces (other than the object's) whose objects own ACTIVE revisions of the family, and
       * `outside ecs-bridge` for revisions without an owner tag: what makes a family not the
       * namespace's own.
       */
      readonly otherOwners: readonly string[];
    }
  | {
      readonly rule: 'adoption';
      readonly field: string;
      readonly value: string;
      /** The cluster the adoption happens on; undefined for task definitions. */
      readonly cluster: string | undefined;
    };

/** The name of a cluster given by name or ARN (`arn:aws:ecs:r:a:cluster/NAME`). */
export function clusterNameOf(cluster: string): string {
  const slash = cluster.startsWith('arn:') ? cluster.indexOf('/') : -1;
  return slash < 0 ? cluster : cluster.slice(slash + 1);
}

function list(patterns: readonly string[] | undefined): string {
  return patterns === undefined ? 'none' : `[${patterns.join(', ')}]`;
}

/** Why `policy` refuses `ask`, or undefined when it allows it. */
export function refusalOf(policy: EcsAccessPolicy, ask: AccessAsk): string | undefined {
  const spec = policy.spec;
  const name = `EcsAccessPolicy ${policy.metadata.name}`;
  switch (ask.rule) {
    case 'regions':
    case 'clusters': {
      // Absent: any Region or cluster (the IAM policy and other rules still bound what happens there).
      const patterns = spec[ask.rule];
      if (patterns === undefined) return undefined;
      const value = ask.rule === 'clusters' ? clusterNameOf(ask.value) : ask.value;
      return firstMatch(patterns, value) !== undefined
        ? undefined
        : `${name} allows spec.${ask.rule} ${list(patterns)}`;
    }
    case 'taskRoleArns':
    case 'executionRoleArns':
    case 'triggerRoleArns':
    case 'infrastructureRoleArns':
    case 'foreignTaskDefinitions': {
      // Absent: none. These are what make the operator's IAM rights someone else's.
      const patterns = spec[ask.rule];
      return patterns !== undefined && firstMatch(patterns, ask.value) !== undefined
        ? undefined
        : `${name} allows spec.${ask.rule} ${list(patterns)}`;
    }
    case 'taskDefinitionFamilies': {
      const patterns = spec.taskDefinitionFamilies;
      if (patterns !== undefined) {
        return firstMatch(patterns, ask.value) !== undefined
          ? undefined
          : `${name} allows spec.taskDefinitionFamilies ${list(patterns)}`;
      }
      return ask.otherOwners.length === 0
        ? undefined
        : `${name} allows only the namespace's own families (spec.taskDefinitionFamilies unset), and the family holds ACTIVE revisions of ${ask.otherOwners.join(', ')}`;
    }
    case 'adoption': {
      const rule = spec.adoption;
      if (rule?.allowed !== true)
        return `${name} does not allow adoption (spec.adoption.allowed is not true)`;
      if (ask.cluster === undefined || rule.clusters === undefined) return undefined;
      return firstMatch(rule.clusters, clusterNameOf(ask.cluster)) !== undefined
        ? undefined
        : `${name} allows adoption only on spec.adoption.clusters ${list(rule.clusters)}, not on cluster ${clusterNameOf(ask.cluster)}`;
    }
  }
}

/**
 * The verdict on an object of `kind` in `namespace` asking `asks`: allowed when policies are off,
 * or when one policy selecting the namespace allows every ask. With no policy selecting the
 * namespace, everything is refused (secure by default, ADR 0021).
 */
export function judgeAccess(
  snapshot: AccessSnapshot,
  kind: string,
  namespace: string,
  asks: readonly AccessAsk[],
): WriteVerdict {
  if (snapshot.mode === 'off') return ALLOW;
  const selecting = policiesSelecting(snapshot.policies, namespace, snapshot.namespaceLabels(namespace));
  if (selecting.length === 0) {
    return refuse(
      `no EcsAccessPolicy selects namespace ${namespace}, so the operator makes no AWS write for its ${kind} objects; ask the platform team for an EcsAccessPolicy whose spec.namespaces selects ${namespace} (docs/security.md), or, on a single-tenant install, run the operator with --access-policies=off`,
    );
  }
  // Which account a write would land in must be certain before any write (ADR 0030).
  const account = accountFor(snapshot, namespace);
  if (account.kind === 'ambiguous') return refuse(account.message);
  let first: { ask: AccessAsk; why: string } | undefined;
  for (const policy of selecting) {
    let refused: { ask: AccessAsk; why: string } | undefined;
    for (const ask of asks) {
      const why = refusalOf(policy, ask);
      if (why !== undefined) {
        refused = { ask, why };
        break;
      }
    }
    if (refused === undefined) return ALLOW;
    first ??= refused;
  }
  if (first === undefined) return ALLOW;
  const others =
    selecting.length > 1 ? ` (nor does any of the ${selecting.length} policies selecting the namespace)` : '';
  return refuse(
    `${first.ask.field} ${JSON.stringify(first.ask.value)} is not allowed in namespace ${namespace}: ${first.why}${others}; change ${first.ask.field}, or have the platform team allow it in a policy selecting ${namespace}`,
  );
}

function refuse(message: string): WriteVerdict {
  return { kind: 'refuse', guard: ACCESS_GUARD, reason: ACCESS_DENIED, message };
}

/**
 * Which AWS identity the objects of a namespace act as (ADR 0030), pure: the role the policies
 * selecting the namespace name (`spec.roleArn`), else the operator's own. Policies selecting one
 * namespace must agree on it: two policies naming different roles (or one a role and one none)
 * leave the account ambiguous, and the access guard refuses every write until they agree.
 */
import type { RoleToAssume } from '../../aws/assumed-role-credentials.js';
import type { AccessSnapshot } from './rules.js';
import { policiesSelecting } from './selection.js';
import type { EcsAccessPolicy } from './types.js';
import { compareStrings } from '../../shared/compare-strings.js';

/** The identity a namespace's objects act as. */
export type AccountChoice =
  | { readonly kind: 'own' }
  | { readonly kind: 'role'; readonly role: RoleToAssume }
  | { readonly kind: 'ambiguous'; readonly message: string };

/** The role `policy` names, or undefined for the operator's own identity. */
export function roleOfPolicy(policy: EcsAccessPolicy): RoleToAssume | undefined {
  const spec = policy.spec;
  if (spec.roleArn === undefined) return undefined;
  return {
    roleArn: spec.roleArn,
    policy: policy.metadata.name,
    ...(spec.externalId === undefined ? {} : { externalId: spec.externalId }),
    ...(spec.sessionDurationSeconds === undefined ? {} : { durationSeconds: spec.sessionDurationSeconds }),
  };
}

function describe(policy: EcsAccessPolicy): string {
  return `${policy.metadata.name} (${policy.spec.roleArn ?? "the operator's own identity"})`;
}

/**
 * The identity for `namespace`: the operator's own when policies are off or none selects it (the
 * guard then refuses writes anyway), the agreed role otherwise. Policies naming the same role with
 * the same external id agree; the first of them (by name) gives the session its name.
 */
export function accountFor(snapshot: AccessSnapshot, namespace: string): AccountChoice {
  if (snapshot.mode === 'off') return { kind: 'own' };
  const selecting = [
    ...policiesSelecting(snapshot.policies, namespace, snapshot.namespaceLabels(namespace)),
  ].sort((a, b) => compareStrings(a.metadata.name, b.metadata.name));
  const first = selecting[0];
  if (first === undefined) return { kind: 'own' };
  const identity = (p: EcsAccessPolicy): string =>
    JSON.stringify([p.spec.roleArn ?? '', p.spec.externalId ?? '']);
  const other = selecting.find((p) => identity(p) !== identity(first));
  if (other !== undefined) {
    return {
      kind: 'ambiguous',
      message: `the EcsAccessPolicies selecting namespace ${namespace} name different AWS identities: ${describe(first)} and ${describe(other)}; have the platform team make spec.roleArn and spec.externalId agree, or select the namespace with one of them only`,
    };
  }
  const role = roleOfPolicy(first);
  return role === undefined ? { kind: 'own' } : { kind: 'role', role };
}

/**
 * The AWS account `namespace`'s objects act in, when it is known without asking STS: the account of
 * the role its policies name. Undefined for the operator's own identity (its account is not known
 * here) and for an ambiguous choice, so callers treat "unknown" as "maybe the same account".
 */
export function knownAccountOf(snapshot: AccessSnapshot, namespace: string): string | undefined {
  const choice = accountFor(snapshot, namespace);
  if (choice.kind !== 'role') return undefined;
  return /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(choice.role.roleArn)?.[1];
}

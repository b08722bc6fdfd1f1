/**
 * Which AWS identity `plan` and `import` read as (ADR 0030): the role the EcsAccessPolicies
 * selecting the namespace name, resolved exactly as the operator resolves it (`accountFor`), so a
 * plan for a namespace in account B reads account B. `--role-arn` names the role outright (no
 * cluster needed); otherwise the policies and the namespace's labels are read from the cluster of
 * the kubeconfig, when there is one. No cluster to read: the user's own identity, with a note,
 * since `plan` promises to work without a cluster.
 */
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import type { RoleToAssume } from '../aws/assumed-role-credentials.js';
import { accountFor } from '../resources/access-policy/account.js';
import { ACCESS_POLICY_PLURAL, type EcsAccessPolicy } from '../resources/access-policy/types.js';
import { API_GROUP, API_VERSION } from '../resources/api-group.js';
import { CliError } from './cli-errors.js';
import { valueFlag, type FlagDef } from './args.js';
import { ENDPOINT_FLAG, INSTANCE_ID_FLAG, KUBE_FLAGS, REGION_FLAG } from './cli-settings.js';

/** `--role-arn`. */
export const ROLE_ARN_FLAG: FlagDef = valueFlag(
  'role-arn',
  'arn',
  'IAM role to read AWS as (else the role of the EcsAccessPolicy selecting the namespace, read from the cluster, else your own identity).',
);
/** `--external-id`. */
export const EXTERNAL_ID_FLAG: FlagDef = valueFlag(
  'external-id',
  'id',
  "External id the role's trust policy requires (with --role-arn).",
);

/**
 * The flags of a command that reads AWS in a namespace's account and the cluster: where, as whom,
 * which installation, and how to print; in the order `--help` lists them.
 */
export const AWS_READ_FLAGS: readonly FlagDef[] = [
  REGION_FLAG,
  INSTANCE_ID_FLAG,
  ENDPOINT_FLAG,
  ROLE_ARN_FLAG,
  EXTERNAL_ID_FLAG,
  ...KUBE_FLAGS,
];

/** The identity a command reads each namespace's objects as, and how it was chosen (said on stderr). */
export interface ReadIdentity {
  /** The role for objects of `namespace`; undefined: the own identity. */
  readonly roleFor: (namespace: string | undefined) => RoleToAssume | undefined;
  readonly notes: readonly string[];
}

/** What the cluster says: every policy, and the labels of each namespace asked about. */
export interface PolicyView {
  readonly policies: readonly EcsAccessPolicy[];
  readonly labels: ReadonlyMap<string, Readonly<Record<string, string>> | undefined>;
}

/**
 * The identity for objects of each of `namespaces`, pure: the role the policies selecting it agree
 * on, or the own identity when none names one. Policies that disagree are a {@link CliError}, as
 * the operator refuses every write of such a namespace.
 */
export function identityFor(view: PolicyView, namespaces: readonly string[]): ReadIdentity {
  const snapshot = {
    mode: 'required' as const,
    policies: view.policies,
    namespaceLabels: (ns: string) => view.labels.get(ns),
  };
  const roles = new Map<string, RoleToAssume>();
  const notes: string[] = [];
  const own: string[] = [];
  for (const ns of [...new Set(namespaces)].sort()) {
    const choice = accountFor(snapshot, ns);
    if (choice.kind === 'ambiguous') throw new CliError(choice.message);
    if (choice.kind === 'own') {
      own.push(ns);
      continue;
    }
    roles.set(ns, choice.role);
    notes.push(
      `reading namespace ${ns} as ${choice.role.roleArn} (EcsAccessPolicy ${choice.role.policy ?? ''})`,
    );
  }
  if (own.length > 0) {
    notes.push(
      `reading namespace ${own.join(', ')} as your own AWS identity (no EcsAccessPolicy names a role)`,
    );
  }
  return { roleFor: (ns) => (ns === undefined ? undefined : roles.get(ns)), notes };
}

/** How long reading the policies may take before the command gives up on the cluster. */
export const POLICY_READ_TIMEOUT_MS = 10_000;

/** Reads every EcsAccessPolicy and the labels of `namespaces` (undefined labels: not readable). */
export async function readPolicyView(kc: KubeConfig, namespaces: readonly string[]): Promise<PolicyView> {
  const custom = kc.makeApiClient(CustomObjectsApi);
  const core = kc.makeApiClient(CoreV1Api);
  const read = async (): Promise<PolicyView> => {
    const list = (await custom.listClusterCustomObject({
      group: API_GROUP,
      version: API_VERSION,
      plural: ACCESS_POLICY_PLURAL,
    })) as { items?: EcsAccessPolicy[] };
    const labels = new Map<string, Readonly<Record<string, string>> | undefined>();
    for (const ns of new Set(namespaces)) {
      // A namespace not readable (or not there yet) is selected by names only, as in the operator.
      const got = await core.readNamespace({ name: ns }).catch(() => undefined);
      labels.set(ns, got === undefined ? undefined : (got.metadata?.labels ?? {}));
    }
    return { policies: list.items ?? [], labels };
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${POLICY_READ_TIMEOUT_MS / 1000} s`)),
      POLICY_READ_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([read(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The identity for `namespaces`: `--role-arn` when given; else the policies of the cluster `kc()`
 * reaches; else (no kubeconfig, no answer, no right to list policies) the own identity, with a
 * note naming why.
 */
export async function resolveReadIdentity(options: {
  readonly roleArn: string | undefined;
  readonly externalId: string | undefined;
  readonly namespaces: readonly string[];
  readonly kubeConfig: () => KubeConfig;
}): Promise<ReadIdentity> {
  if (options.roleArn !== undefined) {
    const role: RoleToAssume = {
      roleArn: options.roleArn,
      ...(options.externalId === undefined ? {} : { externalId: options.externalId }),
    };
    return { roleFor: () => role, notes: [`reading AWS as ${options.roleArn} (--role-arn)`] };
  }
  if (options.externalId !== undefined) {
    throw new CliError('--external-id applies to a role', 'pass --role-arn with it');
  }
  let view: PolicyView;
  try {
    view = await readPolicyView(options.kubeConfig(), options.namespaces);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return {
      roleFor: () => undefined,
      notes: [
        `could not read the EcsAccessPolicies (${why.split('\n')[0] ?? why}): reading AWS as your own identity; pass --role-arn to read as a namespace's role`,
      ],
    };
  }
  return identityFor(view, options.namespaces);
}

/**
 * The sandbox's table of our objects: one row per object, what converging looks like, with the AWS
 * account each object acts in (read from the ARNs its status reports) and, for each EcsAccessPolicy,
 * the account its role was assumed into (examples/tenancy: two teams, two accounts).
 */
import type { CustomObjectsApi } from '@kubernetes/client-node';
import { API_GROUP, API_VERSION } from '../../src/resources/api-group.js';

/** One object as the table shows it. */
export interface SandboxRow {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** `desired/running` for services, `rev N` for task definitions, the ECS status for clusters. */
  readonly progress: string;
  readonly rollout: string;
  /** The account of the ARNs in its status; a policy's: its role's (`RoleAssumed`) or `own`. */
  readonly account: string;
  readonly ready: string;
  readonly reason: string;
  readonly message: string;
}

/** One listed object, as far as the table reads it. */
export interface ListedItem {
  kind: string;
  metadata: { name: string; namespace?: string; generation?: number };
  spec?: { roleArn?: string };
  status?: {
    observedGeneration?: number;
    revision?: number;
    desiredCount?: number;
    runningCount?: number;
    rolloutState?: string;
    /** An EcsCluster's: the ECS cluster name and status (ACTIVE, PROVISIONING, ...). */
    clusterName?: string;
    status?: string;
    /** An EcsAccessPolicy's: the account of its role once assumed, the namespaces it selects. */
    account?: string;
    namespaces?: string;
    conditions?: { type: string; status: string; reason: string; message: string }[];
    [field: string]: unknown;
  };
}

interface Listed {
  items: ListedItem[];
}

const ARN_ACCOUNT = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):/;

/** The account of the first ARN among the status's fields (cluster, service, task definition). */
function accountOfStatus(status: ListedItem['status']): string {
  for (const value of Object.values(status ?? {})) {
    const match = typeof value === 'string' ? ARN_ACCOUNT.exec(value) : null;
    if (match !== null) return match[1] ?? '';
  }
  return '';
}

/**
 * One row, pure. A policy with a role is Ready once enforced and its role assumed (`RoleAssumed`
 * True): until then it shows that condition, so a role STS refuses is what the table says.
 */
export function rowOf(item: ListedItem): SandboxRow {
  const s = item.status;
  const ready = s?.conditions?.find((c) => c.type === 'Ready');
  const current = s?.observedGeneration === item.metadata.generation;
  if (item.kind === 'EcsAccessPolicy') {
    const withRole = item.spec?.roleArn !== undefined;
    const assumed = s?.conditions?.find((c) => c.type === 'RoleAssumed');
    const shown = withRole && ready?.status === 'True' ? assumed : ready;
    return {
      kind: item.kind,
      namespace: '',
      name: item.metadata.name,
      progress: s?.namespaces === undefined || s.namespaces === '' ? '-' : s.namespaces,
      rollout: '',
      account: withRole ? (s?.account ?? '-') : 'own',
      ready: current ? (shown?.status ?? 'Unknown') : 'Unknown',
      reason: shown?.reason ?? '',
      message: shown?.message ?? '',
    };
  }
  return {
    kind: item.kind,
    namespace: item.metadata.namespace ?? '',
    name: item.metadata.name,
    progress:
      item.kind === 'EcsService'
        ? `${s?.desiredCount ?? '-'}/${s?.runningCount ?? '-'}`
        : item.kind === 'EcsCluster'
          ? `${s?.clusterName ?? '-'} ${s?.status ?? ''}`.trimEnd()
          : s?.revision === undefined
            ? '-'
            : `rev ${s.revision}`,
    rollout: s?.rolloutState ?? '',
    account: accountOfStatus(s),
    ready: current ? (ready?.status ?? 'Unknown') : 'Unknown',
    reason: ready?.reason ?? '',
    message: ready?.message ?? '',
  };
}

/** Lists our kinds across namespaces, and the (cluster-scoped) access policies. */
export async function readRows(custom: CustomObjectsApi): Promise<SandboxRow[]> {
  const rows: SandboxRow[] = [];
  for (const plural of [
    'ecsclusters',
    'ecstaskdefinitions',
    'ecsservices',
    'ecstaskruns',
    'ecstasktriggers',
    'ecsaccesspolicies',
  ]) {
    const list = (await custom.listClusterCustomObject({
      group: API_GROUP,
      version: API_VERSION,
      plural,
    })) as Listed;
    rows.push(...list.items.map(rowOf));
  }
  return rows.sort((a, b) =>
    `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`),
  );
}

/** Renders rows as aligned columns; colours Ready only on a terminal. */
export function renderTable(rows: readonly SandboxRow[], options: { color: boolean }): string {
  const header = ['KIND', 'NAMESPACE/NAME', 'DESIRED/RUNNING', 'ROLLOUT', 'ACCOUNT', 'READY', 'REASON'];
  const cells = rows.map((r) => [
    r.kind,
    r.namespace === '' ? r.name : `${r.namespace}/${r.name}`,
    r.progress,
    r.rollout,
    r.account,
    r.ready,
    r.reason,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const paint = (text: string, ready: string): string => {
    if (!options.color) return text;
    const code = ready === 'True' ? 32 : ready === 'False' ? 31 : 33;
    return `\x1b[${code}m${text}\x1b[0m`;
  };
  const line = (c: readonly string[], ready?: string): string =>
    c
      .map((v, i) => {
        const padded = v.padEnd(widths[i] ?? 0);
        return i === 5 && ready !== undefined ? paint(padded, ready) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map((c, i) => line(c, rows[i]?.ready))].join('\n').concat('\n');
}

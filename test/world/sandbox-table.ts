/** The sandbox's table of our objects: one row per object, what converging looks like. */
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
  readonly ready: string;
  readonly reason: string;
  readonly message: string;
}

interface Listed {
  items: {
    kind: string;
    metadata: { name: string; namespace: string; generation?: number };
    status?: {
      observedGeneration?: number;
      revision?: number;
      desiredCount?: number;
      runningCount?: number;
      rolloutState?: string;
      /** An EcsCluster's: the ECS cluster name and status (ACTIVE, PROVISIONING, ...). */
      clusterName?: string;
      status?: string;
      conditions?: { type: string; status: string; reason: string; message: string }[];
    };
  }[];
}

/** Lists our three kinds across namespaces. */
export async function readRows(custom: CustomObjectsApi): Promise<SandboxRow[]> {
  const rows: SandboxRow[] = [];
  for (const plural of [
    'ecsclusters',
    'ecstaskdefinitions',
    'ecsservices',
    'ecstaskruns',
    'ecstasktriggers',
  ]) {
    const list = (await custom.listClusterCustomObject({
      group: API_GROUP,
      version: API_VERSION,
      plural,
    })) as Listed;
    for (const item of list.items) {
      const s = item.status;
      const ready = s?.conditions?.find((c) => c.type === 'Ready');
      const current = s?.observedGeneration === item.metadata.generation;
      rows.push({
        kind: item.kind,
        namespace: item.metadata.namespace,
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
        ready: current ? (ready?.status ?? 'Unknown') : 'Unknown',
        reason: ready?.reason ?? '',
        message: ready?.message ?? '',
      });
    }
  }
  return rows.sort((a, b) =>
    `${a.kind}/${a.namespace}/${a.name}`.localeCompare(`${b.kind}/${b.namespace}/${b.name}`),
  );
}

/** Renders rows as aligned columns; colours Ready only on a terminal. */
export function renderTable(rows: readonly SandboxRow[], options: { color: boolean }): string {
  const header = ['KIND', 'NAMESPACE/NAME', 'DESIRED/RUNNING', 'ROLLOUT', 'READY', 'REASON'];
  const cells = rows.map((r) => [
    r.kind,
    `${r.namespace}/${r.name}`,
    r.progress,
    r.rollout,
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
        return i === 4 && ready !== undefined ? paint(padded, ready) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...cells.map((c, i) => line(c, rows[i]?.ready))].join('\n').concat('\n');
}

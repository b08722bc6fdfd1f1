/**
 * `kubectl get <kind> -o wide` answers "why is it not Ready?" for every kind: each CRD's printer
 * columns include the Ready condition's reason and message at priority 1 (wide only), as
 * docs/conditions.md promises.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Column {
  readonly name: string;
  readonly jsonPath: string;
  readonly priority?: number;
}
interface Crd {
  readonly spec: {
    readonly names: { readonly kind: string };
    readonly versions: readonly { additionalPrinterColumns?: Column[] }[];
  };
}

const crdDir = resolve(import.meta.dirname, '..', '..', 'crds');
const crds = readdirSync(crdDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => parse(readFileSync(join(crdDir, f), 'utf8')) as Crd);

describe('printer columns', () => {
  it('covers every kind', () => {
    expect(crds.map((c) => c.spec.names.kind).sort()).toEqual([
      'EcsAccessPolicy',
      'EcsCluster',
      'EcsService',
      'EcsTaskDefinition',
      'EcsTaskRun',
      'EcsTaskTrigger',
    ]);
  });

  it.each(
    crds.flatMap((c) =>
      c.spec.versions.map((v) => [c.spec.names.kind, v.additionalPrinterColumns ?? []] as const),
    ),
  )('%s shows Ready, and Reason and Message with -o wide', (_kind, columns) => {
    const byName = new Map(columns.map((c) => [c.name, c]));
    expect(byName.get('Ready')).toMatchObject({ jsonPath: '.status.conditions[?(@.type=="Ready")].status' });
    expect(byName.get('Ready')?.priority ?? 0).toBe(0);
    expect(byName.get('Reason')).toMatchObject({
      jsonPath: '.status.conditions[?(@.type=="Ready")].reason',
      priority: 1,
    });
    expect(byName.get('Message')).toMatchObject({
      jsonPath: '.status.conditions[?(@.type=="Ready")].message',
      priority: 1,
    });
  });
});

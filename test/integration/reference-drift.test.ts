/**
 * docs/reference.md is generated from crds/*.yaml by scripts/gen-reference.ts. This fails when the
 * file on disk differs from what the script makes of the CRDs now, and checks, by its own walk of
 * the schemas, that the reference leaves out no field, rule, short name or printer column and
 * that every table row keeps its columns. No test world needed.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  generateReference,
  loadCrds,
  REFERENCE_COMMAND,
  REFERENCE_PATH,
  renderReference,
  type Crd,
  type Schema,
} from '../../scripts/gen-reference.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const crds = loadCrds(join(root, 'crds'));
const doc = readFileSync(join(root, REFERENCE_PATH), 'utf8');

/** Every property path under `schema`, as `a.b[].c` and `a.<key>.d`, with its schema. */
function paths(schema: Schema, at: string): [string, Schema][] {
  const out: [string, Schema][] = [];
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    out.push([`${at}.${name}`, child], ...paths(child, `${at}.${name}`));
  }
  if (schema.items !== undefined) out.push(...paths(schema.items, `${at}[]`));
  if (typeof schema.additionalProperties === 'object')
    out.push(...paths(schema.additionalProperties, `${at}.<key>`));
  return out;
}

function rootSchema(crd: Crd): Schema {
  return crd.spec.versions[0]!.schema.openAPIV3Schema;
}

/** A kind's part of the document: from its heading to the next kind's. */
function sectionOf(kind: string): string {
  const start = doc.indexOf(`\n## ${kind}\n`);
  expect(start, `no section for ${kind}`).toBeGreaterThanOrEqual(0);
  const next = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, next < 0 ? undefined : next);
}

/** Splits a table row on the pipes that separate cells (not the escaped ones inside them). */
function cells(line: string): string[] {
  return line.split(/(?<!\\)\|/).slice(1, -1);
}

describe(REFERENCE_PATH, () => {
  it('is what scripts/gen-reference.ts generates from crds/', () => {
    expect(
      doc === generateReference(root),
      `${REFERENCE_PATH} is out of date: run \`${REFERENCE_COMMAND}\``,
    ).toBe(true);
  });

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

  it.each(crds.map((c) => [c.spec.names.kind, c] as const))(
    '%s: every spec and status field has a row, with its type and description',
    (kind, crd) => {
      const section = sectionOf(kind);
      const schema = rootSchema(crd);
      const fields = ['spec', 'status'].flatMap((part) => {
        const s = schema.properties?.[part];
        return s === undefined ? [] : paths(s, part);
      });
      expect(fields.length).toBeGreaterThan(20);
      const rowsByPath = new Map(
        section
          .split('\n')
          .filter((l) => l.startsWith('| `spec') || l.startsWith('| `status'))
          .map((l) => [cells(l)[0]!.trim().replace(/^`|`$/g, ''), cells(l)] as const),
      );
      const missing = fields.filter(([p]) => !rowsByPath.has(p)).map(([p]) => p);
      expect(missing).toEqual([]);
      for (const [p, s] of fields) {
        const row = rowsByPath.get(p)!;
        if (s.description !== undefined)
          expect(row[4], p).toContain(s.description.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|'));
        if (s.default !== undefined) expect(row[3], p).toContain(JSON.stringify(s.default));
      }
    },
  );

  it.each(crds.map((c) => [c.spec.names.kind, c] as const))(
    '%s: names, categories, printer columns and every CEL rule with its message',
    (kind, crd) => {
      const section = sectionOf(kind);
      const { names } = crd.spec;
      for (const n of [...(names.shortNames ?? []), ...(names.categories ?? [])])
        expect(section).toContain(`\`${n}\``);
      for (const c of crd.spec.versions[0]!.additionalPrinterColumns ?? []) {
        expect(section).toMatch(new RegExp(`^\\| ${c.name} \\| ${c.type} \\|`, 'm'));
      }
      const rules = [rootSchema(crd), ...paths(rootSchema(crd), '').map(([, s]) => s)].flatMap(
        (s) => s['x-kubernetes-validations'] ?? [],
      );
      // The access policy's schema holds one rule (a selection must select something).
      expect(rules.length).toBeGreaterThan(kind === 'EcsAccessPolicy' ? 0 : 3);
      const flat = section.replace(/\\\|/g, '|');
      for (const r of rules) {
        expect(flat).toContain(r.rule.replace(/\s+/g, ' ').trim());
        const message = r.message ?? r.messageExpression ?? '';
        expect(flat).toContain(message.replace(/\s+/g, ' ').trim());
      }
    },
  );

  it('keeps five cells in every field row, whatever pipes the rules contain', () => {
    const rows = doc.split('\n').filter((l) => l.startsWith('| `spec') || l.startsWith('| `status'));
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) expect(cells(row), row.slice(0, 80)).toHaveLength(5);
  });

  it('escapes pipes and backticks so a rule cannot break its table', () => {
    const crd: Crd = {
      spec: {
        group: 'example.dev',
        scope: 'Namespaced',
        names: { kind: 'Widget', plural: 'widgets' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    properties: {
                      a: {
                        type: 'string',
                        description: 'uses `code` and a | pipe',
                        'x-kubernetes-validations': [
                          { rule: "self == 'x' || self == 'y'", message: 'x or y' },
                        ],
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    };
    const row = renderReference([crd])
      .split('\n')
      .find((l) => l.startsWith('| `spec.a`'))!;
    expect(cells(row)).toHaveLength(5);
    expect(row).toContain("Rule `self == 'x' \\|\\| self == 'y'`: x or y");
    expect(row).toContain('uses `code` and a \\| pipe');
  });
});

/**
 * Writes docs/reference.md, the reference of every kind ecs-bridge serves, from the CRD schemas in
 * crds/ (the schema is the source of truth; this only formats it): per kind its names, printer
 * columns, object-level rules, and a table of every spec and status field with its type, whether
 * it is required, its default, its description, its constraints and its CEL rules with their
 * messages.
 *
 * Usage: `npx tsx scripts/gen-reference.ts` writes the file; `--check` exits 1 when the file on
 * disk differs from what the schemas give (test/integration/reference-drift.test.ts does the same).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

/** The generated file, relative to the repository root. */
export const REFERENCE_PATH = 'docs/reference.md';

/** The command that regenerates {@link REFERENCE_PATH}. */
export const REFERENCE_COMMAND = 'npx tsx scripts/gen-reference.ts';

/** One `x-kubernetes-validations` entry. */
interface CelRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly fieldPath?: string;
  readonly reason?: string;
}

/** The part of a structural OpenAPI v3 schema the reference shows. */
export interface Schema {
  readonly type?: string;
  readonly format?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly additionalProperties?: Schema | boolean;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly maxProperties?: number;
  readonly pattern?: string;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-validations'?: readonly CelRule[];
}

interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly jsonPath: string;
  readonly description?: string;
  readonly priority?: number;
}

/** A CustomResourceDefinition, as far as the reference reads it. */
export interface Crd {
  readonly spec: {
    readonly group: string;
    readonly scope: string;
    readonly names: {
      readonly kind: string;
      readonly plural: string;
      readonly singular?: string;
      readonly shortNames?: readonly string[];
      readonly categories?: readonly string[];
    };
    readonly versions: readonly {
      readonly name: string;
      readonly served: boolean;
      readonly storage: boolean;
      readonly subresources?: Readonly<Record<string, unknown>>;
      readonly additionalPrinterColumns?: readonly PrinterColumn[];
      readonly schema: { readonly openAPIV3Schema: Schema };
    }[];
  };
}

/** Reads every CRD in `dir` (`*.yaml`, one CRD per file), sorted by kind. */
export function loadCrds(dir: string): Crd[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => YAML.parse(readFileSync(join(dir, f), 'utf8')) as Crd)
    .sort((a, b) => a.spec.names.kind.localeCompare(b.spec.names.kind));
}

/** Text on one line: folded YAML and stray newlines become single spaces. */
function cell(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** One table row. A pipe, even inside a code span, would end a cell unless escaped (GFM). */
function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** Inline code that survives any backticks inside it. */
function code(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.includes('`') ? `\`\` ${oneLine} \`\`` : `\`${oneLine}\``;
}

function typeOf(s: Schema): string {
  if (s['x-kubernetes-int-or-string'] === true) return 'integer or string';
  if (s.type === 'array') return `[]${s.items === undefined ? 'any' : typeOf(s.items)}`;
  if (s.type === 'object' && typeof s.additionalProperties === 'object') {
    return `map[string]${typeOf(s.additionalProperties)}`;
  }
  const base = s.type ?? 'any';
  return s.format === undefined ? base : `${base} (${s.format})`;
}

function range(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  if (min !== undefined && max !== undefined) return `${min} to ${max} ${unit}`;
  if (max !== undefined) return `at most ${max} ${unit}`;
  if (min !== undefined) return `at least ${min} ${unit}`;
  return undefined;
}

/** The schema's constraints in words, for the description cell. */
function constraints(s: Schema): string[] {
  const out: string[] = [];
  if (s.enum !== undefined) out.push(`One of: ${s.enum.map((v) => code(String(v))).join(', ')}.`);
  if (s.minimum !== undefined || s.maximum !== undefined) {
    const low =
      s.minimum === undefined ? undefined : `${s.exclusiveMinimum === true ? '>' : '≥'} ${s.minimum}`;
    const high =
      s.maximum === undefined ? undefined : `${s.exclusiveMaximum === true ? '<' : '≤'} ${s.maximum}`;
    out.push(`Value ${[low, high].filter((x) => x !== undefined).join(' and ')}.`);
  }
  const length = range(s.minLength, s.maxLength, 'characters');
  if (length !== undefined) out.push(`${length[0]?.toUpperCase()}${length.slice(1)}.`);
  if (s.pattern !== undefined) out.push(`Pattern: ${code(s.pattern)}.`);
  const items = range(s.minItems, s.maxItems, 'items');
  if (items !== undefined) out.push(`${items[0]?.toUpperCase()}${items.slice(1)}.`);
  if (s.maxProperties !== undefined) out.push(`At most ${s.maxProperties} entries.`);
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') out.push('A set: no duplicates, order does not matter.');
  if (listType === 'map') {
    const keys = (s['x-kubernetes-list-map-keys'] ?? []).map(code).join(', ');
    out.push(`A map keyed by ${keys}: one entry per key, order does not matter.`);
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === true) out.push('Free-form: any fields are kept.');
  // Constraints on the elements of a list of scalars or the values of a map have no row of their own.
  const element =
    s.type === 'array'
      ? s.items
      : typeof s.additionalProperties === 'object'
        ? s.additionalProperties
        : undefined;
  if (element !== undefined && element.type !== 'object' && element.type !== 'array') {
    const inner = constraints(element);
    const joined = inner.join(' ');
    if (joined !== '')
      out.push(
        `${s.type === 'array' ? 'Each item' : 'Each value'}: ${joined[0]?.toLowerCase()}${joined.slice(1)}`,
      );
  }
  return out;
}

function celRules(rules: readonly CelRule[] | undefined): string[] {
  return (rules ?? []).map((r) => {
    const message =
      r.message !== undefined
        ? cell(r.message)
        : r.messageExpression !== undefined
          ? `message from ${code(r.messageExpression)}`
          : 'no message';
    const where = r.fieldPath === undefined ? '' : ` (reported on ${code(r.fieldPath)})`;
    return `Rule ${code(r.rule)}${where}: ${message}`;
  });
}

interface Row {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly default?: unknown;
  readonly notes: string[];
}

/** Every field under `schema`, depth first in schema order, with its path from `path`. */
function rows(schema: Schema, path: string): Row[] {
  const out: Row[] = [];
  const properties = schema.properties ?? {};
  for (const [name, child] of Object.entries(properties)) {
    const childPath = `${path}.${name}`;
    out.push(row(child, childPath, (schema.required ?? []).includes(name)));
    out.push(...rows(child, childPath), ...descend(child, childPath));
  }
  return out;
}

function row(s: Schema, path: string, required: boolean): Row {
  return {
    path,
    type: typeOf(s),
    required,
    ...(s.default === undefined ? {} : { default: s.default }),
    notes: [
      ...(s.description === undefined ? [] : [cell(s.description)]),
      ...constraints(s),
      ...celRules(s['x-kubernetes-validations']),
    ],
  };
}

/** Rows for the fields inside a list's items or a map's values (`path[]`, `path.<key>`). */
function descend(s: Schema, path: string): Row[] {
  if (s.type === 'array' && s.items !== undefined) {
    const items = s.items;
    const p = `${path}[]`;
    // Rules on each item (for example "exactly one of two fields") get a row of their own.
    const itemRules = celRules(items['x-kubernetes-validations']);
    const own: Row[] =
      itemRules.length === 0
        ? []
        : [
            {
              path: p,
              type: typeOf(items),
              required: false,
              notes: [...(items.description === undefined ? [] : [cell(items.description)]), ...itemRules],
            },
          ];
    return [...own, ...rows(items, p), ...descend(items, p)];
  }
  if (typeof s.additionalProperties === 'object') {
    const p = `${path}.<key>`;
    return [...rows(s.additionalProperties, p), ...descend(s.additionalProperties, p)];
  }
  return [];
}

function fieldTable(rowsOf: readonly Row[]): string[] {
  const lines = ['| Field | Type | Required | Default | Description |', '| --- | --- | --- | --- | --- |'];
  for (const r of rowsOf) {
    const def = r.default === undefined ? '' : code(JSON.stringify(r.default));
    lines.push(tableRow([code(r.path), r.type, r.required ? 'yes' : '', def, r.notes.join('<br>')]));
  }
  return lines;
}

function kindSection(crd: Crd): string[] {
  const { names, group, scope } = crd.spec;
  const version = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
  if (version === undefined) throw new Error(`${names.kind}: the CRD has no version`);
  const root = version.schema.openAPIV3Schema;
  const spec = root.properties?.spec;
  const status = root.properties?.status;
  const lines = [
    `## ${names.kind}`,
    '',
    ...(root.description === undefined ? [] : [root.description.replace(/\s+/g, ' ').trim(), '']),
    '| | |',
    '| --- | --- |',
    `| apiVersion | ${code(`${group}/${version.name}`)} |`,
    `| Scope | ${scope} |`,
    `| Resource | ${code(`${names.plural}.${group}`)} |`,
    `| Short names | ${(names.shortNames ?? []).map(code).join(', ') || 'none'} |`,
    `| Categories | ${(names.categories ?? []).map(code).join(', ') || 'none'} |`,
    `| Subresources | ${
      Object.keys(version.subresources ?? {})
        .map(code)
        .join(', ') || 'none'
    } |`,
    '',
    '### Printer columns',
    '',
    `What \`kubectl get ${names.plural}\` shows (columns with a priority appear with \`-o wide\`).`,
    '',
    '| Name | Type | JSONPath | Priority | Description |',
    '| --- | --- | --- | --- | --- |',
    ...(version.additionalPrinterColumns ?? []).map((c) =>
      tableRow([cell(c.name), c.type, code(c.jsonPath), String(c.priority ?? 0), cell(c.description ?? '')]),
    ),
    '',
  ];
  const objectRules = celRules(root['x-kubernetes-validations']);
  if (objectRules.length > 0) {
    lines.push('### Rules on the whole object', '', ...objectRules.map((r) => `- ${r}`), '');
  }
  for (const [name, part, required] of [
    ['spec', spec, (root.required ?? []).includes('spec')],
    ['status', status, false],
  ] as const) {
    if (part === undefined) continue;
    lines.push(`### ${name}`, '');
    if (part.description !== undefined) lines.push(part.description.replace(/\s+/g, ' ').trim(), '');
    const partRules = celRules(part['x-kubernetes-validations']);
    const own: Row[] =
      partRules.length === 0 && !required ? [] : [{ path: name, type: 'object', required, notes: partRules }];
    lines.push(...fieldTable([...own, ...rows(part, name)]), '');
  }
  return lines;
}

/** The whole reference for `crds`, as markdown. Pure: the same CRDs give the same text. */
export function renderReference(crds: readonly Crd[]): string {
  const kinds = crds.map((c) => c.spec.names.kind);
  return [
    '# API reference',
    '',
    `<!-- Generated from crds/*.yaml by \`${REFERENCE_COMMAND}\`. Do not edit by hand: change the CRD and run the script. -->`,
    '',
    `Every kind ecs-bridge serves, from its CRD schema: ${kinds.map((k) => `[${k}](#${k.toLowerCase()})`).join(', ')}.`,
    'The API server enforces every type, bound and rule listed here before ecs-bridge sees an object;',
    '`kubectl explain <kind>.spec` shows the same descriptions. What the conditions in `status` mean,',
    'and what to do about each reason, is in [conditions.md](conditions.md).',
    '',
    ...crds.flatMap(kindSection),
  ]
    .join('\n')
    .replace(/\n+$/, '\n');
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The reference the CRDs under `root` give. */
export function generateReference(root = repoRoot): string {
  return renderReference(loadCrds(join(root, 'crds')));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const target = join(repoRoot, REFERENCE_PATH);
  const text = generateReference();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(target, 'utf8');
    } catch {
      // Missing counts as different.
    }
    if (current !== text) {
      console.error(`${REFERENCE_PATH} is out of date: run \`${REFERENCE_COMMAND}\``);
      process.exit(1);
    }
    console.log(`${REFERENCE_PATH} is up to date`);
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${REFERENCE_PATH}`);
  }
}

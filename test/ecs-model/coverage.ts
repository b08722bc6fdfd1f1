/**
 * Walks the AWS SDK's ECS model (vendored in ecs-shapes.json by scripts/refresh-ecs-model.py) against
 * our CRD schemas: every member a user can set in an operation's input, recursively, with ECS's name,
 * type, enum values and bounds. Pure; the test (src/resources/api-coverage.test.ts) decides what a
 * finding means.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** One shape of the model, as botocore writes it (documentation stripped). */
export interface ModelShape {
  readonly type: string;
  readonly members?: Readonly<Record<string, { readonly shape: string }>>;
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
  readonly enum?: readonly string[];
  readonly min?: number;
  readonly max?: number;
}

/** The vendored extract of the ECS model. */
export interface EcsModel {
  readonly botocoreVersion: string;
  readonly apiVersion: string;
  readonly operations: Readonly<Record<string, { readonly input: string; readonly output: string }>>;
  readonly shapes: Readonly<Record<string, ModelShape>>;
}

/** The parts of an OpenAPI v3 schema (a CRD's structural schema) the walk reads. */
export interface CrdSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, CrdSchema>>;
  readonly items?: CrdSchema;
  readonly additionalProperties?: CrdSchema | boolean;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** The `spec` schema of one of our CRDs (`crds/<file>`), the source every copy is synced from. */
export function crdSpecSchema(file: string): CrdSchema {
  const text = readFileSync(new URL(`../../crds/${file}`, import.meta.url), 'utf8');
  const crd = parseYaml(text) as {
    spec: { versions: { schema: { openAPIV3Schema: { properties: { spec: CrdSchema } } } }[] };
  };
  const version = crd.spec.versions[0];
  if (version === undefined) throw new Error(`${file} has no version`);
  return version.schema.openAPIV3Schema.properties.spec;
}

/** Reads the vendored model. */
export function loadEcsModel(): EcsModel {
  const path = fileURLToPath(new URL('./ecs-shapes.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as EcsModel;
}

/** What became of one member of the model. */
export type MemberVerdict =
  | { readonly kind: 'covered' }
  | { readonly kind: 'excluded'; readonly reason: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'mismatch'; readonly problems: readonly string[] };

/** One member of an input shape, found at a dotted path (`[]` for list items, `{}` for map values). */
export interface MemberFinding {
  readonly path: string;
  readonly shape: string;
  readonly verdict: MemberVerdict;
  /** How many members the finding stands for: itself and, when not descended into, its subtree. */
  readonly size: number;
}

/** How a walk maps the model onto one CRD. */
export interface WalkOptions {
  /** Model member name -> CRD property name, at the top level only (UpdateService's `service`). */
  readonly renames?: Readonly<Record<string, string>>;
  /** Paths (as in {@link MemberFinding.path}) left out on purpose, with the reason. */
  readonly excluded: ReadonlyMap<string, string>;
  /** Enum values ECS accepts that the CRD leaves out on purpose: `path=value` -> reason. */
  readonly excludedEnumValues: ReadonlyMap<string, string>;
}

const TYPES: Readonly<Record<string, string>> = {
  string: 'string',
  integer: 'integer',
  long: 'integer',
  boolean: 'boolean',
  double: 'number',
  float: 'number',
  list: 'array',
  map: 'object',
  structure: 'object',
};

function boundProblems(path: string, model: ModelShape, crd: CrdSchema): string[] {
  const problems: string[] = [];
  const [lo, hi] =
    model.type === 'string'
      ? [crd.minLength ?? 0, crd.maxLength]
      : model.type === 'list'
        ? [crd.minItems ?? 0, crd.maxItems]
        : [crd.minimum, crd.maximum];
  if (model.min !== undefined && (lo ?? -Infinity) < model.min)
    problems.push(`${path}: the CRD allows less than ECS's minimum ${model.min} (it has ${lo ?? 'none'})`);
  if (model.max !== undefined && (hi ?? Infinity) > model.max)
    problems.push(`${path}: the CRD allows more than ECS's maximum ${model.max} (it has ${hi ?? 'none'})`);
  return problems;
}

function enumProblems(path: string, model: ModelShape, crd: CrdSchema, options: WalkOptions): string[] {
  if (model.enum === undefined) return [];
  const problems: string[] = [];
  const ours = crd.enum ?? [];
  if (crd.enum === undefined)
    problems.push(`${path}: ECS accepts only ${model.enum.join(', ')}; the CRD has no enum`);
  for (const v of ours)
    if (!model.enum.includes(v)) problems.push(`${path}: the CRD allows ${v}, which ECS does not know`);
  for (const v of model.enum)
    if (crd.enum !== undefined && !ours.includes(v) && !options.excludedEnumValues.has(`${path}=${v}`))
      problems.push(`${path}: ECS accepts ${v}, which the CRD does not allow`);
  return problems;
}

function shapeOf(model: EcsModel, name: string): ModelShape {
  const shape = model.shapes[name];
  if (shape === undefined) throw new Error(`shape ${name} is not in the vendored model`);
  return shape;
}

/** Type, bounds and enum of one member; for a list or map of scalars, of its items too. */
function memberProblems(
  model: EcsModel,
  path: string,
  shapeName: string,
  schema: CrdSchema,
  options: WalkOptions,
): string[] {
  const shape = shapeOf(model, shapeName);
  const want = TYPES[shape.type];
  if (want === undefined) return [`${path}: model type ${shape.type} has no CRD counterpart`];
  if (schema.type !== want) return [`${path}: ECS's type is ${want}, the CRD's ${schema.type ?? 'none'}`];
  const problems = [...boundProblems(path, shape, schema), ...enumProblems(path, shape, schema, options)];
  const inner =
    shape.type === 'list'
      ? { ref: shape.member, schema: schema.items, suffix: '[]' }
      : shape.type === 'map'
        ? {
            ref: shape.value,
            schema: typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined,
            suffix: '{}',
          }
        : undefined;
  if (inner?.ref !== undefined) {
    const innerShape = shapeOf(model, inner.ref.shape);
    if (inner.schema === undefined)
      problems.push(`${path}: the CRD does not describe its ${inner.suffix} items`);
    else if (innerShape.type !== 'structure')
      problems.push(
        ...memberProblems(model, `${path}${inner.suffix}`, inner.ref.shape, inner.schema, options),
      );
  }
  return problems;
}

/**
 * Every member of the model's shape `root`, recursively, judged against the CRD schema `crd`. A
 * member that is excluded, missing or mismatched is not descended into (its children are not
 * counted: the subtree is one decision).
 */
export function walkShape(
  model: EcsModel,
  root: string,
  crd: CrdSchema,
  options: WalkOptions,
): MemberFinding[] {
  const findings: MemberFinding[] = [];
  // The members inside a shape (not counting the shape itself), through lists and maps.
  const inner = (shapeName: string, depth: number): number => {
    const shape = shapeOf(model, shapeName);
    if (depth > 12) throw new Error(`shape ${shapeName}: the model nests deeper than 12 levels (a cycle?)`);
    if (shape.type === 'list' && shape.member !== undefined) return inner(shape.member.shape, depth + 1);
    if (shape.type === 'map' && shape.value !== undefined) return inner(shape.value.shape, depth + 1);
    if (shape.type !== 'structure') return 0;
    return Object.values(shape.members ?? {}).reduce((n, ref) => n + 1 + inner(ref.shape, depth + 1), 0);
  };
  const subtreeSize = (shapeName: string): number => 1 + inner(shapeName, 0);
  const visit = (shapeName: string, schema: CrdSchema, prefix: string, depth: number): void => {
    const shape = shapeOf(model, shapeName);
    if (depth > 12) throw new Error(`${prefix}: the model nests deeper than 12 levels (a cycle?)`);
    if (shape.type === 'list' && shape.member !== undefined) {
      if (schema.items !== undefined) visit(shape.member.shape, schema.items, `${prefix}[]`, depth + 1);
      return;
    }
    if (shape.type === 'map' && shape.value !== undefined) {
      if (typeof schema.additionalProperties === 'object')
        visit(shape.value.shape, schema.additionalProperties, `${prefix}{}`, depth + 1);
      return;
    }
    if (shape.type !== 'structure') return;
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const name = depth === 0 ? (options.renames?.[member] ?? member) : member;
      const path = prefix === '' ? name : `${prefix}.${name}`;
      const reason = options.excluded.get(path);
      if (reason !== undefined) {
        findings.push({
          path,
          shape: ref.shape,
          verdict: { kind: 'excluded', reason },
          size: subtreeSize(ref.shape),
        });
        continue;
      }
      const child = schema.properties?.[name];
      if (child === undefined) {
        findings.push({ path, shape: ref.shape, verdict: { kind: 'missing' }, size: subtreeSize(ref.shape) });
        continue;
      }
      const problems = memberProblems(model, path, ref.shape, child, options);
      if (problems.length > 0) {
        findings.push({
          path,
          shape: ref.shape,
          verdict: { kind: 'mismatch', problems },
          size: subtreeSize(ref.shape),
        });
        continue;
      }
      findings.push({ path, shape: ref.shape, verdict: { kind: 'covered' }, size: 1 });
      visit(ref.shape, child, path, depth + 1);
    }
  };
  visit(root, crd, '', 0);
  return findings;
}

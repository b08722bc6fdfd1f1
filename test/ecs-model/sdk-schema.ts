/**
 * Reads the JavaScript SDK's compiled schemas (the `<Shape>$` exports of @aws-sdk/client-*, see
 * @smithy/core/schema): what kind a schema is, and a structure's members, a list's items or a map's
 * values. The vendored models come from botocore; the operator runs on the JavaScript SDK, so tests
 * hold the one to the other with this reader.
 */

/** A schema as the SDK compiles it: a number, an array, or a lazy ref. */
type SdkSchema = number | readonly unknown[] | (() => SdkSchema);

const LIST_MODIFIER = 64;
const MAP_MODIFIER = 128;

function resolve(schema: unknown): SdkSchema {
  let s = schema;
  while (typeof s === 'function') s = (s as () => unknown)();
  return s as SdkSchema;
}

/** What {@link sdkKindOf} finds: the kind in the vendored model's words, and what it holds. */
export interface SdkKind {
  readonly kind: string;
  /** A structure's members by name. */
  readonly members?: Map<string, unknown>;
  /** A list's item schema or a map's value schema. */
  readonly inner?: unknown;
}

/** The kind of an SDK schema, in the vendored model's words; its members, items or values. */
export function sdkKindOf(schema: unknown): SdkKind {
  const s = resolve(schema);
  if (typeof s === 'number') {
    if (s >= MAP_MODIFIER) return { kind: 'map', inner: s & ~MAP_MODIFIER };
    if (s >= LIST_MODIFIER) return { kind: 'list', inner: s & ~LIST_MODIFIER };
    if (s === 0) return { kind: 'string' };
    if (s === 1) return { kind: 'number' };
    if (s === 2) return { kind: 'boolean' };
    if (s >= 4 && s <= 7) return { kind: 'timestamp' };
    if (s === 15) return { kind: 'document' };
    return { kind: `simple ${s}` };
  }
  const arr = s as readonly unknown[];
  // A member with traits is [schema, traits].
  if (typeof arr[0] !== 'number') return sdkKindOf(arr[0]);
  switch (arr[0]) {
    case 0: // a named simple shape (SensitiveString): [0, ns, name, traits, schema]
      return sdkKindOf(arr[4]);
    case 1:
      return { kind: 'list', inner: arr[4] };
    case 2:
      return { kind: 'map', inner: arr[5] };
    case 3:
    case -3: {
      const names = arr[4] as readonly string[];
      const schemas = arr[5] as readonly unknown[];
      return { kind: 'structure', members: new Map(names.map((n, i) => [n, schemas[i]])) };
    }
    default:
      return { kind: `schema ${String(arr[0])}` };
  }
}

/**
 * A readable field-by-field difference of two JSON-like values, for `ecs-bridge plan` and the drift an observed object reports: one entry per
 * leaf that differs, with a path people can find in the ECS console or their manifest
 * (`deploymentConfiguration.maximumPercent`, `containerDefinitions[api].image`). Pure.
 *
 * Lists of objects that each carry a distinct `name` (containers, volumes, environment variables)
 * are matched by name, so inserting a container does not show every later one as changed; other
 * lists of equal length are compared position by position; anything else is shown whole.
 */
import { isDeepStrictEqual } from 'node:util';

/** One difference. `before` absent: the field is added; `after` absent: the field is removed. */
export interface FieldChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function namedKey(item: unknown): string | undefined {
  return isPlainObject(item) && typeof item.name === 'string' ? item.name : undefined;
}

/** The items' names when every item has a distinct `name`; undefined otherwise. */
function names(list: readonly unknown[]): string[] | undefined {
  const keys = list.map(namedKey);
  if (keys.some((k) => k === undefined)) return undefined;
  const set = new Set(keys);
  return set.size === keys.length ? (keys as string[]) : undefined;
}

function change(path: string, before: unknown, after: unknown): FieldChange {
  return {
    path,
    ...(before === undefined ? {} : { before }),
    ...(after === undefined ? {} : { after }),
  };
}

/** The differences between `before` and `after`, in a stable order (after's fields first). */
export function diffFields(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (before === undefined || after === undefined) return [change(path, before, after)];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !(k in after))];
    return keys.flatMap((k) => diffFields(before[k], after[k], join(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const b = names(before);
    const a = names(after);
    if (b !== undefined && a !== undefined && (before.length > 0 || after.length > 0)) {
      const order = [...a, ...b.filter((n) => !a.includes(n))];
      return order.flatMap((n) =>
        diffFields(
          before.find((x) => namedKey(x) === n),
          after.find((x) => namedKey(x) === n),
          `${path}[${n}]`,
        ),
      );
    }
    if (before.length === after.length) {
      return after.flatMap((item, i) => diffFields(before[i], item, `${path}[${i}]`));
    }
  }
  return [change(path, before, after)];
}

/**
 * A value as one line of plan output: strings quoted, lists and objects as compact JSON, cut at
 * `max` characters with an ellipsis (the JSON output keeps them whole).
 */
export function formatValue(value: unknown, max = 160): string {
  const text = value === undefined ? '(none)' : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

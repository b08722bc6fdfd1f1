/**
 * EventBridge event pattern matching, as the test world plays it for rules whose targets moto does
 * not deliver to (ECS tasks).
 *
 * What EventBridge documents, and what this follows
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html):
 * - a pattern is a JSON object; every field it names must match (AND); a nested object descends
 *   into the event's object of that name;
 * - a field's value is an array of matchers, any of which may match (OR); when the event's value is
 *   itself an array, the field matches when any element does;
 * - matchers: a literal (string, number, boolean, null: exact, numbers compared as numbers),
 *   `prefix`, `suffix`, `anything-but` (a value, a list, or a `prefix`/`suffix`), `exists`,
 *   `numeric` (up to two comparisons), `equals-ignore-case` and `wildcard`;
 * - a field the event does not have matches only `{"exists": false}`.
 * An operator outside this list (`cidr`, `$or`) is refused with an error naming it, so a test never
 * passes on a pattern the world only pretends to understand.
 */

/** A JSON value as an event carries it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (an event, or a pattern). */
export type JsonObject = { [key: string]: JsonValue };

/** Thrown for a pattern EventBridge would refuse or that the world does not play. */
export class EventPatternError extends Error {
  override readonly name = 'EventPatternError';
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NUMERIC_OPERATORS = new Set(['<', '<=', '=', '>', '>=']);

function compareNumeric(value: number, operator: string, bound: number): boolean {
  switch (operator) {
    case '<':
      return value < bound;
    case '<=':
      return value <= bound;
    case '=':
      return value === bound;
    case '>':
      return value > bound;
    case '>=':
      return value >= bound;
    default:
      throw new EventPatternError(`numeric: unknown operator ${JSON.stringify(operator)}`);
  }
}

function matchesNumeric(value: JsonValue | undefined, spec: JsonValue): boolean {
  if (!Array.isArray(spec) || spec.length === 0 || spec.length % 2 !== 0 || spec.length > 4)
    throw new EventPatternError(
      `numeric: expected [op, number] or [op, number, op, number], got ${JSON.stringify(spec)}`,
    );
  if (typeof value !== 'number') return false;
  for (let i = 0; i < spec.length; i += 2) {
    const operator = spec[i];
    const bound = spec[i + 1];
    if (typeof operator !== 'string' || !NUMERIC_OPERATORS.has(operator) || typeof bound !== 'number')
      throw new EventPatternError(`numeric: expected [op, number] pairs, got ${JSON.stringify(spec)}`);
    if (!compareNumeric(value, operator, bound)) return false;
  }
  return true;
}

function matchesWildcard(value: string, pattern: string): boolean {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's').test(value);
}

function literalEquals(value: JsonValue | undefined, literal: JsonValue): boolean {
  if (literal === null) return value === null;
  if (typeof literal === 'number') return typeof value === 'number' && value === literal;
  return value === literal;
}

function stringOperand(operator: string, operand: JsonValue): string {
  if (typeof operand !== 'string')
    throw new EventPatternError(`${operator}: expected a string, got ${JSON.stringify(operand)}`);
  return operand;
}

function matchesAnythingBut(value: JsonValue | undefined, spec: JsonValue): boolean {
  // anything-but matches only a field the event has.
  if (value === undefined) return false;
  if (isObject(spec)) {
    const [operator, ...rest] = Object.keys(spec);
    if (operator === undefined || rest.length > 0)
      throw new EventPatternError(
        `anything-but: expected one of prefix, suffix, got ${JSON.stringify(spec)}`,
      );
    const operand = spec[operator] as JsonValue;
    if (typeof value !== 'string') return true;
    if (operator === 'prefix') return !value.startsWith(stringOperand('anything-but.prefix', operand));
    if (operator === 'suffix') return !value.endsWith(stringOperand('anything-but.suffix', operand));
    throw new EventPatternError(
      `anything-but: operator ${JSON.stringify(operator)} is not played by the test world`,
    );
  }
  const excluded = Array.isArray(spec) ? spec : [spec];
  return !excluded.some((literal) => literalEquals(value, literal));
}

/** Does one matcher (a literal or an operator object) match one leaf value of the event? */
function matchesOne(value: JsonValue | undefined, matcher: JsonValue): boolean {
  if (!isObject(matcher)) {
    if (Array.isArray(matcher))
      throw new EventPatternError(`a matcher cannot be an array: ${JSON.stringify(matcher)}`);
    return value !== undefined && literalEquals(value, matcher);
  }
  const keys = Object.keys(matcher);
  const [operator] = keys;
  if (operator === undefined || keys.length !== 1)
    throw new EventPatternError(`a matcher object has exactly one operator, got ${JSON.stringify(matcher)}`);
  const operand = matcher[operator] as JsonValue;
  switch (operator) {
    case 'exists':
      if (typeof operand !== 'boolean')
        throw new EventPatternError(`exists: expected true or false, got ${JSON.stringify(operand)}`);
      return operand ? value !== undefined : value === undefined;
    case 'prefix':
      return typeof value === 'string' && value.startsWith(stringOperand('prefix', operand));
    case 'suffix':
      return typeof value === 'string' && value.endsWith(stringOperand('suffix', operand));
    case 'equals-ignore-case':
      return (
        typeof value === 'string' &&
        value.toLowerCase() === stringOperand('equals-ignore-case', operand).toLowerCase()
      );
    case 'wildcard':
      return typeof value === 'string' && matchesWildcard(value, stringOperand('wildcard', operand));
    case 'anything-but':
      return matchesAnythingBut(value, operand);
    case 'numeric':
      return value !== undefined && matchesNumeric(value, operand);
    default:
      throw new EventPatternError(`operator ${JSON.stringify(operator)} is not played by the test world`);
  }
}

function matchesField(value: JsonValue | undefined, matchers: JsonValue[]): boolean {
  if (matchers.length === 0) throw new EventPatternError('a field of a pattern needs at least one matcher');
  // An array in the event matches when any element does; an absent field is matched as absent.
  const values: (JsonValue | undefined)[] = Array.isArray(value) ? value : [value];
  if (values.length === 0) values.push(undefined);
  return matchers.some((matcher) => values.some((one) => matchesOne(one, matcher)));
}

function matchesObject(event: JsonObject | undefined, pattern: JsonObject, path: string): boolean {
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') throw new EventPatternError(`${path}$or is not played by the test world`);
    const value = event?.[key];
    if (isObject(sub)) {
      if (!matchesObject(isObject(value) ? value : undefined, sub, `${path}${key}.`)) return false;
    } else if (Array.isArray(sub)) {
      if (!matchesField(value, sub)) return false;
    } else {
      throw new EventPatternError(
        `${path}${key}: a pattern's leaves are arrays of matchers, got ${JSON.stringify(sub)}`,
      );
    }
  }
  return true;
}

/** Parses a rule's `EventPattern` text; throws {@link EventPatternError} when it is not a JSON object. */
export function parseEventPattern(text: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new EventPatternError(`event pattern is not JSON: ${String(error)}`);
  }
  if (!isObject(parsed as JsonValue)) throw new EventPatternError('event pattern must be a JSON object');
  return parsed as JsonObject;
}

/** Whether `event` matches `pattern` (EventBridge's rules, see the file header). */
export function matchesEventPattern(pattern: JsonObject, event: JsonObject): boolean {
  return matchesObject(event, pattern, '');
}

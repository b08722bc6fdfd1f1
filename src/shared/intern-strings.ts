/**
 * One copy of each string the operator keeps for long. A cached Kubernetes object and a kept AWS
 * answer repeat the same values across thousands of objects (`ecs-bridge.dev/v1alpha1`,
 * `RolloutComplete`, a condition's message, `ecs:service:DesiredCount`, a metric type, the
 * cluster's ARN), and a JSON parser makes a new string for each. A heap snapshot at N = 1000 held
 * 5.7 MiB of such copies, a tenth of the heap in use (docs/performance.md).
 *
 * V8 keeps one internalized string per value for property names, in a table that forgets a string
 * once nothing references it. A string used as a computed key is internalized, and reading the key
 * back gives that one copy: equal values then share one string, and the table holds nothing alive.
 */

/** The one shared copy of `value` (equal to it). */
export function internString(value: string): string {
  for (const key in { [value]: 0 }) return key;
  return value;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `value` with every string inside plain objects and arrays replaced by its shared copy
 * ({@link internString}), built anew: the input is not changed. Other objects (a `Date`, a byte
 * array, a class instance) are kept as they are, not walked.
 */
export function internStrings<T>(value: T): T {
  return internValue(value) as T;
}

function internValue(value: unknown): unknown {
  if (typeof value === 'string') return internString(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(internValue);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = internValue(value[key]);
    // A parsed "__proto__" member is an own property; assigning it would set the prototype instead.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out;
}

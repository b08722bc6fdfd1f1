/**
 * One copy of each string the operator keeps for long. A cached Kubernetes object and a kept AWS
 * answer repeat the same values across thousands of objects (`ecs-bridge.dev/v1alpha1`,
 * `RolloutComplete`, a condition's message, `ecs:service:DesiredCount`, a metric type, the
 * cluster's ARN), and a JSON parser makes a new string for each. A heap snapshot at N = 1000 held
 * 5.7 MiB of such copies, a tenth of the heap in use (docs/performance.md).
 *
 * V8 keeps one internalized string per value for property names, in a table that forgets a string
 * once nothing references it. Storing a property under a string internalizes it: when the table
 * already holds an equal string, the stored one becomes a forward to it, and the next collection
 * points every reference at the one copy. The holder is a dictionary (no hidden class per key),
 * and the property is deleted at once, so the holder keeps nothing alive. A computed key in an
 * object literal does the same but makes a hidden class per new key: 3.4 × the CPU in a micro
 * benchmark of 600,000 strings (0.4 against 1.4 µs each).
 */

/** A dictionary-mode object: stores and deletes on it make no hidden classes. */
const holder: Record<string, number> = Object.create(null) as Record<string, number>;

/**
 * `value`, internalized: equal strings passed here share one copy after the next collection. An
 * integer-like string ("200") is stored as an element and stays as it is.
 */
export function internString(value: string): string {
  holder[value] = 0;
  delete holder[value];
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

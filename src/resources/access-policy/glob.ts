/**
 * The patterns policies are written in: `*` matches any run of characters (also `/` and `:`, so
 * `arn:aws:iam::111122223333:role/team-a-*` matches every role under that prefix), `?` one
 * character; everything else matches itself. The same rule IAM uses for ARNs in conditions
 * (`StringLike`), so platform teams read one syntax.
 */

/** True when `value` matches `pattern` as a whole. */
export function globMatches(pattern: string, value: string): boolean {
  // Iterative matcher with one backtrack point: linear for the patterns policies hold, no regex
  // built from user input.
  let p = 0;
  let v = 0;
  let starP = -1;
  let starV = 0;
  while (v < value.length) {
    const c = pattern[p];
    if (c === '*') {
      starP = p++;
      starV = v;
    } else if (c !== undefined && (c === '?' || c === value[v])) {
      p++;
      v++;
    } else if (starP >= 0) {
      p = starP + 1;
      v = ++starV;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The first of `patterns` that matches `value`, or undefined. */
export function firstMatch(patterns: readonly string[], value: string): string | undefined {
  return patterns.find((pattern) => globMatches(pattern, value));
}

/**
 * The name of a spec entry for someone else's AWS object (a policy imported under its own name):
 * the AWS name in the characters the entry's name pattern allows, starting with a letter or digit,
 * cut to the pattern's length, and unique among the entries already named (`-2`, `-3`, ...).
 */

/** What an entry's name may hold, as its CRD pattern says. */
export interface EntryNamePattern {
  /** A run of characters the pattern refuses (each run becomes one `-`); global. */
  readonly refused: RegExp;
  readonly maxLength: number;
}

/** The entry name for `awsName`, unique in `taken`; `policy` when nothing of it is allowed. */
export function entryName(awsName: string, taken: ReadonlySet<string>, pattern: EntryNamePattern): string {
  const base =
    awsName
      .replace(pattern.refused, '-')
      .replace(/^[^A-Za-z0-9]+/, '')
      .slice(0, pattern.maxLength) || 'policy';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

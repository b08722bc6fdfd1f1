/**
 * Lists the type-level names (interfaces, type aliases, classes, enums) declared at the top level of
 * more than one file under src/, tests aside. One name for one thing: two different `RateLimiter`s
 * make a reader (and an auto-import) pick the wrong one. `scripts/declared-names.test.ts` fails when
 * this list is not empty; run `npx tsx scripts/declared-names.ts` to see it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** Every `.ts` file below `dir`, tests (`*.test.ts`) left out. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The top-level interface, type alias, class and enum names a file declares. */
function declaredTypeNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name !== undefined
    ) {
      names.push(statement.name.text);
    }
  }
  return names;
}

/** Each type-level name declared in more than one file under `dir`, with those files (relative to `root`). */
export function duplicateTypeNames(dir: string, root = dir): Map<string, string[]> {
  const where = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    for (const name of new Set(declaredTypeNames(file))) {
      where.set(name, [...(where.get(name) ?? []), relative(root, file)]);
    }
  }
  return new Map([...where].filter(([, files]) => files.length > 1));
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const root = resolve(import.meta.dirname, '..');
  for (const [name, files] of duplicateTypeNames(join(root, 'src'), root)) {
    console.log(`${name}: ${files.join(', ')}`);
  }
}

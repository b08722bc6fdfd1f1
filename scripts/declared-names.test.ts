/** No interface, type, class or enum name is declared in two files of src/ (tests aside). */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duplicateTypeNames } from './declared-names.js';

const root = resolve(import.meta.dirname, '..');

describe('type names in src/', () => {
  // Parses every file of src/: seconds on a busy machine, more than vitest's default 5 s.
  it('are each declared once', { timeout: 60_000 }, () => {
    expect(Object.fromEntries(duplicateTypeNames(join(root, 'src'), root))).toEqual({});
  });

  it('a name declared in two files is found, whatever kind of declaration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'declared-names-'));
    try {
      mkdirSync(join(dir, 'a'));
      writeFileSync(join(dir, 'a', 'one.ts'), 'export interface Twice { a: 1 }\nexport type Once = 1;\n');
      writeFileSync(join(dir, 'two.ts'), 'export class Twice {}\n');
      writeFileSync(join(dir, 'two.test.ts'), 'export type Once = 2;\n');
      expect(Object.fromEntries(duplicateTypeNames(dir))).toEqual({ Twice: ['a/one.ts', 'two.ts'] });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

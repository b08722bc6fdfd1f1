/**
 * Loads the example manifests of examples/task-definitions for tests. Test-only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { EcsTaskDefinition } from '../types.js';

const dir = fileURLToPath(new URL('../../../../examples/task-definitions/', import.meta.url));

/** Every example manifest, parsed, sorted by file name. */
export function loadTaskDefinitionExamples(): { file: string; obj: EcsTaskDefinition }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((file) => ({ file, obj: parse(readFileSync(`${dir}${file}`, 'utf8')) as EcsTaskDefinition }));
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TASK_TEMPLATE_FIELDS } from './types.js';

interface Schema {
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  'x-kubernetes-validations'?: { rule: string; message?: string }[];
}

interface Fragment {
  rules: { rule: string; message: string }[];
  properties: Record<string, Schema>;
}

const root = resolve(import.meta.dirname, '..', '..', '..');
const fragment = parse(
  readFileSync(resolve(import.meta.dirname, 'template.schema.yaml'), 'utf8'),
) as Fragment;

/**
 * Every CRD that embeds the template, and the path (property names) from the object schema to the
 * object holding the template's fields. A kind that embeds the template adds its row here.
 */
const EMBEDDINGS: readonly { readonly crd: string; readonly path: readonly string[] }[] = [
  { crd: 'crds/ecstaskrun.yaml', path: ['spec'] },
  { crd: 'crds/ecstasktrigger.yaml', path: ['spec', 'template'] },
];

function undescribed(schema: Schema, at: string): string[] {
  const own = schema.description === undefined ? [at] : [];
  const children = Object.entries(schema.properties ?? {}).flatMap(([k, s]) => undescribed(s, `${at}.${k}`));
  const items = schema.items === undefined ? [] : undescribed(schema.items, `${at}[]`);
  return [...own, ...children, ...items];
}

describe('the task template CRD fragment', () => {
  it('lists exactly the fields types.ts mirrors, in the same order', () => {
    expect(Object.keys(fragment.properties)).toEqual([...TASK_TEMPLATE_FIELDS]);
  });

  it('describes every property (kubectl explain shows it)', () => {
    const missing = Object.entries(fragment.properties).flatMap(([k, s]) => undescribed(s, k));
    expect(missing).toEqual([]);
  });

  it('says why in every rule', () => {
    expect(fragment.rules.length).toBeGreaterThan(0);
    for (const r of fragment.rules) expect(r.message.length).toBeGreaterThan(20);
  });

  for (const { crd, path } of EMBEDDINGS) {
    it(`is copied unchanged into ${crd} at ${path.join('.')}`, () => {
      const doc = parse(readFileSync(resolve(root, crd), 'utf8')) as {
        spec: { versions: { schema: { openAPIV3Schema: Schema } }[] };
      };
      for (const version of doc.spec.versions) {
        let at: Schema | undefined = version.schema.openAPIV3Schema;
        for (const step of path) at = at?.properties?.[step];
        expect(Object.keys(at?.properties ?? {}), `${crd}: no template at ${path.join('.')}`).toEqual(
          expect.arrayContaining([...TASK_TEMPLATE_FIELDS]),
        );
        for (const field of TASK_TEMPLATE_FIELDS) {
          expect(at?.properties?.[field], `${crd}: ${path.join('.')}.${field}`).toEqual(
            fragment.properties[field],
          );
        }
        expect(at?.['x-kubernetes-validations'] ?? []).toEqual(expect.arrayContaining(fragment.rules));
      }
    });
  }
});

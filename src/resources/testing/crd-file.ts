/**
 * A kind's CRD file as its unit tests read it (crds/<file>), and the naming every kind's CRD must
 * follow: ecs-bridge's API group, namespaced, in the `ecs` category, one served and stored version
 * (v1alpha1) with the status subresource. Test-only.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parse } from 'yaml';

/** The members of an OpenAPI v3 schema node the CRD tests look at. */
export interface CrdSchema {
  type?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  maxLength?: number;
  maxItems?: number;
  maxProperties?: number;
  properties?: Record<string, CrdSchema>;
  items?: CrdSchema;
  additionalProperties?: CrdSchema | boolean;
  required?: string[];
  default?: unknown;
  'x-kubernetes-validations'?: { rule: string; message?: string; messageExpression?: string }[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-list-map-keys'?: string[];
}

/** A CustomResourceDefinition as far as the CRD tests read it. */
export interface CrdFile {
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string; shortNames: string[]; categories: string[] };
    versions: {
      name: string;
      served: boolean;
      storage: boolean;
      subresources?: { status?: object };
      additionalPrinterColumns: { name: string; jsonPath: string }[];
      schema: { openAPIV3Schema: CrdSchema };
    }[];
  };
}

/** Reads and parses `crds/<file>` of the repository. */
export function readCrd(file: string): CrdFile {
  return parse(readFileSync(new URL(`../../../crds/${file}`, import.meta.url), 'utf8')) as CrdFile;
}

/** Asserts the CRD names its kind as given and follows the naming every ecs-bridge kind shares. */
export function expectKindNames(
  crd: CrdFile,
  names: { readonly kind: string; readonly plural: string; readonly shortNames: readonly string[] },
): void {
  expect(crd.spec.group).toBe('ecs-bridge.dev');
  expect(crd.spec.scope).toBe('Namespaced');
  expect(crd.spec.names).toMatchObject({ ...names, categories: ['ecs'] });
  expect(crd.spec.versions.map((v) => [v.name, v.served, v.storage])).toEqual([['v1alpha1', true, true]]);
  expect(crd.spec.versions[0]?.subresources?.status).toEqual({});
}

/**
 * The root rule by which `metadata.name` may stand for the ECS name `spec.<field>` only when ECS
 * would accept it (the creation rule, not an immutability transition): the rule, the name pattern
 * it checks, and the rule evaluated as the API server would. Throws on a rule of another shape.
 */
export function metadataNameRule(
  crd: CrdFile,
  field: string,
): {
  readonly rule: { rule: string; message?: string; messageExpression?: string } | undefined;
  readonly pattern: string;
  admits(name: string, explicit?: string): boolean;
} {
  const root = crd.spec.versions[0]?.schema.openAPIV3Schema;
  const rule = (root?.['x-kubernetes-validations'] ?? []).find(
    (r) => r.rule.includes('self.metadata.name.matches') && !r.rule.includes('oldSelf'),
  );
  const shape = new RegExp(
    `^has\\(self\\.spec\\.${field}\\) \\|\\| self\\.metadata\\.name\\.matches\\('(.+)'\\)$`,
  );
  const pattern = shape.exec(rule?.rule.trim() ?? '')?.[1];
  if (pattern === undefined) throw new Error(`unexpected rule shape: ${rule?.rule ?? 'none'}`);
  return {
    rule,
    pattern,
    admits: (name, explicit) => explicit !== undefined || new RegExp(pattern).test(name),
  };
}

/**
 * The roles the chart and the kustomize base ship for people (namespace tenants, through the
 * built-in admin/edit/view aggregation) never let them write status: status is the operator's
 * report (ADR 0017), and a tenant who could write it could once steer the operator. Nor do they
 * grant wildcards, which would take in every future kind of ours (access policies included).
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Rule {
  apiGroups?: string[];
  resources?: string[];
  verbs?: string[];
}

const WRITES = ['create', 'update', 'patch', 'delete', 'deletecollection', '*'];

/** The ClusterRoles in a manifest; Helm template lines are dropped, names filled in. */
function roles(path: string): { name: string; rules: Rule[] }[] {
  const text = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*\{\{-?\s*(if|end|\$|include)/.test(line.trim()) && !line.includes('nindent'))
    .join('\n')
    .replaceAll('{{ $fullname }}', 'ecs-bridge');
  return parseAllDocuments(text)
    .map((d) => d.toJS() as { kind?: string; metadata?: { name?: string }; rules?: Rule[] } | null)
    .filter((d) => d?.kind === 'ClusterRole')
    .map((d) => ({ name: d?.metadata?.name ?? '', rules: d?.rules ?? [] }));
}

describe.each(['deploy/base/user-roles.yaml', 'deploy/helm/ecs-bridge/templates/user-roles.yaml'])(
  'user roles in %s',
  (path) => {
    const found = roles(path);

    it('ships the edit and view roles', () => {
      expect(found.map((r) => r.name).sort()).toEqual(['ecs-bridge-edit', 'ecs-bridge-view']);
    });

    it.each(['ecs-bridge-edit', 'ecs-bridge-view'])(
      '%s cannot write status and grants no wildcard',
      (name) => {
        const rules = found.find((r) => r.name === name)?.rules ?? [];
        expect(rules.length).toBeGreaterThan(0);
        for (const rule of rules) {
          expect(rule.apiGroups).not.toContain('*');
          expect(rule.resources).not.toContain('*');
          expect(rule.verbs).not.toContain('*');
          const writes = (rule.verbs ?? []).some((v) => WRITES.includes(v));
          if (writes) expect((rule.resources ?? []).filter((r) => r.endsWith('/status'))).toEqual([]);
          // Only the namespaced kinds users own: never a cluster-scoped access policy.
          if (writes)
            expect(rule.resources).toEqual([
              'ecstaskdefinitions',
              'ecsservices',
              'ecsclusters',
              'ecstaskruns',
              'ecstasktriggers',
            ]);
        }
      },
    );
  },
);

/**
 * What the install-path tests share: building deploy/base (and overlays of it) with the world's
 * kubectl, rendering the Helm chart with the Helm test/world/helm.ts builds, reading YAML streams,
 * and reducing manifests to comparable facts (object identities, RBAC rules as
 * `group|resource|verb` strings).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { kubectl } from './crds.js';

const run = promisify(execFile);

/** The repository root. */
export const repoRoot = resolve(import.meta.dirname, '..', '..');

/** The namespace deploy/base installs into. */
export const OPERATOR_NAMESPACE = 'ecs-bridge-system';

/** A Kubernetes object as parsed from YAML: loosely typed, tests read what they need. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: unknown;
}

/** One RBAC rule as written in a Role or ClusterRole. */
export interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  verbs: string[];
  resourceNames?: string[];
  nonResourceURLs?: string[];
}

/** Parses a multi-document YAML stream, dropping empty documents. */
export function parseManifests(yaml: string): Manifest[] {
  return parseAllDocuments(yaml)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null && typeof m === 'object' && 'kind' in m);
}

/** Reads and parses a YAML file of the repository. */
export function readManifests(path: string): Manifest[] {
  return parseManifests(readFileSync(join(repoRoot, path), 'utf8'));
}

/** `kind/namespace/name` of an object: what two renderings must agree on. */
export function identity(m: Manifest): string {
  return `${m.kind}/${m.metadata.namespace ?? ''}/${m.metadata.name}`;
}

/** The one object of `kind` named `name`; throws naming what there is otherwise. */
export function find(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((m) => m.kind === kind && m.metadata.name === name);
  if (found === undefined) {
    throw new Error(`no ${kind} ${name} among: ${manifests.map(identity).join(', ')}`);
  }
  return found;
}

/** A rule set as sorted `group|resource|verb` strings (resourceNames would be appended; none used). */
export function ruleSet(rules: readonly PolicyRule[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    for (const group of rule.apiGroups ?? ['']) {
      for (const resource of rule.resources ?? []) {
        for (const verb of rule.verbs) {
          const names = rule.resourceNames?.length ? `|${[...rule.resourceNames].sort().join(',')}` : '';
          out.add(`${group}|${resource}|${verb}${names}`);
        }
      }
    }
  }
  return [...out].sort();
}

/** `kubectl kustomize <dir>` with the world's kubectl (its built-in kustomize). */
export async function kustomize(dir: string): Promise<Manifest[]> {
  return parseManifests(await kubectl(['kustomize', join(repoRoot, dir)]));
}

/**
 * Builds a throwaway overlay (under the gitignored tmp/) whose kustomization is `body` with the
 * placeholders `{base}` and `{components}` replaced by paths relative to it: kustomize refuses
 * absolute paths, and the overlay must reach deploy/ the way a user's overlay would.
 */
export async function kustomizeOverlay(kustomization: string): Promise<Manifest[]> {
  const dir = join(repoRoot, 'tmp', `deploy-overlay-${randomBytes(4).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  try {
    const rel = (p: string): string => relative(dir, join(repoRoot, p));
    writeFileSync(
      join(dir, 'kustomization.yaml'),
      kustomization.replace(/\{([^}]+)\}/g, (_, p: string) => rel(p)),
    );
    return parseManifests(await kubectl(['kustomize', dir]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs a Helm binary; resolves with stdout, rejects with stderr. Helm's own state stays in tmp/. */
export async function helm(helmPath: string, args: readonly string[]): Promise<string> {
  const home = join(repoRoot, 'tmp', 'helm-home');
  try {
    const { stdout } = await run(helmPath, [...args], {
      cwd: repoRoot,
      maxBuffer: 32 * 1024 * 1024,
      env: {
        PATH: process.env.PATH ?? '',
        HELM_CACHE_HOME: join(home, 'cache'),
        HELM_CONFIG_HOME: join(home, 'config'),
        HELM_DATA_HOME: join(home, 'data'),
      },
    });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message?: string };
    throw new Error(`helm ${args.join(' ')} failed: ${e.stderr ?? ''}${e.stdout ?? ''}${e.message ?? ''}`, {
      cause: err,
    });
  }
}

/** `helm template ecs-bridge deploy/helm/ecs-bridge -n ecs-bridge-system` with extra flags. */
export async function helmTemplate(helmPath: string, extra: readonly string[] = []): Promise<Manifest[]> {
  return parseManifests(
    await helm(helmPath, [
      'template',
      'ecs-bridge',
      join(repoRoot, 'deploy', 'helm', 'ecs-bridge'),
      '--namespace',
      OPERATOR_NAMESPACE,
      ...extra,
    ]),
  );
}

/** YAML of `manifests`, as one stream for kubectl. */
export function toYamlStream(manifests: readonly Manifest[]): string {
  return manifests.map((m) => JSON.stringify(m)).join('\n---\n');
}

/**
 * `kubectl apply --server-side --dry-run=server` of `manifests`: the API server validates and
 * admits every object (schemas, CRD structural rules, RBAC escalation checks) and stores nothing.
 */
export async function serverDryRun(manifests: readonly Manifest[]): Promise<string> {
  return kubectl(
    [
      'apply',
      '--server-side',
      '--dry-run=server',
      '--field-manager=ecs-bridge-deploy-check',
      '--force-conflicts',
      '-f',
      '-',
    ],
    toYamlStream(manifests),
  );
}

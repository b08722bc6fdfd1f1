/**
 * Renders deploy/gitops/argocd/argocd-cm-patch.yaml from the health checks beside it, so the Lua
 * a user pastes or patches into argocd-cm is byte for byte the Lua the tests run. Run it after
 * editing a health.lua: `npx tsx test/gitops/argocd/cm-patch.ts`; the Argo CD health test fails
 * while the two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { API_GROUP } from '../../../src/resources/api-group.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The kinds with an Argo CD health check, each in deploy/gitops/argocd/<Kind>/health.lua. */
export const HEALTH_CHECKED_KINDS = [
  'EcsService',
  'EcsTaskDefinition',
  'EcsCluster',
  'EcsTaskRun',
  'EcsTaskTrigger',
] as const;

/** Path of a kind's health check, relative to the repository root. */
export function healthScriptPath(kind: string): string {
  return join('deploy/gitops/argocd', kind, 'health.lua');
}

/** The argocd-cm key Argo CD reads a kind's health check from. */
export function argocdCmKey(kind: string): string {
  return `resource.customizations.health.${API_GROUP}_${kind}`;
}

/** Path of the rendered patch, relative to the repository root. */
export const CM_PATCH_PATH = 'deploy/gitops/argocd/argocd-cm-patch.yaml';

/** The patch's full text for the health checks as they are on disk under `root`. */
export function renderArgocdCmPatch(root = repoRoot): string {
  const entries = HEALTH_CHECKED_KINDS.map((kind) => {
    const lua = readFileSync(join(root, healthScriptPath(kind)), 'utf8');
    const body = lua
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => (line === '' ? '' : `    ${line}`))
      .join('\n');
    return `  ${argocdCmKey(kind)}: |\n${body}\n`;
  });
  return [
    '# Argo CD health checks for ecs-bridge.dev kinds: merge into argocd-cm, for example with',
    '#   kubectl -n argocd patch configmap argocd-cm --patch-file deploy/gitops/argocd/argocd-cm-patch.yaml',
    '# or list it under `patches:` of the kustomization that installs Argo CD.',
    '# Generated from deploy/gitops/argocd/<Kind>/health.lua by `npx tsx test/gitops/argocd/cm-patch.ts`;',
    '# do not edit by hand.',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: argocd-cm',
    '  namespace: argocd',
    '  labels:',
    '    app.kubernetes.io/name: argocd-cm',
    '    app.kubernetes.io/part-of: argocd',
    'data:',
    ...entries.map((e) => e.replace(/\n$/, '')),
    '',
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  writeFileSync(join(repoRoot, CM_PATCH_PATH), renderArgocdCmPatch());
  console.log(`wrote ${CM_PATCH_PATH}`);
}

#!/usr/bin/env bash
# Copies the CRDs (crds/, the source of truth) into the two install paths that cannot reach them:
# the kustomize base (kustomize loads files only from inside a kustomization's own folder) and the
# Helm chart (a chart packages only its own folder). test/integration/deploy-static.test.ts fails
# while a copy differs from crds/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
for dest in "$root/deploy/base/crds" "$root/deploy/helm/ecs-bridge/files/crds"; do
  rm -f "$dest"/*.yaml
  cp "$root"/crds/*.yaml "$dest"/
done
# The admission policy (deploy/base/admission-policy.yaml) is rendered by the chart from its copy.
cp "$root/deploy/base/admission-policy.yaml" "$root/deploy/helm/ecs-bridge/files/admission/access-policy.yaml"
echo "sync-crds: copied $(ls "$root"/crds/*.yaml | wc -l) CRDs into deploy/base/crds and deploy/helm/ecs-bridge/files/crds"

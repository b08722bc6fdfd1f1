#!/usr/bin/env bash
# Copies the alerting rules (deploy/components/prometheus-rule, the source of truth) into the Helm
# chart, which packages only its own folder. test/integration/prometheus-rules.test.ts fails while
# the copy differs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/deploy/helm/ecs-bridge/files/prometheus"
cp "$root/deploy/components/prometheus-rule/prometheus-rule.yaml" "$root/deploy/helm/ecs-bridge/files/prometheus/"
echo "sync-alerts: copied the PrometheusRule into deploy/helm/ecs-bridge/files/prometheus"

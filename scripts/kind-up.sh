#!/usr/bin/env bash
# Runs ecs-bridge in a local kind cluster, for anyone with Docker: creates the cluster, builds and
# loads the image, installs the CRDs and the operator from the same manifests the tests check
# (deploy/base through deploy/kind/<target>), and points it at moto (default) or a real account.
#
# Usage:
#   scripts/kind-up.sh            # moto, in the cluster; nothing touches AWS
#   scripts/kind-up.sh --aws      # your AWS account, with the credentials of this shell
#   scripts/kind-up.sh --down     # delete the cluster
#
# Needs docker, kind (https://kind.sigs.k8s.io) and kubectl; --aws also needs the AWS CLI v2.
# Our CI has no Docker, so this script is not exercised there (docs/install.md); its manifests
# are (test/integration/deploy-manifests.test.ts builds and dry-runs both overlays).
set -euo pipefail

cluster=${KIND_CLUSTER_NAME:-ecs-bridge}
image=ecs-bridge:dev
root=$(cd "$(dirname "$0")/.." && pwd)
target=moto

case "${1:-}" in
  '') ;;
  --aws) target=aws ;;
  --down)
    kind delete cluster --name "$cluster"
    exit 0
    ;;
  *)
    echo "usage: $0 [--aws | --down]" >&2
    exit 2
    ;;
esac

for tool in docker kind kubectl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "kind-up: $tool not found on PATH" >&2; exit 127; }
done
docker info >/dev/null 2>&1 || { echo "kind-up: the Docker daemon is not reachable" >&2; exit 1; }

step() { echo "kind-up: $*" >&2; }

if kind get clusters | grep -qx "$cluster"; then
  step "cluster $cluster exists; reusing it"
else
  step "creating cluster $cluster"
  kind create cluster --name "$cluster" --config "$root/deploy/kind/cluster.yaml"
fi
context="kind-$cluster"
k() { kubectl --context "$context" "$@"; }

step "building $image"
docker build -t "$image" "$root"
step "loading $image into the cluster"
kind load docker-image "$image" --name "$cluster"

# The CRDs first, established before anything refers to them.
step "installing the CRDs"
k apply --server-side -f "$root/crds/"
k wait --for=condition=Established --timeout=60s crd/ecstaskdefinitions.ecs-bridge.dev crd/ecsservices.ecs-bridge.dev

if [ "$target" = aws ]; then
  command -v aws >/dev/null 2>&1 || { echo "kind-up: --aws needs the AWS CLI v2" >&2; exit 127; }
  region=${AWS_REGION:-$(aws configure get region || true)}
  [ -n "$region" ] || { echo "kind-up: set AWS_REGION (or a default region in your AWS profile)" >&2; exit 1; }
  step "storing this shell's AWS credentials in secret ecs-bridge-system/ecs-bridge-aws-credentials (region $region)"
  k create namespace ecs-bridge-system --dry-run=client -o yaml | k apply -f -
  # Short-lived if your profile uses SSO or a role: re-run this script when they expire.
  creds=$(aws configure export-credentials --format env-no-export)
  env_file=$(mktemp)
  trap 'rm -f "$env_file"' EXIT
  printf '%s\nAWS_REGION=%s\n' "$creds" "$region" >"$env_file"
  k -n ecs-bridge-system create secret generic ecs-bridge-aws-credentials \
    --from-env-file="$env_file" --dry-run=client -o yaml | k apply -f -
fi

step "installing ecs-bridge (deploy/kind/$target)"
k apply --server-side -k "$root/deploy/kind/$target"
if [ "$target" = moto ]; then
  k -n moto rollout status deployment/moto --timeout=180s
fi
k -n ecs-bridge-system rollout status deployment/ecs-bridge --timeout=180s

cat >&2 <<NEXT
kind-up: ecs-bridge is running in kind-$cluster against ${target}.

  kubectl --context $context -n ecs-bridge-system logs deploy/ecs-bridge -f
  kubectl --context $context apply -f examples/task-definitions/sample-fargate.yaml
  kubectl --context $context get ecs -A
NEXT
if [ "$target" = moto ]; then
  cat >&2 <<NEXT

moto starts empty. The examples' ECS clusters come from their EcsCluster objects:
  kubectl --context $context apply -f examples/clusters/demo-fargate.yaml
Their subnets and security group do not exist there; create a network in moto and use its ids:
  kubectl --context $context -n moto port-forward svc/moto 5000:5000 &
  aws --endpoint-url http://localhost:5000 --region us-east-1 ec2 describe-subnets
NEXT
fi

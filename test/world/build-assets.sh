#!/usr/bin/env bash
# Builds kube-apiserver, etcd and kubectl from the Go module proxy into a cache folder.
#
# Release downloads are not reachable from our machines, so we build what envtest would download:
# a throwaway wrapper module requires k8s.io/kubernetes at the pinned version and replaces every
# staging module (required at v0.0.0 by k8s.io/kubernetes) with its published v0.Y.Z. The list of
# staging modules is read from the chosen version's own go.mod, not hard-coded
# (kubernetes/kubernetes#79384, golang/go#32776). etcd is built from the version k8s.io/kubernetes
# itself pins, so the pair is one Kubernetes has tested together.
#
# Usage: build-assets.sh <kubernetes-version> <output-dir>
# Every step logs to <output-dir>.build/<step>.log; a failure names the step and keeps its log.
set -euo pipefail

k8s_version=${1:?usage: build-assets.sh <kubernetes-version, e.g. v1.34.4> <output-dir>}
out_dir=${2:?usage: build-assets.sh <kubernetes-version> <output-dir>}
work_dir="${out_dir}.build"
minor=${k8s_version#v1.}
staging_version="v0.${minor}"

if ! command -v go >/dev/null 2>&1; then
  echo "build-assets: Go not found. Install Go 1.24+ (https://go.dev/dl/) or set KUBEBUILDER_ASSETS to a folder holding kube-apiserver, etcd and kubectl." >&2
  exit 127
fi

rm -rf "$work_dir"
mkdir -p "$work_dir"
cd "$work_dir"

step() {
  local name=$1; shift
  local log="$work_dir/$name.log"
  local started=$SECONDS
  echo "build-assets: $name ..." >&2
  if ! "$@" >"$log" 2>&1; then
    echo "build-assets: step '$name' failed; its log is kept at $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
  echo "build-assets: $name done in $((SECONDS - started))s" >&2
}

step download-kubernetes go mod download -json "k8s.io/kubernetes@${k8s_version}"
gomod=$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p' "$work_dir/download-kubernetes.log")
[ -f "$gomod" ] || { echo "build-assets: could not find go.mod of k8s.io/kubernetes@${k8s_version}" >&2; exit 1; }
go_directive=$(sed -n 's/^go \([0-9.]*\)$/\1/p' "$gomod" | head -n 1)

{
  echo "module ecs-bridge.dev/test-world-assets"
  echo
  echo "go ${go_directive}"
  echo
  echo "require k8s.io/kubernetes ${k8s_version}"
  echo
  echo "replace ("
  # Lines like `k8s.io/api => ./staging/src/k8s.io/api` become `k8s.io/api => k8s.io/api v0.34.4`.
  sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/k8s\.io/[a-z0-9-]*$#\t\1 => \1 '"${staging_version}"'#p' "$gomod"
  echo ")"
} > go.mod
cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO

step resolve-modules go mod tidy -e
ldflags="-s -w -X k8s.io/component-base/version.gitVersion=${k8s_version} -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=${minor%%.*} -X k8s.io/component-base/version.gitTreeState=clean -X k8s.io/client-go/pkg/version.gitVersion=${k8s_version}"
mkdir -p bin
export CGO_ENABLED=0
step build-kube-apiserver go build -trimpath -ldflags "$ldflags" -o bin/kube-apiserver k8s.io/kubernetes/cmd/kube-apiserver
step build-kubectl go build -trimpath -ldflags "$ldflags" -o bin/kubectl k8s.io/kubernetes/cmd/kubectl
step build-etcd go build -trimpath -ldflags "-s -w" -o bin/etcd go.etcd.io/etcd/server/v3

rm -rf "$out_dir"
mv bin "$out_dir"
echo "build-assets: binaries in $out_dir" >&2

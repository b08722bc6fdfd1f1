#!/usr/bin/env bash
# Runs a command on the project's Node.js: the version in .nvmrc (or ECS_BRIDGE_NODE_VERSION).
#
#   bash scripts/use-node.sh <command> [args...]     run it with that Node first on PATH
#   eval "$(bash scripts/use-node.sh --print-path)"  put that Node first on this shell's PATH
#
# When the Node on PATH is already of that major line and at least that version (or exactly the
# requested version, with ECS_BRIDGE_NODE_VERSION), nothing is fetched. Otherwise the official build
# is fetched once from the npm registry, where it is published as node-linux-<arch>, checked against
# the integrity pinned in scripts/node-toolchain.lock, and unpacked into
# ${XDG_CACHE_HOME:-~/.cache}/ecs-bridge/node/<version>-<platform>/. Nothing is downloaded from
# anywhere else, and nothing outside that folder is changed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pinned=$(tr -d ' v\n\r' <"$root/.nvmrc")
want=${ECS_BRIDGE_NODE_VERSION:-$pinned}
want=${want#v}
exact=${ECS_BRIDGE_NODE_VERSION:+yes}

print_path=no
if [ "${1:-}" = "--print-path" ]; then
  print_path=yes
  shift
elif [ $# -eq 0 ]; then
  echo "usage: use-node.sh <command> [args...] | --print-path" >&2
  exit 2
fi

# "a.b.c" >= "x.y.z"?
version_at_least() {
  local IFS=.
  local -a a=($1) b=($2)
  for i in 0 1 2; do
    if ((${a[i]:-0} > ${b[i]:-0})); then return 0; fi
    if ((${a[i]:-0} < ${b[i]:-0})); then return 1; fi
  done
  return 0
}

current_fits() {
  local have
  have=$(node --version 2>/dev/null) || return 1
  have=${have#v}
  if [ -n "$exact" ]; then
    [ "$have" = "$want" ]
  else
    [ "${have%%.*}" = "${want%%.*}" ] && version_at_least "$have" "$want"
  fi
}

node_dir=""
if ! current_fits; then
  case "$(uname -m)" in
    x86_64 | amd64) platform=linux-x64 ;;
    aarch64 | arm64) platform=linux-arm64 ;;
    *)
      echo "use-node: no Node build for $(uname -s)/$(uname -m) in scripts/node-toolchain.lock; install Node $want yourself and put it first on PATH" >&2
      exit 1
      ;;
  esac
  integrity=$(awk -v v="$want" -v p="$platform" '$1 == v && $2 == p { print $3 }' "$root/scripts/node-toolchain.lock")
  if [ -z "$integrity" ]; then
    echo "use-node: Node $want for $platform is not pinned in scripts/node-toolchain.lock (add its integrity: npm view node-$platform@$want dist.integrity)" >&2
    exit 1
  fi
  cache=${XDG_CACHE_HOME:-$HOME/.cache}/ecs-bridge/node
  node_dir=$cache/$want-$platform
  if [ ! -x "$node_dir/bin/node" ]; then
    mkdir -p "$cache"
    # One fetch at a time: parallel test runs on one machine share the cache.
    exec 9>"$cache/.lock"
    flock 9
    if [ ! -x "$node_dir/bin/node" ]; then
      echo "use-node: fetching Node $want ($platform) from the npm registry into $node_dir (first run only)" >&2
      tmp=$(mktemp -d "$cache/.fetch.XXXXXX")
      trap 'rm -rf "$tmp"' EXIT
      # npm checks the tarball against the registry's integrity; we also check the registry's
      # answer against the integrity we pinned, so a changed package is refused.
      got=$(cd "$tmp" && npm pack --silent --json "node-$platform@$want" | node -e '
        let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
          const [p] = JSON.parse(s); process.stdout.write(`${p.integrity} ${p.filename}`);
        });')
      if [ "${got%% *}" != "$integrity" ]; then
        echo "use-node: node-$platform@$want has integrity ${got%% *}, expected $integrity; refusing it" >&2
        exit 1
      fi
      mkdir -p "$tmp/unpacked"
      tar -xzf "$tmp/${got#* }" -C "$tmp/unpacked"
      "$tmp/unpacked/package/bin/node" --version >/dev/null
      rm -rf "$node_dir"
      mv "$tmp/unpacked/package" "$node_dir"
    fi
    flock -u 9
  fi
fi

if [ "$print_path" = yes ]; then
  if [ -n "$node_dir" ]; then
    printf 'export PATH=%q:"$PATH"\n' "$node_dir/bin"
  fi
  exit 0
fi
if [ -n "$node_dir" ]; then
  export PATH="$node_dir/bin:$PATH"
fi
exec "$@"

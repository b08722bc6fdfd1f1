#!/usr/bin/env bash
# `npm run sandbox` entry: like world.sh, hands `--env-file` past Node 20's own parser.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
args=()
for arg in "$@"; do
  case $arg in
    --env-file) arg=--write-env-file ;;
    --env-file=*) arg="--write-env-file=${arg#--env-file=}" ;;
  esac
  args+=("$arg")
done
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
exec node --import tsx "$here/sandbox.ts" "${args[@]}"

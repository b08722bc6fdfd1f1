#!/usr/bin/env bash
# Entry of `npm run world` and `npm run sandbox`: runs a TypeScript program of this folder with tsx.
# Node 20 reads `--env-file` anywhere on its command line, even after the script name, and then
# fails on the missing file (fixed in Node 22), so the documented `--env-file <path>` is handed to
# the program as `--write-env-file`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
program=${1:?usage: node-entry.sh <program.ts> [args...]}
shift
args=()
for arg in "$@"; do
  case $arg in
    --env-file) arg=--write-env-file ;;
    --env-file=*) arg="--write-env-file=${arg#--env-file=}" ;;
  esac
  args+=("$arg")
done
# We pin the SDK on purpose (ADR 0002); its Node-version notice is noise here.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
exec node --import tsx "$here/$program" "${args[@]}"

#!/usr/bin/env bash
# `npm run world` entry. Node 20 reads `--env-file` anywhere on its command line, even after the
# script name (nodejs/node#50993 family; fixed in Node 22), and then fails on the missing file.
# So the documented `--env-file <path>` is handed to the CLI under another name.
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
exec node --import tsx "$here/cli.ts" "${args[@]}"

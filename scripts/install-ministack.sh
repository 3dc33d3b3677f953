#!/usr/bin/env bash
# Creates .venv-ministack with a pinned ministack (MIT), the embedded stack's DynamoDB engine.
# Its own venv because ministack pins botocore exactly, and moto's venv wants another.
set -euo pipefail
MINISTACK_VERSION="${MINISTACK_VERSION:-1.5.33}"
# duckdb makes ministack's Athena execute SQL (without it a SELECT answers a fake row marked
# SUCCEEDED); 1.5.6 is the engine version of @duckdb/node-api.
DUCKDB_VERSION="${DUCKDB_VERSION:-1.5.6}"
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/pinned-venv.sh"
venv="$root/.venv-ministack"
pinned_venv install-ministack "$venv" ministack "$MINISTACK_VERSION"
if [ "$(installed_version "$venv" duckdb)" != "$DUCKDB_VERSION" ]; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "duckdb==$DUCKDB_VERSION"
fi
echo "install-ministack: ministack $(installed_version "$venv" ministack), duckdb $(installed_version "$venv" duckdb)"

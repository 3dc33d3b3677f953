#!/usr/bin/env bash
# Creates .venv-ministack with a pinned ministack (MIT), the embedded stack's DynamoDB engine.
# Its own venv because ministack pins botocore exactly, and moto's venv wants another.
set -euo pipefail
MINISTACK_VERSION="${MINISTACK_VERSION:-1.5.33}"
# duckdb makes ministack's Athena execute SQL (without it a SELECT answers a fake row marked
# SUCCEEDED); 1.5.6 is the engine version of @duckdb/node-api.
DUCKDB_VERSION="${DUCKDB_VERSION:-1.5.6}"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-ministack"
installed() { "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("ministack"))' 2>/dev/null; }
if [ "$(installed)" != "$MINISTACK_VERSION" ]; then
  command -v python3 >/dev/null || { echo "install-ministack: python3 is needed (apt-get install python3 python3-venv)" >&2; exit 1; }
  echo "install-ministack: creating .venv-ministack with ministack==$MINISTACK_VERSION..."
  python3 -m venv "$venv" || { echo "install-ministack: python3 -m venv failed: apt-get install python3-venv" >&2; exit 1; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "ministack==$MINISTACK_VERSION"
fi
duckdb_installed() { "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("duckdb"))' 2>/dev/null; }
if [ "$(duckdb_installed)" != "$DUCKDB_VERSION" ]; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check "duckdb==$DUCKDB_VERSION"
fi
echo "install-ministack: ministack $(installed), duckdb $(duckdb_installed)"

#!/usr/bin/env bash
# Installs a pinned schemathesis (MIT) into its own venv, kept in ~/.cache/participation-harness
# so that a second setup (or CI on the same machine) does not reinstall it, and links it as
# .venv-schemathesis. `make test` runs it against the ingest's GET /openapi.json. Idempotent.
set -euo pipefail
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${PARTICIPATION_HARNESS_CACHE:-$HOME/.cache/participation-harness}"
python="$(command -v python3 || true)"
[ -n "$python" ] || { echo "install-schemathesis: python3 is needed (apt-get install python3 python3-venv)" >&2; exit 1; }
pyver="$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
venv="$cache/schemathesis-$SCHEMATHESIS_VERSION-py$pyver"
installed() { "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null; }
if [ "$(installed)" != "$SCHEMATHESIS_VERSION" ]; then
  echo "install-schemathesis: creating $venv with schemathesis==$SCHEMATHESIS_VERSION on Python $pyver..."
  rm -rf "$venv"; mkdir -p "$cache"
  "$python" -m venv "$venv" || { echo "install-schemathesis: python3 -m venv failed: apt-get install python3-venv" >&2; exit 1; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
ln -sfn "$venv" "$root/.venv-schemathesis"
echo "install-schemathesis: schemathesis $(installed) (Python $pyver) in .venv-schemathesis"

#!/usr/bin/env bash
# Installs a pinned schemathesis (MIT) into its own venv, kept in ~/.cache/participation-harness
# so that a second setup (or CI on the same machine) does not reinstall it, and links it as
# .venv-schemathesis. `make test` runs it against the ingest's GET /openapi.json. Idempotent.
set -euo pipefail
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/pinned-venv.sh"
python="$(command -v python3 || true)"
require_python install-schemathesis "$python"
pyver="$(python_minor "$python")"
venv="$harness_cache/schemathesis-$SCHEMATHESIS_VERSION-py$pyver"
pinned_venv install-schemathesis "$venv" schemathesis "$SCHEMATHESIS_VERSION"
ln -sfn "$venv" "$root/.venv-schemathesis"
echo "install-schemathesis: schemathesis $(installed_version "$venv" schemathesis) (Python $pyver) in .venv-schemathesis"

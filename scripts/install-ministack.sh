#!/usr/bin/env bash
# Creates .venv-ministack with a pinned ministack (MIT), the embedded stack's DynamoDB engine.
# Its own venv because ministack pins botocore exactly, and moto's venv wants another.
set -euo pipefail
MINISTACK_VERSION="${MINISTACK_VERSION:-1.5.33}"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-ministack"
installed() { "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("ministack"))' 2>/dev/null; }
if [ "$(installed)" != "$MINISTACK_VERSION" ]; then
  command -v python3 >/dev/null || { echo "install-ministack: python3 is needed (apt-get install python3 python3-venv)" >&2; exit 1; }
  echo "install-ministack: creating .venv-ministack with ministack==$MINISTACK_VERSION..."
  python3 -m venv "$venv" || { echo "install-ministack: python3 -m venv failed: apt-get install python3-venv" >&2; exit 1; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "ministack==$MINISTACK_VERSION"
fi
echo "install-ministack: ministack $(installed)"

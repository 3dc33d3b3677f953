#!/usr/bin/env bash
# Creates the project-local Python venv with a pinned moto server (EventBridge, CloudWatch).
set -euo pipefail
MOTO_VERSION="${MOTO_VERSION:-5.2.5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
if [ "$("$venv/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null)" != "$MOTO_VERSION" ]; then
  command -v python3 >/dev/null || { echo "install-moto: python3 is needed (apt-get install python3 python3-venv)" >&2; exit 1; }
  echo "install-moto: creating .venv with moto[server]==$MOTO_VERSION..."
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi
echo "install-moto: moto $("$venv/bin/python" -c 'import moto; print(moto.__version__)')"

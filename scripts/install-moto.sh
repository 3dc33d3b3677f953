#!/usr/bin/env bash
# Creates the project-local Python venv with a pinned moto server (EventBridge, CloudWatch).
set -euo pipefail
MOTO_VERSION="${MOTO_VERSION:-5.2.5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/pinned-venv.sh"
venv="$root/.venv"
pinned_venv install-moto "$venv" moto "$MOTO_VERSION" "moto[server]==$MOTO_VERSION"
echo "install-moto: moto $(installed_version "$venv" moto)"

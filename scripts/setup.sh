#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine: Java check (and install where apt can),
# Node 22, npm packages, the moto venv and k6. Idempotent; each step says what it does.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { printf '\n==> %s\n' "$*"; }

step "Java 17 for DynamoDB Local"
if ! bash scripts/check-java.sh 2>/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  fi
  bash scripts/check-java.sh
fi

step "redis-server 7 (Debian packages; never started as a service)"
bash scripts/install-redis.sh

step "Node 22 LTS from the npm registry"
bash scripts/install-node.sh
export PATH="$root/.tools/bin:$PATH"

step "npm packages (from package-lock.json)"
# `npm install`, not `npm ci`: npm 11.19 writes lock files without the other platforms' optional
# packages (Biome's) and then its own `npm ci` refuses them as out of sync. The lock still pins
# every version that gets installed.
npm install --no-audit --no-fund --loglevel=error

step "moto server in .venv"
bash scripts/install-moto.sh

step "k6"
bash scripts/install-k6.sh

printf '\nsetup: done. Node %s, k6 and emulators are ready.\n' "$(node --version)"

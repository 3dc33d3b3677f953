#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine: redis-server, Node 22, npm packages,
# the ministack venv (DynamoDB) and the moto venv (EventBridge, CloudWatch). Idempotent; each
# step says what it does. Nothing here installs k6 or Java: the load driver is our own.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { printf '\n==> %s\n' "$*"; }

step "redis-server 7 (Debian packages; never started as a service)"
bash scripts/install-redis.sh

step "wrk (Debian package; the baseline of the load-driver bench)"
bash scripts/install-wrk.sh

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

step "ministack in .venv-ministack (the DynamoDB engine)"
bash scripts/install-ministack.sh

step "localstack-core in .venv-localstack (cached in ~/.cache/participation-harness)"
bash scripts/install-localstack.sh

step "cfn-lint in .venv-cfn-lint (validates the CloudFormation template)"
bash scripts/install-cfn-lint.sh

printf '\nsetup: done. Node %s and the emulators are ready.\n' "$(node --version)"

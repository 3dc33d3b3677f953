#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine: redis-server, chromium (the report check),
# Node 22, npm packages, the ministack venv (DynamoDB), the moto venv (EventBridge, CloudWatch) and actionlint. Idempotent; each
# step says what it does. Nothing here installs k6 or Java: the load driver is our own.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { printf '\n==> %s\n' "$*"; }

step "redis-server 7 (Debian packages; never started as a service)"
bash scripts/install-redis.sh

step "wrk (Debian package; the baseline of the load-driver bench)"
bash scripts/install-wrk.sh

step "chromium and fonts (Debian packages; the browser check of report.html)"
bash scripts/install-chromium.sh

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

step "schemathesis in .venv-schemathesis (the OpenAPI contract check of make test; cached in ~/.cache/participation-harness)"
bash scripts/install-schemathesis.sh

step "cfn-lint in .venv-cfn-lint (validates the CloudFormation template)"
bash scripts/install-cfn-lint.sh

step "actionlint (Go module proxy, cached in ~/.cache/participation-harness; checks the CI workflow)"
bash scripts/install-actionlint.sh

printf '\nsetup: done. Node %s and the emulators are ready.\n' "$(node --version)"

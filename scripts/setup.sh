#!/usr/bin/env bash
# Installs everything the project needs on a fresh machine: redis-server, chromium (the report check),
# Node 22, npm packages, the ministack venv (DynamoDB), the moto venv (EventBridge, CloudWatch) and actionlint. Idempotent; each
# step says what it does. Nothing here installs k6 or Java: the load driver is our own.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
step() { printf '\n==> %s\n' "$*"; }

# install NAME HEADING [NAME HEADING ...]: runs scripts/install-NAME.sh under each heading, in order.
install() {
  while [ $# -gt 0 ]; do
    step "$2"
    bash "scripts/install-$1.sh"
    shift 2
  done
}

install \
  redis "redis-server 7 (Debian packages; never started as a service)" \
  wrk "wrk (Debian package; the baseline of the load-driver bench)" \
  chromium "chromium and fonts (Debian packages; the browser check of report.html)" \
  node "Node 22 LTS from the npm registry"
export PATH="$root/.tools/bin:$PATH"

step "npm packages (from package-lock.json)"
# `npm install`, not `npm ci`: npm 11.19 writes lock files without the other platforms' optional
# packages (Biome's) and then its own `npm ci` refuses them as out of sync. The lock still pins
# every version that gets installed.
npm install --no-audit --no-fund --loglevel=error

install \
  moto "moto server in .venv" \
  ministack "ministack in .venv-ministack (the DynamoDB engine)" \
  localstack "localstack-core in .venv-localstack (cached in ~/.cache/participation-harness)" \
  schemathesis "schemathesis in .venv-schemathesis (the OpenAPI contract check of make test; cached in ~/.cache/participation-harness)" \
  cfn-lint "cfn-lint in .venv-cfn-lint (validates the CloudFormation template)" \
  actionlint "actionlint (Go module proxy, cached in ~/.cache/participation-harness; checks the CI workflow)"

printf '\nsetup: done. Node %s and the emulators are ready.\n' "$(node --version)"

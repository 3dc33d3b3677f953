#!/usr/bin/env bash
# Creates .venv-cfn-lint with a pinned cfn-lint (MIT-0), which validates the rendered
# CloudFormation template offline (stack/cloudformation, `make test`).
set -euo pipefail
CFN_LINT_VERSION="${CFN_LINT_VERSION:-1.58.0}"
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/pinned-venv.sh"
venv="$root/.venv-cfn-lint"
pinned_venv install-cfn-lint "$venv" cfn-lint "$CFN_LINT_VERSION"
echo "install-cfn-lint: cfn-lint $(installed_version "$venv" cfn-lint)"

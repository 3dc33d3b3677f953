#!/usr/bin/env bash
# Creates .venv-cfn-lint with a pinned cfn-lint (MIT-0), which validates the rendered
# CloudFormation template offline (stack/cloudformation, `make test`).
set -euo pipefail
CFN_LINT_VERSION="${CFN_LINT_VERSION:-1.58.0}"
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv-cfn-lint"
installed() { "$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("cfn-lint"))' 2>/dev/null; }
if [ "$(installed)" != "$CFN_LINT_VERSION" ]; then
  command -v python3 >/dev/null || { echo "install-cfn-lint: python3 is needed (apt-get install python3 python3-venv)" >&2; exit 1; }
  echo "install-cfn-lint: creating .venv-cfn-lint with cfn-lint==$CFN_LINT_VERSION..."
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
fi
echo "install-cfn-lint: cfn-lint $(installed)"

#!/usr/bin/env bash
# Installs a pinned localstack-core (Apache-2.0) into its own venv, kept in
# ~/.cache/participation-harness so that CI on the same machine does not reinstall it, and links
# it as .venv-localstack. The 2026 release needs Python 3.13 (pyenv's 3.13.0 when present);
# otherwise 4.9.2 on Python 3.11. Newer transitive packages break LocalStack (cbor2 6, pyOpenSSL
# 26.4), so pip resolves with an upload-date cutoff and the lock in localstack/ constrains it.
# The CLI package `localstack` is never installed: it refuses to start without an account.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
source "$root/scripts/pinned-venv.sh"
py313="$( (pyenv root 2>/dev/null || echo "$HOME/.pyenv") | head -n1)/versions/3.13.0/bin/python3"
if [ -x "$py313" ]; then
  python="$py313"; version=2026.3.0; cutoff=2026-04-15T00:00:00Z
else
  python="$(command -v python3.11 || command -v python3 || true)"; version=4.9.2; cutoff=2025-11-01T00:00:00Z
fi
require_python install-localstack "$python"
pyver="$(python_minor "$python")"
lock="$root/localstack/requirements-$version-py$pyver.lock"
venv="$harness_cache/localstack-core-$version-py$pyver"
if [ "$(installed_version "$venv" localstack-core)" != "$version" ]; then
  echo "install-localstack: creating $venv with localstack-core[runtime]==$version on Python $pyver..."
  rm -rf "$venv"; mkdir -p "$harness_cache"
  "$python" -m venv "$venv"
  # pip >= 26 knows --uploaded-prior-to; the pip itself is pinned.
  "$venv/bin/pip" install --quiet --disable-pip-version-check 'pip==26.0.1'
  constraint=(); [ -f "$lock" ] && constraint=(-c "$lock")
  "$venv/bin/pip" install --quiet --disable-pip-version-check --uploaded-prior-to "$cutoff" \
    "${constraint[@]}" "localstack-core[runtime]==$version"
  "$venv/bin/pip" freeze --exclude-editable | grep -v '^pip==' > "$lock.new"
  if [ -f "$lock" ] && ! cmp -s "$lock" "$lock.new"; then
    echo "install-localstack: the resolved set differs from $lock (kept the lock; see $lock.new)" >&2
  else
    mv "$lock.new" "$lock"
  fi
fi
ln -sfn "$venv" "$root/.venv-localstack"
echo "install-localstack: localstack-core $(installed_version "$venv" localstack-core) (Python $pyver) in .venv-localstack"

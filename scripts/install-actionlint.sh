#!/usr/bin/env bash
# Installs actionlint (the GitHub Actions workflow checker `make test` runs on
# .github/workflows/) from the Go module proxy, built once per machine and cached in
# ~/.cache/participation-harness, linked into .tools/bin. Idempotent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version=v1.7.12
cache="${XDG_CACHE_HOME:-$HOME/.cache}/participation-harness/actionlint-$version"
mkdir -p "$root/.tools/bin"

if [ ! -x "$cache/actionlint" ]; then
  go_bin="$(command -v go || true)"
  [ -z "$go_bin" ] && [ -x /usr/local/go/bin/go ] && go_bin=/usr/local/go/bin/go
  if [ -z "$go_bin" ]; then
    echo "actionlint needs Go to build (Debian: apt-get install golang), or put actionlint $version on the PATH" >&2
    exit 1
  fi
  echo "building actionlint $version from the Go module proxy (once per machine)"
  # A temporary GOBIN, moved into place whole: an interrupted build leaves no half binary.
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  GOBIN="$tmp" GOFLAGS=-modcacherw "$go_bin" install "github.com/rhysd/actionlint/cmd/actionlint@$version"
  mkdir -p "$cache"
  mv "$tmp/actionlint" "$cache/actionlint"
fi

ln -sf "$cache/actionlint" "$root/.tools/bin/actionlint"
echo "actionlint: $("$root/.tools/bin/actionlint" -version | head -n1)"

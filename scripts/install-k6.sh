#!/usr/bin/env bash
# Builds real k6 from the Go module proxy into a per-machine cache, then links it into .tools/bin.
# The build takes minutes on 2 cores, so the binary is cached outside the clone (CI clones afresh).
set -euo pipefail
K6_VERSION="${K6_VERSION:-v1.8.1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${PARTICIPATION_HARNESS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/participation-harness}/k6-${K6_VERSION}"
mkdir -p "$root/.tools/bin"
if [ ! -x "$cache/k6" ]; then
  command -v go >/dev/null || { echo "install-k6: Go is needed to build k6 (apt-get install golang or use the machine's Go)" >&2; exit 1; }
  echo "install-k6: building k6 ${K6_VERSION} with go install (first time only, several minutes)..."
  mkdir -p "$cache"
  GOBIN="$cache.tmp" GOFLAGS=-mod=mod CGO_ENABLED=0 go install "go.k6.io/k6@${K6_VERSION}"
  mv "$cache.tmp/k6" "$cache/k6" && rmdir "$cache.tmp"
fi
ln -sf "$cache/k6" "$root/.tools/bin/k6"
echo "install-k6: $("$root/.tools/bin/k6" version | head -1)"

#!/usr/bin/env bash
# Installs wrk (Apache-2.0, Debian's package): `make bench` measures the harness's load driver
# against it on the same trivial endpoint. Only the bench needs it; nothing else runs wrk.
set -euo pipefail

if command -v wrk >/dev/null; then
  echo "wrk: $(wrk --version 2>&1 | head -n1)"
  exit 0
fi
if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if ! command -v wrk >/dev/null; then
  # Not fatal: everything but the driver-vs-wrk bench works without it.
  echo "wrk is missing (apt-get install wrk): only the load-driver bench of make bench needs it" >&2
  exit 0
fi
echo "wrk: $(wrk --version 2>&1 | head -n1)"

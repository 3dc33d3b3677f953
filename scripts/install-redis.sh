#!/usr/bin/env bash
# Installs redis-server 7 (and redis-cli, redis-benchmark) from the distribution's packages.
# Idempotent. The system service is never started: the gate's tests, scenario and bench start
# their own redis-server as a child process on a free loopback port (--save '' --appendonly no).
set -euo pipefail

if command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null; then
  echo "redis: $(redis-server --version | head -n1)"
  exit 0
fi

if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  # policy-rc.d answering 101 keeps dpkg from starting the packaged redis-server service.
  created_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    created_policy=1
  fi
  trap '[ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get update -qq && apt-get install -y -qq redis-server redis-tools >/dev/null
fi

if ! command -v redis-server >/dev/null; then
  echo "redis-server is missing: install redis-server and redis-tools (Debian 12: apt-get install redis-server redis-tools)" >&2
  exit 1
fi
echo "redis: $(redis-server --version | head -n1)"

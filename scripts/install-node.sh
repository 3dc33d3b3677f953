#!/usr/bin/env bash
# Installs Node 22 LTS from the npm registry (the node-linux-<arch> package ships the official
# binary) into .tools/node22, so every script runs on the same Node whatever the machine has.
set -euo pipefail
NODE_VERSION="${NODE_VERSION:-22.23.3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/.tools/node22"
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "install-node: no Node 22 package for $(uname -m)" >&2; exit 1 ;;
esac
bin="$dir/node_modules/node-linux-$arch/bin"
if [ "$("$bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  echo "install-node: installing node-linux-$arch@$NODE_VERSION from the npm registry..."
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "node-linux-$arch@$NODE_VERSION"
fi
mkdir -p "$root/.tools/bin"
ln -sf "$bin/node" "$root/.tools/bin/node"
echo "install-node: $("$root/.tools/bin/node" --version)"

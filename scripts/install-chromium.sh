#!/usr/bin/env bash
# Installs headless Chromium from the distribution's packages, for the report's browser check
# (reports/browser/). Idempotent. Without root or apt-get it says what to install and fails:
# the check cannot be done without a real browser, and a silent skip would read as a pass.
set -euo pipefail

find_chromium() { command -v chromium || command -v chromium-browser || true; }
korean_font() { [ -d /usr/share/fonts/truetype/nanum ] || fc-list 2>/dev/null | grep -qi 'nanum\|cjk'; }

if [ -n "$(find_chromium)" ] && korean_font; then
  echo "chromium: $("$(find_chromium)" --version 2>/dev/null | head -n1)"
  exit 0
fi

if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  # fonts-dejavu-core: the charts' text needs a font in the browser and in the PNG renderer;
  # fonts-nanum: the Korean report (REPORT_LANG=ko) prints boxes without a Korean font.
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core fonts-nanum >/dev/null
fi

if [ -z "$(find_chromium)" ]; then
  echo "chromium is missing: install it (Debian 12: apt-get install chromium) for the report's browser check" >&2
  exit 1
fi
echo "chromium: $("$(find_chromium)" --version 2>/dev/null | head -n1)"

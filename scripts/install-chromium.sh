#!/usr/bin/env bash
# Installs headless Chromium and the fonts the reports need from the distribution's packages, for
# the report's browser check (reports/browser/). Idempotent. A Chrome or Chromium already on the
# PATH is used as it is (GitHub's Ubuntu runners ship Google Chrome; Ubuntu's chromium package
# is a snap stub). Without root or apt-get it says what to install and fails: the check cannot
# be done without a real browser, and a silent skip would read as a pass.
set -euo pipefail

find_chromium() {
  command -v chromium || command -v chromium-browser || command -v google-chrome-stable || command -v google-chrome || true
}
# fonts-nanum: the Korean report (REPORT_LANG=ko) prints boxes without a Korean font.
korean_font() { [ -d /usr/share/fonts/truetype/nanum ] || fc-list 2>/dev/null | grep -qi 'nanum\|cjk'; }
# fonts-dejavu-core: the charts name DejaVu Sans, in the browser and in the PNG renderer.
dejavu_font() { [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; }

packages=()
[ -n "$(find_chromium)" ] || packages+=(chromium)
korean_font || packages+=(fonts-nanum)
dejavu_font || packages+=(fonts-dejavu-core)

if [ "${#packages[@]}" -gt 0 ] && command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
fi

if [ -z "$(find_chromium)" ]; then
  echo "chromium is missing: install it (Debian 12: apt-get install chromium) for the report's browser check" >&2
  exit 1
fi
korean_font || echo "chromium: no Korean font (apt-get install fonts-nanum): a Korean report would show boxes" >&2
echo "chromium: $("$(find_chromium)" --version 2>/dev/null | head -n1)"

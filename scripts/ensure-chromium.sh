#!/usr/bin/env bash
# Makes sure headless Chromium is installed for the browser-tagged report test (ReportBrowserTest), and a Japanese font
# for its screenshot. Idempotent: installs nothing when both are present. Debian packages: `chromium`
# (/usr/bin/chromium, required) and `fonts-noto-cjk` (best effort: without it the test still passes, but Japanese file
# names render as empty boxes in the screenshot).
set -euo pipefail

need_chromium=false
need_font=false
command -v chromium >/dev/null 2>&1 || need_chromium=true
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=ja 2>/dev/null | head -1)" ]; then
  need_font=true
fi
if ! $need_chromium && ! $need_font; then
  echo "ensure-chromium: $(chromium --version 2>/dev/null || echo chromium) and a Japanese font are present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  if $need_chromium; then
    echo "ensure-chromium: chromium is missing and neither root nor password-less sudo is available to install it" >&2
    exit 1
  fi
  echo "ensure-chromium: no Japanese font, and no root to install fonts-noto-cjk; screenshots will show boxes for Japanese" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive

# install PACKAGE...; a stale package list is the usual reason an install fails, so retry once after an update
install() {
  "${as_root[@]}" apt-get install -y --no-install-recommends "$@" \
    || { "${as_root[@]}" apt-get update && "${as_root[@]}" apt-get install -y --no-install-recommends "$@"; }
}

if $need_chromium; then
  echo "ensure-chromium: installing chromium"
  install chromium
  command -v chromium >/dev/null 2>&1 || { echo "ensure-chromium: chromium is still missing after the install" >&2; exit 1; }
fi
if $need_font; then
  echo "ensure-chromium: installing fonts-noto-cjk (a Japanese font for the screenshot)"
  install fonts-noto-cjk || echo "ensure-chromium: could not install fonts-noto-cjk; screenshots will show boxes for Japanese" >&2
fi
echo "ensure-chromium: $(chromium --version 2>/dev/null)"

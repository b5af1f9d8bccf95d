#!/usr/bin/env bash
# Makes sure headless Chromium and a Japanese font are installed, for the browser-tagged report test
# (ReportBrowserTest). Idempotent: installs nothing when both are present. Uses Debian's packages:
# `chromium` (/usr/bin/chromium) and `fonts-noto-cjk` (without it, Japanese file names render as empty boxes).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=ja 2>/dev/null | head -1)" ]; then
  missing+=(fonts-noto-cjk)
fi
if [ ${#missing[@]} -eq 0 ]; then
  echo "ensure-chromium: $(chromium --version 2>/dev/null || echo chromium) and a Japanese font are present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo -n)
else
  echo "ensure-chromium: ${missing[*]} missing and neither root nor sudo available" >&2
  exit 1
fi
echo "ensure-chromium: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# a stale package list is the usual reason an install fails; retry once after an update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}" \
  || { "${as_root[@]}" apt-get update && "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; }
command -v chromium >/dev/null 2>&1 || { echo "ensure-chromium: chromium is still missing after the install" >&2; exit 1; }
echo "ensure-chromium: $(chromium --version 2>/dev/null)"

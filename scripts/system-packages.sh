#!/usr/bin/env bash
# System packages casetrail needs: CJK fonts (documents), HarfBuzz subsetting (fast PDF fonts),
# poppler-utils (PDF checks in tests), chromium + chromedriver (browser tests), nodejs + npm (the
# workbench's front-end packages, `make node`).
# Installs them when run as root; otherwise prints the exact command.
set -euo pipefail
PACKAGES=(fonts-noto-cjk libharfbuzz-subset0 poppler-utils fontconfig chromium chromium-driver)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# Any npm will do (a NodeSource nodejs bundles its own; Debian's nodejs needs the npm package).
command -v npm >/dev/null || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "Missing system packages. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

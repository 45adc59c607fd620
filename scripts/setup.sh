#!/usr/bin/env bash
# Installs the Debian 12 packages the kiosk needs to build, test and run.
# Idempotent and silent when everything is already installed: it asks dpkg which packages
# are missing and only then runs apt-get (as root, or through sudo).
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake pkg-config ninja-build clang-format
  # libraries
  libsdl2-dev libimgui-dev libicu-dev libfreetype-dev libharfbuzz-dev
  libcurl4-openssl-dev doctest-dev libpng-dev nlohmann-json3-dev libmd4c-dev
  libtomlplusplus-dev libsodium-dev libqrencode-dev libstb-dev
  # speech (read aloud)
  libespeak-ng-dev espeak-ng-data
  # fonts (Japanese/Chinese/Korean faces and the Noto core set for other scripts)
  fonts-noto-cjk fonts-noto-core
  # headless display and end-to-end tools
  xvfb xauth xdotool x11-utils imagemagick zbar-tools
  # reference shapers for text tests, GNU time for peak RSS in bench/
  libharfbuzz-bin pango1.0-tools time
  # the Pango comparison in bench/text, python3 for the benchmark corpora
  libpango1.0-dev python3
)

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$pkg")
done
((${#missing[@]} == 0)) && exit 0

echo "setup: installing ${#missing[@]} missing package(s): ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: apt-get not found; this script expects Debian 12 (bookworm)" >&2
  exit 1
fi
sudo=()
if ((EUID != 0)); then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "setup: not root and sudo is not installed; install as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"

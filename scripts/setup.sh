#!/usr/bin/env bash
# Installs the Debian 12 packages the kiosk needs to build, test and run.
# Idempotent and silent when everything is already installed: it asks dpkg which packages
# are missing and only then runs apt-get (as root, or through sudo).
# Slim images strip /usr/share/doc, where libimgui-dev keeps the ImGui SDL_Renderer
# backend source the build needs; then the same package version is extracted into
# ${KIOSK_DEPS_CACHE:-${XDG_CACHE_HOME:-~/.cache}/kiosk}/libimgui-dev, where CMake
# (cmake/ImguiBackend.cmake) looks for it. KIOSK_IMGUI_DOC_DIR overrides the
# /usr/share/doc location checked, to simulate a slim image.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake pkg-config ninja-build clang-format
  # libraries
  libsdl2-dev libimgui-dev libicu-dev libfreetype-dev libharfbuzz-dev
  libcurl4-openssl-dev doctest-dev libpng-dev nlohmann-json3-dev libmd4c-dev
  libtomlplusplus-dev libsodium-dev libqrencode-dev libstb-dev
  # CAP 1.2 emergency alerts (player/alerts) are XML, read with pugixml
  libpugixml-dev
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
  # sync tests serve bundles from a real nginx (and over https, with a test CA from openssl)
  nginx-light openssl
  # alerts pushed over MQTT: libmosquitto for the player, a real broker for the tests
  libmosquitto-dev mosquitto
  # video (player/media): libmpv plays, libavformat/libavcodec check files; ffmpeg makes clips
  libmpv-dev libavformat-dev libavcodec-dev libavutil-dev ffmpeg
)

# ensure_imgui_backend: the backend source is under /usr/share/doc or in the cache,
# for the installed version of libimgui-dev; else download that version and extract it.
ensure_imgui_backend() {
  local doc_dir=${KIOSK_IMGUI_DOC_DIR:-/usr/share/doc/libimgui-dev/examples/backends}
  local file=imgui_impl_sdlrenderer.cpp
  [[ -f "$doc_dir/$file" ]] && return 0
  local cache=${KIOSK_DEPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kiosk}
  local dest=$cache/libimgui-dev
  local version
  version=$(dpkg-query -W -f='${Version}' libimgui-dev)
  if [[ -f "$dest/usr/share/doc/libimgui-dev/examples/backends/$file" &&
        "$(cat "$dest/version" 2>/dev/null)" == "$version" ]]; then
    return 0
  fi
  echo "setup: $doc_dir/$file is missing (a slim image strips /usr/share/doc);" \
    "extracting libimgui-dev $version into $dest"
  local tmp
  tmp=$(mktemp -d)
  # apt-get download needs no root; it writes the .deb into the current directory. As
  # root it would hand the download to the _apt user, who cannot write into mktemp's dir.
  local apt_opts=()
  ((EUID == 0)) && apt_opts=(-o APT::Sandbox::User=root)
  if ! (cd "$tmp" && apt-get "${apt_opts[@]}" download -qq "libimgui-dev=$version" >/dev/null); then
    rm -rf "$tmp"
    echo "setup: could not download libimgui-dev=$version; the build needs its $file" \
      "(or pass -DKIOSK_IMGUI_BACKEND_DIR=DIR to CMake)" >&2
    return 1
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  dpkg-deb -x "$tmp"/libimgui-dev_*.deb "$dest"
  rm -rf "$tmp"
  if [[ ! -f "$dest/usr/share/doc/libimgui-dev/examples/backends/$file" ]]; then
    echo "setup: libimgui-dev $version has no $file; the build needs it" >&2
    return 1
  fi
  echo "$version" >"$dest/version"
}

missing=()
for pkg in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == installed ]] || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  ensure_imgui_backend
  exit 0
fi

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
ensure_imgui_backend
echo "setup: done"

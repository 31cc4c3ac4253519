#!/bin/sh
# Qt's system libraries on Debian/Ubuntu. "offscreen" is enough for tests;
# "window" adds what a real window on X11 needs. Installs them when run as root
# with apt; otherwise prints the exact line to run, and stops.
set -eu
mode=${1:-offscreen}
# fonts-dejavu-core: Qt ships no fonts, and a machine without any warns on every text.
pkgs="libglib2.0-0 libegl1 libgl1 libx11-6 libxkbcommon0 libfreetype6 libfontconfig1 libdbus-1-3 fonts-dejavu-core"
if [ "$mode" = window ] || [ "$mode" = screens ]; then
  pkgs="$pkgs libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 \
libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0"
fi
# "screens" (make screenshots): a virtual X server and a small window manager for frames.
if [ "$mode" = screens ]; then
  pkgs="$pkgs xvfb xauth openbox"
fi
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian-like: nothing to check here
missing=""
for p in $pkgs; do
  # Names differ by release (libglib2.0-0 vs libglib2.0-0t64): accept either.
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" &&
     ! dpkg-query -W -f='${Status}' "${p}t64" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Qt's system libraries:$missing"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
else
  echo "Trellis needs Qt's system libraries. Please run:"
  echo "  sudo apt-get install$missing"
  exit 1
fi

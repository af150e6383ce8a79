#!/usr/bin/env bash
# Installs the system packages agent-desk needs, if any is missing (Debian/Ubuntu).
# Qt (offscreen too) needs EGL/GL, xkbcommon, fontconfig and D-Bus; the UI needs a font
# with Hebrew; the test suite starts a throwaway PostgreSQL from the server binaries.
# On a real display Qt loads its xcb (X11) or wayland platform plugin, which link against
# the xcb utility and wayland libraries below; pip's PySide6 wheel does not carry them.
# tests/test_h9_install.py runs ldd on every Qt platform plugin: extend this list when it
# names a library that is "not found".
set -euo pipefail
packages=(
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 fonts-dejavu-core
  # xcb platform plugin (libqxcb.so, libQt6XcbQpa.so.6, xcbglintegrations)
  libx11-xcb1 libxkbcommon-x11-0 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
  libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1
  # wayland platform plugin (libqwayland.so)
  libwayland-client0 libwayland-cursor0 libwayland-egl1
  # a machine with no display: `make run` starts the app on a virtual X server (xvfb-run),
  # and tests/test_h9_install.py starts it on a real X display there
  xvfb xauth
)
have_pg_server() {
  command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian: see README for the list
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
have_pg_server || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "agent-desk: please install: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi
echo "agent-desk: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

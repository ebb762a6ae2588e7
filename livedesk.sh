#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   ./livedesk.sh run [livedesk options]   install what is missing, build, start the app
#   ./livedesk.sh test                     install what is missing, build, run every test
# Packages come only from Debian. The build is the "default" CMake preset (warnings are errors).
set -euo pipefail
cd "$(dirname "$0")"

# Build and runtime needs: Qt 6.4 (Core, Network, HttpServer, Test) from Debian, CMake, Ninja, g++.
# qt6-websockets-dev is not a Debian dependency of qt6-httpserver-dev, but Qt6HttpServer's CMake
# package requires Qt6WebSockets, so configuring fails without it.
packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
    # The console: Qt's own strings in Chinese, and a font with Chinese glyphs.
    qt6-translations-l10n fonts-wqy-microhei
)

install_missing() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "livedesk.sh: installing ${missing[*]}" >&2
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

# Only for the tests: the viewer page runs in Debian's Chromium (never a downloaded one),
# with an emoji font for its icons; node and npm come from Debian when the machine has none.
test_packages=(chromium fonts-noto-color-emoji)

build() {
    install_missing "${packages[@]}"
    cmake --preset default >/dev/null
    cmake --build --preset default
}

command=${1:-run}
[ $# -gt 0 ] && shift
case "$command" in
    run)
        build >&2
        exec build/default/app/livedesk "$@"
        ;;
    test)
        # Before configuring: CMake registers the browser tests only where it finds node.
        install_missing "${test_packages[@]}"
        command -v node >/dev/null && command -v npm >/dev/null || install_missing nodejs npm
        build
        # playwright-core, exactly as locked; its own browser download is never used.
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund --silent
        ctest --preset default "$@"
        ;;
    *)
        echo "usage: $0 run [livedesk options] | $0 test [ctest options]" >&2
        exit 2
        ;;
esac

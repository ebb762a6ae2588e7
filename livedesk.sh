#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   ./livedesk.sh run [livedesk options]   install what is missing, build, start the app
#   ./livedesk.sh test                     install what is missing, build, run every test
#                                          (the suite, again under ASan+UBSan with the soak,
#                                          and the fuzzers; about 25 minutes on 2 cores)
#   ./livedesk.sh build                    install what is missing, build (no tests, no start)
#   ./livedesk.sh test-fast                the suite once, without the soak (a minute)
# Packages come only from Debian. The build is the "default" CMake preset (warnings are errors).
set -euo pipefail
cd "$(dirname "$0")"

# Build and runtime needs: Qt 6.4 (Core, Network, Sql, Widgets, Test) from Debian, CMake, Ninja, g++.
packages=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
    # The console's Audience charts.
    qt6-charts-dev libqt6opengl6-dev
    # The cluster layer's Redis client, with the Qt adapter it ships.
    libhiredis-dev
    # https on the listening port.
    libssl-dev
    # The rendered viewer page, gzipped as it is made (the page's files: gzip at build time).
    zlib1g-dev gzip
    # The remote console follows its server over /ws, with Qt's own WebSocket client.
    qt6-websockets-dev
    # Photos: WebP read and write for POST /api/media (Qt's own image formats plugins).
    qt6-image-formats-plugins
    # The console: Qt's own strings in Chinese, and a font with Chinese glyphs.
    qt6-translations-l10n fonts-wqy-microhei
    # The desktop icon's PNGs, rendered from its SVG at build time (resources/desktop/).
    librsvg2-bin
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
# with an emoji font for its icons; a real nginx is the reverse proxy the lockout tests go
# through; a real redis-server is the cluster tests' store; openssl makes the https tests'
# certificates and curl is their client; Python's websockets is a /ws tests' client; node
# and npm come from Debian when the machine has none; tests/install checks the installed
# desktop entry, AppStream metainfo and man page with desktop-file-validate, appstreamcli
# and groff; tests/package builds the Debian package with cpack, which needs dpkg-dev's
# dpkg-shlibdeps and file, and checks it with lintian (setpriv, from util-linux, ties the
# server it starts to the test).
test_packages=(chromium fonts-noto-color-emoji nginx-light libnginx-mod-nchan redis-server
    openssl curl python3-websockets desktop-file-utils appstream groff-base
    dpkg-dev file lintian xz-utils util-linux)

# The tests' own needs (Chromium, fonts, node) come first: CMake registers the browser tests
# only where it finds node.
test_setup() {
    install_missing "${test_packages[@]}"
    command -v node >/dev/null && command -v npm >/dev/null || install_missing nodejs npm
    build_preset "$1"
    # playwright-core, exactly as locked; its own browser download is never used.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund --silent
}

build_preset() {
    install_missing "${packages[@]}"
    cmake --preset "$1" >/dev/null
    cmake --build --preset "$1"
}

# libFuzzer targets (clang) over the seed corpora, each for FUZZ_SECONDS, two at a time.
fuzz() {
    install_missing clang-14 libclang-rt-14-dev "${packages[@]}"
    cmake --preset fuzz >/dev/null
    cmake --build --preset fuzz
    local seconds=${FUZZ_SECONDS:-60} work status=0 pids=() names=()
    work=$(mktemp -d)
    for target in sseparser publishrequest streamrequest requesthead wsframereader; do
        mkdir -p "$work/$target"
        # New inputs go to the scratch corpus; the seeds in the repository stay as they are.
        build/fuzz/tests/fuzz/fuzz_$target -max_total_time="$seconds" -max_len=70000 \
            -artifact_prefix="$work/$target-" "$work/$target" "tests/fuzz/corpus/$target" \
            >"$work/$target.log" 2>&1 &
        pids+=($!); names+=("$target")
        if [ ${#pids[@]} -ge 2 ]; then
            wait "${pids[0]}" || { status=1; echo "fuzz_${names[0]}: CRASH" >&2; tail -40 "$work/${names[0]}.log" >&2; }
            grep -h "^Done" "$work/${names[0]}.log" | sed "s/^/fuzz_${names[0]}: /"
            pids=("${pids[@]:1}"); names=("${names[@]:1}")
        fi
    done
    for i in "${!pids[@]}"; do
        wait "${pids[$i]}" || { status=1; echo "fuzz_${names[$i]}: CRASH" >&2; tail -40 "$work/${names[$i]}.log" >&2; }
        grep -h "^Done" "$work/${names[$i]}.log" | sed "s/^/fuzz_${names[$i]}: /"
    done
    if [ $status = 0 ]; then echo "fuzzers: 5 passed, 0 failed"; else echo "fuzzers: failed"; fi
    return $status
}

command=${1:-run}
[ $# -gt 0 ] && shift
case "$command" in
    run)
        build_preset default >&2
        exec build/default/app/livedesk "$@"
        ;;
    build)
        # What a server needs before `sudo cmake --install build/default` (docs/cluster.md).
        build_preset default
        ;;
    test)
        # Everything: the suite, the whole suite again under ASan+UBSan with the soak, and
        # the fuzzers.
        test_setup default
        ctest --preset default --label-exclude soak "$@"
        test_setup asan
        ctest --preset asan "$@"
        fuzz
        ;;
    test-fast)
        test_setup default
        ctest --preset default --label-exclude soak "$@"
        ;;
    fuzz)
        fuzz
        ;;
    *)
        echo "usage: $0 run [livedesk options] | $0 test | $0 test-fast | $0 fuzz" >&2
        exit 2
        ;;
esac

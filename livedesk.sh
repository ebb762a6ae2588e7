#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine:
#   ./livedesk.sh run [livedesk options]   install what is missing, build, start the app
#   ./livedesk.sh test                     install what is missing, build, run every test:
#                                          the product's tests on the shipped build, the whole
#                                          suite under clang's ASan+UBSan with clazy and the
#                                          soak, clang-tidy, the fuzzers (18 minutes on 2
#                                          cores, plus the first run's installs)
#   ./livedesk.sh build                    install what is missing, build (no tests, no start)
#   ./livedesk.sh test-fast                the suite once on the shipped build, no soak
#   ./livedesk.sh tidy                     clang-tidy over every source file (.clang-tidy)
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
# The static analysis and the fuzzers: clang 14 (the asan preset's compiler, with libFuzzer
# in its runtime), clazy's plugin for it, and clang-tidy.
analysis_packages=(clang-14 libclang-rt-14-dev clazy clang-tidy-14)

test_packages=(chromium fonts-noto-color-emoji nginx-light libnginx-mod-nchan redis-server
    openssl curl python3-websockets desktop-file-utils appstream groff-base
    dpkg-dev file lintian xz-utils util-linux)

# The tests' own needs (Chromium, fonts, node) come first: CMake registers the browser tests
# only where it finds node.
test_setup() {
    install_missing "${test_packages[@]}"
    node_setup
    build_preset "$1"
    npm_setup
}

node_setup() {
    command -v node >/dev/null && command -v npm >/dev/null || install_missing nodejs npm
}

# playwright-core, exactly as locked; its own browser download is never used.
npm_setup() {
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix tests/browser --no-audit --no-fund --silent
}

# clang-tidy over every source file of the project (.clang-tidy, warnings are errors), from
# the default preset's compile commands. The files they include that moc generates come
# first; nothing is compiled. TIDY_JOBS defaults to one per core.
tidy() {
    install_missing clang-tidy-14 "${packages[@]}"
    [ -f build/default/build.ninja ] || cmake --preset default >/dev/null
    local generated
    generated=$(ninja -C build/default -t targets all | sed -n 's/^\([A-Za-z0-9_]*_autogen\): phony$/\1/p')
    # shellcheck disable=SC2086 # one target name per word
    cmake --build --preset default --target $generated >/dev/null
    # The compile commands are GCC's: clang-tidy's clang warns of what GCC alone knows, and
    # of Qt's qCDebug(category) with no arguments under -Wpedantic (a GNU extension to
    # C++17 both compilers take).
    run-clang-tidy-14 -p build/default -j "${TIDY_JOBS:-$(nproc)}" -quiet \
        -extra-arg=-Wno-unknown-warning-option -extra-arg=-Wno-gnu-zero-variadic-macro-arguments \
        "$PWD/(server|ui|app|tests)/.*\.cpp$" >"${1:-/dev/stdout}" 2>&1
}

# The whole test command, arranged for two cores. The shipped (GCC) build is what the
# product's own tests run on: the page in Chromium, the install layout, the Debian package.
# The clang build (the asan preset) compiles every target with clazy's checks and runs the
# whole suite, the soak included, under ASan+UBSan; the fuzzers come from it too.
# clang-tidy runs beside the tests at the lowest priority, so it takes only the CPU time
# they leave idle; the test packages download and unpack while the first build compiles.
test_all() {
    local work
    work=$(mktemp -d)
    trap 'jobs -p | xargs -r kill 2>/dev/null || true' EXIT
    install_missing "${packages[@]}" "${analysis_packages[@]}"
    node_setup
    install_missing "${test_packages[@]}" >"$work/apt.log" 2>&1 &
    local apt_pid=$!
    cmake --preset default >/dev/null
    cmake --build --preset default --target livedesk livedesk_desktop_files livedesk_deb_files
    wait "$apt_pid" || { cat "$work/apt.log" >&2; return 1; }
    npm_setup
    nice -n 19 "$0" tidy "$work/tidy.log" &
    local tidy_pid=$!
    ctest --preset default --label-regex 'browser|install|package' "$@"
    build_preset asan
    # Two at a time: most of these wait on sockets, processes and timers, not the CPU.
    ctest --preset asan --label-exclude browser --parallel 2 "$@"
    # Half a minute each here, from the seed corpora (a minute for ./livedesk.sh fuzz, and
    # FUZZ_SECONDS for longer runs).
    FUZZ_SECONDS=${FUZZ_SECONDS:-30} fuzz
    echo "clang-tidy: waiting for it to finish" >&2
    if wait "$tidy_pid"; then
        echo "clang-tidy: every source file read, no warnings"
    else
        sed 's/\x1b\[[0-9;]*m//g' "$work/tidy.log" | grep -E -A3 '(error|warning):' >&2 || cat "$work/tidy.log" >&2
        echo "clang-tidy: failed" >&2
        return 1
    fi
}

build_preset() {
    install_missing "${packages[@]}"
    cmake --preset "$1" >/dev/null
    cmake --build --preset "$1"
}

# libFuzzer targets (clang: the asan preset's build) over the seed corpora, each for
# FUZZ_SECONDS, two at a time.
fuzz() {
    install_missing "${analysis_packages[@]}" "${packages[@]}"
    cmake --preset asan >/dev/null
    cmake --build --preset asan --target fuzz_sseparser fuzz_publishrequest fuzz_streamrequest \
        fuzz_requesthead fuzz_wsframereader
    local seconds=${FUZZ_SECONDS:-60} work status=0 pids=() names=()
    work=$(mktemp -d)
    for target in sseparser publishrequest streamrequest requesthead wsframereader; do
        mkdir -p "$work/$target"
        # New inputs go to the scratch corpus; the seeds in the repository stay as they are.
        build/asan/tests/fuzz/fuzz_$target -max_total_time="$seconds" -max_len=70000 \
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
        # Everything (test_all above says how it is arranged).
        test_all "$@"
        ;;
    test-fast)
        test_setup default
        ctest --preset default --label-exclude soak "$@"
        ;;
    fuzz)
        fuzz
        ;;
    tidy)
        tidy "$@"
        ;;
    *)
        echo "usage: $0 run [livedesk options] | $0 test | $0 test-fast | $0 fuzz | $0 tidy" >&2
        exit 2
        ;;
esac

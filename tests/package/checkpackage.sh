#!/bin/bash
# tst_package: builds the Debian package with cpack into a scratch directory and checks it.
#   checkpackage.sh CPACK BUILD_DIR VERSION UNIT_FILE [SKIP_REASON]
# Fails on any lintian error, on Depends without dpkg-shlibdeps' Qt libraries, on files not
# root's or not 0755/0644, on an unstripped binary or one with an rpath, on a systemd unit
# that systemd-analyze rejects or rates above 2.0, and unless the binary the package
# installs (extracted with dpkg -x, on the system's Qt) answers /api/health, takes a publish
# with the token and lists it in GET /api/events. Exits 77 (skipped) when SKIP_REASON is set.
set -euo pipefail
cpack=$1 build=$2 version=$3 unit=$4 skip_reason=${5:-}
if [ -n "$skip_reason" ]; then
    echo "tst_package: skipped: $skip_reason"
    exit 77
fi
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

for tool in lintian dpkg-deb dpkg dpkg-shlibdeps file readelf curl systemd-analyze base64 setpriv; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (./livedesk.sh test installs it)" >&2; exit 1; }
done

scratch=$(mktemp -d)
server_pid=
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 143' TERM # ctest's timeout: the EXIT trap still stops the server
trap 'exit 130' INT

# --- cpack -------------------------------------------------------------------------------
deb=$scratch/out/livedesk_${version}_amd64.deb
if ! "$cpack" --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1; then
    cat "$scratch/cpack.log" >&2
    echo "FAIL: cpack -G DEB" >&2
    exit 1
fi
[ -s "$deb" ] || { cat "$scratch/cpack.log" >&2; echo "FAIL: cpack made no $(basename "$deb")" >&2; exit 1; }
pass "cpack -G DEB: $(basename "$deb"), $(stat -c %s "$deb") bytes"

# --- the control fields ------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
expect_field() {
    local value
    value=$(field "$1")
    if [ "$value" = "$2" ]; then pass "$1: $value"; else fail "$1 is \"$value\", not \"$2\""; fi
}
expect_field Package livedesk
expect_field Version "$version"
expect_field Architecture amd64
expect_field Section net
expect_field Priority optional
expect_field Homepage https://github.com/livedesk/livedesk
[[ "$(field Maintainer)" =~ ^[^\<]+\ \<[^@\>]+@[^\>]+\>$ ]] || fail "Maintainer \"$(field Maintainer)\" is not \"Name <address>\""
description=$(field Description)
[ "$(wc -l <<<"$description")" -ge 5 ] || fail "the Description has no long description"
depends=$(field Depends)
if [ -z "$depends" ]; then
    fail "Depends is empty"
else
    echo "   Depends: $depends"
    # From dpkg-shlibdeps: each with the version it found ("libqt6core6 (>= 6.4.0)").
    missing=0
    for lib in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6sql6 \
        libqt6websockets6 libqt6charts6 libssl3 libhiredis0.14; do
        [[ ", $depends" == *", $lib (>= "* ]] \
            || { fail "Depends has no \"$lib (>= …)\" from dpkg-shlibdeps"; missing=1; }
    done
    # The plugins Qt opens at run time, which dpkg-shlibdeps cannot see.
    for plugin in libqt6sql6-sqlite qt6-image-formats-plugins; do
        [[ ", $depends," == *", $plugin,"* ]] || { fail "Depends has no $plugin"; missing=1; }
    done
    [ $missing -eq 1 ] || pass "Depends: dpkg-shlibdeps' libraries and the Qt plugins"
fi

# --- lintian -----------------------------------------------------------------------------
# Every tag down to info and pedantic is shown; an error (E:) fails the test. No tag is
# suppressed. The infos it gives now (docs/install.md): hardening-no-bindnow and
# hardening-no-fortify-functions (the project's flags are not dpkg-buildflags'), and
# package-supports-alternative-init-but-no-init.d-script (systemd only).
lintian_status=0
lintian --pedantic --display-info --display-experimental --fail-on none "$deb" \
    >"$scratch/lintian.txt" 2>"$scratch/lintian.err" || lintian_status=$?
tags=$(grep -E '^[EWIPXO]: ' "$scratch/lintian.txt" || true)
[ -z "$tags" ] || sed 's/^/   lintian: /' <<<"$tags"
if [ "$lintian_status" -ne 0 ]; then
    cat "$scratch/lintian.err" >&2
    fail "lintian exited with $lintian_status"
elif grep -q '^E: ' <<<"$tags"; then
    fail "lintian: $(grep -c '^E: ' <<<"$tags") errors"
else
    pass "lintian: no errors ($(grep -c '^W: ' <<<"$tags" || true) warnings, $(grep -c '^I: ' <<<"$tags" || true) infos)"
fi

# --- the files ---------------------------------------------------------------------------
dpkg-deb -c "$deb" >"$scratch/contents.txt"
# Root's, directories and the binary 0755, everything else 0644.
bad=$(awk '{
    path = $6; mode = $1; owner = $2
    want = (mode ~ /^d/ || path == "./usr/bin/livedesk") ? "rwxr-xr-x" : "rw-r--r--"
    if (owner != "root/root" || substr(mode, 2) != want) print "   " mode " " owner " " path
}' "$scratch/contents.txt")
if [ -z "$bad" ]; then pass "$(wc -l <"$scratch/contents.txt") entries, all root/root, 0755 or 0644"; else fail "owners or modes:"; echo "$bad" >&2; fi
id=org.livedesk.LiveDesk
for f in usr/bin/livedesk usr/share/applications/$id.desktop usr/share/metainfo/$id.metainfo.xml \
    usr/share/icons/hicolor/scalable/apps/$id.svg usr/share/icons/hicolor/256x256/apps/$id.png \
    usr/share/man/man1/livedesk.1.gz usr/share/doc/livedesk/copyright \
    usr/share/doc/livedesk/changelog.gz usr/lib/systemd/system/livedesk.service; do
    grep -q " \./$f\$" "$scratch/contents.txt" || fail "the package has no /$f"
done
if grep -v ' \./usr/' "$scratch/contents.txt" | grep -vq ' \./$'; then
    fail "files outside /usr:"; grep -v ' \./usr/' "$scratch/contents.txt" | grep -v ' \./$' >&2
fi

root=$scratch/root
dpkg -x "$deb" "$root"
binary=$root/usr/bin/livedesk
if file -b "$binary" | grep -q ', stripped'; then pass "usr/bin/livedesk is stripped"; else fail "usr/bin/livedesk is not stripped: $(file -b "$binary")"; fi
readelf -SW "$binary" | grep -Eq ' \.(debug_info|comment) ' && fail "usr/bin/livedesk keeps .debug_info or .comment"
if readelf -dW "$binary" | grep -Eq '\((RPATH|RUNPATH)\)'; then fail "usr/bin/livedesk has an rpath: $(readelf -dW "$binary" | grep -E 'RPATH|RUNPATH')"; else pass "usr/bin/livedesk has no rpath"; fi
cmp -s "$root/usr/lib/systemd/system/livedesk.service" "$unit" || fail "the package's livedesk.service is not packaging/livedesk.service"

# --- the systemd unit --------------------------------------------------------------------
# systemd's own check, with the binary where it was extracted (verify wants it to exist).
units=$scratch/units
mkdir "$units"
sed "s|/usr/bin/livedesk|$binary|g" "$root/usr/lib/systemd/system/livedesk.service" >"$units/livedesk.service"
if out=$(systemd-analyze verify --man=no "$units/livedesk.service" 2>&1) && [ -z "$out" ]; then
    pass "systemd-analyze verify livedesk.service"
else
    fail "systemd-analyze verify: $out"
fi
# Its exposure (0 best, 10 worst) stays at 2.0 or less; --threshold counts in tenths.
exposure_status=0
exposure=$(systemd-analyze security --offline=yes --threshold=20 "$units/livedesk.service" 2>&1) || exposure_status=$?
exposure_line=$(grep 'Overall exposure level' <<<"$exposure" || true)
if [ $exposure_status -eq 0 ] && [ -n "$exposure_line" ]; then
    pass "systemd-analyze security --offline=yes: ${exposure_line#→ }"
else
    fail "systemd-analyze security: over 2.0 or failed:"; echo "$exposure" >&2
fi

# --- the installed binary serves -----------------------------------------------------------
token=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_') # 32 characters, 192 bits
data=$scratch/data
mkdir "$data"
# The system's Qt, never a build tree's: no LD_LIBRARY_PATH, no weak-token allowance.
# --pdeathsig: the server is killed with this script even when the script is killed with
# SIGKILL and its trap cannot run.
env -u LD_LIBRARY_PATH -u LIVEDESK_ALLOW_WEAK_TOKEN -u LIVEDESK_TOKEN \
    setpriv --pdeathsig KILL -- "$binary" --headless --port 0 --data-dir "$data" --token "$token" \
    >"$scratch/server.out" 2>"$scratch/server.err" &
server_pid=$!
base=
for _ in $(seq 1 200); do
    base=$(sed -n 's|^listening on \(http://[^ ]*\)|\1|p' "$scratch/server.out" | head -1)
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
base=${base%/}
if [ -z "$base" ]; then
    fail "usr/bin/livedesk --headless did not print \"listening on\":"
    cat "$scratch/server.out" "$scratch/server.err" >&2
else
    pass "usr/bin/livedesk --headless: listening on $base"
    request() { # METHOD PATH [curl options]: prints the status; the body goes to $scratch/body
        local method=$1 path=$2
        shift 2
        curl -sS --max-time 5 -o "$scratch/body" -w '%{http_code}' -X "$method" "$@" "$base$path" || true
    }
    status=$(request GET /api/health)
    if [ "$status" = 200 ] && grep -q '"status":"ok"' "$scratch/body"; then
        pass "GET /api/health: 200 $(cat "$scratch/body")"
    else
        fail "GET /api/health: $status $(cat "$scratch/body" 2>/dev/null)"
    fi
    headline="Packaged in $$"
    event="{\"channel\":\"package\",\"type\":\"news-flash\",\"data\":{\"headline\":\"$headline\"}}"
    status=$(request POST /api/events -H 'Content-Type: application/json' -d "$event")
    [ "$status" = 401 ] || fail "POST /api/events without the token: $status, not 401"
    status=$(request POST /api/events -H "Authorization: Bearer $token" \
        -H 'Content-Type: application/json' -d "$event")
    event_id=$(sed -n 's/^{"id":"\([0-9]*\)"}$/\1/p' "$scratch/body")
    if [ "$status" = 201 ] && [ -n "$event_id" ]; then
        pass "POST /api/events with the token: 201, id $event_id"
    else
        fail "POST /api/events with the token: $status $(cat "$scratch/body" 2>/dev/null)"
    fi
    status=$(request GET '/api/events?channel=package')
    if [ "$status" = 200 ] && grep -q "\"id\":\"$event_id\"" "$scratch/body" \
        && grep -q "\"headline\":\"$headline\"" "$scratch/body"; then
        pass "GET /api/events?channel=package lists event $event_id"
    else
        fail "GET /api/events?channel=package: $status $(cat "$scratch/body" 2>/dev/null)"
    fi
fi
# SIGTERM: a clean stop, exit status 0, within 15 s.
if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    for _ in $(seq 1 150); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$server_pid" 2>/dev/null; then
        fail "usr/bin/livedesk did not stop within 15 s of SIGTERM"
    else
        server_status=0
        wait "$server_pid" || server_status=$?
        server_pid=
        if [ $server_status -eq 0 ]; then pass "SIGTERM: stopped, exit status 0"; else fail "SIGTERM: exit status $server_status"; cat "$scratch/server.err" >&2; fi
    fi
else
    server_status=0
    wait "$server_pid" || server_status=$?
    server_pid=
    fail "usr/bin/livedesk exited early (status $server_status):"
    cat "$scratch/server.err" >&2
fi

if [ $failures -gt 0 ]; then
    echo "tst_package: $failures failed" >&2
    exit 1
fi
echo "tst_package: passed"

#!/bin/bash
# tst_install: installs the build tree into a scratch prefix and checks what it lays out.
#   checkinstall.sh CMAKE BUILD_DIR VERSION
# Fails on any error or warning of desktop-file-validate, appstreamcli (--strict) and groff.
set -euo pipefail
cmake=$1 build=$2 version=$3
id=org.livedesk.LiveDesk
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

for tool in desktop-file-validate appstreamcli groff gzip od; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (./livedesk.sh test installs it)" >&2; exit 1; }
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# The prefix is <root>/usr, so that appstreamcli validate-tree sees the tree as a package would.
prefix=$scratch/root/usr
"$cmake" --install "$build" --prefix "$prefix" >"$scratch/install.log" 2>&1 \
    || { cat "$scratch/install.log" >&2; echo "FAIL: cmake --install" >&2; exit 1; }
pass "cmake --install --prefix $prefix"

share=$prefix/share
files=(
    "bin/livedesk"
    "share/applications/$id.desktop"
    "share/metainfo/$id.metainfo.xml"
    "share/icons/hicolor/scalable/apps/$id.svg"
    "share/man/man1/livedesk.1.gz"
)
for size in 16 22 24 32 48 64 128 256; do
    files+=("share/icons/hicolor/${size}x${size}/apps/$id.png")
done
for f in "${files[@]}"; do
    [ -s "$prefix/$f" ] || fail "$f is not installed"
done
[ -x "$prefix/bin/livedesk" ] || fail "bin/livedesk is not executable"
pass "${#files[@]} files in place"

# Each PNG: the signature, then IHDR's width and height (big-endian) at bytes 16 to 23.
for size in 16 22 24 32 48 64 128 256; do
    png=$share/icons/hicolor/${size}x${size}/apps/$id.png
    [ -s "$png" ] || continue
    signature=$(od -An -tx1 -N8 "$png" | tr -d ' \n')
    read -r w0 w1 w2 w3 h0 h1 h2 h3 < <(od -An -tu1 -j16 -N8 "$png")
    width=$(( (w0 << 24) | (w1 << 16) | (w2 << 8) | w3 ))
    height=$(( (h0 << 24) | (h1 << 16) | (h2 << 8) | h3 ))
    if [ "$signature" != 89504e470d0a1a0a ]; then
        fail "${size}x${size}/apps/$id.png is not a PNG"
    elif [ "$width" != "$size" ] || [ "$height" != "$size" ]; then
        fail "${size}x${size}/apps/$id.png is ${width}x${height}"
    fi
done
pass "PNGs at 16 22 24 32 48 64 128 256 px"
grep -q '<svg' "$share/icons/hicolor/scalable/apps/$id.svg" || fail "the scalable icon is not an SVG"

# desktop-file-validate prints errors and warnings (hints too); it exits 0 on warnings, so
# any output at all fails.
desktop=$share/applications/$id.desktop
if out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ]; then
    pass "desktop-file-validate $id.desktop"
else
    fail "desktop-file-validate: $out"
fi
grep -qx "Icon=$id" "$desktop" || fail "the desktop entry's Icon is not $id"
grep -qx "Exec=livedesk" "$desktop" || fail "the desktop entry's Exec is not livedesk"
grep -qx "StartupWMClass=livedesk" "$desktop" || fail "the desktop entry's StartupWMClass is not livedesk"
grep -q "^Name\[zh_CN\]=" "$desktop" && grep -q "^Comment\[zh_CN\]=" "$desktop" \
    || fail "the desktop entry has no Simplified Chinese name or comment"

# --strict: warnings and infos fail too (only pedantic hints do not: the id's capital
# letters are one, and the id is the desktop entry's).
metainfo=$share/metainfo/$id.metainfo.xml
if out=$(appstreamcli validate --no-net --strict "$metainfo" 2>&1); then
    pass "appstreamcli validate --no-net --strict $id.metainfo.xml"
else
    fail "appstreamcli validate: $out"
fi
# The installed tree as a whole: the launchable desktop entry and the icon are found too.
if out=$(appstreamcli validate-tree --no-net --strict "$scratch/root" 2>&1); then
    pass "appstreamcli validate-tree --no-net --strict"
else
    fail "appstreamcli validate-tree: $out"
fi
grep -q "<release version=\"$version\"" "$metainfo" || fail "the metainfo has no release $version"

# The installed binary runs.
if out=$("$prefix/bin/livedesk" --version 2>&1) && [ "$out" = "livedesk $version" ]; then
    pass "bin/livedesk --version: $out"
else
    fail "bin/livedesk --version printed \"$out\", not \"livedesk $version\""
fi

# The man page renders without a warning (-ww: all of groff's warnings).
man=$scratch/livedesk.1
gzip -dc "$share/man/man1/livedesk.1.gz" >"$man"
if out=$(groff -man -Tutf8 -ww -z "$man" 2>&1) && [ -z "$out" ]; then
    pass "groff -man -ww renders livedesk.1 without warnings"
else
    fail "groff: $out"
fi
grep -q "^\.TH LIVEDESK 1 .*\"LiveDesk $version\"" "$man" || fail "livedesk.1's .TH does not name LiveDesk $version"

# Its OPTIONS are --help's options, with the same value names: "-h, --help", "--port N".
# --help: the option column at two spaces' indent, "<N>" without its brackets.
"$prefix/bin/livedesk" --help | sed -n -E 's/^  (-[^ ]+(, -[^ ]+)*( <[^>]+>)?)  .*/\1/p' \
    | tr -d '<>' | sort >"$scratch/help.txt"
# The man page as plain text, unwrapped, with a 40-column indent (-rIN), so that each tag
# under OPTIONS starts a line at 40 spaces and ends before its text's 2 spaces or more.
groff -man -Tascii -P-cbou -rLL=250n -rHY=0 -rIN=40n "$man" 2>/dev/null \
    | awk '/^[A-Z]/ { in_options = ($0 == "OPTIONS") } in_options' | grep -E '^ {40}-' \
    | sed -E 's/^ +//; s/  .*//; s/ +$//' | sort >"$scratch/man.txt"
if [ "$(wc -l <"$scratch/help.txt")" -lt 20 ]; then
    fail "could not read the options from livedesk --help"
elif diff -u --label "livedesk --help" --label "livedesk.1 OPTIONS" "$scratch/help.txt" "$scratch/man.txt" >"$scratch/diff.txt"; then
    pass "livedesk.1 lists the $(wc -l <"$scratch/help.txt") options of livedesk --help"
else
    fail "livedesk.1's OPTIONS differ from livedesk --help:"
    cat "$scratch/diff.txt" >&2
fi

if [ $failures -gt 0 ]; then
    echo "tst_install: $failures failed" >&2
    exit 1
fi
echo "tst_install: passed"

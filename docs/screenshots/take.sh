#!/usr/bin/env bash
# Screenshots of the real console under Xvfb, driven by keyboard like an operator, in
# English and Simplified Chinese. Needs: xvfb xauth xdotool imagemagick (Debian packages).
#   xvfb-run -a -s "-screen 0 1320x860x24" docs/screenshots/take.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=${LIVEDESK_BINARY:-$here/../../build/default/app/livedesk}

shoot() {
    local lang=$1 out=$2 dir
    dir=$(mktemp -d)
    "$binary" --port 0 --lang "$lang" --token demo-token --data-dir "$dir" >"$dir/out" 2>"$dir/err" &
    local pid=$!
    for _ in $(seq 50); do grep -q listening "$dir/out" 2>/dev/null && break; sleep 0.1; done
    local url; url=$(sed -n 's/^listening on //p' "$dir/out")
    local win; win=$(xdotool search --sync --onlyvisible --name LiveDesk | head -1)
    xdotool windowmove "$win" 0 0 windowsize "$win" 1320 860 windowfocus --sync "$win"
    sleep 0.5
    key() { xdotool key --window "$win" --delay 40 "$@"; sleep 0.2; }
    type() { xdotool type --window "$win" --delay 15 "$1"; sleep 0.2; }
    publish() {
        curl -s -o /dev/null -H 'Authorization: Bearer demo-token' -H 'Content-Type: application/json' \
            -d "$1" "${url}api/events"
    }

    publish '{"channel":"news","type":"news-flash","data":{"headline":"Team news: Riverside unchanged","body":"Okafor starts up front.","urgent":false}}'
    key ctrl+n; type "Riverside"; key Return; type "Harbour City"; key Return
    key F9                     # start the clock
    key F5                     # Riverside +1 ... (corrected below by a GOAL with bump)
    key shift+F5
    key alt+1                  # GOAL template
    type "Okafor heads in from the corner."
    key ctrl+Return
    key alt+2                  # yellow card template
    type "Mensah, late challenge."
    key ctrl+Return
    publish '{"channel":"news","type":"news-flash","data":{"headline":"Record crowd of 41,200","body":"","urgent":true}}'
    sleep 2.5
    import -window root "$out"
    kill "$pid"; wait "$pid" || true
    rm -rf "$dir"
}

shoot en "$here/console-en.png"
shoot zh_CN "$here/console-zh_CN.png"
echo "wrote $here/console-en.png and $here/console-zh_CN.png"

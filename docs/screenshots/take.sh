#!/usr/bin/env bash
# Screenshots of the real console under Xvfb, driven by keyboard like an operator, in
# English and Simplified Chinese. Needs: xvfb xauth xdotool imagemagick (Debian packages).
#   xvfb-run -a -s "-screen 0 1366x768x24" docs/screenshots/take.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=${LIVEDESK_BINARY:-$here/../../build/default/app/livedesk}

# A token as strong as the server asks of one given by hand.
token=Qx7pLm2Rv9Tn4Wz8Ky3Hb6Jd

shoot() {
    local lang=$1 out=$2 dir
    dir=$(mktemp -d)
    "$binary" --port 0 --lang "$lang" --token "$token" --data-dir "$dir" >"$dir/out" 2>"$dir/err" &
    local pid=$!
    for _ in $(seq 50); do grep -q listening "$dir/out" 2>/dev/null && break; sleep 0.1; done
    local url; url=$(sed -n 's/^listening on //p' "$dir/out")
    local win; win=$(xdotool search --sync --onlyvisible --name LiveDesk | head -1)
    xdotool windowmove "$win" 0 0 windowfocus --sync "$win" # the size is the app's own
    sleep 0.5
    key() { xdotool key --delay 40 "$@"; sleep 0.2; }
    type() { xdotool type --delay 15 "$1"; sleep 0.2; }
    publish() {
        curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
            -d "$1" "${url}api/events"
    }

    publish '{"channel":"news","type":"news-flash","data":{"headline":"Team news: Riverside unchanged","body":"Okafor starts up front.","urgent":false}}'
    key ctrl+n; type "Riverside"; key Return; type "Harbour City"; key Return
    key F9                     # start the clock
    type "Kick-off at Riverside, in heavy rain."
    key ctrl+Return            # plain commentary: the score stays 0-0
    key alt+1                  # GOAL template: "Sends: Riverside 1-0 Harbour City" beside Send
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

#!/usr/bin/env bash
# The news desk with a photo pasted in (Ctrl+Shift+V), its preview and its words, as an
# operator gets there by keyboard; the real console under Xvfb. Needs: xvfb xauth xdotool
# xclip imagemagick (Debian packages).
#   xvfb-run -a -s "-screen 0 1366x768x24" docs/screenshots/take-photo.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=${LIVEDESK_BINARY:-$here/../../build/default/app/livedesk}
token=Qx7pLm2Rv9Tn4Wz8Ky3Hb6Jd
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# A photo on the clipboard, as a picture editor or a browser's "Copy image" leaves it.
convert -size 1600x900 gradient:'#0b1d3a'-'#2f7d32' \
    -fill none -stroke white -strokewidth 6 -draw "rectangle 160,470 1440,850" \
    -draw "line 800,470 800,850" -draw "circle 800,660 890,660" \
    -fill '#fffbe6' -stroke none -draw "circle 200,120 240,120" -draw "circle 1400,120 1440,120" \
    "$dir/photo.png"
xclip -selection clipboard -t image/png -i "$dir/photo.png" &

"$binary" --port 0 --lang en --token "$token" --data-dir "$dir" >"$dir/out" 2>"$dir/err" &
pid=$!
for _ in $(seq 50); do grep -q listening "$dir/out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$dir/out")
win=$(xdotool search --sync --onlyvisible --name LiveDesk | head -1)
xdotool windowmove "$win" 0 0 windowfocus --sync "$win"
sleep 0.5
key() { xdotool key --delay 40 "$@"; sleep 0.2; }
type() { xdotool type --delay 15 "$1"; sleep 0.2; }
publish() {
    curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d "$1" "${url}api/events"
}
publish '{"channel":"news","type":"news-flash","data":{"headline":"Team news: Riverside unchanged","pinned":true}}'
type "Floodlights on for the second half"
key ctrl+shift+v # the clipboard's photo: preview, and the keyboard in Alt text
sleep 0.5
type "The pitch under floodlights from the north stand"
key Tab; type "Riverside Park at half-time"
key Tab; type "Li Wei"
sleep 1
import -window root "$here/console-photo.png"
kill "$pid"; wait "$pid" || true
kill %1 2>/dev/null || true
echo "wrote $here/console-photo.png"

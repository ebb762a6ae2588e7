<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ConnectionsModel</name>
    <message>
        <source>all</source>
        <translation>all</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>Peer</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Channels</translation>
    </message>
    <message>
        <source>Connected since</source>
        <translation>Connected since</translation>
    </message>
    <message>
        <source>Events sent</source>
        <translation>Events sent</translation>
    </message>
    <message>
        <source>Bytes queued</source>
        <translation>Bytes queued</translation>
    </message>
</context>
<context>
    <name>ConnectionsPanel</name>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Disconnect</translation>
    </message>
    <message numerus="yes">
        <source>%n viewer connection(s)</source>
        <translation>
            <numerusform>%n viewer connection</numerusform>
            <numerusform>%n viewer connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>Write a headline first.</source>
        <translation>Write a headline first.</translation>
    </message>
    <message>
        <source>The headline is %1 characters long; keep it to %2.</source>
        <translation>The headline is %1 characters long; keep it to %2.</translation>
    </message>
    <message>
        <source>A correction needs at least one field.</source>
        <translation>A correction needs at least one field.</translation>
    </message>
</context>
<context>
    <name>EventRenderer</name>
    <message>
        <source>URGENT: </source>
        <translation>URGENT: </translation>
    </message>
    <message>
        <source>URGENT</source>
        <translation>URGENT</translation>
    </message>
    <message>
        <source>Score: %1 %2–%3 %4 (%5&apos;, %6)</source>
        <translation>Score: %1 %2–%3 %4 (%5&apos;, %6)</translation>
    </message>
    <message>
        <source>retraction of #%1</source>
        <translation>retraction of #%1</translation>
    </message>
    <message>
        <source>correction of #%1</source>
        <translation>correction of #%1</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Channel</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>&amp;Correct…</source>
        <translation>&amp;Correct…</translation>
    </message>
    <message>
        <source>&amp;Retract</source>
        <translation>&amp;Retract</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Corrected value</source>
        <translation>Corrected value</translation>
    </message>
    <message>
        <source>&amp;Publish correction</source>
        <translation>&amp;Publish correction</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Select the item to correct first.</source>
        <translation>Select the item to correct first.</translation>
    </message>
    <message>
        <source>Correct the original item, not the %1.</source>
        <translation>Correct the original item, not the %1.</translation>
    </message>
    <message>
        <source>Correcting #%1 (%2 on %3): edit the values, then publish.</source>
        <translation>Correcting #%1 (%2 on %3): edit the values, then publish.</translation>
    </message>
    <message>
        <source>Select the item to retract first.</source>
        <translation>Select the item to retract first.</translation>
    </message>
    <message>
        <source>Click again to retract #%1</source>
        <translation>Click again to retract #%1</translation>
    </message>
    <message>
        <source>Correction not sent: %1</source>
        <translation>Correction not sent: %1</translation>
    </message>
    <message>
        <source>Correction of #%1 sent as #%2.</source>
        <translation>Correction of #%1 sent as #%2.</translation>
    </message>
    <message>
        <source>Retraction of #%1 sent as #%2.</source>
        <translation>Retraction of #%1 sent as #%2.</translation>
    </message>
    <message>
        <source>Retraction not sent: %1</source>
        <translation>Retraction not sent: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>LiveDesk</source>
        <translation>LiveDesk</translation>
    </message>
    <message>
        <source>News</source>
        <translation>News</translation>
    </message>
    <message>
        <source>+ Match</source>
        <translation>+ Match</translation>
    </message>
    <message>
        <source>New match (Ctrl+N)</source>
        <translation>New match (Ctrl+N)</translation>
    </message>
    <message>
        <source>Home team</source>
        <translation>Home team</translation>
    </message>
    <message>
        <source>Away team</source>
        <translation>Away team</translation>
    </message>
    <message>
        <source>Start covering</source>
        <translation>Start covering</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>New match:</source>
        <translation>New match:</translation>
    </message>
    <message>
        <source>vs</source>
        <translation>vs</translation>
    </message>
    <message>
        <source>Broadcast history</source>
        <translation>Broadcast history</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Connections</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>Open in browser</translation>
    </message>
    <message>
        <source>Feed:</source>
        <translation>Feed:</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Settings…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>&amp;Match</source>
        <translation>&amp;Match</translation>
    </message>
    <message>
        <source>&amp;New match…</source>
        <translation>&amp;New match…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>&amp;News desk</source>
        <translation>&amp;News desk</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;About LiveDesk</source>
        <translation>&amp;About LiveDesk</translation>
    </message>
    <message>
        <source>About LiveDesk</source>
        <translation>About LiveDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;LiveDesk %1&lt;/b&gt;&lt;p&gt;A live-commentary console with an embedded Server-Sent Events server.&lt;/p&gt;</source>
        <translation>&lt;b&gt;LiveDesk %1&lt;/b&gt;&lt;p&gt;A live-commentary console with an embedded Server-Sent Events server.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Name both teams to start a match.</source>
        <translation>Name both teams to start a match.</translation>
    </message>
    <message>
        <source>Events sent: %1</source>
        <translation>Events sent: %1</translation>
    </message>
    <message>
        <source>Viewers: %1</source>
        <translation>Viewers: %1</translation>
    </message>
    <message>
        <source>Feed URL copied.</source>
        <translation>Feed URL copied.</translation>
    </message>
    <message>
        <source>No browser could be opened; copy the URL instead.</source>
        <translation>No browser could be opened; copy the URL instead.</translation>
    </message>
    <message>
        <source>LiveDesk — %1</source>
        <translation>LiveDesk — %1</translation>
    </message>
    <message>
        <source>Reachable from your network: anyone there can read the feed.</source>
        <translation>Reachable from your network: anyone there can read the feed.</translation>
    </message>
    <message>
        <source>(server stopped)</source>
        <translation>(server stopped)</translation>
    </message>
    <message>
        <source>The server is stopped; nothing can be sent. Check File → Settings.</source>
        <translation>The server is stopped; nothing can be sent. Check File → Settings.</translation>
    </message>
    <message>
        <source>Copy embed code</source>
        <translation>Copy embed code</translation>
    </message>
    <message>
        <source>An &lt;iframe&gt; with the live widget for the channel of the current tab</source>
        <translation>An &lt;iframe&gt; with the live widget for the channel of the current tab</translation>
    </message>
    <message>
        <source>Embed code copied: %1</source>
        <translation>Embed code copied: %1</translation>
    </message>
    <message>
        <source>&amp;Export history…</source>
        <translation>&amp;Export history…</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>Export history</translation>
    </message>
    <message>
        <source>Channel to export:</source>
        <translation>Channel to export:</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a channel name.</source>
        <translation>&quot;%1&quot; is not a channel name.</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s) of %1 to %2.</source>
        <translation>
            <numerusform>Exported %n event of %1 to %2.</numerusform>
            <numerusform>Exported %n events of %1 to %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export failed: %1</translation>
    </message>
</context>
<context>
    <name>Match</name>
    <message>
        <source>Write the commentary text first.</source>
        <translation>Write the commentary text first.</translation>
    </message>
    <message>
        <source>Unknown commentary kind &quot;%1&quot;.</source>
        <translation>Unknown commentary kind &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>MatchPanel</name>
    <message>
        <source>1st half</source>
        <translation>1st half</translation>
    </message>
    <message>
        <source>Half-time</source>
        <translation>Half-time</translation>
    </message>
    <message>
        <source>2nd half</source>
        <translation>2nd half</translation>
    </message>
    <message>
        <source>Extra time</source>
        <translation>Extra time</translation>
    </message>
    <message>
        <source>Full-time</source>
        <translation>Full-time</translation>
    </message>
    <message>
        <source>GOAL</source>
        <translation>GOAL</translation>
    </message>
    <message>
        <source>Yellow card</source>
        <translation>Yellow card</translation>
    </message>
    <message>
        <source>Red card</source>
        <translation>Red card</translation>
    </message>
    <message>
        <source>Substitution</source>
        <translation>Substitution</translation>
    </message>
    <message>
        <source>Chance</source>
        <translation>Chance</translation>
    </message>
    <message>
        <source>VAR check</source>
        <translation>VAR check</translation>
    </message>
    <message>
        <source>Also add the goal to the score</source>
        <translation>Also add the goal to the score</translation>
    </message>
    <message>
        <source>+1</source>
        <translation>+1</translation>
    </message>
    <message>
        <source>−1</source>
        <translation>−1</translation>
    </message>
    <message>
        <source>mm:ss</source>
        <translation>mm:ss</translation>
    </message>
    <message>
        <source>Set clock</source>
        <translation>Set clock</translation>
    </message>
    <message>
        <source>Scoreboard — channel %1</source>
        <translation>Scoreboard — channel %1</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Away</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>Clock</translation>
    </message>
    <message>
        <source>Commentary</source>
        <translation>Commentary</translation>
    </message>
    <message>
        <source>What happened? Ctrl+Enter sends.</source>
        <translation>What happened? Ctrl+Enter sends.</translation>
    </message>
    <message>
        <source>Send commentary</source>
        <translation>Send commentary</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Set the clock as minutes:seconds, e.g. 45:00.</source>
        <translation>Set the clock as minutes:seconds, e.g. 45:00.</translation>
    </message>
    <message>
        <source>GOAL for %1! </source>
        <translation>GOAL for %1! </translation>
    </message>
    <message>
        <source>Yellow card (%1): </source>
        <translation>Yellow card (%1): </translation>
    </message>
    <message>
        <source>Red card (%1): </source>
        <translation>Red card (%1): </translation>
    </message>
    <message>
        <source>Substitution (%1): </source>
        <translation>Substitution (%1): </translation>
    </message>
    <message>
        <source>Chance for %1: </source>
        <translation>Chance for %1: </translation>
    </message>
    <message>
        <source>VAR check: </source>
        <translation>VAR check: </translation>
    </message>
    <message>
        <source>Half-time: %1. </source>
        <translation>Half-time: %1. </translation>
    </message>
    <message>
        <source>Full-time: %1. </source>
        <translation>Full-time: %1. </translation>
    </message>
    <message>
        <source>Pause (F9)</source>
        <translation>Pause (F9)</translation>
    </message>
    <message>
        <source>Start (F9)</source>
        <translation>Start (F9)</translation>
    </message>
    <message>
        <source>Not stored, taken back: %1</source>
        <translation>Not stored, taken back: %1</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <source>Sent #%1 at %2&apos;.</source>
        <translation>Sent #%1 at %2&apos;.</translation>
    </message>
</context>
<context>
    <name>NewsPanel</name>
    <message>
        <source>&amp;Urgent (banner on every page)</source>
        <translation>&amp;Urgent (banner on every page)</translation>
    </message>
    <message>
        <source>Send news flash</source>
        <translation>Send news flash</translation>
    </message>
    <message>
        <source>Headline: what happened, in a few words</source>
        <translation>Headline: what happened, in a few words</translation>
    </message>
    <message>
        <source>Optional details</source>
        <translation>Optional details</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>&amp;Headline</source>
        <translation>&amp;Headline</translation>
    </message>
    <message>
        <source>&amp;Body</source>
        <translation>&amp;Body</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <source>Sent #%1: %2</source>
        <translation>Sent #%1: %2</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>LiveDesk</source>
        <translation>LiveDesk</translation>
    </message>
    <message>
        <source>The feed cannot start on port %1, which another program is using.

%2</source>
        <translation>The feed cannot start on port %1, which another program is using.

%2</translation>
    </message>
    <message>
        <source>Use port %1</source>
        <translation>Use port %1</translation>
    </message>
</context>
<context>
    <name>ServerHost</name>
    <message>
        <source>The server is stopped; nothing was sent.</source>
        <translation>The server is stopped; nothing was sent.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>LiveDesk settings</source>
        <translation>LiveDesk settings</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>any free port</translation>
    </message>
    <message>
        <source>This computer only (127.0.0.1)</source>
        <translation>This computer only (127.0.0.1)</translation>
    </message>
    <message>
        <source>Local network (all interfaces, 0.0.0.0)</source>
        <translation>Local network (all interfaces, 0.0.0.0)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Regenerate</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source> events</source>
        <translation> events</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>System language</translation>
    </message>
    <message>
        <source>&amp;Port</source>
        <translation>&amp;Port</translation>
    </message>
    <message>
        <source>&amp;Listen on</source>
        <translation>&amp;Listen on</translation>
    </message>
    <message>
        <source>Publish &amp;token</source>
        <translation>Publish &amp;token</translation>
    </message>
    <message>
        <source>&amp;Heartbeat</source>
        <translation>&amp;Heartbeat</translation>
    </message>
    <message>
        <source>&amp;Replay depth</source>
        <translation>&amp;Replay depth</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>Lan&amp;guage</translation>
    </message>
    <message>
        <source>A new language applies when LiveDesk restarts.</source>
        <translation>A new language applies when LiveDesk restarts.</translation>
    </message>
    <message>
        <source>A new token takes effect when you apply; scripts need it then.</source>
        <translation>A new token takes effect when you apply; scripts need it then.</translation>
    </message>
    <message>
        <source>Anyone on your network can then read the feed. Publishing still needs the token.</source>
        <translation>Anyone on your network can then read the feed. Publishing still needs the token.</translation>
    </message>
    <message>
        <source>The token must be printable ASCII without spaces.</source>
        <translation>The token must be printable ASCII without spaces.</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>Not applied: %1</translation>
    </message>
    <message>
        <source>Applied, but not saved: %1</source>
        <translation>Applied, but not saved: %1</translation>
    </message>
    <message>
        <source>Applied: the server restarted on %1.</source>
        <translation>Applied: the server restarted on %1.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>ViewerPane</name>
    <message>
        <source>&lt;b&gt;What viewers see&lt;/b&gt;</source>
        <translation>&lt;b&gt;What viewers see&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Last event: –</source>
        <translation>Last event: –</translation>
    </message>
    <message>
        <source>Latency: –</source>
        <translation>Latency: –</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconnecting…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Latency: %1 ms</source>
        <translation>Latency: %1 ms</translation>
    </message>
    <message>
        <source>Last event: #%1</source>
        <translation>Last event: #%1</translation>
    </message>
    <message>
        <source>— Resynchronised: some events were missed while away —</source>
        <translation>— Resynchronised: some events were missed while away —</translation>
    </message>
    <message>
        <source>(retracted)</source>
        <translation>(retracted)</translation>
    </message>
    <message>
        <source>(corrected)</source>
        <translation>(corrected)</translation>
    </message>
</context>
</TS>

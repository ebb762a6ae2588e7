<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AudiencePanel</name>
    <message>
        <source>Viewers</source>
        <translation>Viewers</translation>
    </message>
    <message>
        <source>viewers</source>
        <translation>viewers</translation>
    </message>
    <message>
        <source>Posts per minute</source>
        <translation>Posts per minute</translation>
    </message>
    <message>
        <source>posts a minute</source>
        <translation>posts a minute</translation>
    </message>
    <message>
        <source>Publish-to-receive latency (viewer pane)</source>
        <translation>Publish-to-receive latency (viewer pane)</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>Slow clients dropped per minute</source>
        <translation>Slow clients dropped per minute</translation>
    </message>
    <message>
        <source>dropped a minute</source>
        <translation>dropped a minute</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>All channels</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>Peak</translation>
    </message>
    <message>
        <source>Posts</source>
        <translation>Posts</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latency</translation>
    </message>
    <message>
        <source>Dropped</source>
        <translation>Dropped</translation>
    </message>
    <message>
        <source>No viewers yet.</source>
        <translation>No viewers yet.</translation>
    </message>
    <message>
        <source>%1 — %2 %3 (%4)</source>
        <translation>%1 — %2 %3 (%4)</translation>
    </message>
    <message numerus="yes">
        <source>Peak: %n viewer(s) at %1</source>
        <translation>
            <numerusform>Peak: %n viewer at %1</numerusform>
            <numerusform>Peak: %n viewers at %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not save the charts to %1.</source>
        <translation>Could not save the charts to %1.</translation>
    </message>
    <message>
        <source>Could not save the data to %1: %2</source>
        <translation>Could not save the data to %1: %2</translation>
    </message>
    <message>
        <source>Save charts</source>
        <translation>Save charts</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Saved %1</translation>
    </message>
    <message>
        <source>Save audience data</source>
        <translation>Save audience data</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV files (*.csv)</translation>
    </message>
    <message>
        <source>Save charts as PNG…</source>
        <translation>Save charts as PNG…</translation>
    </message>
    <message>
        <source>Save data as CSV…</source>
        <translation>Save data as CSV…</translation>
    </message>
</context>
<context>
    <name>ClusterStatus</name>
    <message>
        <source>Cluster %1: %2 on %3</source>
        <extracomment>Cluster NAME: &quot;12 viewers&quot; on &quot;3 nodes&quot;</extracomment>
        <translation>Cluster %1: %2 on %3</translation>
    </message>
    <message numerus="yes">
        <source>%n viewer(s)</source>
        <translation>
            <numerusform>%n viewer</numerusform>
            <numerusform>%n viewers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n node</numerusform>
            <numerusform>%n nodes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n viewer(s)</source>
        <translation>
            <numerusform>%1: %n viewer</numerusform>
            <numerusform>%1: %n viewers</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (this console)</source>
        <translation>%1 (this console)</translation>
    </message>
    <message>
        <source>Cluster %1: Redis cannot be reached; posts wait in the outbox until it is back</source>
        <translation>Cluster %1: Redis cannot be reached; posts wait in the outbox until it is back</translation>
    </message>
</context>
<context>
    <name>CommentaryForm</name>
    <message>
        <source>Commentary</source>
        <translation>Commentary</translation>
    </message>
    <message>
        <source>GOAL</source>
        <translation>GOAL</translation>
    </message>
    <message>
        <source>Kind of line; only GOAL changes the score</source>
        <translation>Kind of line; only GOAL changes the score</translation>
    </message>
    <message>
        <source>What happened? Ctrl+Enter sends.</source>
        <translation>What happened? Ctrl+Enter sends.</translation>
    </message>
    <message>
        <source>Add what happened after &quot;%1&quot;; a template alone is not sent.</source>
        <translation>Add what happened after &quot;%1&quot;; a template alone is not sent.</translation>
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
        <source>Listed under the scoreboard on the viewers&apos; page; GOAL, red card and full-time are key moments unless you untick it</source>
        <translation>Listed under the scoreboard on the viewers&apos; page; GOAL, red card and full-time are key moments unless you untick it</translation>
    </message>
    <message>
        <source>K&amp;ey moment</source>
        <translation>K&amp;ey moment</translation>
    </message>
</context>
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
    <message>
        <source>WebSocket</source>
        <translation>WebSocket</translation>
    </message>
    <message>
        <source>SSE</source>
        <translation>SSE</translation>
    </message>
    <message>
        <source>Transport</source>
        <extracomment>How the viewer receives events: SSE (EventSource) or WebSocket</extracomment>
        <translation>Transport</translation>
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
    <name>CorrectionEditor</name>
    <message>
        <source>News</source>
        <translation>News</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Cancel (Esc)</translation>
    </message>
    <message>
        <source>&amp;Publish correction (Ctrl+Enter)</source>
        <translation>&amp;Publish correction (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Correcting #%1 · %2 · %3</source>
        <translation>Correcting #%1 · %2 · %3</translation>
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
        <source>This line went out with the kind &quot;%1&quot;, which the console does not know. Choose one of the kinds offered; the correction replaces it.</source>
        <translation>This line went out with the kind &quot;%1&quot;, which the console does not know. Choose one of the kinds offered; the correction replaces it.</translation>
    </message>
    <message>
        <source>Nothing is changed yet: edit a field, or press Esc to cancel.</source>
        <translation>Nothing is changed yet: edit a field, or press Esc to cancel.</translation>
    </message>
    <message>
        <source>Not sent: #%1 has been retracted, so it can no longer be corrected. Server: %2</source>
        <translation>Not sent: #%1 has been retracted, so it can no longer be corrected. Server: %2</translation>
    </message>
    <message>
        <source>Correction not sent: %1</source>
        <translation>Correction not sent: %1</translation>
    </message>
</context>
<context>
    <name>CountdownBar</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Undo</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message numerus="yes">
        <source>Sending in %n s… Esc or Undo takes it back.</source>
        <translation>
            <numerusform>Sending in %n s… Esc or Undo takes it back.</numerusform>
            <numerusform>Sending in %n s… Esc or Undo takes it back.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Already waiting: sending in %n s. Esc or Undo takes it back.</source>
        <translation>
            <numerusform>Already waiting: sending in %n s. Esc or Undo takes it back.</numerusform>
            <numerusform>Already waiting: sending in %n s. Esc or Undo takes it back.</numerusform>
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
    <message>
        <source>The minute must be a number.</source>
        <translation>The minute must be a number.</translation>
    </message>
    <message>
        <source>A correction cannot leave the text empty.</source>
        <translation>A correction cannot leave the text empty.</translation>
    </message>
    <message>
        <source>Choose the item to correct first.</source>
        <translation>Choose the item to correct first.</translation>
    </message>
    <message>
        <source>Choose the item to retract first.</source>
        <translation>Choose the item to retract first.</translation>
    </message>
</context>
<context>
    <name>EventRenderer</name>
    <message>
        <source>URGENT: </source>
        <translation>URGENT: </translation>
    </message>
    <message>
        <source>retraction of #%1</source>
        <translation>retraction of #%1</translation>
    </message>
    <message>
        <source>correction of #%1</source>
        <translation>correction of #%1</translation>
    </message>
    <message>
        <source>News flash</source>
        <translation>News flash</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Score</translation>
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
        <source>Correction</source>
        <translation>Correction</translation>
    </message>
    <message>
        <source>Retraction</source>
        <translation>Retraction</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>Goal</translation>
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
        <source>Half-time</source>
        <translation>Half-time</translation>
    </message>
    <message>
        <source>Full-time</source>
        <translation>Full-time</translation>
    </message>
    <message>
        <source>1st half</source>
        <translation>1st half</translation>
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
        <source>corrected</source>
        <translation>corrected</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgent</translation>
    </message>
    <message>
        <source>News</source>
        <translation>News</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Ended</translation>
    </message>
    <message>
        <source>By %1</source>
        <translation>By %1</translation>
    </message>
    <message>
        <source>Key moment</source>
        <translation>Key moment</translation>
    </message>
    <message>
        <source>Photo: %1</source>
        <translation>Photo: %1</translation>
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
    <message>
        <source>News</source>
        <translation>News</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message>
        <source>queued</source>
        <translation>queued</translation>
    </message>
    <message>
        <source>waiting %1</source>
        <translation>waiting %1</translation>
    </message>
    <message numerus="yes">
        <source>Not sent yet: queued at %1, %n attempt(s) so far.%2</source>
        <translation>
            <numerusform>Not sent yet: queued at %1, %n attempt so far.%2</numerusform>
            <numerusform>Not sent yet: queued at %1, %n attempts so far.%2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>&amp;Correct…</source>
        <translation>&amp;Correct…</translation>
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
        <source>Select the item to retract first.</source>
        <translation>Select the item to retract first.</translation>
    </message>
    <message>
        <source>Correction of #%1 sent as #%2.</source>
        <translation>Correction of #%1 sent as #%2.</translation>
    </message>
    <message>
        <source>Retraction not sent: %1</source>
        <translation>Retraction not sent: %1</translation>
    </message>
    <message>
        <source>&amp;Retract…</source>
        <translation>&amp;Retract…</translation>
    </message>
    <message>
        <source>Keep the item (Esc)</source>
        <translation>Keep the item (Esc)</translation>
    </message>
    <message>
        <source>Retract the original item, not the %1.</source>
        <translation>Retract the original item, not the %1.</translation>
    </message>
    <message>
        <source>A score cannot be corrected or retracted: set the right score on the scoreboard, and it goes out at once.</source>
        <translation>A score cannot be corrected or retracted: set the right score on the scoreboard, and it goes out at once.</translation>
    </message>
    <message>
        <source>Only news flashes and commentary can be corrected from the console; correct this %1 through the API.</source>
        <translation>Only news flashes and commentary can be corrected from the console; correct this %1 through the API.</translation>
    </message>
    <message>
        <source>#%1 was retracted (by #%2); a retracted item cannot be corrected.</source>
        <translation>#%1 was retracted (by #%2); a retracted item cannot be corrected.</translation>
    </message>
    <message>
        <source>Retract #%1, %2? Viewers&apos; pages drop it at once.</source>
        <translation>Retract #%1, %2? Viewers&apos; pages drop it at once.</translation>
    </message>
    <message>
        <source>&amp;Yes, retract #%1</source>
        <translation>&amp;Yes, retract #%1</translation>
    </message>
    <message>
        <source>Retraction of #%1 sent as #%2; viewers&apos; pages have dropped it.</source>
        <translation>Retraction of #%1 sent as #%2; viewers&apos; pages have dropped it.</translation>
    </message>
    <message>
        <source>Not sent: #%1 had already been retracted, so viewers no longer see it. Server: %2</source>
        <translation>Not sent: #%1 had already been retracted, so viewers no longer see it. Server: %2</translation>
    </message>
    <message>
        <source>&amp;Take back</source>
        <translation>&amp;Take back</translation>
    </message>
    <message>
        <source>Take the queued post out of the outbox before it goes (Delete)</source>
        <translation>Take the queued post out of the outbox before it goes (Delete)</translation>
    </message>
    <message>
        <source>Correction of #%1 queued, not sent yet (%2).</source>
        <translation>Correction of #%1 queued, not sent yet (%2).</translation>
    </message>
    <message>
        <source>This post has been sent: retract it instead.</source>
        <translation>This post has been sent: retract it instead.</translation>
    </message>
    <message>
        <source>Taken back: the post will not be sent.</source>
        <translation>Taken back: the post will not be sent.</translation>
    </message>
    <message>
        <source>Too late to take back: it is being sent right now. Retract it once it shows in the history.</source>
        <translation>Too late to take back: it is being sent right now. Retract it once it shows in the history.</translation>
    </message>
    <message>
        <source>Retraction of #%1 queued, not sent yet (%2).</source>
        <translation>Retraction of #%1 queued, not sent yet (%2).</translation>
    </message>
    <message>
        <source>&amp;Key moment</source>
        <translation>&amp;Key moment</translation>
    </message>
    <message>
        <source>Mark the post a key moment, listed under its match&apos;s scoreboard on the viewers&apos; page, or unmark it (Alt+K)</source>
        <translation>Mark the post a key moment, listed under its match&apos;s scoreboard on the viewers&apos; page, or unmark it (Alt+K)</translation>
    </message>
    <message>
        <source>Not a &amp;key moment</source>
        <translation>Not a &amp;key moment</translation>
    </message>
    <message>
        <source>Select the post to mark first.</source>
        <translation>Select the post to mark first.</translation>
    </message>
    <message>
        <source>#%1 was retracted (by #%2).</source>
        <translation>#%1 was retracted (by #%2).</translation>
    </message>
    <message>
        <source>#%1 is a key moment now (#%2).</source>
        <translation>#%1 is a key moment now (#%2).</translation>
    </message>
    <message>
        <source>#%1 is no longer a key moment (#%2).</source>
        <translation>#%1 is no longer a key moment (#%2).</translation>
    </message>
    <message>
        <source>The mark on #%1 is queued, not sent yet (%2).</source>
        <translation>The mark on #%1 is queued, not sent yet (%2).</translation>
    </message>
    <message>
        <source>Not marked: %1</source>
        <translation>Not marked: %1</translation>
    </message>
    <message>
        <source>&amp;Pin</source>
        <translation>&amp;Pin</translation>
    </message>
    <message>
        <source>Pin the post at the top of the viewers&apos; page until you unpin it; it replaces the channel&apos;s pinned post, if any (Alt+P)</source>
        <translation>Pin the post at the top of the viewers&apos; page until you unpin it; it replaces the channel&apos;s pinned post, if any (Alt+P)</translation>
    </message>
    <message>
        <source>Un&amp;pin</source>
        <translation>Un&amp;pin</translation>
    </message>
    <message>
        <source>#%1 is pinned at the top of the page now (#%2).</source>
        <translation>#%1 is pinned at the top of the page now (#%2).</translation>
    </message>
    <message>
        <source>#%1 is no longer pinned (#%2).</source>
        <translation>#%1 is no longer pinned (#%2).</translation>
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
    <message>
        <source>Press &lt;b&gt;Ctrl+N&lt;/b&gt; to cover a match, or type a news flash below and send it with &lt;b&gt;Ctrl+Enter&lt;/b&gt;.</source>
        <translation>Press &lt;b&gt;Ctrl+N&lt;/b&gt; to cover a match, or type a news flash below and send it with &lt;b&gt;Ctrl+Enter&lt;/b&gt;.</translation>
    </message>
    <message>
        <source>&amp;End and close match…</source>
        <translation>&amp;End and close match…</translation>
    </message>
    <message>
        <source>Drafts of the last session were not restored: %1</source>
        <translation>Drafts of the last session were not restored: %1</translation>
    </message>
    <message>
        <source>Drafts not saved: %1</source>
        <translation>Drafts not saved: %1</translation>
    </message>
    <message>
        <source>The match was not ended, so its tab stays: %1</source>
        <translation>The match was not ended, so its tab stays: %1</translation>
    </message>
    <message>
        <source>End the match?</source>
        <translation>End the match?</translation>
    </message>
    <message>
        <source>%1 – %2 is live. Closing its tab ends the match: viewers see full time at %3–%4.</source>
        <translation>%1 – %2 is live. Closing its tab ends the match: viewers see full time at %3–%4.</translation>
    </message>
    <message>
        <source>End match and close</source>
        <translation>End match and close</translation>
    </message>
    <message>
        <source>Keep covering</source>
        <translation>Keep covering</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>Export:</translation>
    </message>
    <message>
        <source>Name the away team too.</source>
        <translation>Name the away team too.</translation>
    </message>
    <message>
        <source>Name the home team to start a match.</source>
        <translation>Name the home team to start a match.</translation>
    </message>
    <message>
        <source>%1 – %2 was opened elsewhere (another console or a script).</source>
        <translation>%1 – %2 was opened elsewhere (another console or a script).</translation>
    </message>
    <message>
        <source>The server refused a queued %1, which is not sent: %2</source>
        <translation>The server refused a queued %1, which is not sent: %2</translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) from the last run had not reached the server; they are being sent now, in order.</source>
        <translation>
            <numerusform>%n post from the last run had not reached the server; they are being sent now, in order.</numerusform>
            <numerusform>%n posts from the last run had not reached the server; they are being sent now, in order.</numerusform>
        </translation>
    </message>
    <message>
        <source>The history is kept by %1: export it there (livedesk --export %2 FILE).</source>
        <translation>The history is kept by %1: export it there (livedesk --export %2 FILE).</translation>
    </message>
    <message>
        <source>Publishing to %1.</source>
        <translation>Publishing to %1.</translation>
    </message>
    <message>
        <source>%1 Posts wait in the outbox and go out once the link is back.</source>
        <translation>%1 Posts wait in the outbox and go out once the link is back.</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Scheduled</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Audience</translation>
    </message>
    <message>
        <source>Save match report</source>
        <translation>Save match report</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;PNG image (*.png)</source>
        <translation>PDF (*.pdf);;PNG image (*.png)</translation>
    </message>
    <message>
        <source>Saved the match report to %1</source>
        <translation>Saved the match report to %1</translation>
    </message>
</context>
<context>
    <name>Match</name>
    <message>
        <source>Write the commentary text first.</source>
        <translation>Write the commentary text first.</translation>
    </message>
    <message>
        <source>Unknown commentary kind &quot;%1&quot;; it must be one of: %2.</source>
        <translation>Unknown commentary kind &quot;%1&quot;; it must be one of: %2.</translation>
    </message>
    <message>
        <source>The minute is %1; it can be at most %2.</source>
        <translation>The minute is %1; it can be at most %2.</translation>
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
    <message>
        <source>Add to the score</source>
        <translation>Add to the score</translation>
    </message>
    <message>
        <source>Scoreboard — %1 v %2</source>
        <translation>Scoreboard — %1 v %2</translation>
    </message>
    <message>
        <source>Sends: %1</source>
        <translation>Sends: %1</translation>
    </message>
    <message>
        <source>Score stays %1</source>
        <translation>Score stays %1</translation>
    </message>
    <message>
        <source>Queued at %1&apos;, not sent yet (%2)</source>
        <translation>Queued at %1&apos;, not sent yet (%2)</translation>
    </message>
    <message>
        <source>Taken back; nothing was sent.</source>
        <translation>Taken back; nothing was sent.</translation>
    </message>
    <message>
        <source>Match report…</source>
        <translation>Match report…</translation>
    </message>
</context>
<context>
    <name>MatchReport</name>
    <message>
        <source>Match report: %1 v %2</source>
        <translation>Match report: %1 v %2</translation>
    </message>
    <message>
        <source>Could not save the report to %1.</source>
        <translation>Could not save the report to %1.</translation>
    </message>
    <message>
        <source>Full time</source>
        <translation>Full time</translation>
    </message>
    <message>
        <source>Key moments</source>
        <translation>Key moments</translation>
    </message>
    <message>
        <source>None marked.</source>
        <translation>None marked.</translation>
    </message>
    <message>
        <source>Viewers</source>
        <translation>Viewers</translation>
    </message>
    <message>
        <source>No viewers were counted.</source>
        <translation>No viewers were counted.</translation>
    </message>
    <message numerus="yes">
        <source>Peak: %n viewer(s) at %1</source>
        <translation>
            <numerusform>Peak: %n viewer at %1</numerusform>
            <numerusform>Peak: %n viewers at %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewsFlashForm</name>
    <message>
        <source>&amp;Urgent (banner on every page)</source>
        <translation>&amp;Urgent (banner on every page)</translation>
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
        <source>&amp;Headline</source>
        <translation>&amp;Headline</translation>
    </message>
    <message>
        <source>&amp;Body</source>
        <translation>&amp;Body</translation>
    </message>
</context>
<context>
    <name>NewsPanel</name>
    <message>
        <source>Send news flash</source>
        <translation>Send news flash</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Not sent: %1</translation>
    </message>
    <message>
        <source>Sent #%1: %2</source>
        <translation>Sent #%1: %2</translation>
    </message>
    <message>
        <source>URGENT flash: press Ctrl+Enter (or Send) again to send it to every page.</source>
        <translation>URGENT flash: press Ctrl+Enter (or Send) again to send it to every page.</translation>
    </message>
    <message>
        <source>Queued, not sent yet: %1 (%2)</source>
        <translation>Queued, not sent yet: %1 (%2)</translation>
    </message>
    <message>
        <source>Taken back; nothing was sent.</source>
        <translation>Taken back; nothing was sent.</translation>
    </message>
    <message>
        <source>this console has no server to keep photos</source>
        <translation>this console has no server to keep photos</translation>
    </message>
    <message>
        <source>Sending the photo…</source>
        <translation>Sending the photo…</translation>
    </message>
    <message>
        <source>Not sent: the photo was not stored (%1)</source>
        <translation>Not sent: the photo was not stored (%1)</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Schedule</translation>
    </message>
    <message>
        <source>The server sends it at that time, with or without this console</source>
        <translation>The server sends it at that time, with or without this console</translation>
    </message>
    <message>
        <source>Not scheduled: %1</source>
        <translation>Not scheduled: %1</translation>
    </message>
    <message>
        <source>Not scheduled: a flash with a photo cannot be scheduled yet; send it now, or remove the photo</source>
        <translation>Not scheduled: a flash with a photo cannot be scheduled yet; send it now, or remove the photo</translation>
    </message>
    <message>
        <source>Not scheduled: this console has no server to keep it</source>
        <translation>Not scheduled: this console has no server to keep it</translation>
    </message>
    <message>
        <source>Scheduled for %1: %2</source>
        <translation>Scheduled for %1: %2</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>Cannot keep the outbox in %1: %2</source>
        <translation>Cannot keep the outbox in %1: %2</translation>
    </message>
    <message>
        <source>Queued behind earlier posts.</source>
        <translation>Queued behind earlier posts.</translation>
    </message>
    <message>
        <source>The outbox cannot be written: %1</source>
        <translation>The outbox cannot be written: %1</translation>
    </message>
    <message>
        <source>Deleted from the outbox before it was sent.</source>
        <translation>Deleted from the outbox before it was sent.</translation>
    </message>
</context>
<context>
    <name>OutboxStatus</name>
    <message>
        <source>Retry now</source>
        <translation>Retry now</translation>
    </message>
    <message>
        <source>Send what waits now, without waiting for the next attempt</source>
        <translation>Send what waits now, without waiting for the next attempt</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
    <message>
        <source>● Connecting · %1</source>
        <translation>● Connecting · %1</translation>
    </message>
    <message>
        <source>● Connecting…</source>
        <translation>● Connecting…</translation>
    </message>
    <message>
        <source>● Link down · %1</source>
        <translation>● Link down · %1</translation>
    </message>
    <message>
        <source>● Link down</source>
        <translation>● Link down</translation>
    </message>
    <message>
        <source>● Not sent · %1</source>
        <translation>● Not sent · %1</translation>
    </message>
    <message>
        <source>● Sending · %1</source>
        <translation>● Sending · %1</translation>
    </message>
    <message>
        <source>● Connected · all sent</source>
        <translation>● Connected · all sent</translation>
    </message>
</context>
<context>
    <name>PhotoAttachment</name>
    <message>
        <source>Add photo…</source>
        <translation>Add photo…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>Remove photo</translation>
    </message>
    <message>
        <source>What the photo shows, for readers who cannot see it</source>
        <translation>What the photo shows, for readers who cannot see it</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Optional: the photographer or agency</source>
        <translation>Optional: the photographer or agency</translation>
    </message>
    <message>
        <source>Choose a photo, drop one here, or paste one (Ctrl+Shift+V)</source>
        <translation>Choose a photo, drop one here, or paste one (Ctrl+Shift+V)</translation>
    </message>
    <message>
        <source>&amp;Alt text</source>
        <translation>&amp;Alt text</translation>
    </message>
    <message>
        <source>Capt&amp;ion</source>
        <translation>Capt&amp;ion</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>Credit</translation>
    </message>
    <message>
        <source>a photo needs alt text: say what it shows, for readers who cannot see it</source>
        <translation>a photo needs alt text: say what it shows, for readers who cannot see it</translation>
    </message>
    <message>
        <source>Add a photo</source>
        <translation>Add a photo</translation>
    </message>
    <message>
        <source>Photos (*.png *.jpg *.jpeg *.webp *.gif)</source>
        <translation>Photos (*.png *.jpg *.jpeg *.webp *.gif)</translation>
    </message>
    <message>
        <source>There is no photo to take: copy a photo or a photo file first.</source>
        <translation>There is no photo to take: copy a photo or a photo file first.</translation>
    </message>
    <message>
        <source>The photo is larger than 10 MB; make it smaller first.</source>
        <translation>The photo is larger than 10 MB; make it smaller first.</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>Cannot read %1: %2</translation>
    </message>
    <message>
        <source>%1 is not a PNG, JPEG, WebP or GIF photo.</source>
        <translation>%1 is not a PNG, JPEG, WebP or GIF photo.</translation>
    </message>
    <message>
        <source>The clipboard&apos;s image could not be read.</source>
        <translation>The clipboard&apos;s image could not be read.</translation>
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
    <message>
        <source>Another LiveDesk is already using this data directory:
%1

Close it first, or start this one with --data-dir.</source>
        <translation>Another LiveDesk is already using this data directory:
%1

Close it first, or start this one with --data-dir.</translation>
    </message>
    <message>
        <source>The publish token saved in the settings is too weak to protect publishing: anyone who can reach the server could guess it.

%1</source>
        <translation>The publish token saved in the settings is too weak to protect publishing: anyone who can reach the server could guess it.

%1</translation>
    </message>
    <message>
        <source>Generate a new token</source>
        <translation>Generate a new token</translation>
    </message>
    <message>
        <source>The outbox in %1 cannot be opened: %2</source>
        <translation>The outbox in %1 cannot be opened: %2</translation>
    </message>
    <message>
        <source>Publishing to %1 needs that server&apos;s publish token: give --token, or save it in Settings.</source>
        <translation>Publishing to %1 needs that server&apos;s publish token: give --token, or save it in Settings.</translation>
    </message>
</context>
<context>
    <name>RemoteFeed</name>
    <message>
        <source>%1 is not a LiveDesk server (it answered HTTP %2 to GET /api/state).</source>
        <translation>%1 is not a LiveDesk server (it answered HTTP %2 to GET /api/state).</translation>
    </message>
    <message>
        <source>The link to %1 dropped (%2); reconnecting.</source>
        <translation>The link to %1 dropped (%2); reconnecting.</translation>
    </message>
    <message>
        <source>The server %1 was not found: check the address.</source>
        <translation>The server %1 was not found: check the address.</translation>
    </message>
    <message>
        <source>%1 refused the connection: is LiveDesk running there, on that port?</source>
        <translation>%1 refused the connection: is LiveDesk running there, on that port?</translation>
    </message>
    <message>
        <source>The certificate of %1 is not one this computer trusts: %2</source>
        <translation>The certificate of %1 is not one this computer trusts: %2</translation>
    </message>
    <message>
        <source>Cannot follow the feed of %1: %2</source>
        <translation>Cannot follow the feed of %1: %2</translation>
    </message>
    <message>
        <source>%1 answers, but its live feed (/ws) did not open (%2). A proxy in front of it must pass WebSocket upgrades on (docs/cluster.md).</source>
        <translation>%1 answers, but its live feed (/ws) did not open (%2). A proxy in front of it must pass WebSocket upgrades on (docs/cluster.md).</translation>
    </message>
</context>
<context>
    <name>RemotePublisher</name>
    <message>
        <source>%1 answered, but not as a LiveDesk does (no event id).</source>
        <translation>%1 answered, but not as a LiveDesk does (no event id).</translation>
    </message>
    <message>
        <source>%1 is not a LiveDesk server (it answered HTTP %2 to a publish).</source>
        <translation>%1 is not a LiveDesk server (it answered HTTP %2 to a publish).</translation>
    </message>
    <message>
        <source>%1 refused the publish token: %2. Check the token in Settings.</source>
        <translation>%1 refused the publish token: %2. Check the token in Settings.</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2: %3</source>
        <translation>%1 answered HTTP %2: %3</translation>
    </message>
    <message>
        <source>The server %1 was not found: check the address.</source>
        <translation>The server %1 was not found: check the address.</translation>
    </message>
    <message>
        <source>%1 refused the connection: is LiveDesk running there, on that port?</source>
        <translation>%1 refused the connection: is LiveDesk running there, on that port?</translation>
    </message>
    <message>
        <source>The certificate of %1 is not one this computer trusts, or the connection is not https: %2</source>
        <translation>The certificate of %1 is not one this computer trusts, or the connection is not https: %2</translation>
    </message>
    <message>
        <source>%1 did not answer in time.</source>
        <translation>%1 did not answer in time.</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>Cannot reach %1: %2</translation>
    </message>
</context>
<context>
    <name>ScheduledPanel</name>
    <message>
        <source>Send them now</source>
        <translation>Send them now</translation>
    </message>
    <message>
        <source>Cancel them</source>
        <translation>Cancel them</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>Send now</translation>
    </message>
    <message>
        <source>At</source>
        <translation>At</translation>
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
        <source>Post</source>
        <translation>Post</translation>
    </message>
    <message>
        <source> (missed)</source>
        <translation> (missed)</translation>
    </message>
    <message numerus="yes">
        <source>%n scheduled post(s) were due while LiveDesk was closed and have not been sent.</source>
        <translation>
            <numerusform>%n scheduled post was due while LiveDesk was closed and has not been sent.</numerusform>
            <numerusform>%n scheduled posts were due while LiveDesk was closed and have not been sent.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <source>Cancelled; it will not be sent.</source>
        <translation>Cancelled; it will not be sent.</translation>
    </message>
    <message>
        <source>Back in the news desk: change it and schedule it again.</source>
        <translation>Back in the news desk: change it and schedule it again.</translation>
    </message>
    <message>
        <source>Sent.</source>
        <translation>Sent.</translation>
    </message>
</context>
<context>
    <name>ServerHost</name>
    <message>
        <source>The server is stopped; nothing was sent.</source>
        <translation>The server is stopped; nothing was sent.</translation>
    </message>
    <message>
        <source>This server keeps its events in memory only (no data directory).</source>
        <translation>This server keeps its events in memory only (no data directory).</translation>
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
    <message>
        <source>Hide</source>
        <translation>Hide</translation>
    </message>
    <message>
        <source>none: plain http</source>
        <translation>none: plain http</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM files (*.pem *.crt *.key);;All files (*)</translation>
    </message>
    <message>
        <source>HTTPS &amp;certificate</source>
        <translation>HTTPS &amp;certificate</translation>
    </message>
    <message>
        <source>The certificate (PEM, with its chain)</source>
        <translation>The certificate (PEM, with its chain)</translation>
    </message>
    <message>
        <source>HTTPS &amp;key</source>
        <translation>HTTPS &amp;key</translation>
    </message>
    <message>
        <source>The certificate&apos;s private key (PEM)</source>
        <translation>The certificate&apos;s private key (PEM)</translation>
    </message>
    <message>
        <source>For https choose both the certificate and its key; leave both empty for plain http.</source>
        <translation>For https choose both the certificate and its key; leave both empty for plain http.</translation>
    </message>
    <message>
        <source>This &amp;computer: its own server, set up below</source>
        <translation>This &amp;computer: its own server, set up below</translation>
    </message>
    <message>
        <source>A LiveDesk &amp;server elsewhere:</source>
        <translation>A LiveDesk &amp;server elsewhere:</translation>
    </message>
    <message>
        <source>that server&apos;s publish token</source>
        <translation>that server&apos;s publish token</translation>
    </message>
    <message>
        <source>&amp;URL</source>
        <translation>&amp;URL</translation>
    </message>
    <message>
        <source>T&amp;oken</source>
        <translation>T&amp;oken</translation>
    </message>
    <message>
        <source>&lt;b&gt;Publish to&lt;/b&gt;</source>
        <translation>&lt;b&gt;Publish to&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Publish to: %1</source>
        <translation>Publish to: %1</translation>
    </message>
    <message>
        <source>Publish to: give that server&apos;s publish token (printable ASCII without spaces).</source>
        <translation>Publish to: give that server&apos;s publish token (printable ASCII without spaces).</translation>
    </message>
    <message>
        <source>&lt;b&gt;This computer&apos;s server&lt;/b&gt;</source>
        <translation>&lt;b&gt;This computer&apos;s server&lt;/b&gt;</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>this computer</translation>
    </message>
    <message>
        <source>Saved: LiveDesk publishes to %1 from its next start.</source>
        <translation>Saved: LiveDesk publishes to %1 from its next start.</translation>
    </message>
    <message>
        <source>Now publishing to %1. A choice made here applies from the next start.</source>
        <translation>Now publishing to %1. A choice made here applies from the next start.</translation>
    </message>
    <message>
        <source>e.g. Sam Okafor</source>
        <translation>e.g. Sam Okafor</translation>
    </message>
    <message>
        <source>Your &amp;name (byline)</source>
        <translation>Your &amp;name (byline)</translation>
    </message>
    <message>
        <source>Shown on every post you send from this desk.</source>
        <translation>Shown on every post you send from this desk.</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Off</translation>
    </message>
    <message>
        <source>3 seconds</source>
        <translation>3 seconds</translation>
    </message>
    <message>
        <source>5 seconds</source>
        <translation>5 seconds</translation>
    </message>
    <message>
        <source>10 seconds</source>
        <translation>10 seconds</translation>
    </message>
    <message>
        <source>Send &amp;delay</source>
        <translation>Send &amp;delay</translation>
    </message>
    <message>
        <source>Each flash and commentary line waits this long before it goes, so Esc or Undo can take it back. Score buttons and the clock never wait.</source>
        <translation>Each flash and commentary line waits this long before it goes, so Esc or Undo can take it back. Score buttons and the clock never wait.</translation>
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
        <source>Close</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Some updates were missed while offline; showing the latest.</source>
        <translation>Some updates were missed while offline; showing the latest.</translation>
    </message>
    <message>
        <source>Nothing yet. New items appear here the moment they are sent.</source>
        <translation>Nothing yet. New items appear here the moment they are sent.</translation>
    </message>
    <message>
        <source>📌 Pinned</source>
        <translation>📌 Pinned</translation>
    </message>
</context>
</TS>

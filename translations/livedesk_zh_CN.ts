<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AudiencePanel</name>
    <message>
        <source>Viewers</source>
        <translation>观众</translation>
    </message>
    <message>
        <source>viewers</source>
        <translation>观众</translation>
    </message>
    <message>
        <source>Posts per minute</source>
        <translation>每分钟发布数</translation>
    </message>
    <message>
        <source>posts a minute</source>
        <translation>条/分钟</translation>
    </message>
    <message>
        <source>Publish-to-receive latency (viewer pane)</source>
        <translation>发布到接收的延迟（观众视图）</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>Slow clients dropped per minute</source>
        <translation>每分钟断开的慢速客户端</translation>
    </message>
    <message>
        <source>dropped a minute</source>
        <translation>个/分钟</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>全部频道</translation>
    </message>
    <message>
        <source>Peak</source>
        <translation>峰值</translation>
    </message>
    <message>
        <source>Posts</source>
        <translation>发布</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Dropped</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>No viewers yet.</source>
        <translation>暂无观众。</translation>
    </message>
    <message>
        <source>%1 — %2 %3 (%4)</source>
        <translation>%1 — %2 %3（%4）</translation>
    </message>
    <message numerus="yes">
        <source>Peak: %n viewer(s) at %1</source>
        <translation>
            <numerusform>峰值：%1 时 %n 位观众</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not save the charts to %1.</source>
        <translation>无法将图表保存到 %1。</translation>
    </message>
    <message>
        <source>Could not save the data to %1: %2</source>
        <translation>无法将数据保存到 %1：%2</translation>
    </message>
    <message>
        <source>Save charts</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Save audience data</source>
        <translation>保存观众数据</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Save charts as PNG…</source>
        <translation>将图表存为 PNG…</translation>
    </message>
    <message>
        <source>Save data as CSV…</source>
        <translation>将数据存为 CSV…</translation>
    </message>
</context>
<context>
    <name>ClusterStatus</name>
    <message>
        <source>Cluster %1: %2 on %3</source>
        <extracomment>Cluster NAME: &quot;12 viewers&quot; on &quot;3 nodes&quot;</extracomment>
        <translation>集群 %1：%3 上共 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n viewer(s)</source>
        <translation>
            <numerusform>%n 名观众</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n node(s)</source>
        <translation>
            <numerusform>%n 个节点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n viewer(s)</source>
        <translation>
            <numerusform>%1：%n 名观众</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (this console)</source>
        <translation>%1（本控制台）</translation>
    </message>
    <message>
        <source>Cluster %1: Redis cannot be reached; posts wait in the outbox until it is back</source>
        <translation>集群 %1：无法连接 Redis；帖子在发件箱中等待，恢复后发出</translation>
    </message>
</context>
<context>
    <name>CommentaryForm</name>
    <message>
        <source>Commentary</source>
        <translation>解说</translation>
    </message>
    <message>
        <source>GOAL</source>
        <translation>进球</translation>
    </message>
    <message>
        <source>Kind of line; only GOAL changes the score</source>
        <translation>解说类型；只有“进球”会改变比分</translation>
    </message>
    <message>
        <source>What happened? Ctrl+Enter sends.</source>
        <translation>发生了什么？按 Ctrl+Enter 发送。</translation>
    </message>
    <message>
        <source>Add what happened after &quot;%1&quot;; a template alone is not sent.</source>
        <translation>请在“%1”之后补充具体内容；只有模板的解说不会发送。</translation>
    </message>
    <message>
        <source>GOAL for %1! </source>
        <translation>%1 进球！</translation>
    </message>
    <message>
        <source>Yellow card (%1): </source>
        <translation>黄牌（%1）：</translation>
    </message>
    <message>
        <source>Red card (%1): </source>
        <translation>红牌（%1）：</translation>
    </message>
    <message>
        <source>Substitution (%1): </source>
        <translation>换人（%1）：</translation>
    </message>
    <message>
        <source>Chance for %1: </source>
        <translation>%1 获得机会：</translation>
    </message>
    <message>
        <source>VAR check: </source>
        <translation>VAR 检查：</translation>
    </message>
    <message>
        <source>Half-time: %1. </source>
        <translation>中场休息：%1。</translation>
    </message>
    <message>
        <source>Full-time: %1. </source>
        <translation>全场结束：%1。</translation>
    </message>
    <message>
        <source>Listed under the scoreboard on the viewers&apos; page; GOAL, red card and full-time are key moments unless you untick it</source>
        <translation>列在观众页面的比分牌下方；进球、红牌和全场结束默认是关键时刻，可取消勾选</translation>
    </message>
    <message>
        <source>K&amp;ey moment</source>
        <translation>关键时刻(&amp;E)</translation>
    </message>
</context>
<context>
    <name>ConnectionsModel</name>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对端</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Connected since</source>
        <translation>连接时间</translation>
    </message>
    <message>
        <source>Events sent</source>
        <translation>已发送事件</translation>
    </message>
    <message>
        <source>Bytes queued</source>
        <translation>排队字节数</translation>
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
        <translation>传输方式</translation>
    </message>
</context>
<context>
    <name>ConnectionsPanel</name>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开连接(&amp;D)</translation>
    </message>
    <message numerus="yes">
        <source>%n viewer connection(s)</source>
        <translation>
            <numerusform>%n 个观众连接</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CorrectionEditor</name>
    <message>
        <source>News</source>
        <translation>新闻</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消 (Esc)</translation>
    </message>
    <message>
        <source>&amp;Publish correction (Ctrl+Enter)</source>
        <translation>发布更正(&amp;P) (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Correcting #%1 · %2 · %3</source>
        <translation>正在更正 #%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>主队</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>客队</translation>
    </message>
    <message>
        <source>This line went out with the kind &quot;%1&quot;, which the console does not know. Choose one of the kinds offered; the correction replaces it.</source>
        <translation>这条解说发出时的类型是“%1”，控制台不认识这个类型。请从列出的类型中选择一个；更正会替换它。</translation>
    </message>
    <message>
        <source>Nothing is changed yet: edit a field, or press Esc to cancel.</source>
        <translation>还没有任何改动：请修改某个字段，或按 Esc 取消。</translation>
    </message>
    <message>
        <source>Not sent: #%1 has been retracted, so it can no longer be corrected. Server: %2</source>
        <translation>未发送：#%1 已被撤回，不能再更正。服务器：%2</translation>
    </message>
    <message>
        <source>Correction not sent: %1</source>
        <translation>更正未发送：%1</translation>
    </message>
</context>
<context>
    <name>CountdownBar</name>
    <message>
        <source>&amp;Undo</source>
        <translation>撤回(&amp;U)</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message numerus="yes">
        <source>Sending in %n s… Esc or Undo takes it back.</source>
        <translation>
            <numerusform>%n 秒后发送… 按 Esc 或“撤回”可收回。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Already waiting: sending in %n s. Esc or Undo takes it back.</source>
        <translation>
            <numerusform>已在等待：%n 秒后发送。按 Esc 或“撤回”可收回。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>Write a headline first.</source>
        <translation>请先填写标题。</translation>
    </message>
    <message>
        <source>The headline is %1 characters long; keep it to %2.</source>
        <translation>标题长度为 %1 个字符，请控制在 %2 个字符以内。</translation>
    </message>
    <message>
        <source>A correction needs at least one field.</source>
        <translation>更正至少需要包含一个字段。</translation>
    </message>
    <message>
        <source>The minute must be a number.</source>
        <translation>分钟必须是数字。</translation>
    </message>
    <message>
        <source>A correction cannot leave the text empty.</source>
        <translation>更正不能让正文为空。</translation>
    </message>
    <message>
        <source>Choose the item to correct first.</source>
        <translation>请先选择要更正的条目。</translation>
    </message>
    <message>
        <source>Choose the item to retract first.</source>
        <translation>请先选择要撤回的条目。</translation>
    </message>
</context>
<context>
    <name>EventRenderer</name>
    <message>
        <source>URGENT: </source>
        <translation>紧急：</translation>
    </message>
    <message>
        <source>retraction of #%1</source>
        <translation>撤回 #%1</translation>
    </message>
    <message>
        <source>correction of #%1</source>
        <translation>更正 #%1</translation>
    </message>
    <message>
        <source>News flash</source>
        <translation>快讯</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>比分</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>比赛时间</translation>
    </message>
    <message>
        <source>Commentary</source>
        <translation>解说</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>更正</translation>
    </message>
    <message>
        <source>Retraction</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Goal</source>
        <translation>进球</translation>
    </message>
    <message>
        <source>Yellow card</source>
        <translation>黄牌</translation>
    </message>
    <message>
        <source>Red card</source>
        <translation>红牌</translation>
    </message>
    <message>
        <source>Substitution</source>
        <translation>换人</translation>
    </message>
    <message>
        <source>Chance</source>
        <translation>机会</translation>
    </message>
    <message>
        <source>VAR check</source>
        <translation>VAR 检查</translation>
    </message>
    <message>
        <source>Half-time</source>
        <translation>中场休息</translation>
    </message>
    <message>
        <source>Full-time</source>
        <translation>全场结束</translation>
    </message>
    <message>
        <source>1st half</source>
        <translation>上半场</translation>
    </message>
    <message>
        <source>2nd half</source>
        <translation>下半场</translation>
    </message>
    <message>
        <source>Extra time</source>
        <translation>加时赛</translation>
    </message>
    <message>
        <source>corrected</source>
        <translation>已更正</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <source>News</source>
        <translation>快讯</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>By %1</source>
        <translation>作者：%1</translation>
    </message>
    <message>
        <source>Key moment</source>
        <translation>关键时刻</translation>
    </message>
    <message>
        <source>Photo: %1</source>
        <translation>照片：%1</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>News</source>
        <translation>新闻</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>waiting %1</source>
        <translation>已等待 %1</translation>
    </message>
    <message numerus="yes">
        <source>Not sent yet: queued at %1, %n attempt(s) so far.%2</source>
        <translation>
            <numerusform>尚未发送：%1 进入队列，已尝试 %n 次。%2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>&amp;Correct…</source>
        <translation>更正(&amp;C)…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Select the item to correct first.</source>
        <translation>请先选择要更正的条目。</translation>
    </message>
    <message>
        <source>Correct the original item, not the %1.</source>
        <translation>请更正原始条目，而不是 %1 条目。</translation>
    </message>
    <message>
        <source>Select the item to retract first.</source>
        <translation>请先选择要撤回的条目。</translation>
    </message>
    <message>
        <source>Correction of #%1 sent as #%2.</source>
        <translation>#%1 的更正已作为 #%2 发送。</translation>
    </message>
    <message>
        <source>Retraction not sent: %1</source>
        <translation>撤回未发送：%1</translation>
    </message>
    <message>
        <source>&amp;Retract…</source>
        <translation>撤回(&amp;R)…</translation>
    </message>
    <message>
        <source>Keep the item (Esc)</source>
        <translation>保留该条目 (Esc)</translation>
    </message>
    <message>
        <source>Retract the original item, not the %1.</source>
        <translation>请撤回原条目，而不是这条%1。</translation>
    </message>
    <message>
        <source>A score cannot be corrected or retracted: set the right score on the scoreboard, and it goes out at once.</source>
        <translation>比分不能更正或撤回：请在记分牌上设置正确的比分，它会立即发出。</translation>
    </message>
    <message>
        <source>Only news flashes and commentary can be corrected from the console; correct this %1 through the API.</source>
        <translation>控制台只能更正快讯和解说；这条%1请通过 API 更正。</translation>
    </message>
    <message>
        <source>#%1 was retracted (by #%2); a retracted item cannot be corrected.</source>
        <translation>#%1 已被撤回（由 #%2）；已撤回的条目不能更正。</translation>
    </message>
    <message>
        <source>Retract #%1, %2? Viewers&apos; pages drop it at once.</source>
        <translation>撤回 #%1，%2？观众页面会立即移除它。</translation>
    </message>
    <message>
        <source>&amp;Yes, retract #%1</source>
        <translation>是，撤回 #%1(&amp;Y)</translation>
    </message>
    <message>
        <source>Retraction of #%1 sent as #%2; viewers&apos; pages have dropped it.</source>
        <translation>#%1 的撤回已作为 #%2 发出；观众页面已移除它。</translation>
    </message>
    <message>
        <source>Not sent: #%1 had already been retracted, so viewers no longer see it. Server: %2</source>
        <translation>未发送：#%1 之前已被撤回，观众已经看不到它。服务器：%2</translation>
    </message>
    <message>
        <source>&amp;Take back</source>
        <translation>撤回(&amp;T)</translation>
    </message>
    <message>
        <source>Take the queued post out of the outbox before it goes (Delete)</source>
        <translation>在发出前把排队的帖子从发件箱中撤回（Delete）</translation>
    </message>
    <message>
        <source>Correction of #%1 queued, not sent yet (%2).</source>
        <translation>#%1 的更正已排队，尚未发送（%2）。</translation>
    </message>
    <message>
        <source>This post has been sent: retract it instead.</source>
        <translation>此帖子已发送：请改用撤销。</translation>
    </message>
    <message>
        <source>Taken back: the post will not be sent.</source>
        <translation>已撤回：此帖子不会发送。</translation>
    </message>
    <message>
        <source>Too late to take back: it is being sent right now. Retract it once it shows in the history.</source>
        <translation>来不及撤回：它正在发送。待它出现在历史记录中后再撤销。</translation>
    </message>
    <message>
        <source>Retraction of #%1 queued, not sent yet (%2).</source>
        <translation>#%1 的撤销已排队，尚未发送（%2）。</translation>
    </message>
    <message>
        <source>&amp;Key moment</source>
        <translation>关键时刻(&amp;K)</translation>
    </message>
    <message>
        <source>Mark the post a key moment, listed under its match&apos;s scoreboard on the viewers&apos; page, or unmark it (Alt+K)</source>
        <translation>把帖子标为关键时刻（列在观众页面该比赛的比分牌下方），或取消标记（Alt+K）</translation>
    </message>
    <message>
        <source>Not a &amp;key moment</source>
        <translation>取消关键时刻(&amp;K)</translation>
    </message>
    <message>
        <source>Select the post to mark first.</source>
        <translation>请先选择要标记的帖子。</translation>
    </message>
    <message>
        <source>#%1 was retracted (by #%2).</source>
        <translation>#%1 已被撤销（由 #%2）。</translation>
    </message>
    <message>
        <source>#%1 is a key moment now (#%2).</source>
        <translation>#%1 现在是关键时刻（#%2）。</translation>
    </message>
    <message>
        <source>#%1 is no longer a key moment (#%2).</source>
        <translation>#%1 不再是关键时刻（#%2）。</translation>
    </message>
    <message>
        <source>The mark on #%1 is queued, not sent yet (%2).</source>
        <translation>#%1 的标记已排队，尚未发送（%2）。</translation>
    </message>
    <message>
        <source>Not marked: %1</source>
        <translation>未标记：%1</translation>
    </message>
    <message>
        <source>&amp;Pin</source>
        <translation>置顶(&amp;P)</translation>
    </message>
    <message>
        <source>Pin the post at the top of the viewers&apos; page until you unpin it; it replaces the channel&apos;s pinned post, if any (Alt+P)</source>
        <translation>将这条消息置顶于观众页面，直到取消置顶；若该频道已有置顶消息则替换之（Alt+P）</translation>
    </message>
    <message>
        <source>Un&amp;pin</source>
        <translation>取消置顶(&amp;P)</translation>
    </message>
    <message>
        <source>#%1 is pinned at the top of the page now (#%2).</source>
        <translation>#%1 已置顶于页面顶部（#%2）。</translation>
    </message>
    <message>
        <source>#%1 is no longer pinned (#%2).</source>
        <translation>#%1 已取消置顶（#%2）。</translation>
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
        <translation>新闻</translation>
    </message>
    <message>
        <source>+ Match</source>
        <translation>+ 比赛</translation>
    </message>
    <message>
        <source>New match (Ctrl+N)</source>
        <translation>新建比赛 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Home team</source>
        <translation>主队</translation>
    </message>
    <message>
        <source>Away team</source>
        <translation>客队</translation>
    </message>
    <message>
        <source>Start covering</source>
        <translation>开始直播</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>New match:</source>
        <translation>新比赛：</translation>
    </message>
    <message>
        <source>vs</source>
        <translation>对阵</translation>
    </message>
    <message>
        <source>Broadcast history</source>
        <translation>播发记录</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Open in browser</source>
        <translation>在浏览器中打开</translation>
    </message>
    <message>
        <source>Feed:</source>
        <translation>数据流：</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Match</source>
        <translation>比赛(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;New match…</source>
        <translation>新建比赛(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;News desk</source>
        <translation>新闻编辑台(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About LiveDesk</source>
        <translation>关于 LiveDesk(&amp;A)</translation>
    </message>
    <message>
        <source>About LiveDesk</source>
        <translation>关于 LiveDesk</translation>
    </message>
    <message>
        <source>&lt;b&gt;LiveDesk %1&lt;/b&gt;&lt;p&gt;A live-commentary console with an embedded Server-Sent Events server.&lt;/p&gt;</source>
        <translation>&lt;b&gt;LiveDesk %1&lt;/b&gt;&lt;p&gt;一款内置 Server-Sent Events (SSE) 服务器的实时解说控制台。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Events sent: %1</source>
        <translation>已发送事件：%1</translation>
    </message>
    <message>
        <source>Viewers: %1</source>
        <translation>观众：%1</translation>
    </message>
    <message>
        <source>Feed URL copied.</source>
        <translation>数据流 URL 已复制。</translation>
    </message>
    <message>
        <source>No browser could be opened; copy the URL instead.</source>
        <translation>无法打开浏览器，请改为复制 URL。</translation>
    </message>
    <message>
        <source>LiveDesk — %1</source>
        <translation>LiveDesk — %1</translation>
    </message>
    <message>
        <source>Reachable from your network: anyone there can read the feed.</source>
        <translation>可从网络访问：网络中的任何人都能读取数据流。</translation>
    </message>
    <message>
        <source>(server stopped)</source>
        <translation>（服务器已停止）</translation>
    </message>
    <message>
        <source>The server is stopped; nothing can be sent. Check File → Settings.</source>
        <translation>服务器已停止，无法发送任何内容。请检查“文件 → 设置”。</translation>
    </message>
    <message>
        <source>Copy embed code</source>
        <translation>复制嵌入代码</translation>
    </message>
    <message>
        <source>An &lt;iframe&gt; with the live widget for the channel of the current tab</source>
        <translation>当前标签页频道的实时小组件 &lt;iframe&gt; 代码</translation>
    </message>
    <message>
        <source>Embed code copied: %1</source>
        <translation>已复制嵌入代码：%1</translation>
    </message>
    <message>
        <source>&amp;Export history…</source>
        <translation>导出记录(&amp;E)…</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>导出记录</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines 文件 (*.jsonl)</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a channel name.</source>
        <translation>“%1”不是有效的频道名称。</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n event(s) of %1 to %2.</source>
        <translation>
            <numerusform>已将 %1 的 %n 条事件导出到 %2。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Press &lt;b&gt;Ctrl+N&lt;/b&gt; to cover a match, or type a news flash below and send it with &lt;b&gt;Ctrl+Enter&lt;/b&gt;.</source>
        <translation>按 &lt;b&gt;Ctrl+N&lt;/b&gt; 开始直播一场比赛，或在下方输入快讯并按 &lt;b&gt;Ctrl+Enter&lt;/b&gt; 发送。</translation>
    </message>
    <message>
        <source>&amp;End and close match…</source>
        <translation>结束并关闭比赛(&amp;E)…</translation>
    </message>
    <message>
        <source>Drafts of the last session were not restored: %1</source>
        <translation>上次未发送的草稿未能恢复：%1</translation>
    </message>
    <message>
        <source>Drafts not saved: %1</source>
        <translation>草稿未保存：%1</translation>
    </message>
    <message>
        <source>The match was not ended, so its tab stays: %1</source>
        <translation>比赛未能结束，标签页保留：%1</translation>
    </message>
    <message>
        <source>End the match?</source>
        <translation>结束这场比赛？</translation>
    </message>
    <message>
        <source>%1 – %2 is live. Closing its tab ends the match: viewers see full time at %3–%4.</source>
        <translation>%1 – %2 正在直播。关闭标签页将结束比赛：观众将看到全场结束，比分 %3–%4。</translation>
    </message>
    <message>
        <source>End match and close</source>
        <translation>结束比赛并关闭</translation>
    </message>
    <message>
        <source>Keep covering</source>
        <translation>继续直播</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>导出：</translation>
    </message>
    <message>
        <source>Name the away team too.</source>
        <translation>请同时填写客队名称。</translation>
    </message>
    <message>
        <source>Name the home team to start a match.</source>
        <translation>请填写主队名称以开始比赛。</translation>
    </message>
    <message>
        <source>%1 – %2 was opened elsewhere (another console or a script).</source>
        <translation>%1 – %2 已在别处打开（另一个控制台或脚本）。</translation>
    </message>
    <message>
        <source>The server refused a queued %1, which is not sent: %2</source>
        <translation>服务器拒绝了一条排队的%1，它不会发送：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) from the last run had not reached the server; they are being sent now, in order.</source>
        <translation>
            <numerusform>上次运行中有 %n 条帖子未送达服务器；现在正按顺序发送。</numerusform>
        </translation>
    </message>
    <message>
        <source>The history is kept by %1: export it there (livedesk --export %2 FILE).</source>
        <translation>历史记录保存在 %1：请在那里导出（livedesk --export %2 文件）。</translation>
    </message>
    <message>
        <source>Publishing to %1.</source>
        <translation>正在发布到 %1。</translation>
    </message>
    <message>
        <source>%1 Posts wait in the outbox and go out once the link is back.</source>
        <translation>%1 帖子在发件箱中等待，连接恢复后发出。</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>定时发布</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>观众</translation>
    </message>
    <message>
        <source>Save match report</source>
        <translation>保存比赛报告</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;PNG image (*.png)</source>
        <translation>PDF (*.pdf);;PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Saved the match report to %1</source>
        <translation>比赛报告已保存到 %1</translation>
    </message>
</context>
<context>
    <name>Match</name>
    <message>
        <source>Write the commentary text first.</source>
        <translation>请先填写解说内容。</translation>
    </message>
    <message>
        <source>Unknown commentary kind &quot;%1&quot;; it must be one of: %2.</source>
        <translation>未知的解说类型“%1”；必须是以下之一：%2。</translation>
    </message>
    <message>
        <source>The minute is %1; it can be at most %2.</source>
        <translation>分钟数为 %1，最多只能是 %2。</translation>
    </message>
</context>
<context>
    <name>MatchPanel</name>
    <message>
        <source>1st half</source>
        <translation>上半场</translation>
    </message>
    <message>
        <source>Half-time</source>
        <translation>中场休息</translation>
    </message>
    <message>
        <source>2nd half</source>
        <translation>下半场</translation>
    </message>
    <message>
        <source>Extra time</source>
        <translation>加时赛</translation>
    </message>
    <message>
        <source>Full-time</source>
        <translation>全场结束</translation>
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
        <translation>设置比赛时间</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>主队</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>客队</translation>
    </message>
    <message>
        <source>Clock</source>
        <translation>比赛时间</translation>
    </message>
    <message>
        <source>Commentary</source>
        <translation>解说</translation>
    </message>
    <message>
        <source>Send commentary</source>
        <translation>发送解说</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Set the clock as minutes:seconds, e.g. 45:00.</source>
        <translation>请按“分:秒”格式设置比赛时间，例如 45:00。</translation>
    </message>
    <message>
        <source>Pause (F9)</source>
        <translation>暂停 (F9)</translation>
    </message>
    <message>
        <source>Start (F9)</source>
        <translation>开始 (F9)</translation>
    </message>
    <message>
        <source>Not stored, taken back: %1</source>
        <translation>未能保存，已撤销更改：%1</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>Sent #%1 at %2&apos;.</source>
        <translation>已在第 %2 分钟发送 #%1。</translation>
    </message>
    <message>
        <source>Add to the score</source>
        <translation>计入比分</translation>
    </message>
    <message>
        <source>Scoreboard — %1 v %2</source>
        <translation>记分牌 — %1 对 %2</translation>
    </message>
    <message>
        <source>Sends: %1</source>
        <translation>发送后比分：%1</translation>
    </message>
    <message>
        <source>Score stays %1</source>
        <translation>比分不变：%1</translation>
    </message>
    <message>
        <source>Queued at %1&apos;, not sent yet (%2)</source>
        <translation>已在第 %1 分钟排队，尚未发送（%2）</translation>
    </message>
    <message>
        <source>Taken back; nothing was sent.</source>
        <translation>已收回，未发送任何内容。</translation>
    </message>
    <message>
        <source>Match report…</source>
        <translation>比赛报告…</translation>
    </message>
</context>
<context>
    <name>MatchReport</name>
    <message>
        <source>Match report: %1 v %2</source>
        <translation>比赛报告：%1 对 %2</translation>
    </message>
    <message>
        <source>Could not save the report to %1.</source>
        <translation>无法将报告保存到 %1。</translation>
    </message>
    <message>
        <source>Full time</source>
        <translation>全场结束</translation>
    </message>
    <message>
        <source>Key moments</source>
        <translation>关键时刻</translation>
    </message>
    <message>
        <source>None marked.</source>
        <translation>未标记。</translation>
    </message>
    <message>
        <source>Viewers</source>
        <translation>观众</translation>
    </message>
    <message>
        <source>No viewers were counted.</source>
        <translation>未统计到观众。</translation>
    </message>
    <message numerus="yes">
        <source>Peak: %n viewer(s) at %1</source>
        <translation>
            <numerusform>峰值：%1 时 %n 位观众</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NewsFlashForm</name>
    <message>
        <source>&amp;Urgent (banner on every page)</source>
        <translation>紧急（在所有页面显示横幅）(&amp;U)</translation>
    </message>
    <message>
        <source>Headline: what happened, in a few words</source>
        <translation>标题：用几句话概括发生了什么</translation>
    </message>
    <message>
        <source>Optional details</source>
        <translation>详细内容（可选）</translation>
    </message>
    <message>
        <source>&amp;Headline</source>
        <translation>标题(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Body</source>
        <translation>正文(&amp;B)</translation>
    </message>
</context>
<context>
    <name>NewsPanel</name>
    <message>
        <source>Send news flash</source>
        <translation>发送快讯</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>未发送：%1</translation>
    </message>
    <message>
        <source>Sent #%1: %2</source>
        <translation>已发送 #%1：%2</translation>
    </message>
    <message>
        <source>URGENT flash: press Ctrl+Enter (or Send) again to send it to every page.</source>
        <translation>紧急快讯：再按一次 Ctrl+Enter（或“发送快讯”）即发送到所有页面。</translation>
    </message>
    <message>
        <source>Queued, not sent yet: %1 (%2)</source>
        <translation>已排队，尚未发送：%1（%2）</translation>
    </message>
    <message>
        <source>Taken back; nothing was sent.</source>
        <translation>已收回，未发送任何内容。</translation>
    </message>
    <message>
        <source>this console has no server to keep photos</source>
        <translation>此控制台没有可保存照片的服务器</translation>
    </message>
    <message>
        <source>Sending the photo…</source>
        <translation>正在发送照片…</translation>
    </message>
    <message>
        <source>Not sent: the photo was not stored (%1)</source>
        <translation>未发送：照片未能保存（%1）</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>定时发布</translation>
    </message>
    <message>
        <source>The server sends it at that time, with or without this console</source>
        <translation>服务器会在该时间发出，无论此控制台是否开着</translation>
    </message>
    <message>
        <source>Not scheduled: %1</source>
        <translation>未安排：%1</translation>
    </message>
    <message>
        <source>Not scheduled: a flash with a photo cannot be scheduled yet; send it now, or remove the photo</source>
        <translation>未安排：带照片的快讯暂不能定时发布；请立即发送，或移除照片</translation>
    </message>
    <message>
        <source>Not scheduled: this console has no server to keep it</source>
        <translation>未安排：此控制台没有可保存它的服务器</translation>
    </message>
    <message>
        <source>Scheduled for %1: %2</source>
        <translation>已安排于 %1 发布：%2</translation>
    </message>
</context>
<context>
    <name>Outbox</name>
    <message>
        <source>Cannot keep the outbox in %1: %2</source>
        <translation>无法在 %1 中保存发件箱：%2</translation>
    </message>
    <message>
        <source>Queued behind earlier posts.</source>
        <translation>排在之前的帖子之后。</translation>
    </message>
    <message>
        <source>The outbox cannot be written: %1</source>
        <translation>无法写入发件箱：%1</translation>
    </message>
    <message>
        <source>Deleted from the outbox before it was sent.</source>
        <translation>已在发送前从发件箱中删除。</translation>
    </message>
</context>
<context>
    <name>OutboxStatus</name>
    <message>
        <source>Retry now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>Send what waits now, without waiting for the next attempt</source>
        <translation>立即发送等待中的帖子，不等下一次尝试</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n 条等待中</numerusform>
        </translation>
    </message>
    <message>
        <source>● Connecting · %1</source>
        <translation>● 正在连接 · %1</translation>
    </message>
    <message>
        <source>● Connecting…</source>
        <translation>● 正在连接…</translation>
    </message>
    <message>
        <source>● Link down · %1</source>
        <translation>● 连接中断 · %1</translation>
    </message>
    <message>
        <source>● Link down</source>
        <translation>● 连接中断</translation>
    </message>
    <message>
        <source>● Not sent · %1</source>
        <translation>● 未发送 · %1</translation>
    </message>
    <message>
        <source>● Sending · %1</source>
        <translation>● 正在发送 · %1</translation>
    </message>
    <message>
        <source>● Connected · all sent</source>
        <translation>● 已连接 · 全部已发送</translation>
    </message>
</context>
<context>
    <name>PhotoAttachment</name>
    <message>
        <source>Add photo…</source>
        <translation>添加照片…</translation>
    </message>
    <message>
        <source>Remove photo</source>
        <translation>移除照片</translation>
    </message>
    <message>
        <source>What the photo shows, for readers who cannot see it</source>
        <translation>照片内容的文字说明，供无法看到图片的读者使用</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Optional: the photographer or agency</source>
        <translation>可选：摄影师或图片机构</translation>
    </message>
    <message>
        <source>Choose a photo, drop one here, or paste one (Ctrl+Shift+V)</source>
        <translation>选择照片、拖放到此处，或粘贴（Ctrl+Shift+V）</translation>
    </message>
    <message>
        <source>&amp;Alt text</source>
        <translation>替代文字(&amp;A)</translation>
    </message>
    <message>
        <source>Capt&amp;ion</source>
        <translation>图片说明(&amp;I)</translation>
    </message>
    <message>
        <source>Credit</source>
        <translation>署名</translation>
    </message>
    <message>
        <source>a photo needs alt text: say what it shows, for readers who cannot see it</source>
        <translation>照片需要替代文字：请说明照片内容，供无法看到图片的读者使用</translation>
    </message>
    <message>
        <source>Add a photo</source>
        <translation>添加照片</translation>
    </message>
    <message>
        <source>Photos (*.png *.jpg *.jpeg *.webp *.gif)</source>
        <translation>照片 (*.png *.jpg *.jpeg *.webp *.gif)</translation>
    </message>
    <message>
        <source>There is no photo to take: copy a photo or a photo file first.</source>
        <translation>没有可用的照片：请先复制照片或照片文件。</translation>
    </message>
    <message>
        <source>The photo is larger than 10 MB; make it smaller first.</source>
        <translation>照片大于 10 MB，请先缩小。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a PNG, JPEG, WebP or GIF photo.</source>
        <translation>%1 不是 PNG、JPEG、WebP 或 GIF 照片。</translation>
    </message>
    <message>
        <source>The clipboard&apos;s image could not be read.</source>
        <translation>无法读取剪贴板中的图片。</translation>
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
        <translation>数据流无法在端口 %1 上启动，该端口正被其他程序占用。

%2</translation>
    </message>
    <message>
        <source>Use port %1</source>
        <translation>改用端口 %1</translation>
    </message>
    <message>
        <source>Another LiveDesk is already using this data directory:
%1

Close it first, or start this one with --data-dir.</source>
        <translation>另一个 LiveDesk 正在使用此数据目录：
%1

请先关闭它，或用 --data-dir 为本程序指定其他目录。</translation>
    </message>
    <message>
        <source>The publish token saved in the settings is too weak to protect publishing: anyone who can reach the server could guess it.

%1</source>
        <translation>设置中保存的发布令牌太弱，无法保护发布：任何能访问服务器的人都可能猜到它。

%1</translation>
    </message>
    <message>
        <source>Generate a new token</source>
        <translation>生成新令牌</translation>
    </message>
    <message>
        <source>The outbox in %1 cannot be opened: %2</source>
        <translation>无法打开 %1 中的发件箱：%2</translation>
    </message>
    <message>
        <source>Publishing to %1 needs that server&apos;s publish token: give --token, or save it in Settings.</source>
        <translation>发布到 %1 需要该服务器的发布令牌：请使用 --token，或在设置中保存。</translation>
    </message>
</context>
<context>
    <name>RemoteFeed</name>
    <message>
        <source>%1 is not a LiveDesk server (it answered HTTP %2 to GET /api/state).</source>
        <translation>%1 不是 LiveDesk 服务器（它对 GET /api/state 的回答是 HTTP %2）。</translation>
    </message>
    <message>
        <source>The link to %1 dropped (%2); reconnecting.</source>
        <translation>与 %1 的连接中断（%2）；正在重新连接。</translation>
    </message>
    <message>
        <source>The server %1 was not found: check the address.</source>
        <translation>找不到服务器 %1：请检查地址。</translation>
    </message>
    <message>
        <source>%1 refused the connection: is LiveDesk running there, on that port?</source>
        <translation>%1 拒绝了连接：LiveDesk 是否在那台机器的该端口上运行？</translation>
    </message>
    <message>
        <source>The certificate of %1 is not one this computer trusts: %2</source>
        <translation>%1 的证书不受本机信任：%2</translation>
    </message>
    <message>
        <source>Cannot follow the feed of %1: %2</source>
        <translation>无法接收 %1 的推送：%2</translation>
    </message>
    <message>
        <source>%1 answers, but its live feed (/ws) did not open (%2). A proxy in front of it must pass WebSocket upgrades on (docs/cluster.md).</source>
        <translation>%1 有响应，但其实时推送（/ws）无法打开（%2）。它前面的代理必须转发 WebSocket 升级请求（见 docs/cluster.md）。</translation>
    </message>
</context>
<context>
    <name>RemotePublisher</name>
    <message>
        <source>%1 answered, but not as a LiveDesk does (no event id).</source>
        <translation>%1 有应答，但不是 LiveDesk 的应答（没有事件编号）。</translation>
    </message>
    <message>
        <source>%1 is not a LiveDesk server (it answered HTTP %2 to a publish).</source>
        <translation>%1 不是 LiveDesk 服务器（它对发布请求应答了 HTTP %2）。</translation>
    </message>
    <message>
        <source>%1 refused the publish token: %2. Check the token in Settings.</source>
        <translation>%1 拒绝了发布令牌：%2。请在“设置”中检查令牌。</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2: %3</source>
        <translation>%1 应答了 HTTP %2：%3</translation>
    </message>
    <message>
        <source>The server %1 was not found: check the address.</source>
        <translation>找不到服务器 %1：请检查地址。</translation>
    </message>
    <message>
        <source>%1 refused the connection: is LiveDesk running there, on that port?</source>
        <translation>%1 拒绝了连接：LiveDesk 是否在那里的该端口上运行？</translation>
    </message>
    <message>
        <source>The certificate of %1 is not one this computer trusts, or the connection is not https: %2</source>
        <translation>%1 的证书不受这台计算机信任，或者连接不是 https：%2</translation>
    </message>
    <message>
        <source>%1 did not answer in time.</source>
        <translation>%1 没有及时应答。</translation>
    </message>
    <message>
        <source>Cannot reach %1: %2</source>
        <translation>无法连接 %1：%2</translation>
    </message>
</context>
<context>
    <name>ScheduledPanel</name>
    <message>
        <source>Send them now</source>
        <translation>立即发送</translation>
    </message>
    <message>
        <source>Cancel them</source>
        <translation>全部取消</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Send now</source>
        <translation>立即发送</translation>
    </message>
    <message>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>频道</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>内容</translation>
    </message>
    <message>
        <source> (missed)</source>
        <translation>（已错过）</translation>
    </message>
    <message numerus="yes">
        <source>%n scheduled post(s) were due while LiveDesk was closed and have not been sent.</source>
        <translation>
            <numerusform>有 %n 条定时内容在 LiveDesk 关闭期间到期，尚未发送。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
    <message>
        <source>Cancelled; it will not be sent.</source>
        <translation>已取消，不会发送。</translation>
    </message>
    <message>
        <source>Back in the news desk: change it and schedule it again.</source>
        <translation>已放回快讯台：修改后请重新安排。</translation>
    </message>
    <message>
        <source>Sent.</source>
        <translation>已发送。</translation>
    </message>
</context>
<context>
    <name>ServerHost</name>
    <message>
        <source>The server is stopped; nothing was sent.</source>
        <translation>服务器已停止，未发送任何内容。</translation>
    </message>
    <message>
        <source>This server keeps its events in memory only (no data directory).</source>
        <translation>此服务器只在内存中保存事件（没有数据目录）。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>LiveDesk settings</source>
        <translation>LiveDesk 设置</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>This computer only (127.0.0.1)</source>
        <translation>仅本机 (127.0.0.1)</translation>
    </message>
    <message>
        <source>Local network (all interfaces, 0.0.0.0)</source>
        <translation>局域网（所有网络接口，0.0.0.0）</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source> events</source>
        <translation> 条事件</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>&amp;Port</source>
        <translation>端口(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Listen on</source>
        <translation>监听地址(&amp;L)</translation>
    </message>
    <message>
        <source>Publish &amp;token</source>
        <translation>发布令牌(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Heartbeat</source>
        <translation>心跳间隔(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Replay depth</source>
        <translation>回放深度(&amp;R)</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>语言(&amp;G)</translation>
    </message>
    <message>
        <source>A new language applies when LiveDesk restarts.</source>
        <translation>新语言将在 LiveDesk 重启后生效。</translation>
    </message>
    <message>
        <source>A new token takes effect when you apply; scripts need it then.</source>
        <translation>新令牌在应用后生效，届时脚本需改用新令牌。</translation>
    </message>
    <message>
        <source>Anyone on your network can then read the feed. Publishing still needs the token.</source>
        <translation>届时网络中的任何人都能读取数据流。发布仍需要令牌。</translation>
    </message>
    <message>
        <source>The token must be printable ASCII without spaces.</source>
        <translation>令牌必须由可打印的 ASCII 字符组成，且不能包含空格。</translation>
    </message>
    <message>
        <source>Not applied: %1</source>
        <translation>未应用：%1</translation>
    </message>
    <message>
        <source>Applied, but not saved: %1</source>
        <translation>已应用，但未保存：%1</translation>
    </message>
    <message>
        <source>Applied: the server restarted on %1.</source>
        <translation>已应用：服务器已在 %1 上重新启动。</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>none: plain http</source>
        <translation>无：使用普通 http</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>HTTPS &amp;certificate</source>
        <translation>HTTPS 证书(&amp;C)</translation>
    </message>
    <message>
        <source>The certificate (PEM, with its chain)</source>
        <translation>证书（PEM，含证书链）</translation>
    </message>
    <message>
        <source>HTTPS &amp;key</source>
        <translation>HTTPS 私钥(&amp;K)</translation>
    </message>
    <message>
        <source>The certificate&apos;s private key (PEM)</source>
        <translation>证书的私钥（PEM）</translation>
    </message>
    <message>
        <source>For https choose both the certificate and its key; leave both empty for plain http.</source>
        <translation>使用 https 需同时选择证书和私钥；两者都留空则使用普通 http。</translation>
    </message>
    <message>
        <source>This &amp;computer: its own server, set up below</source>
        <translation>本机(&amp;C)：使用本机自己的服务器，设置见下方</translation>
    </message>
    <message>
        <source>A LiveDesk &amp;server elsewhere:</source>
        <translation>其他位置的 LiveDesk 服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>that server&apos;s publish token</source>
        <translation>该服务器的发布令牌</translation>
    </message>
    <message>
        <source>&amp;URL</source>
        <translation>网址(&amp;U)</translation>
    </message>
    <message>
        <source>T&amp;oken</source>
        <translation>令牌(&amp;O)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Publish to&lt;/b&gt;</source>
        <translation>&lt;b&gt;发布到&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Publish to: %1</source>
        <translation>发布到：%1</translation>
    </message>
    <message>
        <source>Publish to: give that server&apos;s publish token (printable ASCII without spaces).</source>
        <translation>发布到：请填写该服务器的发布令牌（不含空格的可打印 ASCII 字符）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;This computer&apos;s server&lt;/b&gt;</source>
        <translation>&lt;b&gt;本机服务器&lt;/b&gt;</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Saved: LiveDesk publishes to %1 from its next start.</source>
        <translation>已保存：LiveDesk 下次启动起发布到 %1。</translation>
    </message>
    <message>
        <source>Now publishing to %1. A choice made here applies from the next start.</source>
        <translation>当前发布到 %1。此处的选择从下次启动起生效。</translation>
    </message>
    <message>
        <source>e.g. Sam Okafor</source>
        <translation>例如：王小明</translation>
    </message>
    <message>
        <source>Your &amp;name (byline)</source>
        <translation>你的署名(&amp;N)</translation>
    </message>
    <message>
        <source>Shown on every post you send from this desk.</source>
        <translation>显示在你从此工作台发出的每条帖子上。</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>3 seconds</source>
        <translation>3 秒</translation>
    </message>
    <message>
        <source>5 seconds</source>
        <translation>5 秒</translation>
    </message>
    <message>
        <source>10 seconds</source>
        <translation>10 秒</translation>
    </message>
    <message>
        <source>Send &amp;delay</source>
        <translation>发送延迟(&amp;D)</translation>
    </message>
    <message>
        <source>Each flash and commentary line waits this long before it goes, so Esc or Undo can take it back. Score buttons and the clock never wait.</source>
        <translation>每条快讯和解说在发出前等待这么久，期间可按 Esc 或“撤回”收回。比分按钮和比赛时钟从不等待。</translation>
    </message>
</context>
<context>
    <name>ViewerPane</name>
    <message>
        <source>&lt;b&gt;What viewers see&lt;/b&gt;</source>
        <translation>&lt;b&gt;观众所见&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Last event: –</source>
        <translation>最新事件：–</translation>
    </message>
    <message>
        <source>Latency: –</source>
        <translation>延迟：–</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Latency: %1 ms</source>
        <translation>延迟：%1 毫秒</translation>
    </message>
    <message>
        <source>Last event: #%1</source>
        <translation>最新事件：#%1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Some updates were missed while offline; showing the latest.</source>
        <translation>部分更新在断线期间错过，已显示最新状态。</translation>
    </message>
    <message>
        <source>Nothing yet. New items appear here the moment they are sent.</source>
        <translation>暂无内容，新消息会即时出现。</translation>
    </message>
    <message>
        <source>📌 Pinned</source>
        <translation>📌 置顶</translation>
    </message>
</context>
</TS>

// LiveDesk viewer page. The server sends it with the present already drawn, and the state it
// drew from as JSON data (#livedesk-state): the script takes over from there, with the same
// markup, so nothing moves and nothing is asked twice. Then one EventSource for every tab of
// this page on this origin (the tabs elect a leader, which shares the events), corrections
// and retractions applied in place, a Pause that holds the timeline still, permalinks, and
// older posts on request. Event data only ever reaches the page through textContent: an
// operator's text is text, never markup.
'use strict';

(() => {
  // The server chose the language from Accept-Language and drew the page in it.
  const zh = document.documentElement.lang.toLowerCase().startsWith('zh');
  const T = zh ? {
    title: '实时直播', live: '直播中', reconnecting: '正在重连…', offline: '离线', connecting: '连接中…',
    all: '全部频道', empty: '暂无内容，新消息会即时出现。', urgent: '紧急',
    corrected: '已更正', missed: '部分更新在断线期间错过，已显示最新状态。', close: '关闭',
    channels: '频道', news: '快讯', ended: '已结束', by: (name) => `作者：${name}`, key: '关键时刻', keys: '关键时刻', pinned: '置顶',
    pause: '暂停', resume: '继续', fresh: (n) => `${n} 条新内容`, share: '分享', copied: '链接已复制',
    older: '显示更早的内容', loading: '加载中…', noOlder: '没有更早的内容了', gone: '这条内容已不存在。',
  } : {
    title: 'Live', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline', connecting: 'Connecting…',
    all: 'All channels', empty: 'Nothing yet. New items appear here the moment they are sent.',
    urgent: 'Urgent', corrected: 'corrected', missed: 'Some updates were missed while offline; showing the latest.',
    close: 'Close', channels: 'Channels', news: 'News', ended: 'Ended', by: (name) => `By ${name}`, key: 'Key moment', keys: 'Key moments', pinned: 'Pinned',
    pause: 'Pause', resume: 'Resume', fresh: (n) => `${n} new post${n === 1 ? '' : 's'}`, share: 'Share', copied: 'Link copied',
    older: 'Show older posts', loading: 'Loading…', noOlder: 'No older posts', gone: 'That post is no longer available.',
  };
  // Commentary kinds (server/domain/commentarykind.h). The neutral "comment" has no tag. The
  // console's viewer pane and the server's page (server/page) word all of this the same way.
  const NEUTRAL_KIND = 'comment';
  const KINDS = {
    goal: ['⚽', 'Goal', '进球'], 'yellow-card': ['🟨', 'Yellow card', '黄牌'],
    'red-card': ['🟥', 'Red card', '红牌'], substitution: ['🔁', 'Substitution', '换人'],
    chance: ['🎯', 'Chance', '机会'], 'var-check': ['📺', 'VAR check', 'VAR 检查'],
    'half-time': ['⏸️', 'Half-time', '中场休息'], 'full-time': ['🏁', 'Full-time', '全场结束'],
  };
  // Match periods by their wire value (Match::periodKey): [English, Chinese].
  const PERIODS = {
    '1st half': ['1st half', '上半场'], 'half-time': ['Half-time', '中场休息'],
    '2nd half': ['2nd half', '下半场'], 'extra time': ['Extra time', '加时赛'],
    'full-time': ['Full-time', '全场结束'],
  };
  const FULL_TIME = 'full-time';
  const TYPES = ['news-flash', 'score', 'clock', 'commentary', 'correction', 'retraction'];
  const MAX_ITEMS = 200;
  const PAGE = 50; // older posts per "Show older posts"

  const $ = (id) => document.getElementById(id);
  const timeline = $('timeline');
  const pinsEl = $('pins');
  const boardsEl = $('boards');
  const statusEl = $('status');
  const params = new URLSearchParams(location.search);
  const channels = [...new Set(params.getAll('channel').flatMap((v) => v.split(','))
    .map((c) => c.trim()).filter(Boolean))].sort(); // sorted, as the server's links are
  // Items name their match by its teams, unless the page shows one channel only.
  const showMatch = channels.length !== 1;
  const mine = (channel) => channels.length === 0 || channels.includes(channel);

  // Which types carry state and which amend an earlier post: the server's StatePolicy, as
  // /api/state reports it ("policy"); these defaults are the same rules until it arrives.
  let policy = { stateTypes: ['score', 'clock'], tickerTypes: ['clock'],
    amendmentTypes: ['correction', 'retraction'] };
  const items = new Map();   // id -> { type, data, el }
  const boards = new Map();  // match channel -> { score, clock, scoreId, clockId, names, el }
  let lastId = null;         // newest id this tab has had from the stream, of any channel
  let heartbeatMs = 15000;
  let lastSeen = Date.now();
  let bannerId = null;
  let cap = MAX_ITEMS;       // grows by what the reader asked for with "Show older posts"
  let older = null;          // the id to ask older posts before; null: none left
  // The pinned posts' ids. The server keeps one per channel; a pin that replaces another
  // names it in "unpins", since the stream does not say which channel a post is on.
  const pinned = new Set();
  // While paused (WCAG 2.2.2), what would move the timeline waits here, in order.
  let paused = false;
  let held = [];

  const node = (tag, cls, text) => {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = String(text);
    return el;
  };
  const period = (p) => (PERIODS[p] ? PERIODS[p][zh ? 1 : 0] : p || '');
  const parse = (text) => { try { return JSON.parse(text); } catch { return text; } };
  const query = (extra = {}) => {
    const q = new URLSearchParams();
    for (const c of channels) q.append('channel', c);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return q;
  };
  const after = (a, b) => b === null || b === undefined || BigInt(a) > BigInt(b);
  const permalink = (id) => `/?${new URLSearchParams([['post', id], ...channels.map((c) => ['channel', c])])}`;

  function setStatus(state) {
    statusEl.dataset.state = state;
    statusEl.textContent = T[state];
  }

  function updateEmpty() {
    $('empty').textContent = timeline.children.length ? '' : T.empty;
  }

  // --- scoreboards -------------------------------------------------------------------
  function board(match) {
    let b = boards.get(match);
    if (!b) {
      const el = node('article', 'board');
      el.dataset.match = match;
      const keys = node('ol', 'keys');
      keys.setAttribute('aria-label', T.keys);
      keys.hidden = true;
      el.append(node('div', 'teams'), node('div', 'score'), node('div', 'clock'), node('div', 'state'), keys);
      boardsEl.append(el);
      b = { score: null, clock: null, scoreId: null, clockId: null, names: '', el };
      boards.set(match, b);
    }
    return b;
  }

  // The newer of the match's score and clock decides its names and period; at full time
  // the match has ended: the board says so and shows no running time.
  function drawBoard(b, match) {
    const s = b.score || {};
    const c = b.clock || {};
    const scoreNewer = b.scoreId !== null && (b.clockId === null || BigInt(b.scoreId) > BigInt(b.clockId));
    const [newer, older] = scoreNewer ? [s, c] : [c, s];
    const home = newer.home || older.home || '';
    const away = newer.away || older.away || '';
    const p = newer.period || older.period || '';
    const ended = p === FULL_TIME;
    b.el.querySelector('.teams').textContent = `${home} – ${away}`;
    b.el.querySelector('.score').textContent = b.score ? `${s.homeScore ?? 0} – ${s.awayScore ?? 0}` : '0 – 0';
    const minute = c.minute || s.minute;
    let time = '';
    if (!ended) {
      time = b.clock ? `${String(c.minute - 1).padStart(2, '0')}:${String(c.second).padStart(2, '0')}`
        : (minute ? `${minute}'` : '');
    }
    b.el.querySelector('.clock').textContent = [time, period(p)].filter(Boolean).join(' · ');
    b.el.querySelector('.state').textContent = ended ? T.ended : '';
    b.el.classList.toggle('ended', ended);
    b.el.dataset.state = ended ? 'ended' : 'live';
    const names = home && away ? `${home} – ${away}` : '';
    if (names === b.names) return;
    // The match's items name it by its teams: a new or changed name reaches them too.
    b.names = names;
    for (const item of items.values()) if (item.match === match) draw(item);
  }

  // --- timeline items ----------------------------------------------------------------
  function draw(item) {
    const { type, data } = item;
    const el = item.el || node('li', 'item');
    el.replaceChildren();
    el.dataset.id = item.id;
    el.id = `post-${item.id}`; // what a key moment under the scoreboard links to
    el.dataset.type = type;
    const meta = node('div', 'meta');
    if (type === 'news-flash') {
      el.classList.toggle('urgent', !!data.urgent);
      meta.append(node('span', 'icon', data.urgent ? '🚨' : '📰'), node('span', 'label', data.urgent ? T.urgent : T.news));
      el.append(meta, node('h2', 'headline', data.headline ?? ''));
      if (data.body) el.append(node('p', 'body', data.body));
      drawPhoto(el, data.photo);
    } else if (type === 'commentary') {
      if (typeof data.minute === 'number') meta.append(node('span', 'minute', `${data.minute}'`));
      if (data.kind !== NEUTRAL_KIND) {
        const kind = KINDS[data.kind] || ['💬', data.kind ?? '', data.kind ?? ''];
        const label = String(zh ? kind[2] : kind[1]);
        meta.append(node('span', 'icon', kind[0]));
        if (label) meta.append(node('span', 'label', label));
      }
      const b = showMatch && boards.get(item.match);
      if (b && b.names) meta.append(node('span', 'match', b.names));
      el.append(meta, node('p', 'text', data.text ?? ''));
      drawPhoto(el, data.photo);
    } else {
      meta.append(node('span', 'label', type));
      el.append(meta, node('p', 'text', typeof data === 'string' ? data : JSON.stringify(data)));
    }
    const key = isKey(item);
    el.classList.toggle('key', key);
    if (key) meta.append(node('span', 'key', T.key));
    // Who wrote it (a desk's operator, from their Settings), for the two types a person writes.
    if ((type === 'news-flash' || type === 'commentary') && typeof data.byline === 'string' && data.byline.trim())
      meta.append(node('span', 'byline', T.by(data.byline.trim())));
    if (item.corrected) meta.append(node('span', 'corrected', T.corrected));
    if (pinned.has(item.id)) meta.prepend(node('span', 'pin', `📌 ${T.pinned}`));
    const share = node('a', 'share', T.share);
    share.href = permalink(item.id);
    el.append(share);
    item.el = el;
    return el;
  }

  // A photo the server stored (POST /api/media): lazy, with its size set so nothing below it
  // moves when it arrives, and its alt text for readers who cannot see it.
  function drawPhoto(el, photo) {
    if (!photo || typeof photo.url !== 'string' || !/^\/media\/[0-9a-f]{64}\.(png|jpg|webp)$/.test(photo.url)) return;
    const figure = node('figure', 'photo');
    const img = node('img');
    img.src = photo.url;
    img.alt = String(photo.alt ?? '');
    if (Number.isInteger(photo.width)) img.width = photo.width;
    if (Number.isInteger(photo.height)) img.height = photo.height;
    img.loading = 'lazy';
    img.decoding = 'async';
    figure.append(img);
    const words = [photo.caption, photo.credit && `© ${photo.credit}`].filter((w) => typeof w === 'string' && w.trim());
    if (words.length) figure.append(node('figcaption', null, words.join(' · ')));
    el.append(figure);
  }

  function isKey(item) {
    return (item.type === 'news-flash' || item.type === 'commentary') && item.data && item.data.key === true;
  }

  // The match's key moments under its scoreboard, oldest first, each a link to its post.
  function drawKeys(match) {
    const b = match && boards.get(match);
    if (!b) return;
    const list = b.el.querySelector('.keys');
    const keyed = [...items.values()].filter((i) => i.match === match && isKey(i))
      .sort((x, y) => (BigInt(x.id) < BigInt(y.id) ? -1 : 1));
    list.replaceChildren(...keyed.map((i) => {
      const a = node('a', null, [typeof i.data.minute === 'number' ? `${i.data.minute}'` : '', i.data.text ?? i.data.headline ?? '']
        .filter(Boolean).join(' '));
      a.href = `#post-${i.id}`;
      const li = node('li');
      li.append(a);
      return li;
    }));
    list.hidden = keyed.length === 0;
  }

  // Newest first in either list; a pinned post sits above the timeline until it is
  // unpinned, then goes back to its place among the others.
  function place(item) {
    const list = pinned.has(item.id) ? pinsEl : timeline;
    const next = [...list.children].find((el) => el !== item.el && BigInt(el.dataset.id) < BigInt(item.id));
    list.insertBefore(item.el, next || null);
    pinsEl.hidden = pinsEl.children.length === 0;
  }

  function setPinned(id, on) {
    const item = items.get(id);
    if (on) pinned.add(id); else pinned.delete(id);
    if (item) { draw(item); place(item); }
  }

  // A post or a correction that pins: the post it pins, and the one it replaces.
  function applyPin(id, data) {
    if (typeof data.unpins === 'string') setPinned(data.unpins, false);
    if (data.pinned === true) setPinned(id, true);
    else if (data.pinned === false) setPinned(id, false);
  }

  function showBanner(item) {
    bannerId = item.id;
    $('banner-text').textContent = `${T.urgent}: ${item.data.headline ?? ''}`;
    $('banner').hidden = false;
  }

  function retract(targetId) {
    const target = items.get(targetId);
    target.el.remove();
    items.delete(targetId);
    pinned.delete(targetId);
    pinsEl.hidden = pinsEl.children.length === 0;
    drawKeys(target.match);
    if (bannerId === targetId) $('banner').hidden = true;
  }

  function amend(type, data) {
    const targetId = String(data.targetId);
    const target = items.get(targetId);
    if (!target) return;
    if (type === 'retraction') {
      retract(targetId);
    } else {
      const { targetId: _, unpins, ...fields } = data;
      target.data = typeof target.data === 'object' ? { ...target.data, ...fields } : fields;
      // A change of pin alone is not a correction of the words.
      target.corrected = target.corrected || Object.keys(fields).some((k) => k !== 'pinned');
      draw(target);
      applyPin(targetId, data);
      drawKeys(target.match);
      // The banner follows its flash: the corrected words, or gone if no longer urgent.
      if (bannerId === targetId) {
        if (target.data.urgent) showBanner(target);
        else $('banner').hidden = true;
      }
    }
    updateEmpty();
  }

  // A post from the stream (newest) or from an older page (oldest of all so far).
  function add(event, { old = false, corrected = false } = {}) {
    const id = String(event.id);
    const { type } = event;
    const data = event.data ?? {};
    if (items.has(id)) return; // already shown: a replay never duplicates
    const item = { id, type, data, corrected, match: typeof data === 'object' && data ? data.match : undefined };
    items.set(id, item);
    draw(item);
    place(item);
    if (typeof data === 'object' && data && !old) applyPin(id, data);
    if (isKey(item)) drawKeys(item.match);
    if (type === 'news-flash' && data.urgent && !old) showBanner(item);
    if (timeline.children.length > cap) {
      while (timeline.children.length > cap) {
        const last = timeline.lastElementChild;
        const gone = items.get(last.dataset.id);
        items.delete(last.dataset.id);
        last.remove();
        if (gone && isKey(gone)) drawKeys(gone.match);
      }
      // What "Show older posts" brings back starts below the oldest still shown.
      older = timeline.lastElementChild.dataset.id;
      $('older').hidden = false;
    }
    updateEmpty();
  }

  function apply(event) {
    const { type } = event;
    const data = event.data ?? {};
    if (policy.stateTypes.includes(type)) {
      if (!data.match) return;
      const fresh = !boards.has(data.match);
      const b = board(data.match);
      b[type] = data;
      b[`${type}Id`] = String(event.id);
      drawBoard(b, data.match);
      if (fresh) drawKeys(data.match);
      return;
    }
    if (policy.amendmentTypes.includes(type)) amend(type, data);
    else add(event);
  }

  // --- pause -------------------------------------------------------------------------
  // Scoreboards keep up while paused: they change in place and move nothing.
  function receive(event) {
    if (paused && !policy.stateTypes.includes(event.type)) {
      held.push(event);
      drawFresh();
      return;
    }
    apply(event);
  }

  function drawFresh() {
    const fresh = $('fresh');
    const count = held.filter((e) => !policy.amendmentTypes.includes(e.type) && !items.has(String(e.id))).length;
    fresh.hidden = count === 0;
    fresh.textContent = T.fresh(count);
  }

  function setPaused(on) {
    paused = on;
    const button = $('pause');
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? T.resume : T.pause;
    // A paused log announces nothing: the reader asked for it to keep still.
    $('log').setAttribute('aria-live', on ? 'off' : 'polite');
    if (on) return;
    const waiting = held;
    held = [];
    for (const e of waiting) apply(e);
    drawFresh();
  }

  // --- older posts and permalinks ----------------------------------------------------
  // Appends the page of posts before `older` (the server applied their corrections). True
  // when it brought any.
  async function loadOlder(limit = PAGE) {
    const button = $('older');
    if (older === null) { button.hidden = true; return false; }
    button.disabled = true;
    button.textContent = T.loading;
    try {
      const response = await fetch(`/api/events?${query({ before: older, limit: String(limit) })}`);
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const page = await response.json();
      cap += page.events.length;
      for (const e of page.events) add(e, { old: true, corrected: e.corrected === true });
      older = page.next ?? null;
      return page.events.length > 0;
    } catch {
      return false;
    } finally {
      button.disabled = false;
      button.textContent = older === null ? T.noOlder : T.older;
      button.hidden = older === null;
    }
  }

  // /?post=ID: scrolls to the post and marks it, fetching older pages until it is there.
  async function reveal(id) {
    for (let pages = 0; !items.has(id) && older !== null && BigInt(older) > BigInt(id) && pages < 100; pages += 1) {
      if (!await loadOlder(200)) break;
    }
    const item = items.get(id);
    if (!item) {
      $('notice').textContent = T.gone;
      $('notice').hidden = false;
      return;
    }
    item.el.classList.add('highlight');
    item.el.tabIndex = -1;
    // At once, whatever the page's smooth scrolling: a link lands on its post, it does not
    // travel there through the whole day.
    item.el.scrollIntoView({ block: 'center', behavior: 'instant' });
    item.el.focus({ preventScroll: true });
  }

  // The share control is a link to the permalink, so it works without the script too; with
  // it, the browser's share sheet where there is one, or the link copied.
  async function share(link, event) {
    const url = new URL(link.getAttribute('href'), location.href).href;
    const title = document.title;
    try {
      if (navigator.share) {
        event.preventDefault();
        await navigator.share({ title, url });
        return;
      }
      if (navigator.clipboard && window.isSecureContext) {
        event.preventDefault();
        await navigator.clipboard.writeText(url);
        link.textContent = T.copied;
        setTimeout(() => { link.textContent = T.share; }, 2000);
      }
    } catch (error) {
      if (error && error.name === 'AbortError') return; // the reader closed the share sheet
      location.href = url;
    }
  }

  // --- snapshot ----------------------------------------------------------------------
  function render(state, missed) {
    items.clear();
    boards.clear();
    pinned.clear();
    held = [];
    timeline.replaceChildren();
    pinsEl.replaceChildren();
    pinsEl.hidden = true;
    boardsEl.replaceChildren();
    $('banner').hidden = true;
    $('notice').hidden = !missed;
    $('notice').textContent = missed ? T.missed : '';
    heartbeatMs = ((state.server && state.server.heartbeatSeconds) || 15) * 1000;
    if (state.policy && Array.isArray(state.policy.stateTypes)) policy = state.policy;
    const events = [...(state.latest || []), ...(state.recent || [])]
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    for (const e of events) apply(e);
    // The pins, however old (a post pinned at kick-off is long out of "recent"), and only
    // them: the snapshot is the server's word on what is pinned.
    const pinIds = new Set((state.pinned || []).map((p) => String(p.id)));
    for (const id of [...pinned]) if (!pinIds.has(id)) setPinned(id, false);
    for (const pin of state.pinned || []) {
      const id = String(pin.id);
      if (!items.has(id)) {
        const data = pin.data || {};
        items.set(id, { id, type: pin.type, data, match: data.match });
        draw(items.get(id));
        if (isKey(items.get(id))) drawKeys(data.match);
      }
      setPinned(id, true);
    }
    lastId = state.lastId ?? lastId;
    // Older posts than these are in the journal when the snapshot had a full window of them.
    const oldest = timeline.lastElementChild;
    older = oldest ? oldest.dataset.id : null;
    $('older').hidden = older === null;
    $('older').textContent = T.older;
    drawFresh();
    updateEmpty();
  }

  // A snapshot of the tabs' union (a resync) as this tab's channels see it.
  function only(state) {
    if (channels.length === 0) return state;
    const keep = (list) => (list || []).filter((e) => mine(e.channel));
    return { ...state, channels: (state.channels || []).filter((c) => mine(c.name)),
      recent: keep(state.recent), latest: keep(state.latest), pinned: keep(state.pinned) };
  }

  // --- the stream, one for every tab --------------------------------------------------
  // One message, whichever tab's stream it came from: {kind, id, type, channel, data}.
  function deliver(m) {
    lastSeen = Date.now();
    if (m.kind === 'status') { setStatus(m.state); return; }
    if (statusEl.dataset.state !== 'live') setStatus('live');
    if (m.kind === 'heartbeat') return;
    if (m.kind === 'resync') {
      render(only(m.state), true);
      lastId = m.id || lastId;
      return;
    }
    if (!after(m.id, lastId)) return; // seen already: a replay never duplicates
    lastId = m.id;
    if (mine(m.channel)) receive({ id: m.id, type: m.type, data: m.data });
  }

  // The leader's stream: every tab's channels at once, each event naming its channel
  // (envelope=1), shared over the BroadcastChannel. Without Web Locks or BroadcastChannel
  // every tab is its own leader, as before.
  const tab = Math.random().toString(36).slice(2);
  const bus = typeof BroadcastChannel === 'function' && navigator.locks ? new BroadcastChannel('livedesk-feed') : null;
  const tabs = new Map(); // tab -> its channels, as the leader knows them
  const recentMessages = []; // the leader's last messages, for a tab that joins a moment late
  let leader = false;
  let source = null;
  let streamKey = null;

  const post = (m) => { if (bus) bus.postMessage(m); };
  const hello = () => post({ kind: 'hello', tab, channels, since: lastId });

  function union() {
    const sets = [channels, ...tabs.values()];
    if (sets.some((s) => s.length === 0)) return [];
    return [...new Set(sets.flat())].sort();
  }

  function forward(m) {
    recentMessages.push(m);
    if (recentMessages.length > 500) recentMessages.shift();
    post(m);
    deliver(m);
  }

  function onStream(message) {
    lastSeen = Date.now();
    if (message.type === 'heartbeat') { forward({ kind: 'heartbeat' }); return; }
    if (message.type === 'resync') {
      forward({ kind: 'resync', id: message.lastEventId, state: parse(message.data) });
      return;
    }
    const envelope = parse(message.data) || {};
    forward({ kind: 'event', id: message.lastEventId, type: message.type, channel: envelope.channel, data: envelope.data });
  }

  function announce(state) {
    post({ kind: 'status', state });
    setStatus(state);
  }

  // (Re)opens the stream for the union of the tabs' channels, from the oldest id any of
  // them still needs (`since`, a tab that joined late): each tab drops what it has seen.
  function connect({ force = false, since = lastId } = {}) {
    const wanted = union();
    const key = wanted.join(',');
    if (!force && source && key === streamKey) return;
    if (source) source.close();
    streamKey = key;
    const from = since !== null && lastId !== null && BigInt(lastId) < BigInt(since) ? lastId : since;
    const q = new URLSearchParams([...wanted.map((c) => ['channel', c]), ['heartbeat', 'event'], ['envelope', '1']]);
    if (from !== null) q.set('lastEventId', from);
    source = new EventSource(`/events?${q}`);
    source.onopen = () => { lastSeen = Date.now(); announce('live'); };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        announce('offline');
        setTimeout(() => connect({ force: true }), 3000);
      } else {
        announce('reconnecting');
      }
    };
    source.onmessage = onStream;
    for (const type of [...TYPES, 'resync', 'heartbeat']) source.addEventListener(type, onStream);
  }

  // A tab that says hello: its channels join the union, and what it missed since its page
  // was sent is sent again from the last messages, or the stream reopens from there.
  function welcome(m) {
    const since = m.since ?? '0';
    tabs.set(m.tab, m.channels || []);
    post({ kind: 'status', state: statusEl.dataset.state, to: m.tab });
    if (!source) return; // not streaming yet: the stream will start from the oldest need
    const upToDate = lastId === null || !after(lastId, since);
    const buffered = recentMessages.some((r) => r.kind === 'event' && !after(r.id, since));
    if (upToDate || buffered) {
      for (const r of recentMessages) if (r.kind === 'event' && after(r.id, since)) post({ ...r, to: m.tab });
      connect();
    } else {
      connect({ force: true, since });
    }
  }

  function becomeLeader() {
    leader = true;
    document.documentElement.dataset.feed = 'leader';
    post({ kind: 'leader', tab });
    // Give the others a moment to say which channels they show, then open one stream. A
    // tab that took over resumes from the last id it was given: no gap, no duplicate.
    setTimeout(() => connect(), bus ? 100 : 0);
  }

  if (bus) {
    bus.onmessage = ({ data: m }) => {
      if (m.to && m.to !== tab) return;
      if (m.kind === 'hello') { if (leader) welcome(m); return; }
      if (m.kind === 'bye') { tabs.delete(m.tab); if (leader) connect(); return; }
      if (m.kind === 'leader') { if (!leader) hello(); return; }
      if (!leader) deliver(m);
    };
    addEventListener('pagehide', () => post({ kind: 'bye', tab }));
  }

  // Three heartbeats missed: the connection is probably dead (a proxy, a sleeping laptop)
  // even if the browser has not noticed. The leader opens a fresh one; a follower waits for
  // it (or for its own turn to lead, should the leader's tab be gone).
  setInterval(() => {
    if (Date.now() - lastSeen > 3 * heartbeatMs && statusEl.dataset.state === 'live') {
      setStatus('reconnecting');
      lastSeen = Date.now();
      if (leader) connect({ force: true });
    }
  }, 1000);

  function startFeed() {
    if (!bus) { becomeLeader(); return; }
    document.documentElement.dataset.feed = 'follower';
    hello();
    // Held for as long as this tab lives: the next tab in line gets it the moment it closes.
    navigator.locks.request('livedesk-feed-leader', () => new Promise(() => becomeLeader()));
  }

  // --- start -------------------------------------------------------------------------
  async function snapshot() {
    const embedded = $('livedesk-state');
    if (embedded) return JSON.parse(embedded.textContent);
    const response = await fetch(`/api/state?${query()}`, { cache: 'no-store' });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  }

  async function boot() {
    $('banner-close').onclick = () => { $('banner').hidden = true; };
    $('pause').hidden = false;
    $('pause').onclick = () => setPaused(!paused);
    $('fresh').onclick = () => {
      setPaused(false);
      const first = timeline.firstElementChild;
      if (first) { first.tabIndex = -1; first.focus(); }
    };
    $('older').onclick = () => loadOlder();
    document.addEventListener('click', (event) => {
      const link = event.target.closest && event.target.closest('a.share');
      if (link) share(link, event);
    });
    setStatus('connecting');
    try {
      render(await snapshot(), false);
    } catch {
      setStatus('offline');
      setTimeout(boot, 3000);
      return;
    }
    startFeed();
    const wanted = params.get('post');
    if (wanted && /^[0-9]{1,20}$/.test(wanted)) reveal(wanted);
  }

  boot();
})();

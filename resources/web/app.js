// LiveDesk viewer page: one EventSource for all the channels in the URL, a snapshot from
// /api/state first so late joiners see the present, corrections and retractions applied in
// place, and a watchdog on the heartbeat. Event data only ever reaches the page through
// textContent: an operator's text is text, never markup.
'use strict';

(() => {
  const zh = (navigator.language || '').toLowerCase().startsWith('zh');
  document.documentElement.lang = zh ? 'zh-CN' : 'en';
  const T = zh ? {
    title: '实时直播', live: '直播中', reconnecting: '正在重连…', offline: '离线', connecting: '连接中…',
    all: '全部频道', empty: '暂无内容，新消息会即时出现。', urgent: '紧急',
    corrected: '已更正', missed: '部分更新在断线期间错过，已显示最新状态。', close: '关闭',
    channels: '频道', news: '快讯', ended: '已结束', by: (name) => `作者：${name}`, key: '关键时刻', keys: '关键时刻', pinned: '置顶',
  } : {
    title: 'Live', live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline', connecting: 'Connecting…',
    all: 'All channels', empty: 'Nothing yet. New items appear here the moment they are sent.',
    urgent: 'Urgent', corrected: 'corrected', missed: 'Some updates were missed while offline; showing the latest.',
    close: 'Close', channels: 'Channels', news: 'News', ended: 'Ended', by: (name) => `By ${name}`, key: 'Key moment', keys: 'Key moments', pinned: 'Pinned',
  };
  // Commentary kinds (server/domain/commentarykind.h). The neutral "comment" has no tag. The
  // console's viewer pane words all of this the same way (ui/eventrenderer.cpp).
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

  const $ = (id) => document.getElementById(id);
  // /embed is the same page as a compact widget for an <iframe>: no channel picker.
  if (location.pathname === '/embed') {
    document.body.dataset.mode = 'embed';
    $('picker').remove();
  }
  const timeline = $('timeline');
  const pinsEl = $('pins');
  const boardsEl = $('boards');
  const statusEl = $('status');
  const params = new URLSearchParams(location.search);
  const channels = [...new Set(params.getAll('channel').flatMap((v) => v.split(','))
    .map((c) => c.trim()).filter(Boolean))];
  // Items name their match by its teams, unless the page shows one channel only.
  const showMatch = channels.length !== 1;

  // Which types carry state and which amend an earlier post: the server's StatePolicy, as
  // /api/state reports it ("policy"); these defaults are the same rules until it arrives.
  let policy = { stateTypes: ['score', 'clock'], tickerTypes: ['clock'],
    amendmentTypes: ['correction', 'retraction'] };
  const items = new Map();   // id -> { type, data, el }
  const boards = new Map();  // match channel -> { score, clock, scoreId, clockId, names, el }
  let lastId = null;         // newest id rendered; the stream resumes after it
  let source = null;
  let heartbeatMs = 15000;
  let lastSeen = Date.now();
  let bannerId = null;
  // The pinned posts' ids. The server keeps one per channel; a pin that replaces another
  // names it in "unpins", since the stream does not say which channel a post is on.
  const pinned = new Set();

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
  const newer = (id) => lastId === null || BigInt(id) > BigInt(lastId);

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
      el.append(meta, node('h3', 'headline', data.headline ?? ''));
      if (data.body) el.append(node('p', 'body', data.body));
      drawPhoto(el, data.photo);
    } else if (type === 'commentary') {
      if (data.minute != null) meta.append(node('span', 'minute', `${data.minute}'`));
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
      const a = node('a', null, [i.data.minute != null ? `${i.data.minute}'` : '', i.data.text ?? i.data.headline ?? '']
        .filter(Boolean).join(' '));
      a.href = `#post-${i.id}`;
      const li = node('li');
      li.append(a);
      return li;
    }));
    list.hidden = keyed.length === 0;
  }

  // A pinned post sits above the timeline, newest pin first, until it is unpinned; then it
  // goes back to its place among the others (the timeline is newest first).
  function place(item) {
    if (pinned.has(item.id)) {
      pinsEl.prepend(item.el);
    } else {
      const after = [...timeline.children].find((el) => BigInt(el.dataset.id) < BigInt(item.id));
      timeline.insertBefore(item.el, after || null);
    }
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

  function apply(event) {
    const id = String(event.id);
    const { type } = event;
    const data = event.data ?? {};
    if (policy.stateTypes.includes(type)) {
      if (!data.match) return;
      const fresh = !boards.has(data.match);
      const b = board(data.match);
      b[type] = data;
      b[`${type}Id`] = id;
      drawBoard(b, data.match);
      if (fresh) drawKeys(data.match);
      return;
    }
    if (policy.amendmentTypes.includes(type)) {
      const target = items.get(String(data.targetId));
      if (!target) return;
      if (type === 'retraction') {
        target.el.remove();
        items.delete(String(data.targetId));
        pinned.delete(String(data.targetId));
        pinsEl.hidden = pinsEl.children.length === 0;
        drawKeys(target.match);
        if (bannerId === String(data.targetId)) $('banner').hidden = true;
      } else {
        const { targetId, unpins, ...fields } = data;
        target.data = typeof target.data === 'object' ? { ...target.data, ...fields } : fields;
        // A change of pin alone is not a correction of the words.
        target.corrected = target.corrected || Object.keys(fields).some((k) => k !== 'pinned');
        draw(target);
        applyPin(String(targetId), data);
        drawKeys(target.match);
        // The banner follows its flash: the corrected words, or gone if no longer urgent.
        if (bannerId === String(targetId)) {
          if (target.data.urgent) showBanner(target);
          else $('banner').hidden = true;
        }
      }
      updateEmpty();
      return;
    }
    if (items.has(id)) return; // already shown: a replay never duplicates
    const item = { id, type, data, match: typeof data === 'object' && data ? data.match : undefined };
    items.set(id, item);
    timeline.prepend(draw(item));
    if (typeof data === 'object' && data) applyPin(id, data);
    if (isKey(item)) drawKeys(item.match);
    if (type === 'news-flash' && data.urgent) showBanner(item);
    while (timeline.children.length > MAX_ITEMS) {
      const old = timeline.lastElementChild;
      const gone = items.get(old.dataset.id);
      items.delete(old.dataset.id);
      old.remove();
      if (gone && isKey(gone)) drawKeys(gone.match);
    }
    updateEmpty();
  }

  // --- snapshot and stream -----------------------------------------------------------
  function render(state, missed) {
    items.clear();
    boards.clear();
    pinned.clear();
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
    updateEmpty();
  }

  // Every channel the server reports (a filtered snapshot names only ours), plus ours.
  async function drawPicker() {
    const picker = $('picker');
    if (!picker) return;
    let names = [];
    const teams = new Map(); // match channel -> "Home – Away", from its newest score or clock
    try {
      const all = await (await fetch('/api/state', { cache: 'no-store' })).json();
      names = (all.channels || []).map((c) => c.name);
      const latest = [...(all.latest || [])].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
      for (const e of latest) {
        const d = e.data || {};
        if (d.home && d.away) teams.set(e.channel, `${d.home} – ${d.away}`);
      }
    } catch { /* the picker is a convenience; the feed works without it */ }
    const label = (name) => teams.get(name) || (name === 'news' ? T.news : name);
    const list = [...new Set([...names, ...channels])].sort().map((name) => ({ name }));
    picker.replaceChildren(node('span', 'picker-label', `${T.channels}:`));
    const link = (text, href, active) => {
      const a = node('a', active ? 'active' : '', text);
      a.href = href;
      picker.append(a);
    };
    link(T.all, '/', channels.length === 0);
    for (const c of list) {
      link(label(c.name), `/?channel=${encodeURIComponent(c.name)}`, channels.includes(c.name));
      picker.lastElementChild.title = c.name;
    }
  }

  function onEvent(message) {
    lastSeen = Date.now();
    if (statusEl.dataset.state !== 'live') setStatus('live');
    if (message.type === 'resync') {
      render(parse(message.data), true);
      lastId = message.lastEventId || lastId;
      return;
    }
    if (message.type === 'heartbeat') return;
    if (message.lastEventId && !newer(message.lastEventId)) return;
    apply({ id: message.lastEventId, type: message.type, data: parse(message.data) });
    if (message.lastEventId) lastId = message.lastEventId;
  }

  function connect() {
    if (source) source.close();
    const q = query({ heartbeat: 'event' });
    if (lastId !== null) q.set('lastEventId', lastId);
    source = new EventSource(`/events?${q}`);
    source.onopen = () => { lastSeen = Date.now(); setStatus('live'); };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        setStatus('offline');
        setTimeout(connect, 3000);
      } else {
        setStatus('reconnecting');
      }
    };
    source.onmessage = onEvent;
    for (const type of [...TYPES, 'resync', 'heartbeat']) source.addEventListener(type, onEvent);
  }

  // Three heartbeats missed: the connection is probably dead (a proxy, a sleeping laptop)
  // even if the browser has not noticed. Say so and open a fresh one.
  setInterval(() => {
    if (Date.now() - lastSeen > 3 * heartbeatMs && statusEl.dataset.state === 'live') {
      setStatus('reconnecting');
      lastSeen = Date.now();
      connect();
    }
  }, 1000);

  async function boot() {
    $('title').textContent = `LiveDesk · ${T.title}`;
    $('banner-close').setAttribute('aria-label', T.close);
    $('banner-close').onclick = () => { $('banner').hidden = true; };
    setStatus('connecting');
    try {
      const response = await fetch(`/api/state?${query()}`, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      render(await response.json(), false);
      drawPicker();
    } catch {
      setStatus('offline');
      setTimeout(boot, 3000);
      return;
    }
    connect();
  }

  boot();
})();

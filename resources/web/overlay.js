// LiveDesk overlay: a transparent page for a video mixer's browser source (OBS Studio).
// A scorebug for one match, and a lower third for urgent news and key moments, each shown
// for a few seconds in turn. Like the viewer page (app.js): /api/state first, then one
// EventSource that resumes after the last id it rendered. Event text reaches the page only
// through textContent.
'use strict';

(() => {
  const zh = (navigator.language || '').toLowerCase().startsWith('zh');
  document.documentElement.lang = zh ? 'zh-CN' : 'en';
  const T = zh ? {
    title: 'LiveDesk 直播叠加', score: '比分', lower: '快讯与关键时刻', urgent: '紧急', key: '关键时刻',
  } : {
    title: 'LiveDesk overlay', score: 'Score', lower: 'News and key moments', urgent: 'Urgent', key: 'Key moment',
  };
  // Commentary kinds as the viewer page words them: [English, Chinese].
  const KINDS = {
    goal: ['Goal', '进球'], 'yellow-card': ['Yellow card', '黄牌'], 'red-card': ['Red card', '红牌'],
    substitution: ['Substitution', '换人'], chance: ['Chance', '机会'], 'var-check': ['VAR check', 'VAR 检查'],
    'half-time': ['Half-time', '中场休息'], 'full-time': ['Full-time', '全场结束'],
  };
  const PERIODS = {
    '1st half': ['1st half', '上半场'], 'half-time': ['Half-time', '中场休息'],
    '2nd half': ['2nd half', '下半场'], 'extra time': ['Extra time', '加时赛'],
    'full-time': ['Full-time', '全场结束'],
  };
  const FULL_TIME = 'full-time';
  const TYPES = ['news-flash', 'score', 'clock', 'commentary', 'correction', 'retraction'];
  const OUT_MS = 400;     // the lower third's exit animation, with or without motion (overlay.css)
  const MAX_WAITING = 4;  // lower thirds queued behind the one on screen; older ones are dropped

  // --- parameters: anything invalid falls back to its default ------------------------
  const params = new URLSearchParams(location.search);
  const channels = [...new Set(params.getAll('channel').flatMap((v) => v.split(','))
    .map((c) => c.trim()).filter(Boolean))];
  const POSITIONS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];
  const position = POSITIONS.includes(params.get('position')) ? params.get('position') : 'top-left';
  const number = (name, min, max, fallback) => {
    const text = params.get(name);
    const v = text === null || text.trim() === '' ? NaN : Number(text);
    return Number.isFinite(v) && v >= min && v <= max ? v : fallback;
  };
  const scale = number('scale', 0.5, 3, 1);
  const showLower = !['0', 'false', 'off', 'no'].includes((params.get('lowerthird') || '').trim().toLowerCase());
  const durationMs = number('duration', 2, 60, 8) * 1000;

  const $ = (id) => document.getElementById(id);
  const bugEl = $('bug');
  const lowerEl = $('lower');
  document.title = T.title;
  $('heading').textContent = T.title;
  document.body.dataset.position = position;
  document.documentElement.style.setProperty('--scale', String(scale));
  bugEl.setAttribute('aria-label', T.score);
  lowerEl.setAttribute('aria-label', T.lower);
  if (!showLower) lowerEl.remove();

  let policy = { stateTypes: ['score', 'clock'], amendmentTypes: ['correction', 'retraction'] };
  const boards = new Map(); // match channel -> { score, clock, scoreId, clockId, clockAt }
  let newest = null;        // without ?channel=, the bug shows the match that appeared last
  let lastId = null;
  let source = null;
  let heartbeatMs = 15000;
  let lastSeen = Date.now();

  const node = (tag, cls, text) => {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined) el.textContent = String(text);
    return el;
  };
  const words = (table, key) => (table[key] ? table[key][zh ? 1 : 0] : key || '');
  const parse = (text) => { try { return JSON.parse(text); } catch { return text; } };
  const pad = (n) => String(n).padStart(2, '0');
  const newer = (id) => lastId === null || BigInt(id) > BigInt(lastId);
  const query = (extra = {}) => {
    const q = new URLSearchParams();
    for (const c of channels) q.append('channel', c);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return q;
  };
  const setState = (state) => { document.body.dataset.state = state; };

  // --- the scorebug --------------------------------------------------------------------
  const shown = () => (channels.length ? channels.find((c) => boards.has(c)) : newest) ?? null;

  // The newer of the match's score and clock decides its names and period (as the viewer
  // page does); a running clock runs on from when its event was stored (or, live, arrived).
  function drawBug() {
    const match = shown();
    const b = match && boards.get(match);
    bugEl.hidden = !b;
    document.body.classList.toggle('has-bug', !!b);
    if (!b) { placeLower(); return; }
    const s = b.score || {};
    const c = b.clock || {};
    const scoreNewer = b.scoreId !== null && (b.clockId === null || BigInt(b.scoreId) > BigInt(b.clockId));
    const [first, second] = scoreNewer ? [s, c] : [c, s];
    const p = first.period || second.period || '';
    const ended = p === FULL_TIME;
    const text = (sel, value) => {
      const el = bugEl.querySelector(sel);
      if (el.textContent !== value) el.textContent = value;
    };
    text('.home', first.home || second.home || '');
    text('.away', first.away || second.away || '');
    const scores = b.score ? `${s.homeScore ?? 0}–${s.awayScore ?? 0}` : '0–0';
    if (bugEl.dataset.score !== undefined && bugEl.dataset.score !== scores && bugEl.dataset.match === match) pulse();
    bugEl.dataset.score = scores;
    bugEl.dataset.match = match;
    text('.home-score', String(b.score ? s.homeScore ?? 0 : 0));
    text('.away-score', String(b.score ? s.awayScore ?? 0 : 0));
    let time = '';
    if (!ended && b.clock) {
      let total = (c.minute - 1) * 60 + (c.second || 0);
      if (c.running) total += Math.max(0, Math.floor((Date.now() - b.clockAt) / 1000));
      time = `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
    } else if (!ended && s.minute) {
      time = `${s.minute}'`;
    }
    text('.clock', time);
    text('.period', words(PERIODS, p));
    bugEl.querySelector('.time').hidden = !time && !p;
    bugEl.classList.toggle('ended', ended);
    bugEl.dataset.state = ended ? 'ended' : (b.clock && c.running ? 'running' : 'stopped');
    placeLower();
  }

  function pulse() {
    const score = bugEl.querySelector('.score');
    score.classList.remove('changed');
    void score.offsetWidth; // restart the animation
    score.classList.add('changed');
  }

  // With the bug at the bottom, the lower third sits above it rather than over it.
  function placeLower() {
    if (!showLower) return;
    lowerEl.style.marginBottom = position.startsWith('bottom') && !bugEl.hidden
      ? `calc(${bugEl.getBoundingClientRect().height}px + .5em)` : '';
  }

  // --- the lower third ------------------------------------------------------------------
  const waiting = [];
  let current = null; // { id, type, data, el, timer, leaving }

  // What a post earns: 'urgent' for an urgent flash; a key moment's kind (or 'key').
  function lowerKind(type, data) {
    if (!data || typeof data !== 'object') return null;
    if (type === 'news-flash') return data.urgent === true ? 'urgent' : null;
    if (type !== 'commentary') return null;
    if (data.kind === 'goal' || data.kind === 'red-card') return data.kind;
    return data.key === true ? (KINDS[data.kind] ? data.kind : 'key') : null;
  }

  function drawCard(entry) {
    const { data } = entry;
    const kind = lowerKind(entry.type, data);
    const el = entry.el || node('div', 'card');
    el.dataset.id = entry.id;
    el.dataset.kind = kind;
    const label = kind === 'urgent' ? T.urgent : kind === 'key' ? T.key : words(KINDS, kind);
    const body = node('div', 'body');
    body.append(node('p', 'headline', (entry.type === 'news-flash' ? data.headline : data.text) ?? ''));
    let detail = '';
    if (entry.type === 'news-flash') {
      detail = typeof data.body === 'string' ? data.body : '';
    } else {
      const b = boards.get(data.match);
      const named = b && [b.score, b.clock].find((x) => x && x.home && x.away);
      detail = [data.minute != null ? `${data.minute}'` : '', named ? `${named.home} – ${named.away}` : '']
        .filter(Boolean).join(' · ');
    }
    if (detail) body.append(node('p', 'detail', detail));
    el.replaceChildren(node('span', 'label', label), body);
    entry.el = el;
    return el;
  }

  function enqueue(entry) {
    if (!showLower) return;
    waiting.push(entry);
    while (waiting.length > MAX_WAITING) waiting.shift();
    if (!current) next();
  }

  function next() {
    current = waiting.shift() || null;
    if (!current) return;
    lowerEl.append(drawCard(current));
    const entry = current;
    entry.timer = setTimeout(() => dismiss(entry), durationMs);
  }

  function dismiss(entry) {
    if (entry !== current || entry.leaving) return;
    entry.leaving = true;
    clearTimeout(entry.timer);
    entry.el.classList.add('out');
    setTimeout(() => { entry.el.remove(); current = null; next(); }, OUT_MS);
  }

  // A correction reaches a card on screen or waiting; one that takes away what earned it
  // (no longer urgent, no longer key), or a retraction, takes the card down.
  function amend(type, data) {
    const id = String(data.targetId);
    const entry = [current, ...waiting].find((e) => e && e.id === id);
    if (!entry) return;
    if (type === 'correction') {
      const { targetId, unpins, ...fields } = data;
      entry.data = { ...entry.data, ...fields };
    }
    if (type === 'retraction' || !lowerKind(entry.type, entry.data)) {
      if (entry === current) dismiss(entry);
      else waiting.splice(waiting.indexOf(entry), 1);
    } else if (entry === current && !entry.leaving) {
      drawCard(entry);
    }
  }

  // --- events ---------------------------------------------------------------------------
  // A score or clock names its match; a snapshot's entry has its channel too, and a page of
  // one channel knows it.
  const matchOf = (event) => (event.data && typeof event.data === 'object' && event.data.match) || event.channel
    || (channels.length === 1 ? channels[0] : null);

  // `at`: when a clock's reading holds (its stored time in a snapshot, now when live).
  function apply(event, { live, at }) {
    const id = String(event.id);
    const { type } = event;
    const data = event.data ?? {};
    if (policy.stateTypes.includes(type)) {
      const match = matchOf(event);
      if (!match || (type !== 'score' && type !== 'clock')) return;
      let b = boards.get(match);
      if (!b) {
        b = { score: null, clock: null, scoreId: null, clockId: null, clockAt: 0 };
        boards.set(match, b);
        newest = match;
      }
      b[type] = data;
      b[`${type}Id`] = id;
      if (type === 'clock') b.clockAt = at;
      return;
    }
    if (policy.amendmentTypes.includes(type)) {
      if (data && typeof data === 'object') amend(type, data);
      return;
    }
    if (live && lowerKind(type, data)) enqueue({ id, type, data });
  }

  // A snapshot (at start, or a resync's): the boards as they are now. Its posts are the past:
  // they never make a lower third.
  function render(state) {
    boards.clear();
    newest = null;
    heartbeatMs = ((state.server && state.server.heartbeatSeconds) || 15) * 1000;
    if (state.policy && Array.isArray(state.policy.stateTypes)) policy = { ...policy, ...state.policy };
    const events = [...(state.latest || [])].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    for (const e of events) {
      const stored = Date.parse(e.time);
      apply(e, { live: false, at: Number.isFinite(stored) ? Math.min(stored, Date.now()) : Date.now() });
    }
    // At start, the newest match is the one updated last.
    const last = events.filter((e) => boards.has(matchOf(e))).at(-1);
    if (last) newest = matchOf(last);
    lastId = state.lastId ?? lastId;
    document.body.dataset.lastId = lastId ?? '';
    drawBug();
  }

  function onEvent(message) {
    lastSeen = Date.now();
    setState('live');
    if (message.type === 'resync') {
      render(parse(message.data));
      lastId = message.lastEventId || lastId;
      document.body.dataset.lastId = lastId ?? '';
      return;
    }
    if (message.type === 'heartbeat') return;
    if (message.lastEventId && !newer(message.lastEventId)) return;
    apply({ id: message.lastEventId, type: message.type, data: parse(message.data) }, { live: true, at: Date.now() });
    if (message.lastEventId) lastId = message.lastEventId;
    document.body.dataset.lastId = lastId ?? '';
    drawBug();
  }

  function connect() {
    if (source) source.close();
    const q = query({ heartbeat: 'event' });
    if (lastId !== null) q.set('lastEventId', lastId);
    source = new EventSource(`/events?${q}`);
    source.onopen = () => { lastSeen = Date.now(); setState('live'); };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        setState('offline');
        setTimeout(connect, 3000);
      } else {
        setState('reconnecting');
      }
    };
    source.onmessage = onEvent;
    for (const type of [...TYPES, 'resync', 'heartbeat']) source.addEventListener(type, onEvent);
  }

  // Three heartbeats missed: the connection is probably dead; open a fresh one.
  setInterval(() => {
    if (Date.now() - lastSeen > 3 * heartbeatMs && document.body.dataset.state === 'live') {
      setState('reconnecting');
      lastSeen = Date.now();
      connect();
    }
  }, 1000);

  // The running clock, between the events that set it.
  setInterval(() => { if (bugEl.dataset.state === 'running') drawBug(); }, 250);
  window.addEventListener('resize', placeLower);

  async function boot() {
    try {
      const response = await fetch(`/api/state?${query()}`, { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      render(await response.json());
    } catch {
      setState('offline');
      setTimeout(boot, 3000);
      return;
    }
    connect();
  }

  boot();
})();

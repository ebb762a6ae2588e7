// Minimal viewer: one EventSource for every channel named in the page URL
// (?channel=a&channel=b), newest first. Event data is shown with textContent only.
'use strict';

const params = new URLSearchParams(location.search);
const feed = new URL('/events', location.href);
for (const channel of params.getAll('channel')) feed.searchParams.append('channel', channel);

const list = document.getElementById('events');
const status = document.getElementById('status');

function setStatus(text, cls) {
  status.textContent = text;
  status.className = 'status ' + cls;
}

function show(event) {
  const item = document.createElement('li');
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = `#${event.lastEventId} · ${event.type} · ${new Date().toLocaleTimeString()}`;
  const body = document.createElement('pre');
  body.textContent = event.data;
  item.append(meta, body);
  list.prepend(item);
  while (list.children.length > 200) list.lastChild.remove();
}

const source = new EventSource(feed);
source.onopen = () => setStatus('live', 'live');
source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting',
                                 source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting');
source.onmessage = show;
for (const type of ['news-flash', 'clock', 'score', 'commentary', 'correction', 'retraction', 'resync'])
  source.addEventListener(type, show);

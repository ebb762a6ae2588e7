// The viewer page in a real browser: Debian's Chromium driven by playwright-core, against the
// real livedesk binary on 127.0.0.1. Run by ctest (tst_viewerpage) with LIVEDESK_BINARY set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { App, fetchWithCa, freePort, freshDir, launchBrowser, makeCertificates, rendering,
  PARITY, expectedRendering, publishFixture } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SHOTS = process.env.LIVEDESK_SCREENSHOT_DIR;

let browser;
const apps = [];
const startApp = async (options) => { const app = await App.start(options); apps.push(app); return app; };

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await Promise.all(apps.map((app) => app.stop().catch(() => {})));
});

async function open(app, pathAndQuery = '/', { locale = 'en-US', viewport, ignoreHTTPSErrors = false } = {}) {
  const context = await browser.newContext({
    locale, viewport: viewport ?? { width: 1100, height: 800 }, ignoreHTTPSErrors,
  });
  const page = await context.newPage();
  page.dialogs = [];
  page.on('dialog', (dialog) => { page.dialogs.push(dialog.message()); dialog.dismiss(); });
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  await page.goto(new URL(pathAndQuery, app.url).href);
  await page.waitForSelector('#status[data-state="live"]');
  return page;
}

const texts = (page, selector) => page.locator(selector).allTextContents();

// Waits (polling, no fixed sleep) until the page shows `expected`; fails with the difference.
async function expectRendering(page, expected, timeout = 10000) {
  const until = Date.now() + timeout;
  let shown = await rendering(page);
  while (!isDeepStrictEqual(shown, expected) && Date.now() < until) {
    await page.waitForTimeout(50);
    shown = await rendering(page);
  }
  assert.deepStrictEqual(shown, expected);
}
const itemIds = (page) => page.locator('#timeline .item').evaluateAll((els) => els.map((e) => e.dataset.id));

test('a published item appears, and operator text stays text', async () => {
  const app = await startApp();
  const page = await open(app);
  const xss = '<img src=x onerror=alert(1)>';
  await app.publish('news', 'news-flash', { headline: xss, body: '<b>not bold</b>', urgent: false });
  await page.waitForSelector('#timeline .item');
  assert.deepEqual(await texts(page, '#timeline .headline'), [xss]);
  assert.deepEqual(await texts(page, '#timeline .body'), ['<b>not bold</b>']);
  assert.equal(await page.locator('#timeline img, #timeline b').count(), 0);
  await page.waitForTimeout(300);
  assert.deepEqual(page.dialogs, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a score event updates the scoreboard', async () => {
  const app = await startApp();
  const page = await open(app);
  await app.publish('match-1', 'score', { match: 'match-1', home: 'Riverside', away: 'Harbour City',
    homeScore: 1, awayScore: 0, minute: 23, period: '1st half' });
  const score = page.locator('.board[data-match="match-1"] .score');
  await score.waitFor();
  assert.equal(await score.textContent(), '1 – 0');
  await app.publish('match-1', 'score', { match: 'match-1', home: 'Riverside', away: 'Harbour City',
    homeScore: 2, awayScore: 1, minute: 67, period: '2nd half' });
  await page.waitForFunction(() => document.querySelector('.board[data-match="match-1"] .score').textContent === '2 – 1');
  assert.equal(await page.locator('.board').count(), 1);
  assert.match(await page.locator('.board .teams').textContent(), /Riverside – Harbour City/);
  await page.context().close();
});

test('corrections change an item in place and retractions remove it', async () => {
  const app = await startApp();
  const page = await open(app);
  const first = await app.publish('match-1', 'commentary', { match: 'match-1', minute: 12, kind: 'chance', text: 'Okafr shoots wide.' });
  const second = await app.publish('match-1', 'commentary', { match: 'match-1', minute: 14, kind: 'yellow-card', text: 'Wrong player booked.' });
  const urgent = await app.publish('news', 'news-flash', { headline: 'Match abandoned', urgent: true });
  await page.waitForFunction(() => document.querySelectorAll('#timeline .item').length === 3);
  assert.equal(await page.locator('#banner').isVisible(), true);

  await app.publish('match-1', 'correction', { targetId: first, text: 'Okafor shoots wide.' });
  await page.waitForFunction((id) => document.querySelector(`[data-id="${id}"] .text`).textContent === 'Okafor shoots wide.', first);
  assert.equal(await page.locator(`[data-id="${first}"] .corrected`).count(), 1);
  assert.deepEqual(await itemIds(page), [urgent, second, first]); // same place

  await app.publish('match-1', 'retraction', { targetId: second });
  await app.publish('news', 'retraction', { targetId: urgent });
  await page.waitForFunction(() => document.querySelectorAll('#timeline .item').length === 1);
  assert.deepEqual(await itemIds(page), [first]);
  assert.equal(await page.locator('#banner').isVisible(), false);
  await page.context().close();
});

test('a channel-filtered page uses one connection and ignores other channels', async () => {
  const app = await startApp();
  await app.publish('match-2', 'commentary', { match: 'match-2', minute: 1, kind: 'chance', text: 'other match, before' });
  const page = await open(app, '/?channel=match-1&channel=news');
  await app.publish('match-2', 'commentary', { match: 'match-2', minute: 2, kind: 'chance', text: 'other match' });
  await app.publish('news', 'news-flash', { headline: 'News for everyone' });
  await app.publish('match-1', 'commentary', { match: 'match-1', minute: 3, kind: 'goal', text: 'Our match' });
  await page.waitForFunction(() => document.querySelectorAll('#timeline .item').length === 2);
  await page.waitForTimeout(300);
  const shown = (await texts(page, '#timeline .item')).join(' | ');
  assert.doesNotMatch(shown, /other match/);
  assert.match(shown, /News for everyone/);
  assert.match(shown, /Our match/);
  const state = await app.state();
  assert.equal(state.server.clients, 1, 'two channels, one EventSource');
  // Channels by the names viewers know; a match no score has named yet, by its id.
  assert.deepEqual(await page.locator('#picker a.active').allTextContents(), ['match-1', 'News']);
  assert.deepEqual(await page.locator('#picker a.active').evaluateAll((els) => els.map((a) => a.title)),
    ['match-1', 'news']);
  await page.context().close();
});

test('late joiners see the present, including corrections, and nothing twice', async () => {
  const app = await startApp();
  await app.publish('match-1', 'score', { match: 'match-1', home: 'A', away: 'B', homeScore: 3, awayScore: 0, minute: 80, period: '2nd half' });
  for (let i = 0; i < 60; ++i) // a minute of clock ticks must not push the news out
    await app.publish('match-1', 'clock', { match: 'match-1', home: 'A', away: 'B', minute: 81, second: i, period: '2nd half', running: true });
  const target = await app.publish('news', 'news-flash', { headline: 'Tyop in headline' });
  await app.publish('news', 'correction', { targetId: target, headline: 'Typo fixed' });
  await app.publish('match-1', 'commentary', { match: 'match-1', minute: 81, kind: 'substitution', text: 'Late change.' });
  const page = await open(app);
  assert.equal(await page.locator('.board .score').textContent(), '3 – 0');
  assert.deepEqual(await texts(page, '#timeline .headline'), ['Typo fixed']);
  assert.equal(await page.locator('#timeline .item').count(), 2);
  await app.publish('match-1', 'commentary', { match: 'match-1', minute: 82, kind: 'goal', text: 'And another.' });
  await page.waitForFunction(() => document.querySelectorAll('#timeline .item').length === 3);
  await page.waitForTimeout(300);
  const ids = await itemIds(page);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(ids.length, 3);
  await page.context().close();
});

test('after an app restart the page resumes with no gap and no duplicate', async () => {
  const port = await freePort();
  const dataDir = freshDir();
  let app = await startApp({ port, dataDir });
  const page = await open(app);
  const before = await app.publish('news', 'news-flash', { headline: 'Before the restart' });
  await page.waitForSelector(`[data-id="${before}"]`);

  await app.stop();
  await page.waitForSelector('#status:not([data-state="live"])');
  app = await startApp({ port, dataDir });
  const during = await app.publish('news', 'news-flash', { headline: 'While the page was away' });
  await page.waitForSelector(`[data-id="${during}"]`, { timeout: 15000 });
  await page.waitForSelector('#status[data-state="live"]');
  const after = await app.publish('news', 'news-flash', { headline: 'After it came back' });
  await page.waitForSelector(`[data-id="${after}"]`);
  await page.waitForTimeout(300);
  assert.deepEqual(await itemIds(page), [after, during, before]);
  assert.equal(BigInt(during), BigInt(before) + 1n, 'ids continue across the restart');
  assert.equal(await page.locator('#notice').isVisible(), false);
  await page.context().close();
});

test('a resync re-renders from the snapshot it carries', async () => {
  const port = await freePort();
  const dataDir = freshDir();
  let app = await startApp({ port, dataDir, args: ['--replay', '2'] });
  const page = await open(app);
  const old = await app.publish('news', 'news-flash', { headline: 'Old news' });
  await page.waitForSelector(`[data-id="${old}"]`);
  await app.stop();
  app = await startApp({ port, dataDir, args: ['--replay', '2'] });
  const ids = [];
  for (let i = 1; i <= 5; ++i) ids.push(await app.publish('news', 'news-flash', { headline: `Missed ${i}` }));
  await page.waitForSelector('#notice:not([hidden])', { timeout: 15000 });
  await page.waitForSelector(`[data-id="${ids[4]}"]`);
  // Only what the window still held is shown; the page says it missed the rest.
  assert.deepEqual(await itemIds(page), [ids[4], ids[3]]);
  assert.equal(await page.locator('#status').getAttribute('data-state'), 'live');
  await page.context().close();
});

test('a silent feed turns the indicator to reconnecting, and back to live', async () => {
  const app = await startApp();
  const page = await open(app);
  app.proc.kill('SIGSTOP'); // the server freezes: no heartbeat, no close
  await page.waitForSelector('#status[data-state="reconnecting"]', { timeout: 10000 });
  app.proc.kill('SIGCONT');
  await page.waitForSelector('#status[data-state="live"]', { timeout: 15000 });
  const id = await app.publish('news', 'news-flash', { headline: 'Still here' });
  await page.waitForSelector(`[data-id="${id}"]`);
  await page.context().close();
});

test('a Chinese browser gets the page in Chinese', async () => {
  const app = await startApp();
  const page = await open(app, '/', { locale: 'zh-CN' });
  assert.equal(await page.locator('#status').textContent(), '直播中');
  await app.publish('m', 'commentary', { match: 'm', minute: 5, kind: 'goal', text: '进球了！' });
  await page.waitForSelector('#timeline .item');
  assert.match(await page.locator('#timeline .item .label').textContent(), /进球/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  await page.context().close();
});

test('/embed shows the compact widget for one channel', async () => {
  const app = await startApp();
  const page = await open(app, '/embed?channel=match-1', { viewport: { width: 360, height: 480 } });
  assert.equal(await page.evaluate(() => document.body.dataset.mode), 'embed');
  assert.equal(await page.locator('#picker').count(), 0);
  await app.publish('news', 'news-flash', { headline: 'Not in this widget' });
  await app.publish('match-1', 'commentary', { match: 'match-1', minute: 9, kind: 'chance', text: 'In the widget' });
  await page.waitForSelector('#timeline .item');
  await page.waitForTimeout(200);
  assert.deepEqual(await texts(page, '#timeline .text'), ['In the widget']);
  const csp = (await fetch(`${app.url}embed`)).headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  await page.context().close();
});

// A photo drawn by the browser itself (a pitch under floodlights), stored by POST /api/media.
async function uploadPicture(app) {
  const page = await (await browser.newContext()).newPage();
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 1600; canvas.height = 900;
    const g = canvas.getContext('2d');
    const sky = g.createLinearGradient(0, 0, 0, 900);
    sky.addColorStop(0, '#0b1d3a'); sky.addColorStop(0.45, '#27476e'); sky.addColorStop(0.46, '#2f7d32'); sky.addColorStop(1, '#1b5e20');
    g.fillStyle = sky; g.fillRect(0, 0, 1600, 900);
    g.strokeStyle = 'rgba(255,255,255,0.85)'; g.lineWidth = 6;
    g.strokeRect(160, 470, 1280, 380); g.beginPath(); g.moveTo(800, 470); g.lineTo(800, 850); g.stroke();
    g.beginPath(); g.arc(800, 660, 90, 0, 2 * Math.PI); g.stroke();
    for (const x of [200, 1400]) { g.fillStyle = '#fffbe6'; g.beginPath(); g.arc(x, 120, 40, 0, 2 * Math.PI); g.fill(); }
    return canvas.toDataURL('image/png').split(',')[1];
  });
  await page.context().close();
  const response = await fetch(`${app.url}api/media`, {
    method: 'POST', headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'image/png' },
    body: Buffer.from(base64, 'base64'),
  });
  assert.equal(response.status, 201, await response.clone().text());
  return response.json();
}

test('desktop and phone layouts, with a pinned post, key moments and a photo (screenshots)', async () => {
  const app = await startApp();
  const rhc = 'match-riverside-harbour-city';
  await app.publish(rhc, 'score', { match: rhc, home: 'Riverside', away: 'Harbour City', homeScore: 2, awayScore: 1, minute: 67, period: '2nd half' });
  await app.publish('match-north-south', 'score', { match: 'match-north-south', home: 'North End', away: 'Southbank', homeScore: 0, awayScore: 0, minute: 12, period: '1st half' });
  await app.publish('news', 'news-flash', { headline: 'Team news: Riverside unchanged', body: 'Okafor starts up front.', urgent: false, pinned: true, byline: 'Sam Okafor' });
  await app.publish(rhc, 'commentary', { match: rhc, minute: 23, kind: 'goal', key: true, text: 'GOAL for Riverside! Okafor heads in from the corner.' });
  await app.publish(rhc, 'commentary', { match: rhc, minute: 41, kind: 'yellow-card', text: 'Mensah, late challenge.' });
  const photo = await uploadPicture(app);
  await app.publish('news', 'news-flash', { headline: 'Floodlights on for the second half', photo: { ...photo, alt: 'The pitch under floodlights from the north stand', caption: 'Riverside Park at half-time', credit: 'Li Wei' }, byline: 'Li Wei' });
  await app.publish(rhc, 'commentary', { match: rhc, minute: 58, kind: 'goal', key: true, text: 'GOAL for Harbour City! Diallo from 20 yards.' });
  await app.publish(rhc, 'commentary', { match: rhc, minute: 66, kind: 'goal', key: true, text: 'GOAL for Riverside! Okafor again, a tap-in.' });
  await app.publish('news', 'news-flash', { headline: 'Record crowd of 41,200 at Riverside', urgent: true });
  for (const [name, viewport] of [['desktop', { width: 1280, height: 1000 }], ['phone', { width: 390, height: 844 }]]) {
    const page = await open(app, '/', { viewport });
    await page.waitForFunction(() => document.querySelectorAll('#timeline .item').length === 6
      && document.querySelectorAll('#pins .item').length === 1);
    await page.waitForFunction(() => document.querySelector('figure.photo img')?.complete);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: no horizontal scrolling (${overflow}px)`);
    assert.equal(await page.locator(`.board[data-match="${rhc}"] .keys a`).count(), 3);
    if (SHOTS) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SHOTS, `viewer-${name}.png`) });
    }
    await page.context().close();
  }
});

test('parity: a live page shows the match day as expected.json (and as the console pane)', async () => {
  const app = await startApp();
  const page = await open(app);
  await expectRendering(page, { ...expectedRendering, boards: [], items: [], banner: '',
    empty: 'Nothing yet. New items appear here the moment they are sent.' });
  await publishFixture(app);
  await expectRendering(page, expectedRendering);
  assert.deepEqual(page.errors, []);
  if (SHOTS) { // beside tests/ui/tst_viewerpane's viewer-pane.png, for a human eye
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'viewer-parity.png'), fullPage: true });
  }
  await page.context().close();
});

test('key moments are listed under their scoreboard, oldest first, each a link to its post', async () => {
  const app = await startApp();
  const page = await open(app);
  await publishFixture(app);
  await expectRendering(page, expectedRendering);
  const keys = (match) => page.locator(`.board[data-match="${match}"] .keys a`).evaluateAll((links) =>
    links.map((a) => ({ text: a.textContent, target: document.querySelector(a.getAttribute('href'))?.querySelector('.text')?.textContent })));
  assert.deepEqual(await keys('match-arsenal-chelsea'), [
    { text: "23' GOAL! Saka heads in from the corner.", target: 'GOAL! Saka heads in from the corner.' }]);
  // One marked at send time, one afterwards (a correction with "key": true).
  assert.deepEqual((await keys('match-north-south')).map((k) => k.text),
    ["88' VAR checks a penalty shout.", "90' Full-time: North End 0–1 Southbank."]);
  // Following the link scrolls to the post and highlights it (:target).
  await page.locator('.board[data-match="match-arsenal-chelsea"] .keys a').click();
  assert.equal(await page.evaluate(() => document.querySelector('.item:target .text')?.textContent),
    'GOAL! Saka heads in from the corner.');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('parity: a late joiner, and a page opened after an app restart, show the same', async () => {
  const port = await freePort();
  const dataDir = freshDir();
  let app = await startApp({ port, dataDir });
  await publishFixture(app);
  let page = await open(app);
  await expectRendering(page, expectedRendering, 0);
  // The channel picker names matches by their teams, the news channel in words.
  await page.waitForFunction(() => document.querySelectorAll('#picker a').length === 4);
  const picker = await page.locator('#picker a').evaluateAll((els) => els.map((a) => [a.textContent, a.title]));
  assert.deepEqual(picker.slice(1), [['Arsenal – Chelsea', 'match-arsenal-chelsea'],
    ['North End – Southbank', 'match-north-south'], ['News', 'news']]);
  await page.context().close();

  await app.stop();
  app = await startApp({ port, dataDir });
  page = await open(app);
  await expectRendering(page, expectedRendering, 0);
  await page.context().close();
});

test('a match at full time shows as ended, in both languages; plain commentary has no tag', async () => {
  const app = await startApp();
  const match = 'match-a-b';
  const score = (period, homeScore) => ({ match, home: 'A', away: 'B', homeScore, awayScore: 0, minute: 90, period });
  await app.publish(match, 'clock', { match, home: 'A', away: 'B', minute: 91, second: 5, period: '2nd half', running: true });
  await app.publish(match, 'commentary', { match, minute: 1, kind: 'comment', text: 'Kick-off.' });
  const en = await open(app);
  const zh = await open(app, '/', { locale: 'zh-CN' });
  const board = (page) => rendering(page).then((r) => r.boards[0]);
  assert.deepEqual(await board(en), { teams: 'A – B', score: '0 – 0', clock: '90:05 · 2nd half', state: '', ended: false });
  assert.deepEqual((await rendering(en)).items[0].meta, ["1'", 'A – B']);
  assert.equal(await en.locator('#timeline .item .icon').count(), 0);

  await app.publish(match, 'score', score('full-time', 1));
  await en.waitForSelector('.board.ended');
  assert.deepEqual(await board(en), { teams: 'A – B', score: '1 – 0', clock: 'Full-time', state: 'Ended', ended: true });
  await zh.waitForSelector('.board.ended');
  assert.deepEqual(await board(zh), { teams: 'A – B', score: '1 – 0', clock: '全场结束', state: '已结束', ended: true });

  // Reopened by mistake and put right: the newest word decides.
  await app.publish(match, 'score', score('2nd half', 1));
  await en.waitForSelector('.board:not(.ended)');
  assert.deepEqual(await board(en), { teams: 'A – B', score: '1 – 0', clock: '90:05 · 2nd half', state: '', ended: false });
  await zh.waitForSelector('.board:not(.ended)');
  assert.equal((await board(zh)).clock, '90:05 · 下半场');
  await en.context().close();
  await zh.context().close();
});

test('a correction that makes an urgent flash ordinary takes its banner down', async () => {
  const app = await startApp();
  const page = await open(app);
  const id = await app.publish('news', 'news-flash', { headline: 'Abandoned', urgent: true });
  await page.waitForSelector('#banner:not([hidden])');
  await app.publish('news', 'correction', { targetId: id, urgent: false });
  await page.waitForSelector('#banner[hidden]', { state: 'attached' });
  assert.deepEqual((await rendering(page)).items, [{ type: 'news-flash', meta: ['News', 'corrected'], lines: ['Abandoned'], urgent: false }]);
  await page.context().close();
});

test('over https the page, its stream and its answers are served encrypted', async () => {
  const tls = makeCertificates();
  const app = await startApp({ args: ['--tls-cert', tls.chain, '--tls-key', tls.key], ca: tls.ca });
  assert.match(app.url, /^https:\/\/127\.0\.0\.1:\d+\/$/);
  const health = await fetchWithCa(`${app.url}api/health`, { ca: tls.ca });
  assert.equal(health.status, 200);
  assert.equal(health.headers['strict-transport-security'], 'max-age=31536000');
  // The test CA is trusted by this browser context only.
  const page = await open(app, '/', { ignoreHTTPSErrors: true });
  assert.equal(await page.evaluate(() => location.protocol), 'https:');
  await app.publish('news', 'news-flash', { headline: 'Encrypted all the way' });
  await page.waitForSelector('#timeline .headline');
  assert.deepEqual(await texts(page, '#timeline .headline'), ['Encrypted all the way']);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// Chromium's own WebSocket against /ws: frames, a subscribe mid-stream, and wss over https.
async function webSocketInPage(page, url, steps) {
  return page.evaluate(async ({ url, steps }) => {
    const frames = [];
    const ws = new WebSocket(url);
    const next = (test) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out; got ${JSON.stringify(frames)}`)), 5000);
      const check = () => {
        const hit = frames.find(test);
        if (hit) { clearTimeout(timer); resolve(hit); } else setTimeout(check, 20);
      };
      check();
    });
    ws.onmessage = (e) => frames.push(JSON.parse(e.data));
    await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = () => reject(new Error('no upgrade')); });
    window.__ws = { ws, frames, next };
    if (steps.subscribe) {
      ws.send(JSON.stringify({ subscribe: steps.subscribe }));
      await next((f) => f.channels);
    }
    return 'open';
  }, { url, steps });
}

test('Chromium\'s WebSocket reads /ws, joins a channel mid-stream, and speaks wss over https', async () => {
  for (const secure of [false, true]) {
    const tls = secure ? makeCertificates() : null;
    const app = await startApp(secure ? { args: ['--tls-cert', tls.chain, '--tls-key', tls.key], ca: tls.ca } : {});
    const page = await open(app, '/', { ignoreHTTPSErrors: secure });
    const url = app.url.replace(/^http/, 'ws') + 'ws?channel=news';
    assert.equal(await webSocketInPage(page, url, { subscribe: ['match-1'] }), 'open');
    const id = await app.publish('match-1', 'score', { match: 'match-1', home: 'A', away: 'B', homeScore: 1, awayScore: 0 });
    await app.publish('other', 'news-flash', { headline: 'not for this socket' });
    await app.publish('news', 'news-flash', { headline: 'Over a WebSocket' });
    const got = await page.evaluate(async () => {
      const { frames, next } = window.__ws;
      await next((f) => f.data && f.data.headline === 'Over a WebSocket');
      return frames.filter((f) => f.id);
    });
    assert.deepEqual(got.map((f) => [f.channel, f.type]), [['match-1', 'score'], ['news', 'news-flash']]);
    assert.equal(got[0].id, String(id));
    assert.deepEqual(got[0].data, { match: 'match-1', home: 'A', away: 'B', homeScore: 1, awayScore: 0 });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  }
});

test('a pinned post stays on top until unpinned; the latest pin of a channel wins, for late joiners too', async () => {
  const dataDir = freshDir();
  const port = await freePort();
  let app = await startApp({ port, dataDir });
  const page = await open(app);
  const pinnedIds = () => page.locator('#pins .item').evaluateAll((els) => els.map((e) => e.dataset.id));
  const lineups = await app.publish('news', 'news-flash', { headline: 'Line-ups at 14:00', pinned: true });
  const other = await app.publish('match-1', 'commentary', { text: 'Welcome to the match', pinned: true, match: 'match-1' });
  const later = [];
  for (let i = 1; i <= 3; i += 1) later.push(await app.publish('news', 'news-flash', { headline: `Update ${i}` }));
  await page.waitForSelector(`#timeline [data-id="${later[2]}"]`);
  // Pinned posts sit above the newest, the newest pin first, each marked.
  assert.deepEqual(await pinnedIds(), [other, lineups]);
  assert.deepEqual(await itemIds(page), [...later].reverse());
  assert.equal(await page.locator(`#pins [data-id="${lineups}"] .pin`).textContent(), '📌 Pinned');
  const box = async (selector) => (await page.locator(selector).boundingBox()).y;
  assert.ok(await box(`#pins [data-id="${lineups}"]`) < await box(`#timeline [data-id="${later[2]}"]`));

  // A newer pin on "news" replaces the line-ups, which go back to their place; "match-1" keeps its own.
  await app.publish('news', 'correction', { targetId: later[0], pinned: true });
  await page.waitForFunction((id) => document.querySelector(`#pins [data-id="${id}"]`), later[0]);
  assert.deepEqual(await pinnedIds(), [later[0], other]);
  assert.deepEqual(await itemIds(page), [later[2], later[1], lineups]);
  assert.equal(await page.locator(`#timeline [data-id="${lineups}"] .pin`).count(), 0);

  // A late joiner after many more events, and after a restart, sees the same pins.
  for (let i = 0; i < 60; i += 1) await app.publish('match-1', 'clock', { minute: 1 + (i % 90), second: 0, running: true, match: 'match-1' });
  const late = await open(app);
  assert.deepEqual(await late.locator('#pins .item').evaluateAll((els) => els.map((e) => e.dataset.id)), [later[0], other]);
  await late.context().close();
  await app.stop();
  app = await startApp({ port, dataDir });
  const restarted = await open(app);
  assert.deepEqual(await restarted.locator('#pins .item').evaluateAll((els) => els.map((e) => e.dataset.id)), [later[0], other]);
  assert.equal(await restarted.locator(`#pins [data-id="${other}"] .text`).textContent(), 'Welcome to the match');

  // Unpinned: back in the timeline, in id order, and the pins area is gone.
  await app.publish('match-1', 'correction', { targetId: other, pinned: false });
  await app.publish('news', 'correction', { targetId: later[0], pinned: false });
  await restarted.waitForSelector('#pins', { state: 'hidden' });
  assert.equal(await restarted.locator(`#timeline [data-id="${other}"]`).count(), 1);
  assert.equal(await restarted.locator(`#timeline [data-id="${later[0]}"] .corrected`).count(), 0, 'a pin is not a correction');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(restarted.errors, []);
  await page.context().close();
  await restarted.context().close();
});

test('a photo shows lazy-loaded, with its alt text and its size set before it loads', async () => {
  const app = await startApp();
  const page = await open(app);
  // A real PNG, drawn by the browser itself.
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 2400; canvas.height = 1200;
    const g = canvas.getContext('2d');
    g.fillStyle = '#c8102e'; g.fillRect(0, 0, 2400, 1200);
    g.fillStyle = '#ffffff'; g.fillRect(200, 200, 800, 400);
    return canvas.toDataURL('image/png').split(',')[1];
  });
  const upload = await fetch(`${app.url}api/media`, {
    method: 'POST', headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'image/png' },
    body: Buffer.from(base64, 'base64'),
  });
  assert.equal(upload.status, 201, await upload.clone().text());
  const stored = await upload.json();
  assert.deepEqual([stored.width, stored.height], [1600, 800], 'scaled to 1600 wide');
  const photo = { ...stored, alt: 'The north stand full of fans in red', caption: 'Before kick-off', credit: 'Li Wei' };
  const id = await app.publish('news', 'news-flash', { headline: 'A full house', photo });
  const img = page.locator(`[data-id="${id}"] figure.photo img`);
  await img.waitFor();
  assert.deepEqual(await img.evaluate((el) => ({
    alt: el.alt, width: el.getAttribute('width'), height: el.getAttribute('height'), loading: el.loading, src: new URL(el.src).pathname,
  })), { alt: photo.alt, width: '1600', height: '800', loading: 'lazy', src: stored.url });
  await page.waitForFunction((sel) => document.querySelector(sel)?.naturalWidth === 1600, `[data-id="${id}"] figure.photo img`);
  assert.equal(await page.locator(`[data-id="${id}"] figcaption`).textContent(), 'Before kick-off · © Li Wei');
  // Shown within the column, at its own aspect ratio.
  const box = await img.boundingBox();
  assert.ok(Math.abs(box.width / box.height - 2) < 0.02, `aspect ${box.width}x${box.height}`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// docs/api.md is what scripts follow: every publish body it shows goes out as written, and the
// page shows it as the documented schema says (a correction or retraction amends the flash
// the docs mean, whatever id it got here).
test('every publish example in docs/api.md shows on the page as documented', async () => {
  const docs = readFileSync(path.resolve(here, '../../docs/api.md'), 'utf8');
  const examples = docs.split('\n').map((line) => line.trim()).filter((line) => line.startsWith('{ "channel":'))
    .map((line) => { try { return JSON.parse(line); } catch { return null; } })
    .filter((e) => e && e.type && e.data);
  assert.ok(examples.length >= 8, `only ${examples.length} examples found`);
  const app = await startApp();
  const page = await open(app);
  let flash = null; // the flash an amendment example means
  let retracted = null;
  for (const { channel, type, data } of examples) {
    const body = data.targetId ? { ...data, targetId: flash } : data;
    const id = await app.publish(channel, type, body);
    const item = `#timeline [data-id="${id}"], #pins [data-id="${id}"]`;
    if (type === 'news-flash') {
      if (!data.photo) flash = id;
      await page.waitForSelector(item);
      assert.equal(await page.locator(`[data-id="${id}"] .headline`).textContent(), data.headline);
      if (data.body) assert.equal(await page.locator(`[data-id="${id}"] .body`).textContent(), data.body);
      if (data.byline) assert.ok((await page.locator(`[data-id="${id}"] .byline`).textContent()).includes(data.byline));
      if (data.photo) assert.equal(await page.locator(`[data-id="${id}"] img`).getAttribute('alt'), data.photo.alt);
    } else if (type === 'commentary') {
      await page.waitForSelector(item);
      assert.equal(await page.locator(`[data-id="${id}"] .text`).textContent(), data.text);
      assert.equal(await page.locator(`[data-id="${id}"] .minute`).textContent(), `${data.minute}'`);
    } else if (type === 'score') {
      const score = page.locator(`.board[data-match="${data.match}"] .score`);
      await page.waitForFunction(([m, s]) => document.querySelector(`.board[data-match="${m}"] .score`)?.textContent === s,
        [data.match, `${data.homeScore} – ${data.awayScore}`]);
      assert.equal(await score.textContent(), `${data.homeScore} – ${data.awayScore}`);
      assert.equal(await page.locator(`.board[data-match="${data.match}"] .teams`).textContent(), `${data.home} – ${data.away}`);
    } else if (type === 'clock') {
      await page.waitForFunction((m) => /22:0[5-9]/.test(document.querySelector(`.board[data-match="${m}"] .clock`)?.textContent ?? ''), data.match);
    } else if (type === 'correction') {
      await page.waitForFunction(([f, h]) => document.querySelector(`[data-id="${f}"] .headline`)?.textContent === h, [flash, data.headline]);
    } else if (type === 'retraction') {
      retracted = flash;
      await page.waitForSelector(`[data-id="${flash}"]`, { state: 'detached' });
    }
  }
  assert.ok(retracted, 'the docs show a retraction');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// The video overlay (/overlay) in Debian's Chromium against the real binary: the scorebug
// live, the lower third in turn, the URL's parameters, and a transparent picture everywhere
// but the graphics (the screenshot's PNG decoded here, with node's zlib). Run by ctest
// (tst_overlaypage) with LIVEDESK_BINARY set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { browserSuite, freePort, freshDir } from './harness.mjs';

const SHOTS = process.env.LIVEDESK_SCREENSHOT_DIR;
const VIEWPORT = { width: 1280, height: 720 };
const MATCH = { match: 'match-1', home: 'Riverside', away: 'Harbour City' };

const suite = browserSuite();
const { startApp } = suite;

async function open(app, pathAndQuery, { locale = 'en-US', viewport = VIEWPORT, reducedMotion = 'no-preference' } = {}) {
  const context = await suite.browser.newContext({ locale, viewport, reducedMotion });
  const page = await context.newPage();
  page.errors = []; // script errors and console errors (a CSP refusal is one)
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') page.errors.push(message.text()); });
  await page.goto(new URL(pathAndQuery, app.url).href);
  await page.waitForSelector('body[data-state="live"]');
  return page;
}

const bug = (page) => page.evaluate(() => {
  const b = document.getElementById('bug');
  const t = (s) => b.querySelector(s).textContent;
  return { hidden: b.hidden, home: t('.home'), away: t('.away'), score: `${t('.home-score')}–${t('.away-score')}`,
    clock: t('.clock'), period: t('.period'), state: b.dataset.state };
});
const seconds = (clock) => { const [m, s] = clock.split(':').map(Number); return m * 60 + s; };
// Until the page has taken in event `id` (for the checks that something did NOT appear).
const received = (page, id) => page.waitForFunction((i) => BigInt(document.body.dataset.lastId || 0) >= BigInt(i), id);
const cards = (page) => page.locator('#lower .card').count();
// Until no animation runs (a lower third fully in, a score's flash over): a still picture.
const settled = (page) => page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));

// --- PNG: just what Chromium writes (8-bit RGBA or RGB, not interlaced) ---------------------
// A PNG row filter's prediction of a byte from its left (a), upper (b) and upper-left (c)
// neighbours: none, Sub, Up, Average, Paeth.
function predict(filter, a, b, c) {
  if (filter === 1) return a;
  if (filter === 2) return b;
  if (filter === 3) return (a + b) >> 1;
  if (filter !== 4) return 0;
  const p = a + b - c;
  const pa = Math.abs(p - a); const pb = Math.abs(p - b); const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function decodePng(png) {
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'a PNG signature');
  let width; let height; let channels;
  const idat = [];
  for (let pos = 8; pos < png.length;) {
    const length = png.readUInt32BE(pos);
    const type = png.toString('latin1', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.equal(data[8], 8, 'bit depth 8');
      assert.ok(data[9] === 6 || data[9] === 2, `colour type ${data[9]}`);
      assert.equal(data[12], 0, 'not interlaced');
      channels = data[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rgba = Buffer.alloc(width * height * 4);
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; ++y) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = Buffer.alloc(stride);
    for (let i = 0; i < stride; ++i) {
      const a = i >= channels ? row[i - channels] : 0;
      const b = previous[i];
      const c = i >= channels ? previous[i - channels] : 0;
      row[i] = (line[i] + predict(filter, a, b, c)) & 0xff;
    }
    for (let x = 0; x < width; ++x) {
      row.copy(rgba, (y * width + x) * 4, x * channels, x * channels + channels);
      if (channels === 3) rgba[(y * width + x) * 4 + 3] = 255;
    }
    previous = row;
  }
  return { width, height, rgba, alpha: (x, y) => rgba[(Math.floor(y) * width + Math.floor(x)) * 4 + 3] };
}

// An opaque picture as a small PNG: RGB, each row's filter the one that leaves the smallest
// sum (as libpng picks), deflated at level 9. Chromium's canvas writes fast, not small.
function encodePng({ width, height, rgba }) {
  const stride = width * 3;
  const rows = [];
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; ++y) {
    const row = Buffer.alloc(stride);
    for (let x = 0; x < width; ++x) rgba.copy(row, x * 3, (y * width + x) * 4, (y * width + x) * 4 + 3);
    let best; let bestSum = Infinity;
    for (let filter = 0; filter < 5; ++filter) {
      const out = Buffer.alloc(stride + 1);
      out[0] = filter;
      let sum = 0;
      for (let i = 0; i < stride; ++i) {
        const a = i >= 3 ? row[i - 3] : 0; const b = previous[i]; const c = i >= 3 ? previous[i - 3] : 0;
        out[i + 1] = (row[i] - predict(filter, a, b, c)) & 0xff;
        sum += out[i + 1] < 128 ? out[i + 1] : 256 - out[i + 1];
      }
      if (sum < bestSum) { best = out; bestSum = sum; }
    }
    rows.push(best);
    previous = row;
  }
  const chunk = (type, data) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, not interlaced
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9, memLevel: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// Every pixel more than `margin` px outside all the boxes (their shadows fit in it) is fully
// transparent; every pixel more than `inset` px inside one (clear of its rounded corners) is opaque.
async function expectTransparentBut(page, selectors, { margin = 24, inset = 6 } = {}) {
  const boxes = [];
  for (const selector of selectors) {
    const b = await page.locator(selector).boundingBox();
    assert.ok(b && b.width > 0 && b.height > 0, `${selector} is on screen`);
    boxes.push(b);
  }
  const png = decodePng(await page.screenshot({ omitBackground: true }));
  assert.deepEqual([png.width, png.height], [VIEWPORT.width, VIEWPORT.height]);
  const near = (x, y, b, d) => x >= b.x - d && x < b.x + b.width + d && y >= b.y - d && y < b.y + b.height + d;
  let clear = 0;
  for (let y = 0; y < png.height; ++y) {
    for (let x = 0; x < png.width; ++x) {
      if (boxes.some((b) => near(x, y, b, margin))) continue;
      assert.equal(png.alpha(x, y), 0, `pixel ${x},${y} is transparent`);
      ++clear;
    }
  }
  assert.ok(clear > png.width * png.height * 0.5, `most of the picture is clear (${clear} pixels)`);
  for (const b of boxes) {
    let opaque = 0;
    for (let y = b.y + inset; y < b.y + b.height - inset; y += 2) {
      for (let x = b.x + inset; x < b.x + b.width - inset; x += 2) {
        assert.equal(png.alpha(x, y), 255, `pixel ${Math.floor(x)},${Math.floor(y)} inside the graphic is opaque`);
        ++opaque;
      }
    }
    assert.ok(opaque > 50, 'the graphic has an inside');
  }
  return boxes;
}

async function matchUnderway(app, { homeScore = 1, awayScore = 0 } = {}) {
  await app.publish('match-1', 'score', { ...MATCH, homeScore, awayScore, minute: 23, period: '1st half' });
  await app.publish('match-1', 'clock', { ...MATCH, minute: 23, second: 5, running: true, period: '1st half' });
}

test('the scorebug: teams, score and a running clock from the snapshot, then live; full time ends it', async () => {
  const app = await startApp();
  await matchUnderway(app);
  const page = await open(app, '/overlay?channel=match-1');
  const first = await bug(page);
  assert.deepEqual({ ...first, clock: undefined },
    { hidden: false, home: 'Riverside', away: 'Harbour City', score: '1–0', clock: undefined, period: '1st half', state: 'running' });
  assert.match(first.clock, /^22:0\d$/);
  // It runs on by itself between clock events.
  await page.waitForFunction((c) => document.querySelector('#bug .clock').textContent !== c, first.clock, { timeout: 3000 });
  assert.ok(seconds((await bug(page)).clock) > seconds(first.clock));

  await app.publish('match-1', 'score', { ...MATCH, homeScore: 2, awayScore: 0, minute: 24, period: '1st half' });
  await page.waitForFunction(() => document.querySelector('#bug .home-score').textContent === '2');
  assert.equal((await bug(page)).score, '2–0');
  assert.equal(await page.locator('#bug .score.changed').count(), 1, 'a new score is marked');

  await app.publish('match-1', 'clock', { ...MATCH, minute: 30, second: 0, running: false, period: '1st half' });
  await page.waitForFunction(() => document.querySelector('#bug').dataset.state === 'stopped');
  assert.equal((await bug(page)).clock, '29:00');
  await page.waitForTimeout(1300);
  assert.equal((await bug(page)).clock, '29:00', 'a stopped clock stays');

  await app.publish('match-1', 'clock', { ...MATCH, minute: 46, second: 0, running: true, period: '2nd half' });
  await page.waitForFunction(() => document.querySelector('#bug .period').textContent === '2nd half');
  await app.publish('match-1', 'score', { ...MATCH, homeScore: 2, awayScore: 1, period: 'full-time' });
  await page.waitForFunction(() => document.querySelector('#bug').dataset.state === 'ended');
  assert.deepEqual(await bug(page), { hidden: false, home: 'Riverside', away: 'Harbour City', score: '2–1',
    clock: '', period: 'Full-time', state: 'ended' });
  await page.waitForTimeout(600);
  assert.equal((await bug(page)).clock, '', 'full time stops the clock for good');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('lower third: an urgent flash, then a goal queued behind it, 8 s each; transparent around the graphics', async () => {
  const app = await startApp();
  await matchUnderway(app);
  const page = await open(app, '/overlay?channel=match-1,news');
  assert.equal(await page.locator('#lower').getAttribute('aria-live'), 'polite');
  await expectTransparentBut(page, ['#bug']);

  // Neither plain news nor plain commentary makes a lower third.
  await app.publish('news', 'news-flash', { headline: 'Team news at 14:00' });
  const plain = await app.publish('match-1', 'commentary', { ...MATCH, minute: 23, text: 'A quiet spell.' });
  await received(page, plain);
  assert.equal(await cards(page), 0);

  const headline = '<b>Kick-off</b> of the late game delayed';
  await app.publish('news', 'news-flash', { headline, body: 'Heavy rain at <i>Northgate</i>.', urgent: true });
  await page.waitForSelector('#lower .card[data-kind="urgent"]');
  const urgentAt = Date.now();
  const goal = await app.publish('match-1', 'commentary', { ...MATCH, kind: 'goal', key: true, minute: 24, text: 'GOAL! Okafor heads in.' });
  const card = page.locator('#lower .card');
  assert.equal(await card.locator('.label').textContent(), 'Urgent');
  assert.equal(await card.locator('.headline').textContent(), headline, 'operator text stays text');
  assert.equal(await card.locator('.detail').textContent(), 'Heavy rain at <i>Northgate</i>.');
  assert.equal(await page.locator('#lower b, #lower i').count(), 0);
  await received(page, goal);
  await settled(page);
  assert.equal(await cards(page), 1, 'the goal waits its turn');
  await expectTransparentBut(page, ['#bug', '#lower .card']);

  await page.waitForSelector('#lower .card[data-kind="urgent"]', { state: 'detached', timeout: 12000 });
  const urgentFor = Date.now() - urgentAt;
  assert.ok(urgentFor > 7500 && urgentFor < 10000, `the flash showed for ${urgentFor} ms`);
  await page.waitForSelector('#lower .card[data-kind="goal"]');
  const goalAt = Date.now();
  assert.equal(await card.locator('.label').textContent(), 'Goal');
  assert.equal(await card.locator('.headline').textContent(), 'GOAL! Okafor heads in.');
  assert.equal(await card.locator('.detail').textContent(), "24' · Riverside – Harbour City");
  await page.waitForSelector('#lower .card', { state: 'detached', timeout: 12000 });
  const goalFor = Date.now() - goalAt;
  assert.ok(goalFor > 7500 && goalFor < 10000, `the goal showed for ${goalFor} ms`);
  await expectTransparentBut(page, ['#bug']);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('lowerthird=0 shows none; a red card and a key moment earn one; a retraction or correction takes it down', async () => {
  const app = await startApp();
  await matchUnderway(app);
  const without = await open(app, '/overlay?channel=match-1&channel=news&lowerthird=0');
  const page = await open(app, '/overlay?channel=match-1&channel=news&duration=20', { reducedMotion: 'reduce' });

  const flash = await app.publish('news', 'news-flash', { headline: 'Floodlight failure', urgent: true });
  await page.waitForSelector(`#lower .card[data-id="${flash}"]`);
  // Without motion it only fades.
  assert.equal(await page.locator('#lower .card').evaluate((el) => getComputedStyle(el).animationName), 'card-fade-in');
  await received(without, flash);
  assert.equal(await without.locator('#lower, .card').count(), 0, 'lowerthird=0: no lower third at all');
  assert.equal(await without.locator('#bug').isVisible(), true);

  await app.publish('match-1', 'commentary', { ...MATCH, kind: 'red-card', minute: 31, text: 'Red card for Mensah.' });
  const key = await app.publish('match-1', 'commentary', { ...MATCH, minute: 33, key: true, text: 'Penalty saved!' });
  await app.publish('news', 'retraction', { targetId: flash });
  await page.waitForSelector('#lower .card[data-kind="red-card"]', { timeout: 3000 });
  assert.equal(await page.locator('#lower .card .label').textContent(), 'Red card');
  // A correction that says it was no key moment after all takes the waiting one out of the queue.
  await app.publish('match-1', 'correction', { targetId: key, key: false });
  const urgent2 = await app.publish('news', 'news-flash', { headline: 'Second flash', urgent: true });
  await received(page, urgent2);
  const redCard = await page.locator('#lower .card').getAttribute('data-id');
  await app.publish('match-1', 'retraction', { targetId: redCard });
  await page.waitForSelector(`#lower .card[data-id="${urgent2}"]`, { timeout: 3000 });
  assert.equal(await cards(page), 1);
  // A key moment of a plain kind is labelled as one.
  await app.publish('news', 'correction', { targetId: urgent2, headline: 'Second flash, corrected' });
  await page.waitForFunction(() => document.querySelector('#lower .card .headline')?.textContent === 'Second flash, corrected');
  const moment = await app.publish('match-1', 'commentary', { ...MATCH, minute: 35, key: true, text: 'Off the post!' });
  await app.publish('news', 'correction', { targetId: urgent2, urgent: false });
  await page.waitForSelector(`#lower .card[data-id="${moment}"]`, { timeout: 3000 });
  assert.equal(await page.locator('#lower .card .label').textContent(), 'Key moment');
  assert.deepEqual([...page.errors, ...without.errors], []);
  await page.context().close();
  await without.context().close();
});

test('position and scale move and size the scorebug; invalid values fall back to the defaults', async () => {
  const app = await startApp();
  await matchUnderway(app);
  const boxOf = async (query) => {
    const page = await open(app, `/overlay?channel=match-1${query}`);
    await page.waitForSelector('#bug:not([hidden])');
    const b = await page.locator('#bug').boundingBox();
    assert.deepEqual(page.errors, []);
    await page.context().close();
    return b;
  };
  const { width: W, height: H } = VIEWPORT;
  const mx = W * 0.04; const my = H * 0.05;
  const close = (a, b, what, tolerance = 2) => assert.ok(Math.abs(a - b) <= tolerance, `${what}: ${a} vs ${b}`);
  const base = await boxOf('');
  close(base.x, mx, 'top-left: left');
  close(base.y, my, 'top-left: top');
  assert.ok(base.width > 200 && base.height > 20, JSON.stringify(base));

  const tr = await boxOf('&position=top-right');
  close(tr.x + tr.width, W - mx, 'top-right: right');
  close(tr.y, my, 'top-right: top');
  const bl = await boxOf('&position=bottom-left');
  close(bl.x, mx, 'bottom-left: left');
  close(bl.y + bl.height, H - my, 'bottom-left: bottom');
  const br = await boxOf('&position=bottom-right&scale=2');
  close(br.x + br.width, W - mx, 'bottom-right: right');
  close(br.y + br.height, H - my, 'bottom-right: bottom');
  close(br.height, 2 * base.height, 'scale=2: height', 2);
  close(br.width, 2 * base.width, 'scale=2: width', base.width * 0.1);
  const half = await boxOf('&scale=0.5');
  close(half.height, base.height / 2, 'scale=0.5: height', 1.5);
  close(half.width, base.width / 2, 'scale=0.5: width', base.width * 0.06);
  for (const query of ['&scale=abc', '&scale=10', '&scale=0', '&scale=', '&scale=1e400', '&position=middle',
    '&position=TOP-RIGHT&scale=-1', '&position=&scale=2x', '&duration=soon&lowerthird=maybe']) {
    const b = await boxOf(query);
    assert.deepEqual(b, base, `${query} falls back to top-left at scale 1`);
  }

  // With the bug at the bottom the lower third stands above it, not over it.
  const page = await open(app, '/overlay?channel=match-1,news&position=bottom-left');
  await app.publish('news', 'news-flash', { headline: 'Urgent', urgent: true });
  await page.waitForSelector('#lower .card');
  await settled(page);
  const [bugBox, cardBox] = await expectTransparentBut(page, ['#bug', '#lower .card']);
  assert.ok(cardBox.y + cardBox.height <= bugBox.y, `the card (${JSON.stringify(cardBox)}) is above the bug (${JSON.stringify(bugBox)})`);
  await page.context().close();
});

test('Simplified Chinese labels by the browser language', async () => {
  const app = await startApp();
  await matchUnderway(app);
  const page = await open(app, '/overlay?channel=match-1&channel=news', { locale: 'zh-CN' });
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.title(), 'LiveDesk 直播叠加');
  assert.equal((await bug(page)).period, '上半场');
  await app.publish('match-1', 'commentary', { ...MATCH, kind: 'goal', minute: 25, text: '进球！' });
  await page.waitForSelector('#lower .card');
  assert.equal(await page.locator('#lower .card .label').textContent(), '进球');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('without a channel the newest match; it resumes after a restart of the app, with no gap', async () => {
  const port = await freePort();
  const dataDir = freshDir();
  let app = await startApp({ port, dataDir });
  const score = (match, home, away, homeScore = 0) =>
    app.publish(match, 'score', { match, home, away, homeScore, awayScore: 0, minute: 10, period: '1st half' });
  await score('match-a', 'Alpha', 'Bravo');
  await score('match-b', 'Charlie', 'Delta');
  const page = await open(app, '/overlay');
  assert.equal((await bug(page)).home, 'Charlie', 'the match updated last');
  await score('match-c', 'Echo', 'Foxtrot');
  await page.waitForFunction(() => document.querySelector('#bug .home').textContent === 'Echo');
  const quiet = await score('match-a', 'Alpha', 'Bravo', 1);
  await received(page, quiet);
  assert.equal((await bug(page)).home, 'Echo', 'an update of an older match does not take the bug');

  await app.stop();
  await page.waitForSelector('body:not([data-state="live"])');
  app = await startApp({ port, dataDir });
  // Published before the page is back: it arrives in the replay after the last id it had.
  await score('match-c', 'Echo', 'Foxtrot', 3);
  await page.waitForFunction(() => document.querySelector('#bug .home-score').textContent === '3', null, { timeout: 15000 });
  await page.waitForSelector('body[data-state="live"]');
  const goal = await app.publish('match-c', 'commentary', { match: 'match-c', kind: 'goal', minute: 12, text: 'Echo again!' });
  await page.waitForSelector(`#lower .card[data-id="${goal}"]`);
  assert.equal(await page.locator('#lower .card .detail').textContent(), "12' · Echo – Foxtrot");
  assert.deepEqual(page.errors.filter((e) => !/ERR_CONNECTION_REFUSED|net::/.test(e)), []);
  await page.context().close();
});

// docs/screenshots/overlay-obs.png: the overlay's transparent picture laid over a frame drawn
// here (a main-camera view of a pitch, no photo), as OBS composites a browser source over the
// camera: LIVEDESK_SCREENSHOT_DIR=docs/screenshots node --test --test-name-pattern=screenshots overlay.test.mjs
test('the overlay over a video frame (screenshots)', { skip: !SHOTS && 'LIVEDESK_SCREENSHOT_DIR is not set' }, async () => {
  const app = await startApp();
  await app.publish('match-1', 'score', { ...MATCH, homeScore: 2, awayScore: 1, minute: 66, period: '2nd half' });
  await app.publish('match-1', 'clock', { ...MATCH, minute: 67, second: 12, running: false, period: '2nd half' });
  const viewport = { width: 1280, height: 720 }; // OBS's other usual size; 1920x1080 looks the same
  mkdirSync(SHOTS, { recursive: true });
  const page = await open(app, '/overlay?channel=match-1', { viewport });
  const id = await app.publish('match-1', 'commentary',
    { ...MATCH, kind: 'goal', key: true, minute: 66, text: 'GOAL! Okafor again, a tap-in at the far post.' });
  await page.waitForSelector(`#lower .card[data-id="${id}"]`);
  await settled(page);
  const overlay = await page.screenshot({ omitBackground: true });
  await page.context().close();

  const frame = await (await suite.browser.newContext({ viewport })).newPage();
  await frame.setContent('<canvas width="1280" height="720"></canvas><style>body{margin:0}</style>');
  const picture = await frame.evaluate(async (png) => {
    // The scene in 1920x1080 units on a canvas of its own, then onto the frame at 1280x720.
    const scene = document.createElement('canvas');
    scene.width = 1920; scene.height = 1080;
    const g = scene.getContext('2d');
    let seed = 7;
    const random = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };

    // The stand opposite: roof, then rows of spectators, nearer rows bigger.
    const stand = g.createLinearGradient(0, 0, 0, 330);
    stand.addColorStop(0, '#0c1118'); stand.addColorStop(0.2, '#1d2633'); stand.addColorStop(1, '#2b3442');
    g.fillStyle = stand; g.fillRect(0, 0, 1920, 340);
    g.fillStyle = '#07090d'; g.fillRect(0, 0, 1920, 46);
    for (let x = 120; x < 1920; x += 360) { // floodlight glow under the roof
      const glow = g.createRadialGradient(x, 40, 0, x, 40, 160);
      glow.addColorStop(0, 'rgba(255,248,220,.35)'); glow.addColorStop(1, 'rgba(255,248,220,0)');
      g.fillStyle = glow; g.fillRect(x - 160, 0, 320, 200);
    }
    const shirts = ['#c8102e', '#c8102e', '#e9e9e9', '#1c4fa0', '#2a2a2a', '#7a1020', '#d8d8d8', '#3b3b45'];
    for (let y = 64, size = 5; y < 325; y += size * 2.1, size *= 1.055) {
      for (let x = -random() * 10; x < 1930; x += size * (1.7 + random() * 0.7)) {
        g.fillStyle = shirts[Math.floor(random() * shirts.length)];
        g.fillRect(x - size * 0.6, y, size * 1.2, size * 1.4);
        g.fillStyle = ['#e0b899', '#c68e6a', '#8d5a3b', '#f1cfb4'][Math.floor(random() * 4)];
        g.beginPath(); g.arc(x, y - size * 0.3, size * 0.45, 0, 2 * Math.PI); g.fill();
      }
    }
    g.fillStyle = 'rgba(6,10,18,.4)'; g.fillRect(0, 46, 1920, 290); // stands in the shade
    // Advertising boards along the far touchline.
    g.fillStyle = '#0d1b2e'; g.fillRect(0, 330, 1920, 44);
    const ads = [['LIVEDESK', '#1456d8'], ['RIVERSIDE FC', '#b0102a'], ['HARBOUR CITY', '#10233f'], ['LIVE SCORES', '#0a7c4a']];
    g.font = '800 26px "DejaVu Sans", sans-serif'; g.textAlign = 'center'; g.textBaseline = 'middle';
    for (let i = 0, x = -80; x < 1920; ++i, x += 420) {
      const [word, colour] = ads[i % ads.length];
      g.fillStyle = colour; g.fillRect(x + 4, 333, 412, 38);
      g.fillStyle = '#ffffff'; g.fillText(word, x + 210, 353);
    }

    // The pitch from the main camera: ground point (X along the touchline, Z away from the
    // camera, metres) to the screen; the camera looks a little right of the halfway line.
    const sx = (X, Z) => 960 + 1400 * (X - 8) / Z;
    const sy = (Z) => 150 + 17150 / Z;
    const near = 14; const far = 70;
    g.fillStyle = '#2e7d32'; g.fillRect(0, 374, 1920, 706);
    for (let X = -60.5, i = 0; X < 70; X += 5.5, ++i) { // mown stripes, across the pitch
      g.fillStyle = i % 2 ? '#2f8f3a' : '#38a045';
      g.beginPath();
      g.moveTo(sx(X, far + 3), sy(far + 3)); g.lineTo(sx(X + 5.5, far + 3), sy(far + 3));
      g.lineTo(sx(X + 5.5, near), sy(near)); g.lineTo(sx(X, near), sy(near));
      g.fill();
    }
    g.strokeStyle = 'rgba(255,255,255,.9)'; g.lineCap = 'round';
    const line = (points) => {
      g.lineWidth = 3.5;
      g.beginPath();
      points.forEach(([X, Z], i) => (i ? g.lineTo(sx(X, Z), sy(Z)) : g.moveTo(sx(X, Z), sy(Z))));
      g.stroke();
    };
    line([[-52.5, far], [52.5, far], [52.5, near]]);         // far touchline, goal line
    line([[0, far], [0, near]]);                              // halfway line
    line([[36, 56.16], [52.5, 56.16]]);                       // penalty area
    line([[36, 56.16], [36, near]]);
    const circle = [];
    for (let a = 0; a <= 64; ++a) circle.push([9.15 * Math.cos(a * Math.PI / 32), 36 + 9.15 * Math.sin(a * Math.PI / 32)]);
    line(circle);
    g.fillStyle = '#ffffff'; g.beginPath(); g.ellipse(sx(0, 36), sy(36), 5, 2.5, 0, 0, 2 * Math.PI); g.fill();

    // Players: a shadow, legs, a shirt, a head; red Riverside, blue Harbour City.
    const player = (X, Z, shirt, shorts) => {
      const x = sx(X, Z); const y = sy(Z); const m = 1400 / Z; // pixels per metre there
      g.fillStyle = 'rgba(0,0,0,.28)'; g.beginPath(); g.ellipse(x + 0.25 * m, y, 0.5 * m, 0.12 * m, 0, 0, 2 * Math.PI); g.fill();
      g.fillStyle = '#1a1a1a'; g.fillRect(x - 0.2 * m, y - 0.85 * m, 0.13 * m, 0.85 * m); g.fillRect(x + 0.07 * m, y - 0.85 * m, 0.13 * m, 0.85 * m);
      g.fillStyle = shorts; g.fillRect(x - 0.24 * m, y - 1.05 * m, 0.48 * m, 0.3 * m);
      g.fillStyle = shirt; g.beginPath(); g.roundRect(x - 0.27 * m, y - 1.6 * m, 0.54 * m, 0.6 * m, 0.1 * m); g.fill();
      g.fillStyle = '#c68e6a'; g.beginPath(); g.arc(x, y - 1.75 * m, 0.14 * m, 0, 2 * Math.PI); g.fill();
    };
    const players = [[18, 30, '#c8102e', '#ffffff'], [24, 38, '#1c4fa0', '#10233f'], [29, 33, '#c8102e', '#ffffff'],
      [33, 44, '#1c4fa0', '#10233f'], [12, 48, '#1c4fa0', '#10233f'], [40, 40, '#1c4fa0', '#10233f'],
      [4, 27, '#c8102e', '#ffffff'], [44, 52, '#e8c22a', '#1a1a1a'], [-6, 41, '#c8102e', '#ffffff'], [27, 24, '#1c4fa0', '#10233f']];
    for (const p of players.sort((a, b) => b[1] - a[1])) player(...p);
    g.fillStyle = '#ffffff'; g.beginPath(); g.arc(sx(31, 31.5), sy(31.5) - 3, 5, 0, 2 * Math.PI); g.fill();

    // A camera's picture: softer than the graphics over it, darker in the corners.
    const canvas = document.querySelector('canvas');
    const f = canvas.getContext('2d');
    f.filter = 'blur(0.7px)';
    f.drawImage(scene, 0, 0, 1280, 720);
    f.filter = 'none';
    const vignette = f.createRadialGradient(640, 360, 330, 640, 360, 800);
    vignette.addColorStop(0, 'rgba(0,0,0,0)'); vignette.addColorStop(1, 'rgba(0,0,0,.35)');
    f.fillStyle = vignette; f.fillRect(0, 0, 1280, 720);
    // The overlay, composited over the frame by its own alpha, as OBS does.
    const img = new Image();
    img.src = `data:image/png;base64,${png}`;
    await img.decode();
    f.drawImage(img, 0, 0);
    return canvas.toDataURL('image/png').split(',')[1];
  }, overlay.toString('base64'));
  writeFileSync(path.join(SHOTS, 'overlay-obs.png'), encodePng(decodePng(Buffer.from(picture, 'base64'))));
  await frame.context().close();
});

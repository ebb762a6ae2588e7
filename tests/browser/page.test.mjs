// The page readers share (issue 19): the server's HTML without JavaScript, its JSON-LD and
// meta tags, the script taking over with nothing moved, permalinks and older posts, Pause,
// one stream for eight tabs, compression and size, and axe-core's accessibility rules, in
// Debian's Chromium against the real binary. Run by ctest as tst_viewerpage_share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { browserSuite, eventually, expectedRendering, publishFixture, rendering } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const suite = browserSuite();
const { startApp } = suite;

async function open(app, pathAndQuery = '/', { javaScriptEnabled = true, context } = {}) {
  const ctx = context ?? await suite.browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 800 }, javaScriptEnabled });
  const page = await ctx.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  page.requests = [];
  page.on('request', (request) => page.requests.push(new URL(request.url()).pathname));
  await page.goto(new URL(pathAndQuery, app.url).href);
  if (javaScriptEnabled) await page.waitForSelector('#status[data-state="live"]');
  return page;
}

const html = async (app, pathAndQuery = '/', headers = {}) => (await fetch(new URL(pathAndQuery, app.url), { headers })).text();
const linkedData = (text) => JSON.parse(text.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)[1]);
const ids = (page, list = '#timeline') => page.locator(`${list} .item`).evaluateAll((els) => els.map((e) => e.dataset.id));
const commentary = (n) => ({ match: 'm1', minute: n % 90 + 1, kind: 'comment', text: `Post number ${n}: the ball goes out for a throw-in near the halfway line.` });

test('without JavaScript the page shows the match day exactly as the script does', async () => {
  const app = await startApp();
  await publishFixture(app);
  const bare = await open(app, '/', { javaScriptEnabled: false });
  const { empty, notice, ...shown } = await rendering(bare);
  const { empty: _e, notice: _n, ...expected } = expectedRendering;
  assert.deepStrictEqual(shown, expected);
  assert.equal(await bare.locator('#picker a').count() > 1, true, 'the channel picker is in the HTML');
  await bare.context().close();

  // The script takes over from the HTML: the same DOM, nothing moved, and no /api/state.
  const page = await open(app, '/');
  const { empty: _a, notice: _b, ...scripted } = await rendering(page);
  assert.deepStrictEqual(scripted, expected);
  const shift = await page.evaluate(() => new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) total += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
    setTimeout(() => resolve(total), 300);
  }));
  assert.ok(shift < 0.01, `cumulative layout shift ${shift}`);
  assert.deepEqual(page.requests.filter((p) => p === '/api/state'), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the page carries LiveBlogPosting JSON-LD, a title, a description and Open Graph tags', async () => {
  const app = await startApp();
  const score = { match: 'm1', home: 'Riverside', away: 'Harbour City', homeScore: 2, awayScore: 1, minute: 67, period: '2nd half' };
  await app.publish('m1', 'score', score);
  const posts = [
    await app.publish('m1', 'commentary', { match: 'm1', minute: 66, kind: 'goal', text: 'Okafor heads in at the far post.', key: true }),
    await app.publish('m1', 'news-flash', { headline: 'Attendance record', body: '41,200 today.' }),
  ];
  let text = await html(app, '/?channel=m1');
  const blog = linkedData(text);
  assert.equal(blog['@context'], 'https://schema.org');
  assert.equal(blog['@type'], 'LiveBlogPosting');
  assert.ok(!Number.isNaN(Date.parse(blog.coverageStartTime)));
  assert.equal(blog.coverageEndTime, undefined, 'the match is still on');
  assert.deepEqual(blog.liveBlogUpdate.map((u) => [u['@type'], u.headline, u.articleBody]), [
    ['BlogPosting', 'Attendance record', 'Attendance record\n\n41,200 today.'],
    ['BlogPosting', "66' Okafor heads in at the far post.", 'Okafor heads in at the far post.'],
  ]);
  const state = await app.state('?channel=m1');
  for (const update of blog.liveBlogUpdate) {
    const post = state.recent.find((e) => `#post-${e.id}` === update['@id']);
    assert.ok(post && posts.includes(post.id));
    assert.equal(Date.parse(update.datePublished), Math.floor(Date.parse(post.time) / 1000) * 1000);
  }
  assert.match(text, /<title>Riverside 2 – 1 Harbour City · Live · LiveDesk<\/title>/);
  assert.match(text, /<meta name="description" content="Riverside 2 – 1 Harbour City, 67&#39; · 2nd half\. Attendance record">/);
  assert.match(text, /<meta property="og:title" content="Riverside 2 – 1 Harbour City · Live · LiveDesk">/);
  assert.match(text, /<meta property="og:description" content="[^"]+">/);

  await app.publish('m1', 'score', { ...score, homeScore: 3, minute: 90, period: 'full-time' });
  text = await html(app, '/?channel=m1');
  assert.ok(!Number.isNaN(Date.parse(linkedData(text).coverageEndTime)), 'coverage ends at full time');
  assert.match(text, /<title>Riverside 3 – 1 Harbour City · Full-time · LiveDesk<\/title>/);
});

test('a post with </script><script> stays text in the HTML, in the JSON-LD and on the page', async () => {
  const app = await startApp();
  const evil = '</script><script>window.pwned = 1</script><!-- & "quotes" \'too\'';
  await app.publish('news', 'news-flash', { headline: evil, body: evil });
  const text = await html(app);
  assert.equal(text.match(/<script/g).length, 3, 'the JSON-LD, the state and app.js: no fourth');
  assert.equal(linkedData(text).liveBlogUpdate[0].headline, evil);
  assert.equal(JSON.parse(text.match(/<script id="livedesk-state" type="application\/json">(.*?)<\/script>/s)[1]).recent[0].data.headline, evil);
  for (const javaScriptEnabled of [false, true]) {
    const page = await open(app, '/', { javaScriptEnabled });
    assert.deepEqual(await page.locator('#timeline .headline').allTextContents(), [evil]);
    assert.equal(await page.evaluate(() => window.pwned), undefined);
    await page.context().close();
  }
});

test('Show older posts pages back through the journal, with corrections and retractions applied', async () => {
  const app = await startApp({ args: ['--replay', '20'] });
  const posted = [];
  for (let n = 1; n <= 130; n += 1) posted.push(await app.publish('m1', 'commentary', commentary(n)));
  await app.publish('m1', 'correction', { targetId: posted[9], text: 'Post ten, corrected.' });
  await app.publish('m1', 'retraction', { targetId: posted[10] });
  await app.publish('news', 'news-flash', { headline: 'Another channel' });
  const page = await open(app, '/?channel=m1');
  const first = await ids(page);
  assert.ok(first.length > 0 && first.length <= 50, `${first.length} posts at first`);
  const older = page.locator('#older');
  while (await older.isVisible()) {
    const before = (await ids(page)).length;
    await older.click();
    await page.waitForFunction((n) => document.querySelectorAll('#timeline .item').length > n || document.getElementById('older').hidden, before);
  }
  const all = await ids(page);
  const expected = posted.filter((id) => id !== posted[10]).reverse();
  assert.deepEqual(all, expected, 'every post once, newest first, the retracted one gone');
  assert.equal(await page.locator(`#post-${posted[9]} .text`).textContent(), 'Post ten, corrected.');
  assert.equal(await page.locator(`#post-${posted[9]} .corrected`).count(), 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a permalink scrolls to its post and marks it, loading older posts to find it', async () => {
  const app = await startApp();
  const posted = [];
  for (let n = 1; n <= 120; n += 1) posted.push(await app.publish('m1', 'commentary', commentary(n)));
  const target = posted[4];
  const home = await open(app, '/?channel=m1');
  const link = await home.locator(`#post-${posted[119]} a.share`).getAttribute('href');
  assert.equal(link, `/?post=${posted[119]}&channel=m1`);
  await home.context().close();

  const page = await open(app, `/?post=${target}&channel=m1`);
  await page.waitForSelector(`#post-${target}.highlight`);
  assert.equal(await page.evaluate(() => document.activeElement.id), `post-${target}`);
  const box = await page.locator(`#post-${target}`).boundingBox();
  assert.ok(box.y >= 0 && box.y < 800, `the post is in view (y ${box.y})`);
  await page.context().close();
});

test('Pause holds the timeline still and counts the new posts until the reader resumes', async () => {
  const app = await startApp();
  const first = await app.publish('m1', 'commentary', commentary(1));
  const page = await open(app, '/?channel=m1');
  assert.equal(await page.locator('#log').getAttribute('role'), 'log');
  await page.keyboard.press('Tab'); // the keyboard reaches the controls: Pause first
  await page.locator('#pause').focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#pause').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('#log').getAttribute('aria-live'), 'off');
  await app.publish('m1', 'commentary', commentary(2));
  await app.publish('m1', 'commentary', commentary(3));
  await page.waitForFunction(() => document.getElementById('fresh').textContent === '2 new posts');
  assert.deepEqual(await ids(page), [first]);
  await page.locator('#fresh').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#timeline .item').length === 3);
  assert.equal(await page.locator('#fresh').isVisible(), false);
  assert.equal(await page.locator('#pause').getAttribute('aria-pressed'), 'false');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focus is visible');
  await page.context().close();
});

test('eight tabs share one stream; when the leader closes another takes over with nothing lost', async () => {
  const app = await startApp();
  await app.publish('m1', 'commentary', commentary(0));
  const context = await suite.browser.newContext({ locale: 'en-US' });
  const tabs = [];
  for (let i = 0; i < 8; i += 1) tabs.push(await open(app, i === 7 ? '/?channel=news' : '/?channel=m1', { context }));
  await eventually(async () => (await app.metric('livedesk_clients')) === 1, 'one stream for eight tabs');
  const a = await app.publish('m1', 'commentary', commentary(1));
  const b = await app.publish('news', 'news-flash', { headline: 'For the news tab' });
  const shows = (page, id) => page.waitForSelector(`#post-${id}`, { timeout: 5000 });
  await Promise.all(tabs.slice(0, 7).map((t) => shows(t, a)));
  await shows(tabs[7], b);
  for (const t of tabs.slice(0, 7)) assert.equal(await t.locator(`#post-${b}`).count(), 0, 'a tab shows only its channels');

  const roles = await Promise.all(tabs.map((t) => t.evaluate(() => document.documentElement.dataset.feed)));
  assert.equal(roles.filter((r) => r === 'leader').length, 1);
  const leader = tabs[roles.indexOf('leader')];
  const rest = tabs.filter((t) => t !== leader);
  await leader.close();
  const c = await app.publish('m1', 'commentary', commentary(2)); // while nobody leads
  const started = Date.now();
  await eventually(async () => (await Promise.all(rest.map((t) => t.evaluate(() => document.documentElement.dataset.feed))))
    .includes('leader'), 'a new leader');
  assert.ok(Date.now() - started < 1000, `took over in ${Date.now() - started} ms`);
  const d = await app.publish('news', 'news-flash', { headline: 'After the takeover' });
  for (const t of rest) {
    const news = (await t.evaluate(() => location.search)).includes('news');
    await shows(t, news ? d : c);
    assert.equal(new Set(await ids(t)).size, (await ids(t)).length, 'nothing twice');
    assert.deepEqual(t.errors, []);
  }
  await eventually(async () => (await app.metric('livedesk_clients')) === 1, 'still one stream');
  await context.close();
});

test('without Web Locks or BroadcastChannel every tab keeps its own stream and misses nothing', async () => {
  const app = await startApp();
  const context = await suite.browser.newContext({ locale: 'en-US' });
  // A browser that has neither API (older Safari, say): the page must not count on them.
  await context.addInitScript(() => {
    delete window.BroadcastChannel;
    Object.defineProperty(Navigator.prototype, 'locks', { get: () => undefined, configurable: true });
  });
  const tabs = [];
  for (let i = 0; i < 3; i += 1) tabs.push(await open(app, '/?channel=m1', { context }));
  await eventually(async () => (await app.metric('livedesk_clients')) === 3, 'a stream per tab');
  const a = await app.publish('m1', 'commentary', commentary(1));
  for (const t of tabs) {
    await t.waitForSelector(`#post-${a}`, { timeout: 5000 });
    assert.deepEqual(t.errors, []);
  }
  await context.close();
});

test('the page is gzipped, the stream never is, and 50 posts stay under 60 KB and 300 ms', async () => {
  const app = await startApp();
  for (let n = 1; n <= 50; n += 1) await app.publish('m1', 'commentary', commentary(n));
  const gz = { 'Accept-Encoding': 'gzip, deflate, br' };
  let bytes = 0;
  for (const file of ['/', '/app.js', '/style.css']) {
    const response = await fetch(new URL(file, app.url), { headers: gz });
    assert.equal(response.headers.get('content-encoding'), 'gzip', file);
    assert.match(response.headers.get('vary'), /Accept-Encoding/, file);
    bytes += Number(response.headers.get('content-length'));
  }
  assert.ok(bytes < 60 * 1024, `${bytes} bytes for the page with 50 posts`);
  // Without Accept-Encoding: the same page, uncompressed.
  const plain = await fetch(new URL('/', app.url), { headers: { 'Accept-Encoding': 'identity' } });
  assert.equal(plain.headers.get('content-encoding'), null);
  const raw = await new Promise((resolve, reject) => {
    import('node:http').then(({ default: http }) => http.get(new URL('/', app.url), { headers: gz }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject));
  });
  assert.equal(gunzipSync(raw).toString(), await plain.text());
  const stream = await fetch(new URL('/events?channel=m1', app.url), { headers: gz });
  assert.equal(stream.headers.get('content-encoding'), null, 'the stream is never compressed');
  await stream.body.cancel();

  const page = await open(app, '/?channel=m1');
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
  assert.equal(await page.locator('#timeline .item').count(), 50);
  assert.ok(paint < 300, `first render of 50 posts after ${paint} ms`);
  console.log(`# 50 posts: ${bytes} bytes gzipped, first contentful paint ${Math.round(paint)} ms`);
  await page.context().close();
});

test('axe-core finds no serious or critical violation on /, /embed and /overlay', async () => {
  const app = await startApp();
  await publishFixture(app);
  const context = await suite.browser.newContext({ locale: 'en-US', bypassCSP: true });
  for (const where of ['/', '/embed?channel=match-arsenal-chelsea', '/overlay?channel=match-arsenal-chelsea']) {
    const page = await context.newPage();
    await page.goto(new URL(where, app.url).href);
    // Live, drawn and subscribed (a page with a stream open is never "network idle").
    await page.waitForSelector(where.startsWith('/overlay') ? 'body[data-state="live"]' : '#status[data-state="live"]');
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    assert.deepEqual(bad, [], `${where}`);
    await page.close();
  }
  await context.close();
});

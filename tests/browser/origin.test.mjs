// Issue 13: a web page the operator visits must not be able to publish. Debian's Chromium
// (playwright-core) opens pages on other origins and tries, against the real livedesk binary
// started with --allow-origin for one of them. Run by ctest (tst_originpage).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { App, launchBrowser } from './harness.mjs';

// Strong enough for the app without LIVEDESK_ALLOW_WEAK_TOKEN; the pages are given it, to
// show that even a page that knows the token cannot publish from the wrong origin.
const TOKEN = 'origin-test-token-0123456789';

// A plain page on its own origin (127.0.0.1 on its own port).
function pageServer() {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>elsewhere</title><p>another site</p>');
    }).listen(0, '127.0.0.1', () => resolve(server));
  });
}
const originOf = (server) => `http://127.0.0.1:${server.address().port}`;

let browser;
let app;
let evil;
let desk;

before(async () => {
  evil = await pageServer();
  desk = await pageServer();
  app = await App.start({ token: TOKEN, heartbeat: '15', args: ['--allow-origin', originOf(desk)] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await app?.stop();
  evil?.close();
  desk?.close();
});

const lastId = async () => (await (await fetch(`${app.url}api/state`)).json()).lastId;

// What a page on `origin` gets when it tries to publish, both ways a page can.
async function tryFromPage(origin) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const result = await page.evaluate(async ({ url, token }) => {
    const body = JSON.stringify({ channel: 'news', type: 'news-flash', data: { headline: 'from a page' } });
    const out = {};
    // With the token: Authorization makes the browser ask first (a preflight).
    try {
      const r = await fetch(`${url}api/events`, {
        method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body,
      });
      out.withToken = r.status;
    } catch (e) {
      out.withToken = `blocked: ${e.name}`;
    }
    // A "simple" request, sent without asking (what a plain form post does): the answer is
    // opaque to the page, but the server must not act on it.
    await fetch(`${url}api/events`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body })
      .catch(() => {});
    return out;
  }, { url: app.url, token: TOKEN });
  await context.close();
  return result;
}

test('a page on another origin cannot publish, even with the token', async () => {
  const before = await lastId();
  const result = await tryFromPage(originOf(evil));
  assert.equal(result.withToken, 'blocked: TypeError', 'the preflight must fail');
  assert.equal(await lastId(), before, 'nothing was published');
});

test('the origin named with --allow-origin can publish', async () => {
  const before = Number(await lastId());
  const result = await tryFromPage(originOf(desk));
  assert.equal(result.withToken, 201);
  // Only the request with the token counts: the simple one is 415 (text/plain) at best.
  assert.equal(Number(await lastId()), before + 1);
});

test('the allowed origin still needs the token', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${originOf(desk)}/`);
  const status = await page.evaluate(async (url) => (await fetch(`${url}api/events`, {
    method: 'POST', headers: { Authorization: 'Bearer wrong', 'Content-Type': 'application/json' },
    body: JSON.stringify({ channel: 'news', type: 't', data: 1 }),
  })).status, app.url);
  await context.close();
  assert.equal(status, 401);
});

// Issue 15 in a real browser: Debian's Chromium reads the feed through Debian's nginx in
// front of three LiveDesk nodes on one real redis-server. The node serving the page is
// killed with SIGKILL, then Redis is, and the page must go on with every post exactly once,
// in order. Run by ctest (tst_clusterpage).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { App, eventually, freePort, freshDir, launchBrowser, listening } from './harness.mjs';

const REDIS = '/usr/bin/redis-server';
const NGINX = '/usr/sbin/nginx';
const SHOTS = process.env.LIVEDESK_SCREENSHOT_DIR;
const missing = [REDIS, NGINX].filter((p) => !existsSync(p));

// redis-server as docs/cluster.md sets it up, on a free port with its own directory; start()
// again after kill() reads its append-only file back.
class Redis {
  constructor() { this.dir = freshDir('livedesk-redis-'); }
  async start() {
    this.port ??= await freePort();
    this.proc = spawn(REDIS, ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir,
      '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--daemonize', 'no'],
    { stdio: 'ignore' });
    this.exited = new Promise((resolve) => this.proc.on('exit', resolve));
    assert.ok(await listening(this.port), 'redis-server did not start');
  }
  get url() { return `redis://127.0.0.1:${this.port}/0`; }
  async kill() { this.proc.kill('SIGKILL'); await this.exited; }
}

// Debian's nginx as docs/cluster.md configures it, in the foreground from a scratch prefix.
async function startNginx(backends) {
  const dir = freshDir('livedesk-nginx-');
  const port = await freePort();
  const servers = backends.map((b) => `    server 127.0.0.1:${b} max_fails=1 fail_timeout=1s;`).join('\n');
  writeFileSync(path.join(dir, 'nginx.conf'), `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log stderr error;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream livedesk {
${servers}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://livedesk;
      include /etc/nginx/proxy_params;
      proxy_buffering off;
      proxy_read_timeout 1h;
      proxy_next_upstream error timeout http_503;
    }
  }
}
`);
  const proc = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', 'stderr'], { stdio: 'ignore' });
  assert.ok(await listening(port), 'nginx did not start');
  return { proc, url: `http://127.0.0.1:${port}/` };
}

let browser;
let redis;
let nginx;
const nodes = [];

before(async () => {
  if (missing.length) return;
  redis = new Redis();
  await redis.start();
  for (let i = 0; i < 3; ++i)
    nodes.push(await App.start({ args: ['--redis', redis.url, '--node', `node-${i}`] }));
  for (const node of nodes)
    await eventually(async () => (await node.health()).cluster?.connected, 'a node did not join');
  nginx = await startNginx(nodes.map((n) => n.port));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  nginx?.proc.kill('SIGTERM');
  await Promise.all(nodes.map((node) => node.stop().catch(() => {})));
  redis?.proc.kill('SIGTERM');
});

// The ids the page shows, in the order they are on the page.
const shownIds = (page) => page.evaluate(
  () => [...document.querySelectorAll('#timeline .item')].map((el) => Number(el.dataset.id)));
const alive = () => nodes.filter((n) => n.proc.exitCode === null && n.proc.signalCode === null);

// Publishes `count` posts, round robin over the live nodes (and nginx), retrying a node
// that is still reconnecting to Redis (503) on the next.
async function publishPosts(count, label) {
  for (let i = 0; i < count; ++i) {
    const targets = [...alive().map((n) => n.url), nginx.url];
    await eventually(async () => {
      const base = targets[i % targets.length];
      const response = await fetch(`${base}api/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${nodes[0].token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ channel: 'news', type: 'news-flash', data: { headline: `${label} ${i + 1}` } }),
      });
      return response.status === 201;
    }, `publishing ${label} ${i + 1}`, 15000);
  }
}

// Every id from 1 to `last`, once each: the page shows the newest first.
async function expectEveryPostOnce(page, last) {
  const want = Array.from({ length: last }, (_, i) => last - i);
  await eventually(async () => JSON.stringify(await shownIds(page)) === JSON.stringify(want),
    `the page should show ids ${last}..1 once each`, 20000);
}

test('a page through nginx survives its node and Redis, with every post once and in order',
  { skip: missing.length ? `not installed: ${missing.join(', ')}` : false }, async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(nginx.url);
    await page.waitForSelector('#status[data-state="live"]');
    await publishPosts(6, 'Before');
    await expectEveryPostOnce(page, 6);

    // The one node holding the page's stream (its EventSource), killed as a crash kills it.
    const serving = await eventually(async () => {
      const streams = await Promise.all(nodes.map((n) => n.metric('livedesk_clients')));
      return streams.filter((s) => s === 1).length === 1 ? nodes[streams.indexOf(1)] : null;
    }, 'exactly one node should hold the page stream');
    await serving.kill();
    await publishPosts(6, 'After the node');
    await expectEveryPostOnce(page, 12);
    await page.waitForSelector('#status[data-state="live"]');

    // Redis killed and restarted from its append-only file: ids go on, nothing twice.
    await redis.kill();
    await redis.start();
    for (const node of alive())
      await eventually(async () => (await node.health()).cluster?.connected, 'a node did not rejoin', 15000);
    await publishPosts(6, 'After Redis');
    await expectEveryPostOnce(page, 18);
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'cluster-page.png') });
    assert.deepEqual(errors, []);
    await context.close();
  });

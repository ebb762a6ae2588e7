// What the browser suites share: the real livedesk binary, headless on 127.0.0.1, and
// Debian's Chromium driven by playwright-core.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BINARY = process.env.LIVEDESK_BINARY ?? path.resolve(here, '../../build/default/app/livedesk');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const TOKEN = 'browser-test-token';

export const freshDir = (prefix = 'livedesk-page-') => mkdtempSync(path.join(tmpdir(), prefix));
export const freePort = () => new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

// A CA and a leaf for 127.0.0.1 and localhost it signed, made now with Debian's openssl
// (nothing secret is committed). chain: the leaf then the CA, as the server presents it.
export function makeCertificates() {
  const dir = freshDir('livedesk-tls-');
  const file = (name) => path.join(dir, name);
  const openssl = (...args) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2',
    '-subj', '/CN=LiveDesk test CA');
  openssl('req', ...ec, '-keyout', file('leaf.key'), '-out', file('leaf.csr'), '-subj', '/CN=127.0.0.1');
  writeFileSync(file('leaf.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n'
    + 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', file('leaf.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'),
    '-CAcreateserial', '-out', file('leaf.pem'), '-days', '2', '-extfile', file('leaf.ext'));
  writeFileSync(file('chain.pem'), readFileSync(file('leaf.pem')) + readFileSync(file('ca.pem')));
  return { ca: file('ca.pem'), chain: file('chain.pem'), key: file('leaf.key') };
}

// fetch() for an https server whose CA only this test knows: { status, text }.
export function fetchWithCa(url, { method = 'GET', headers = {}, body, ca }) {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method, headers, ca: readFileSync(ca) }, (response) => {
      let text = '';
      response.on('data', (d) => { text += d; });
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, text }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

// Resolves once something accepts connections on 127.0.0.1:port (false after `ms`).
export async function listening(port, ms = 10000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (ok) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

// Polls `probe` until it returns something truthy (which it returns), or fails after `ms`.
export async function eventually(probe, what, ms = 10000) {
  const deadline = Date.now() + ms;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (last) return last;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} (last: ${last})`);
}

// The real app, headless; a one-second heartbeat unless told otherwise, so that the page's
// watchdog is testable.
export class App {
  // `ca`: the CA file of a server started with --tls-cert, for its own requests.
  static async start({ port = 0, dataDir = freshDir(), args = [], token = TOKEN, heartbeat = '1', ca } = {}) {
    const app = new App();
    app.dataDir = dataDir;
    app.token = token;
    app.ca = ca;
    app.proc = spawn(BINARY, ['--headless', '--port', String(port), '--token', token,
      '--data-dir', dataDir, '--heartbeat', heartbeat, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    app.proc.stderr.on('data', (d) => { stderr += d; });
    app.stderr = () => stderr;
    // The exit code, or the signal's name when a signal ended the app.
    app.exited = new Promise((resolve) => app.proc.on('exit', (code, signal) => resolve(code ?? signal)));
    app.url = await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no listening line; stderr: ${stderr}`)), 10000);
      app.proc.stdout.on('data', (d) => {
        out += d;
        const m = out.match(/^listening on (https?:\/\/\S+)\n/m);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      app.exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    app.port = Number(new URL(app.url).port);
    return app;
  }

  async publish(channel, type, data, base = this.url) {
    const request = {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel, type, data }),
    };
    if (this.ca) {
      const { status, text } = await fetchWithCa(`${base}api/events`, { ...request, ca: this.ca });
      assert.equal(status, 201, text);
      return JSON.parse(text).id;
    }
    const response = await fetch(`${base}api/events`, request);
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()).id;
  }

  async state(query = '') {
    return (await fetch(`${this.url}api/state${query}`)).json();
  }

  async health() {
    const response = await fetch(`${this.url}api/health`);
    return { status: response.status, ...(await response.json()) };
  }

  // A Prometheus gauge or counter from /metrics.
  async metric(name) {
    const text = await (await fetch(`${this.url}metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line ? Number(line.split(' ')[1]) : NaN;
  }

  async stop() {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill('SIGCONT');
    this.proc.kill('SIGTERM');
    assert.equal(await this.exited, 0, `the app did not end cleanly; stderr:\n${this.stderr().slice(-4000)}`);
  }

  // What a crash looks like: SIGKILL, nothing closed cleanly.
  async kill() {
    this.proc.kill('SIGKILL');
    await this.exited;
  }
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// The page read from its DOM into the shape of expected.json. Icons are decoration.
export const rendering = (page) => page.evaluate(() => {
  const text = (el) => (el ? el.textContent : '');
  return {
    boards: [...document.querySelectorAll('#boards .board')].map((b) => ({
      teams: text(b.querySelector('.teams')), score: text(b.querySelector('.score')),
      clock: text(b.querySelector('.clock')), state: text(b.querySelector('.state')),
      ended: b.classList.contains('ended'),
    })),
    items: [...document.querySelectorAll('#timeline .item')].map((el) => ({
      type: el.dataset.type,
      meta: [...el.querySelectorAll('.meta > span:not(.icon)')].map(text),
      lines: [...el.children].filter((c) => !c.classList.contains('meta') && !c.classList.contains('share')).map(text),
      urgent: el.classList.contains('urgent'),
    })),
    banner: document.getElementById('banner').hidden ? '' : text(document.getElementById('banner-text')),
    notice: document.getElementById('notice').hidden ? '' : text(document.getElementById('notice')),
    empty: text(document.getElementById('empty')),
  };
});


// tests/parity: a match day, and what the page and the console's viewer pane show after it
// (tests/ui/tst_viewerpane.cpp holds the pane to the same file).
export const PARITY = path.resolve(here, '../parity');
const fixture = JSON.parse(readFileSync(path.join(PARITY, 'events.json'), 'utf8')).events;
export const { about, ...expectedRendering } = JSON.parse(readFileSync(path.join(PARITY, 'expected.json'), 'utf8'));

// Publishes events.json in order; a targetId "#N" becomes the id the Nth event was given.
export async function publishFixture(app) {
  const ids = [];
  for (const { channel, type, data } of fixture) {
    const target = typeof data.targetId === 'string' && data.targetId.startsWith('#')
      ? { targetId: ids[Number(data.targetId.slice(1)) - 1] } : {};
    ids.push(await app.publish(channel, type, { ...data, ...target }));
  }
  return ids;
}


// One Chromium for a test file and every app its tests start, all stopped after its last
// test: `const suite = browserSuite();`, then `suite.browser` and `suite.startApp(options)`.
export function browserSuite() {
  const suite = { browser: null, apps: [] };
  suite.startApp = async (options) => {
    const app = await App.start(options);
    suite.apps.push(app);
    return app;
  };
  before(async () => { suite.browser = await launchBrowser(); });
  after(async () => {
    await suite.browser?.close();
    await Promise.all(suite.apps.map((app) => app.stop().catch(() => {})));
  });
  return suite;
}

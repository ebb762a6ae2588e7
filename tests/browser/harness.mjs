// What the browser suites share: the real livedesk binary, headless on 127.0.0.1, and
// Debian's Chromium driven by playwright-core.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  static async start({ port = 0, dataDir = freshDir(), args = [], token = TOKEN, heartbeat = '1' } = {}) {
    const app = new App();
    app.dataDir = dataDir;
    app.token = token;
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
        const m = out.match(/^listening on (http:\/\/\S+)\n/m);
        if (m) { clearTimeout(timer); resolve(m[1]); }
      });
      app.exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    app.port = Number(new URL(app.url).port);
    return app;
  }

  async publish(channel, type, data, base = this.url) {
    const response = await fetch(`${base}api/events`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ channel, type, data }),
    });
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

// Lighthouse (npm `lighthouse`, Google's own audits) against Debian's Chromium: the viewer
// page with a match day and 50 posts on it, as a reader's browser gets it, must score at
// least 0.95 in every category. Its mobile defaults (a slow 4G phone, simulated) are used
// unchanged. docs/lighthouse.md records a run. Run by ctest as tst_lighthouse.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { App, CHROMIUM, freshDir, publishFixture } from './harness.mjs';

const apps = [];
after(async () => { await Promise.all(apps.map((app) => app.stop().catch(() => {}))); });

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];

async function audit(url) {
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    userDataDir: freshDir('livedesk-lighthouse-'),
  });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

test('Lighthouse scores / and /embed at 0.95 or more in every category', async () => {
  const app = await App.start({ heartbeat: '15' });
  apps.push(app);
  await publishFixture(app);
  for (let n = 1; n <= 50; n += 1) {
    await app.publish('match-arsenal-chelsea', 'commentary', { match: 'match-arsenal-chelsea', minute: n,
      kind: 'comment', text: `Minute ${n}: a long ball to the right wing, a cross, and the keeper gathers it.` });
  }
  const report = {};
  for (const where of ['/', '/embed?channel=match-arsenal-chelsea']) {
    const lhr = await audit(new URL(where, app.url).href);
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, lhr.categories[c].score]));
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && !['informative', 'notApplicable', 'manual'].includes(a.scoreDisplayMode))
      .map((a) => `${a.id} ${a.score} ${a.displayValue ?? ''}`.trim());
    const metrics = Object.fromEntries(['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time',
      'cumulative-layout-shift', 'speed-index'].map((id) => [id, lhr.audits[id].displayValue]));
    report[where] = { scores, metrics, failing, lighthouse: lhr.lighthouseVersion, chromium: lhr.environment.hostUserAgent };
    console.log(`# ${where}: ${JSON.stringify(scores)} ${JSON.stringify(metrics)}; below 0.9: ${failing.join('; ') || 'none'}`);
    for (const c of CATEGORIES) assert.ok(scores[c] >= 0.95, `${where} ${c} ${scores[c]}: ${failing.join('; ')}`);
  }
  if (process.env.LIVEDESK_LIGHTHOUSE_REPORT)
    writeFileSync(path.resolve(process.env.LIVEDESK_LIGHTHOUSE_REPORT), JSON.stringify(report, null, 2));
});

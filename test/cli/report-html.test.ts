// `crosscheck report --format html` opened in headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core): the matrix is there, links lead to the passages, nothing is fetched, nothing
// is logged to the console. Skipped when Chromium is not installed.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { crosscheck, makeDesk, seeds } from './reportFixture';

const chromiumPath = '/usr/bin/chromium';
const skip = existsSync(chromiumPath) ? false : `no Chromium at ${chromiumPath}`;

describe('crosscheck report --format html', { skip, timeout: 120_000 }, () => {
  let workspace: string;
  let browser: Browser;

  before(async () => {
    workspace = makeDesk();
    const desk = await crosscheck(['report', 'desk', '--out', 'desk.html'], workspace);
    assert.equal(desk.code, 0, desk.stderr);
    const seeded = await crosscheck(['report', seeds, '--format', 'html', '--out', 'seeds.html'], workspace);
    assert.equal(seeded.code, 0, seeded.stderr);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--headless'],
    });
  });

  after(async () => {
    await browser?.close();
    rmSync(workspace, { recursive: true, force: true });
  });

  /** Opens a report; returns the page, what it logged and every request it made. */
  async function open(name: string) {
    const page = await browser.newPage();
    const console: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => console.push(`error: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    const url = pathToFileURL(path.join(workspace, name)).href;
    await page.goto(url, { waitUntil: 'load' });
    return { page, console, requests, url };
  }

  it('is one file with a strict Content-Security-Policy and no script', () => {
    const html = readFileSync(path.join(workspace, 'desk.html'), 'utf8');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[^']+'/);
    assert.doesNotMatch(html, /<script|<link|<img|<iframe|@import|url\(/i);
  });

  for (const name of ['desk.html', 'seeds.html']) {
    it(`${name} shows the matrix with no console message and no request but the page`, async () => {
      const { page, console, requests, url } = await open(name);
      try {
        assert.ok(await page.locator('table.matrix').first().isVisible());
        assert.ok(await page.locator('table.matrix tbody tr[data-row]').count() > 0);
        assert.ok(await page.locator('table[data-layout="article"]').first().isVisible());
        assert.deepEqual(console, []);
        assert.deepEqual(requests, [url]);
      } finally {
        await page.close();
      }
    });
  }

  it('applies its inline styles (the CSP hash matches them)', async () => {
    const { page } = await open('desk.html');
    try {
      assert.equal(await page.locator('table.matrix').first().evaluate((table) => getComputedStyle(table).borderCollapse), 'collapse');
    } finally {
      await page.close();
    }
  });

  it('shows what an outlet left out as missing cells in the matrix', async () => {
    const { page } = await open('desk.html');
    try {
      const row = page.locator('table.matrix tr[data-row]', { hasText: 'duration of the talks' });
      assert.equal(await row.locator('td.missing').count(), 1);
      assert.match(await page.locator('table.matrix tfoot').first().innerText(), /Leaves out/);
    } finally {
      await page.close();
    }
  });

  it('takes a matrix cell to its passage in the article text', async () => {
    const { page } = await open('desk.html');
    try {
      await page.locator('table.matrix a.cell', { hasText: 'nearly four hours' }).click();
      assert.equal(await page.locator('mark:target').innerText(), 'nearly four hours');
    } finally {
      await page.close();
    }
  });
});

// `npm run test:e2e`: Crosscheck as a user meets it. Packages the VSIX, installs it into a fresh
// code-server, opens a copy of the demo articles in a headless Chromium and, through the keyboard and
// mouse only: opens an article with Ctrl+P, hovers a person's name and reads the hover, runs
// "Crosscheck: Compare Coverage" from the command palette and reads the webview, switches it to the
// matrix and back, and shows the Coverage view and a coverage lens, in a light and a dark theme.
//
// Screenshots go to test-results/screenshots/ (hover.png, compare.png, compare-matrix[-dark].png,
// compare-side-by-side[-dark].png, coverage-view[-dark].png, lens[-dark].png; a failure-*.png when a step
// fails). With --update-docs the screenshots are also copied to docs/images/ (README shows some of them).
// Flags: --skip-package (reuse the VSIX and out/), --keep (leave the temporary folders), --echo-server-log
// (echo code-server's log). Env: CROSSCHECK_E2E_TIMEOUT_MS (whole run, default 8 minutes).
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureHost, UserFacingError, ROOT } from './host.mjs';
import { RESULTS_DIR, SCREENSHOTS_DIR, clearScreenshots, freePort, launchBrowser, onInterrupt, runStep, say, screenshot, startProcess, stopProcess, waitForHttp, writeUserSettings } from './lib.mjs';

const log = (message) => say('test:e2e', message);
const args = process.argv.slice(2);
const TIMEOUT_MS = Number(process.env.CROSSCHECK_E2E_TIMEOUT_MS ?? 8 * 60000);

/**
 * How the extension labels each demo article's outlet: the outlet the project's core finds, or the file
 * name without its extension when the article does not say. The hover and the webview should name
 * several of these.
 */
function demoOutlets(seedsDir) {
  const require = createRequire(import.meta.url);
  const { analyzeArticle } = require(join(ROOT, 'out', 'core', 'src', 'index.js'));
  const outlets = new Set();
  for (const name of readdirSync(seedsDir).filter((file) => file.endsWith('.txt')).sort()) {
    const outlet = analyzeArticle(`file://${join(seedsDir, name)}`, readFileSync(join(seedsDir, name), 'utf8')).metadata.outlet;
    outlets.add(outlet || name.replace(/\.[^.]*$/, ''));
  }
  return [...outlets];
}

/** Runs `step` until it returns something truthy or `timeoutMs` passes. */
async function eventually(what, step, timeoutMs = 30000, pauseMs = 500) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await step();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError ? ` (${lastError.message.split('\n')[0]})` : ''}`);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/**
 * Screen coordinates of the middle of a fully visible occurrence of `word` in the editor, or null while
 * none is on screen. Occurrences free of diagnostics come first, then those inside `preferred`.
 */
async function wordPosition(page, word, preferred) {
  return page.evaluate(
    ([word, preferred]) => {
      const editor = document.querySelector('.monaco-editor .editor-scrollable');
      if (!editor) return null;
      const visible = editor.getBoundingClientRect();
      const minimap = document.querySelector('.monaco-editor .minimap');
      const right = minimap && minimap.getBoundingClientRect().width > 0 ? minimap.getBoundingClientRect().left : visible.right;
      const boxes = [];
      for (const line of document.querySelectorAll('.monaco-editor .view-lines .view-line')) {
        // Monaco renders spaces as no-break spaces; one for one, so offsets still line up.
        const text = (line.textContent ?? '').replace(/\u00a0/g, ' ');
        for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
          const inPreferred = preferred ? text.slice(Math.max(0, at - preferred.length), at + preferred.length).includes(preferred) : false;
          // Walk the line's text nodes to the character offset, then measure that stretch of text.
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          let seen = 0;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const length = node.textContent.length;
            if (at < seen + length) {
              const range = document.createRange();
              range.setStart(node, at - seen);
              range.setEnd(node, Math.min(length, at - seen + word.length));
              const box = range.getBoundingClientRect();
              if (box.left >= visible.left && box.right <= right - 4 && box.top >= visible.top && box.bottom <= visible.bottom) {
                boxes.push({ x: box.left + box.width / 2, y: box.top + box.height / 2, inPreferred });
              }
              break;
            }
            seen += length;
          }
        }
      }
      // A word under a diagnostic's squiggle gets the diagnostic in its hover too; avoid those.
      const squiggles = [...document.querySelectorAll('.monaco-editor [class*="squiggly-"]')].map((element) => element.getBoundingClientRect());
      const clear = (box) => !squiggles.some((s) => box.x >= s.left && box.x <= s.right && box.y >= s.top && box.y <= s.bottom);
      // Among those, one a third of the way down leaves the hover room to show itself whole.
      const third = visible.top + visible.height / 3;
      const clearBoxes = boxes.filter(clear).sort((a, b) => Math.abs(a.y - third) - Math.abs(b.y - third));
      return clearBoxes.find((box) => box.inPreferred) ?? clearBoxes[0] ?? boxes.find((box) => box.inPreferred) ?? boxes[0] ?? null;
    },
    [word, preferred],
  );
}

/** The visible text of every frame inside the workbench page (webviews live in nested iframes). */
async function frameTexts(page) {
  const texts = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    try {
      texts.push({ url: frame.url(), text: await frame.evaluate(() => document.body?.innerText ?? '') });
    } catch {
      /* frame navigated away or is cross-origin and not ready */
    }
  }
  return texts;
}

/**
 * Opens the Command Palette and types `text` into it. A webview that takes focus just after a click
 * closes the palette again (quick input closes when it loses focus), so a failed attempt is retried.
 */
async function typeInPalette(page, text) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    try {
      await page.keyboard.press('Control+Shift+P');
      await input.waitFor({ state: 'visible', timeout: 15000 });
      await input.fill(text, { timeout: 5000 });
      return input;
    } catch (error) {
      if (attempt >= 3) throw error;
      log(`the Command Palette closed before "${text}" was typed (attempt ${attempt}); trying again`);
      await page.keyboard.press('Escape').catch(() => {});
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

async function runCommand(page, title) {
  await typeInPalette(page, `>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
}

/**
 * The user's path through the extension, as named checks. A failed check takes a screenshot and the
 * run moves on to the next one where that still makes sense. Returns the checks' outcomes.
 */
async function scenario(page, url, seedsDir) {
  const outlets = demoOutlets(seedsDir);
  log(`outlets of the demo articles: ${outlets.join(', ')}`);
  const enough = 2;
  const results = [];
  const check = async (title, body) => {
    const started = Date.now();
    try {
      const detail = await body();
      results.push({ title, ok: true });
      console.log(`  ✔ ${title} (${Date.now() - started} ms)${detail ? `\n      ${detail}` : ''}`);
      return true;
    } catch (error) {
      const shot = await screenshot(page, `failure-${results.length + 1}.png`);
      results.push({ title, ok: false, error });
      console.log(`  ✖ ${title}\n      ${error.message}${shot ? `\n      screenshot: ${shot}` : ''}`);
      return false;
    }
  };

  const lead = readdirSync(seedsDir).find((name) => name.startsWith('003_'));
  if (!lead) throw new Error('no 003_* article among the demo articles');

  console.log('\n  Crosscheck as a user, in code-server');
  const opened = await check(`opens ${lead} with Ctrl+P`, async () => {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 120000 });
    await eventually(
      `${lead} to open in an editor`,
      async () => {
        await page.locator('.monaco-workbench').click({ position: { x: 700, y: 300 } }).catch(() => {});
        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 10000 });
        await input.fill(lead);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: lead }).first().waitFor({ timeout: 10000 });
        await page.keyboard.press('Enter');
        await page.locator('.tab.active', { hasText: lead }).waitFor({ timeout: 10000 });
        return true;
      },
      90000,
      1000,
    );
    await page.locator('.monaco-editor .view-line', { hasText: 'Vladimir Putin' }).first().waitFor({ timeout: 30000 });
  });
  if (!opened) return { results, shots: [] };

  const shots = [];
  await check('hover on "Putin" names Vladimir Putin and the outlets describing him', async () => {
    const text = await eventually(
      'a hover naming Vladimir Putin and the outlets (the first tries wait for the index)',
      async () => {
        const where = await wordPosition(page, 'Putin', 'Vladimir Putin');
        if (!where) return undefined;
        await page.mouse.move(where.x - 60, where.y + 120);
        await page.mouse.move(where.x, where.y, { steps: 4 });
        const hover = page.locator('.monaco-hover:not(.hidden)').filter({ hasText: 'Putin' }).first();
        await hover.waitFor({ state: 'visible', timeout: 4000 });
        const shown = await hover.innerText();
        const named = outlets.filter((outlet) => shown.includes(outlet));
        return /Vladimir Putin/.test(shown) && named.length >= enough ? shown : undefined;
      },
      120000,
      1500,
    );
    shots.push(await screenshot(page, 'hover.png'));
    const named = outlets.filter((outlet) => text.includes(outlet));
    return `names ${named.join(', ')}; ${text.length} characters; ${shots.at(-1) ?? 'no screenshot'}`;
  });

  await check('"Crosscheck: Compare Coverage" from the command palette shows the outlets side by side', async () => {
    await page.mouse.move(10, 10);
    await page.keyboard.press('Escape');
    await page.locator('.tab.active', { hasText: lead }).click();
    await page.mouse.move(700, 890);
    await runCommand(page, 'Crosscheck: Compare Coverage');
    const webview = await eventually(
      'the Compare Coverage webview to name the outlets',
      async () => {
        for (const { text } of await frameTexts(page)) {
          const named = outlets.filter((outlet) => text.includes(outlet));
          if (named.length >= enough) return { named };
        }
        return undefined;
      },
      60000,
      1000,
    );
    // Give the comparison the room a reader would: close the side bar, leave the pointer off the tabs.
    await runCommand(page, 'View: Close Primary Side Bar').catch(() => page.keyboard.press('Escape'));
    await page.locator('.tab', { hasText: 'Compare' }).first().click().catch(() => {});
    await runCommand(page, 'Maximize Editor Group').catch(() => page.keyboard.press('Escape'));
    await page.mouse.move(700, 890);
    await new Promise((r) => setTimeout(r, 1500));
    shots.push(await screenshot(page, 'compare.png'));
    return `webview names ${webview.named.join(', ')}; ${shots.at(-1) ?? 'no screenshot'}`;
  });
  // Compare coverage in both layouts, the Coverage view and a lens, in a light and a dark theme.
  const compareFrame = async () => eventually('the Compare Coverage webview', async () => {
    for (const frame of page.frames()) {
      try {
        if ((await frame.locator('button[data-mode="matrix"]').count()) > 0) return frame;
      } catch {
        /* frame not ready */
      }
    }
    return undefined;
  }, 30000, 500);
  // The theme picker, clicked row by row: Enter could pick "Browse Color Themes in Marketplace",
  // which is offline here.
  const setTheme = async (theme, workbenchClass) => {
    if ((await page.locator(`.monaco-workbench.${workbenchClass}`).count()) > 0) return;
    await page.locator('.tab', { hasText: 'Compare' }).first().click().catch(() => {});
    await new Promise((r) => setTimeout(r, 500));
    const input = await typeInPalette(page, '>Preferences: Color Theme');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Preferences: Color Theme', hasNotText: 'Marketplace' }).first().click();
    await input.fill(theme);
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: theme, hasNotText: 'Contrast' }).first().click();
    await page.locator(`.monaco-workbench.${workbenchClass}`).waitFor({ timeout: 20000 });
    await new Promise((r) => setTimeout(r, 1500));
  };
  /** Shows the Compare panel in `mode` ('article' or 'matrix') by clicking the switch in the page. */
  const showLayout = async (mode, roomy = false) => {
    if (roomy) {
      // After the Coverage view step the panel shares the window again: give it the room back.
      await runCommand(page, 'View: Close Primary Side Bar').catch(() => page.keyboard.press('Escape'));
      await page.locator('.tab', { hasText: 'Compare' }).first().click().catch(() => {});
      await runCommand(page, 'Maximize Editor Group').catch(() => page.keyboard.press('Escape'));
    }
    await page.locator('.tab', { hasText: 'Compare' }).first().click().catch(() => {});
    const frame = await compareFrame();
    await frame.locator(`button[data-mode="${mode}"]`).click();
    await eventually(`the ${mode} layout`, async () => (await frame.locator(`table[data-layout="${mode}"]`).count()) > 0, 15000, 300);
    await page.mouse.move(700, 890);
    await new Promise((r) => setTimeout(r, 800));
    return frame;
  };
  /** The article with its lenses, the Coverage view beside it; returns the first lens's text. */
  const showCoverageAndLens = async (suffix) => {
    await runCommand(page, 'Focus on Coverage View');
    await page.locator('.pane-header', { hasText: 'Coverage' }).first().waitFor({ timeout: 15000 });
    // Open the article from the Coverage view, as a reader would.
    await page.locator('.monaco-list-row .label-name', { hasText: lead.replace(/\.txt$/, '') }).first().click();
    await page.locator('.tab.active', { hasText: lead }).waitFor({ timeout: 15000 });
    const lens = page.locator('.monaco-editor .codelens-decoration:visible', { hasText: /of \d+ outlets/ }).first();
    await lens.waitFor({ timeout: 60000 });
    await page.locator('.monaco-list-row', { hasText: 'Findings' }).first().waitFor({ timeout: 30000 });
    await page.mouse.move(700, 890);
    await new Promise((r) => setTimeout(r, 1000));
    shots.push(await screenshot(page, `coverage-view${suffix}.png`));
    const box = await lens.boundingBox();
    if (box) {
      const file = join(SCREENSHOTS_DIR, `lens${suffix}.png`);
      const clip = { x: Math.max(0, box.x - 40), y: Math.max(0, box.y - 30), width: 900, height: 170 };
      await page.screenshot({ path: file, clip }).then(() => shots.push(file), () => undefined);
    }
    return (await lens.innerText()).replace(/\s+/g, ' ');
  };

  for (const [theme, workbenchClass, suffix] of [['Light Modern', 'vs', ''], ['Dark Modern', 'vs-dark', '-dark']]) {
    await check(`${theme}: Compare Coverage as a matrix of claims and quotes × outlets`, async () => {
      await setTheme(theme, workbenchClass);
      const frame = await showLayout('matrix', suffix !== '');
      shots.push(await screenshot(page, `compare-matrix${suffix}.png`));
      const foot = (await frame.locator('table[data-layout="matrix"] tfoot').innerText()).replace(/\s+/g, ' ');
      if (!/Leaves (out \d+|nothing out)/.test(foot)) throw new Error(`the matrix does not count what each outlet left out: ${foot}`);
      return `${foot.slice(0, 100)}…; ${shots.at(-1) ?? 'no screenshot'}`;
    });
    await check(`${theme}: Compare Coverage side by side`, async () => {
      const frame = await showLayout('article');
      shots.push(await screenshot(page, `compare-side-by-side${suffix}.png`));
      const labels = await frame.locator('td .status-label').allInnerTexts();
      if (!labels.some((label) => /differs|contradicts/i.test(label))) throw new Error('no cell marks a difference');
      return `${labels.length} cells; ${shots.at(-1) ?? 'no screenshot'}`;
    });
    await check(`${theme}: the Coverage view and a coverage lens`, async () => {
      const lens = await showCoverageAndLens(suffix);
      return `lens "${lens}"; ${shots.at(-1) ?? 'no screenshot'}`;
    });
  }
  return { results, shots };
}

async function main() {
  const started = Date.now();
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const vsix = join(ROOT, `crosscheck-${version}.vsix`);
  if (!args.includes('--skip-package') || !existsSync(vsix)) {
    log('packaging the extension (npm run package) and compiling (tsc -p .)');
    await runStep('npm', ['run', 'package', '--silent']);
    await runStep(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
  }
  if (!existsSync(vsix)) throw new Error(`npm run package did not produce ${vsix}`);

  const host = await ensureHost();
  clearScreenshots(/^(hover|compare|failure-.*)\.png$/);
  const scratch = mkdtempSync(join(tmpdir(), 'crosscheck-e2e-'));
  const workspace = join(scratch, 'workspace');
  const seedsDir = join(workspace, 'seeds');
  cpSync(join(ROOT, 'seeds'), seedsDir, { recursive: true });
  const dirs = ['--user-data-dir', join(scratch, 'user-data'), '--extensions-dir', join(scratch, 'extensions')];
  writeUserSettings(join(scratch, 'user-data'));
  const env = { ...process.env, PATH: `${join(host.nodeDir, 'bin')}:${process.env.PATH}` };

  log(`installing ${vsix.slice(ROOT.length + 1)} with code-server --install-extension`);
  await runStep(host.node, [host.codeServerEntry, ...dirs, '--install-extension', vsix], { env });

  const port = await freePort();
  const serverLog = join(RESULTS_DIR, 'e2e', 'code-server.log');
  const server = startProcess(
    host.node,
    [host.codeServerEntry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ...dirs, workspace],
    { logFile: serverLog, env, label: 'code-server', echo: args.includes('--echo-server-log') },
  );
  let browser;
  const cleanup = async () => {
    await browser?.close().catch(() => {});
    await stopProcess(server);
    if (args.includes('--keep')) log(`kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  };
  onInterrupt(cleanup);

  let page;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, { child: server, timeoutMs: 120000 });
    log(`code-server up on 127.0.0.1:${port} (pid ${server.pid}, log ${serverLog})`);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => console.error(`[workbench] page error: ${error.message}`));
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
    let timer;
    const { results, shots } = await Promise.race([
      scenario(page, url, seedsDir),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the scenario took longer than ${TIMEOUT_MS / 60000} min`)), TIMEOUT_MS))),
    ]).finally(() => clearTimeout(timer));
    const failed = results.filter((result) => !result.ok).length;
    // The same summary lines as mocha's spec reporter, which scripts/test.mjs adds up.
    console.log(`\n  ${results.length - failed} passing`);
    if (failed > 0) console.log(`  ${failed} failing`);
    if (args.includes('--update-docs') && failed === 0) {
      const images = join(ROOT, 'docs', 'images');
      mkdirSync(images, { recursive: true });
      for (const shot of shots.filter(Boolean)) copyFileSync(shot, join(images, shot.slice(SCREENSHOTS_DIR.length + 1)));
      log(`copied ${shots.filter(Boolean).length} screenshots to docs/images/`);
    }
    log(`${failed === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)}s (code-server log: ${serverLog})`);
    return failed === 0 ? 0 : 1;
  } catch (error) {
    const shot = page ? await screenshot(page, 'failure-e2e.png') : undefined;
    console.error(`[test:e2e] FAILED: ${error.message}${shot ? `\n  screenshot: ${shot}` : ''}\n  code-server log: ${serverLog}`);
    return 1;
  } finally {
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[test:e2e] ${error instanceof UserFacingError ? error.message : error.stack ?? error.message}`);
    process.exit(1);
  },
);

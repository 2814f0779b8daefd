// Benchmark (not a test): a first visit on a slow line, the service worker's precache included,
// and what an update costs on that line. The built app in dist/ is served brotli-compressed
// through a throttled server (tests/e2e/server.mjs `slowLine`: 400 kbit/s shared by every
// request, 400 ms before each answer) and the page's CPU is slowed ÷4 (CDP
// `Emulation.setCPUThrottlingRate`). DevTools' network throttling does not reach a service
// worker, so bench-app.mjs's slow profile lets the precache download at full speed; here the
// precache shares the page's line.
//
//   node tests/e2e/bench-link.mjs [RUNS]      (RUNS first visits per case, default 3)
//
// Figures, per first visit (median of RUNS):
// - first contentful paint (PerformanceObserver `paint`);
// - app usable: the app's (not the shell's) МСОКО card start button is on screen and enabled;
// - layout shift: the sum of `layout-shift` entries from the start until the offline copy is
//   complete (the app's takeover of the shell included);
// - offline copy complete: the service worker is active and its cache holds every file of
//   the build's precache list;
// - the same visit with service workers blocked, to show the precache does not delay it;
// - an update where one file changed (en.json): the bytes a service worker that fetched every
//   eager file again would download, against the bytes this one downloaded (per-file digests).
// Prints `BENCH<TAB>group<TAB>measure<TAB>value<TAB>unit<TAB>target` lines for `cargo xtask bench`.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';
import { measure } from '../size.mjs';
import { CHROMIUM } from './browser.mjs';
import { slowLine, startServer } from './server.mjs';

const RUNS = Math.max(1, Number(process.argv[2] ?? 3));
const DIST = process.env.DIST ?? 'dist';
const LINE = { latency: 400, bytesPerSecond: 400_000 / 8 };
const CPU = 4;
const USABLE = 'Начать: Самооценка МСОКО';
// The page's instruments, installed before any of its scripts.
function instrument(usable) {
  const b = (window.__link = { paint: null, usable: null, shifts: 0, shiftList: [], drawn: null });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') b.paint = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.hadRecentInput) continue;
      b.shifts += e.value;
      b.shiftList.push({ at: Math.round(e.startTime), value: e.value });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const seen = () => {
    if (b.drawn === null && document.body && !document.querySelector('.boot') && document.querySelector('main#main')) b.drawn = performance.now();
    if (b.usable !== null) return;
    const button = [...document.querySelectorAll('button[aria-label]')].find(
      (x) => x.getAttribute('aria-label').startsWith(usable) && !x.disabled && !x.closest('.boot'),
    );
    if (button) b.usable = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true });
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function record(group, what, value, unit, target = '') {
  const shown = unit === 'KB' ? value.toFixed(1) : unit === '' ? value.toFixed(4) : Math.round(value);
  console.log(['BENCH', group, what, shown, unit, target].join('\t'));
}

/** The build's precache list (`FILES` in its sw.js). */
async function precacheList(dir) {
  const sw = await readFile(join(dir, 'sw.js'), 'utf8');
  return JSON.parse(sw.match(/const FILES = (\[[^\]]*\]);/)[1]);
}

/** Waits until the page's service worker is active with every file of `files` in its cache. */
const untilPrecached = (page, files) =>
  page.evaluate(async (files) => {
    await navigator.serviceWorker.ready;
    for (;;) {
      const names = (await caches.keys()).filter((n) => n.startsWith('otsenka-'));
      for (const name of names) {
        const cache = await caches.open(name);
        const have = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
        if (files.every((f) => have.has(f))) return performance.now();
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }, files);

/** One first visit on the slow line: the page's clocks. */
async function firstVisit(browser, url, files, serviceWorkers) {
  const context = await browser.newContext({ locale: 'ru-RU', serviceWorkers });
  await context.addInitScript(instrument, USABLE);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__link?.usable !== null, null, { timeout: 120_000, polling: 50 });
  const precached = serviceWorkers === 'allow' ? await untilPrecached(page, files) : null;
  if (serviceWorkers !== 'allow') await page.waitForTimeout(2000);
  const clocks = await page.evaluate(() => ({ ...window.__link }));
  await context.close();
  return { ...clocks, precached };
}

const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length;
// As server.mjs serves them: text and wasm brotli-compressed, images as they are.
const COMPRESSED = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.json', '.webmanifest', '.svg', '.csv']);
const servedSize = async (dir, path) => {
  const bytes = await readFile(join(dir, path === '/' ? 'index.html' : path));
  return COMPRESSED.has(extname(path === '/' ? '/index.html' : path)) ? brotli(bytes) : bytes.length;
};

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const work = await mkdtemp(join(tmpdir(), 'otsenka-bench-link-'));
try {
  const size = measure(DIST).reduce((t, r) => t + r.brotli, 0);
  record('slow link', 'first view, brotli (html, js, wasm, css, templates/index.json)', size / 1024, 'KB', 200);
  const shell = await readFile(join(DIST, 'index.html'), 'utf8');
  record('slow link', 'index.html with the app shell and template cards, brotli', brotli(Buffer.from(shell)) / 1024, 'KB');

  const files = await precacheList(DIST);
  const line = slowLine(LINE);
  const served = [];
  const server = await startServer(DIST, 0, '127.0.0.1', { compress: true, served, line });
  try {
    // Every file compressed once at full speed before any clock runs.
    line.on = false;
    for (const file of await readdir(DIST, { recursive: true })) {
      await fetch(`${server.url}/${file}`, { headers: { 'accept-encoding': 'br, gzip' } }).then((r) => r.arrayBuffer());
    }
    line.on = true;
    const withSw = [];
    const without = [];
    for (let run = 0; run < RUNS; run++) {
      served.length = 0;
      const v = await firstVisit(browser, `${server.url}/`, files, 'allow');
      v.bytes = served.reduce((t, s) => t + s.bytes, 0);
      withSw.push(v);
      console.log(`run ${run + 1}: FCP ${Math.round(v.paint)} ms, app drawn ${Math.round(v.drawn)} ms, usable ${Math.round(v.usable)} ms, layout shift ${v.shifts.toFixed(4)}${v.shiftList.length ? ` (${JSON.stringify(v.shiftList)})` : ''}, offline copy ${Math.round(v.precached)} ms, ${(v.bytes / 1024).toFixed(0)} KB`);
      without.push(await firstVisit(browser, `${server.url}/`, files, 'block'));
    }
    const of = (list, key) => median(list.map((v) => v[key]));
    const g = 'slow link';
    const profile = '400 kbit/s, 400 ms, CPU ÷4, service worker throttled too';
    record(g, `first visit (${profile}): first contentful paint`, of(withSw, 'paint'), 'ms', 1500);
    record(g, 'first visit: the app has drawn its page (shell replaced)', of(withSw, 'drawn'), 'ms');
    record(g, 'first visit: app usable (МСОКО start button)', of(withSw, 'usable'), 'ms');
    record(g, 'first visit: cumulative layout shift (until the offline copy is complete)', of(withSw, 'shifts'), '', 0.1);
    record(g, `first visit: offline copy complete (${files.length} files)`, of(withSw, 'precached'), 'ms');
    record(g, 'first visit: downloaded, page and offline copy', of(withSw, 'bytes') / 1024, 'KB');
    record(g, 'first visit, service workers blocked: first contentful paint', of(without, 'paint'), 'ms');
    record(g, 'first visit, service workers blocked: app usable', of(without, 'usable'), 'ms');
  } finally {
    await server.close();
  }

  // An update with one file changed: v1 is the build, v2 the same with en.json changed and its
  // precache list made again by tools/precache.mjs.
  const v1 = join(work, 'v1');
  const v2 = join(work, 'v2');
  await cp(DIST, v1, { recursive: true });
  await cp(DIST, v2, { recursive: true });
  const en = await readFile(join(v2, 'en.json'));
  await writeFile(join(v2, 'en.json'), Buffer.concat([en, Buffer.from('\n')]));
  execFileSync('node', [new URL('../../tools/precache.mjs', import.meta.url).pathname], { env: { ...process.env, TRUNK_STAGING_DIR: v2 }, stdio: 'inherit' });
  const newFiles = await precacheList(v2);
  let everything = await servedSize(v2, '/sw.js');
  for (const f of newFiles) everything += await servedSize(v2, f);

  const updates = [];
  const server2 = await startServer(v1, 0, '127.0.0.1', { compress: true, served: updates, line });
  try {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${server2.url}/`);
    await untilPrecached(page, files);
    await page.evaluate(async () => {
      while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    });
    server2.serve(v2);
    updates.length = 0;
    const started = Date.now();
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.update();
      for (let i = 0; !reg.waiting; i++) {
        if (i > 3000) throw new Error('the new version was never installed');
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    const took = Date.now() - started;
    const after = updates.reduce((t, s) => t + s.bytes, 0);
    console.log(`update: ${updates.map((s) => `${s.path} ${s.bytes} B`).join(', ')}`);
    record('slow link', `update, one file changed: a service worker that fetches every eager file again (${newFiles.length + 1} files)`, everything / 1024, 'KB');
    record('slow link', `update, one file changed: downloaded with per-file digests (${updates.length} files)`, after / 1024, 'KB');
    record('slow link', 'update, one file changed: new version installed on the slow line', took, 'ms');
    await context.close();
  } finally {
    await server2.close();
  }
} finally {
  await browser.close();
  await rm(work, { recursive: true, force: true });
}

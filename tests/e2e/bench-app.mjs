// Benchmark (not a test): the school's app in headless Chromium through the DevTools protocol —
// load time, click-to-next-frame latency, autosave commit latency and memory — on the slow
// profile of issue 9 (400 kbit/s, 400 ms round trip, CPU ÷4) and unthrottled. The built app in
// dist/ is served compressed, as a static host set up for production serves it (brotli).
//
//   node tests/e2e/bench-app.mjs [RUNS]      (RUNS load runs per case, default 7)
//
// Prints a table and, for `cargo xtask bench`, one line per figure:
// `BENCH<TAB>group<TAB>measure<TAB>value<TAB>unit<TAB>target` (target empty when there is none).
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './browser.mjs';
import { startServer } from './server.mjs';

const RUNS = Math.max(1, Number(process.argv[2] ?? 7));
const PROFILES = {
  unthrottled: null,
  slow: { latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8, cpu: 4 },
};
const START_MSOKO = 'Начать: Самооценка МСОКО';

// Installed before any page script: the clocks a person's experience is measured by.
// - `start`: when the МСОКО card's start button is on screen (the app is usable), and it is then
//   pressed at once, as by a person who was waiting for it (so no driver round trip is timed);
// - `question`: when the first answer (a radio button) of the first criterion is on screen;
// - `latencies`: for each click on an answer, from the click event to the frame after the page
//   handled it (a requestAnimationFrame callback, then a task after that frame's paint);
// - `commits`: completion times of the IndexedDB read-write transactions on `assessments`;
// - the app's WebAssembly memory, from Trunk's start event.
function instrument(startLabel) {
  const b = (window.__bench = { start: null, question: null, paint: null, latencies: [], clicks: [], commits: [], memory: null });
  // First contentful paint: when the person first sees anything at all.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') b.paint = e.startTime;
  }).observe({ type: 'paint', buffered: true });
  addEventListener('TrunkApplicationStarted', (e) => (b.memory = e.detail?.wasm?.memory ?? null));
  const seen = () => {
    if (b.start === null && startLabel) {
      const button = [...document.querySelectorAll('button')].find((x) => (x.getAttribute('aria-label') ?? x.textContent).startsWith(startLabel));
      if (button && !button.disabled) {
        b.start = performance.now();
        button.click();
      }
    }
    if (b.question === null && document.querySelector('fieldset input[type=radio]')) b.question = performance.now();
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true, attributes: true });
  let pending = false;
  addEventListener(
    'click',
    (e) => {
      const radio = e.target instanceof HTMLInputElement && e.target.type === 'radio';
      if (!radio || pending) return;
      pending = true;
      const t0 = e.timeStamp;
      b.clicks.push(t0);
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          b.latencies.push(performance.now() - t0);
          pending = false;
        };
        channel.port2.postMessage(null);
      });
    },
    true,
  );
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
    const tx = transaction.call(this, stores, mode, ...rest);
    if (mode === 'readwrite' && [].concat(stores).includes('assessments')) tx.addEventListener('complete', () => b.commits.push(performance.now()));
    return tx;
  };
}

async function throttle(cdp, profile) {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: profile?.latency ?? 0,
    downloadThroughput: profile?.downloadThroughput ?? -1,
    uploadThroughput: profile?.uploadThroughput ?? -1,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: profile?.cpu ?? 1 });
}

/** Opens `path` in a new page of `context` under `profile`; resolves with the page's clocks. */
async function open(context, url, profile, startLabel) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await throttle(cdp, profile);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__bench?.question !== null, null, { timeout: 120_000, polling: 20 });
  const clocks = await page.evaluate(() => ({ start: window.__bench.start, question: window.__bench.question, paint: window.__bench.paint }));
  return { page, cdp, clocks };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

const figures = [];
function record(group, measure, value, unit, target = null) {
  figures.push({ group, measure, value, unit, target });
  console.log(['BENCH', group, measure, Math.round(value * 100) / 100, unit, target ?? ''].join('\t'));
}

/** Time to the first question, first visit (empty browser) and repeat visit (service worker). */
async function loads(browser, server, name, profile) {
  const cases = { first: { paint: [], start: [], question: [] }, repeat: { start: [], question: [] }, resume: { question: [] } };
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ locale: 'ru-RU', serviceWorkers: 'allow' });
    await context.addInitScript(instrument, START_MSOKO);
    const first = await open(context, `${server.url}/`, profile, START_MSOKO);
    cases.first.paint.push(first.clocks.paint ?? NaN);
    cases.first.start.push(first.clocks.start);
    cases.first.question.push(first.clocks.question);
    await first.page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
    const resumeUrl = first.page.url();
    // The service worker has cached the app when it controls a page; wait for that first.
    await first.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    });
    await first.page.close();
    const repeat = await open(context, `${server.url}/`, profile, START_MSOKO);
    cases.repeat.start.push(repeat.clocks.start);
    cases.repeat.question.push(repeat.clocks.question);
    await repeat.page.close();
    const resume = await open(context, resumeUrl, profile, null);
    cases.resume.question.push(resume.clocks.question);
    await context.close();
  }
  const target = name === 'slow' ? 3500 : null;
  record('load', `${name}: first visit, first contentful paint`, median(cases.first.paint), 'ms');
  record('load', `${name}: first visit, app usable (start button)`, median(cases.first.start), 'ms');
  record('load', `${name}: first visit, first question of a new МСОКО assessment`, median(cases.first.question), 'ms', target);
  record('load', `${name}: repeat visit (service worker), app usable`, median(cases.repeat.start), 'ms');
  record('load', `${name}: repeat visit, first question of a new assessment`, median(cases.repeat.question), 'ms', target);
  record('load', `${name}: repeat visit, an assessment in progress reopened`, median(cases.resume.question), 'ms', target);
}

/** A template of `sections` × `per` да/частично/нет criteria (no evidence, no comment). */
function bigTemplate(sections, per) {
  return {
    format: 1,
    id: `bench-${sections * per}`,
    version: '1',
    title: { ru: `Проверка на ${sections * per} критериев`, en: `A ${sections * per}-criterion check` },
    scales: { ynp: [{ value: 'yes', label: { ru: 'да', en: 'yes' }, points: 2 }, { value: 'partly', label: { ru: 'частично', en: 'partly' }, points: 1 }, { value: 'no', label: { ru: 'нет', en: 'no' }, points: 0 }] },
    sections: Array.from({ length: sections }, (_, s) => ({
      id: `${s + 1}`,
      title: { ru: `Раздел ${s + 1}`, en: `Section ${s + 1}` },
      items: Array.from({ length: per }, (_, i) => ({
        id: `${s + 1}.${i + 1}`,
        label: { ru: `Критерий ${s + 1}.${i + 1}: условие выполнено и закреплено в документах школы`, en: `Criterion ${s + 1}.${i + 1}` },
        kind: 'choice',
        scale: 'ynp',
      })),
    })),
  };
}

/** Answers every criterion «да» by clicking, section by section with «Следующее направление →». */
async function answerAll(page) {
  const clicks = [];
  for (;;) {
    const radios = page.locator('section.section fieldset').filter({ has: page.getByRole('radio') });
    const n = await radios.count();
    for (let i = 0; i < n; i++) {
      const before = await page.evaluate(() => window.__bench.commits.length);
      await radios.nth(i).getByRole('radio', { name: 'да', exact: true }).click();
      // The next answer only once this one is stored (a person is slower than that).
      await page.waitForFunction((n) => window.__bench.commits.length > n, before, { timeout: 10_000, polling: 5 });
      clicks.push(1);
    }
    const next = page.getByRole('button', { name: /^Следующее направление/ });
    if (await next.isDisabled()) break;
    await next.click();
    await page.locator('#section-h:focus, #section-h').first().waitFor();
    await page.waitForTimeout(30);
  }
  const b = await page.evaluate(() => ({ latencies: window.__bench.latencies, clicks: window.__bench.clicks, commits: window.__bench.commits }));
  // Each click's commit: the first commit after it.
  const commits = b.clicks.map((t0) => (b.commits.find((c) => c > t0) ?? NaN) - t0).filter((x) => !Number.isNaN(x));
  return { count: clicks.length, latencies: b.latencies, commits };
}

async function filling(browser, server, name, profile, template) {
  const context = await browser.newContext({ locale: 'ru-RU' });
  await context.addInitScript(instrument, null);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  let label = START_MSOKO;
  if (template) {
    await page.getByLabel('Загрузить шаблон из файла (JSON или таблица CSV)').setInputFiles({
      name: `${template.id}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(template)),
    });
    label = `Начать: ${template.title.ru}`;
  }
  await page.getByRole('button', { name: new RegExp(`^${label}`) }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await page.locator('fieldset input[type=radio]').first().waitFor();
  const cdp = await context.newCDPSession(page);
  await throttle(cdp, profile ? { cpu: profile.cpu } : null);
  const r = await answerAll(page);
  const what = template ? `${r.count}-item template` : `МСОКО, ${r.count} items`;
  const slow = name === 'slow';
  record('interaction', `${name}: click → next frame, ${what}, median`, median(r.latencies), 'ms');
  record('interaction', `${name}: click → next frame, ${what}, p95`, quantile(r.latencies, 0.95), 'ms', slow ? 40 : 16);
  record('autosave', `${name}: click → committed to IndexedDB, ${what}, median`, median(r.commits), 'ms');
  record('autosave', `${name}: click → committed to IndexedDB, ${what}, p95`, quantile(r.commits, 0.95), 'ms', 100);
  await context.close();
  return r;
}

/**
 * JS heap (after a GC) and WebAssembly memory after answering all 72 МСОКО criteria. The page
 * is driven from inside (DOM clicks on the answers and on «Следующее направление», each answer
 * stored before the next), so that Playwright's injected selector engine — about 0.7 MiB of
 * JS heap of its own — is not counted as the app's.
 */
async function memory(browser, server) {
  const context = await browser.newContext({ locale: 'ru-RU' });
  await context.addInitScript(instrument, START_MSOKO);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  const answered = await page.evaluate(async () => {
    const until = async (ok) => {
      for (let i = 0; i < 4000 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
    };
    await until(() => window.__bench?.question !== null);
    let count = 0;
    for (;;) {
      for (const set of document.querySelectorAll('section.section fieldset')) {
        const radio = set.querySelector('input[type=radio]');
        if (!radio) continue;
        const before = window.__bench.commits.length;
        radio.click();
        await until(() => window.__bench.commits.length > before);
        count++;
      }
      const next = [...document.querySelectorAll('button')].find((b) => b.textContent.startsWith('Следующее направление'));
      if (!next || next.disabled) return count;
      const heading = document.getElementById('section-h')?.textContent;
      next.click();
      await until(() => document.getElementById('section-h')?.textContent !== heading);
    }
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => window.__bench.memory?.buffer.byteLength ?? NaN);
  record('memory', `JS heap after answering МСОКО (${answered} answers; after GC)`, heap.usedSize / 1048576, 'MiB');
  record('memory', 'WebAssembly memory after answering МСОКО', wasm / 1048576, 'MiB');
  record('memory', 'JS heap + WebAssembly memory', (heap.usedSize + wasm) / 1048576, 'MiB', 3.4);
  await context.close();
}

/**
 * What a new deployment costs a school that has the offline copy: the bytes (brotli, as served)
 * its service worker downloads when one file of the build changed (the English texts), against
 * the whole offline copy, which is what every update cost before the precache was revisioned.
 */
async function update(browser) {
  const dir = await mkdtemp(join(tmpdir(), 'otsenka-bench-deploy-'));
  await cp(process.env.DIST ?? 'dist', dir, { recursive: true });
  const served = [];
  const own = await startServer(dir, 0, '127.0.0.1', { compress: true, served });
  try {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${own.url}/`);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 50));
    });
    const sum = (list) => list.reduce((t, s) => t + s.bytes, 0);
    const first = { bytes: sum(served), files: served.length };
    const sha = (b) => createHash('sha256').update(b).digest('hex');
    const en = await readFile(join(dir, 'en.json'));
    const changed = Buffer.concat([en, Buffer.from('\n')]);
    await writeFile(join(dir, 'en.json'), changed);
    const sw = await readFile(join(dir, 'sw.js'), 'utf8');
    await writeFile(
      join(dir, 'sw.js'),
      sw.replace(/const VERSION = "[0-9a-f]{16}"/, 'const VERSION = "1111111111111111"').replace(`"/en.json":"${sha(en)}"`, `"/en.json":"${sha(changed)}"`),
    );
    served.length = 0;
    await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      await reg.update();
      while (!reg.waiting) await new Promise((r) => setTimeout(r, 50));
    });
    record('update', `first visit: page and offline copy downloaded (${first.files} files)`, first.bytes / 1024, 'KB');
    record('update', `a new deployment with one file changed: downloaded (${served.length} files)`, sum(served) / 1024, 'KB');
    await context.close();
  } finally {
    await own.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const server = await startServer(process.env.DIST ?? 'dist', 0, '127.0.0.1', { compress: true });
// Every file compressed once before any clock runs (brotli at quality 11 takes a while).
for (const file of await readdir(process.env.DIST ?? 'dist', { recursive: true })) {
  await fetch(`${server.url}/${file}`, { headers: { 'accept-encoding': 'br, gzip' } }).then((r) => r.arrayBuffer());
}
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update'] });
try {
  // BENCH_ONLY=memory (or load, interaction) runs one part, for a quick look.
  const only = process.env.BENCH_ONLY;
  if (!only || only === 'load') for (const [name, profile] of Object.entries(PROFILES)) await loads(browser, server, name, profile);
  if (!only || only === 'memory') await memory(browser, server);
  if (!only || only === 'update') await update(browser);
  const big = bigTemplate(10, 30);
  const ratio = {};
  for (const [name, profile] of only && only !== 'interaction' ? [] : Object.entries(PROFILES)) {
    const small = await filling(browser, server, name, profile, null);
    const large = await filling(browser, server, name, profile, big);
    ratio[name] = quantile(large.latencies, 0.95) / quantile(small.latencies, 0.95);
    record('interaction', `${name}: p95 latency, 300 items ÷ 72 items`, ratio[name], '×', 1.5);
  }
} finally {
  await browser.close();
  await server.close();
}

console.log('\n| group | measure | figure | target |\n|---|---|---:|---:|');
for (const f of figures) {
  const value = f.unit === '×' ? f.value.toFixed(2) : f.unit === 'MiB' || f.unit === 'KB' ? f.value.toFixed(1) : Math.round(f.value);
  console.log(`| ${f.group} | ${f.measure} | ${value} ${f.unit} | ${f.target === null ? '' : `≤ ${f.target} ${f.unit}`} |`);
}

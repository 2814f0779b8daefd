// The first document on a slow line: index.html itself carries the app shell — the header, the
// home page's title and its template cards from templates/index.json (tools/shell.mjs, in the
// post-build hook) — marked as loading; the app then takes the page over in place: the shell is
// gone, nothing moved (cumulative layout shift < 0.1, the cards where the shell had them).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, readable } from './browser.mjs';
import { slowLine, startServer } from './server.mjs';

const DIST = process.env.DIST ?? 'dist';
const INDEX = JSON.parse(await readFile(join(DIST, 'templates/index.json'), 'utf8'));
const TITLES = INDEX.map((c) => c.title.ru);

let browser;
let server;
before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  // A line slow enough that the shell is painted before the app arrives.
  server = await startServer(DIST, 0, '127.0.0.1', { compress: true, line: slowLine({ latency: 60, bytesPerSecond: 400_000 }) });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Where the home page's parts are on screen: the header, the title and each card. */
const boxes = (page, scope) =>
  page.evaluate((scope) => {
    const root = document.querySelector(scope);
    const box = (el) => {
      const r = el.getBoundingClientRect();
      return [r.x, r.y, r.width, r.height].map((n) => Math.round(n));
    };
    return {
      header: box(root.querySelector('header')),
      h1: box(root.querySelector('h1')),
      cards: [...root.querySelectorAll('.cards > li')].map(box),
    };
  }, scope);

test('the served index.html shows the home page and its template cards before any script runs, marked as loading', async () => {
  const html = await (await fetch(`${server.url}/`)).text();
  // Each title as text of the document (HTML-escaped as the document has it).
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  for (const title of TITLES) assert.ok(html.includes(`<h3>${esc(title)}</h3>`), `index.html lacks the card «${title}»`);

  const context = await browser.newContext({ locale: 'ru-RU', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  const busy = page.locator('.boot main[aria-busy="true"]');
  await busy.getByRole('heading', { level: 1, name: 'Самооценка качества образования' }).waitFor();
  assert.deepEqual((await busy.getByRole('heading', { level: 3 }).allTextContents()).map(readable), TITLES);
  // One «Начать» per card, disabled, and none named as the app's «Начать: …» (found only once
  // the app is in place).
  const starts = busy.getByRole('button', { name: 'Начать', exact: true });
  assert.equal(await starts.count(), TITLES.length);
  for (const start of await starts.all()) assert.equal(await start.isDisabled(), true, 'a shell «Начать» is not disabled');
  assert.equal(await page.getByRole('button', { name: /^Начать: / }).count(), 0);
  // «Загрузка…» is on screen, however long the page.
  const status = page.locator('.boot').getByRole('status');
  assert.equal(readable(await status.textContent()), 'Загрузка…');
  assert.equal(await status.isVisible(), true);
  assert.equal(await page.evaluate(() => document.querySelector('.boot [role=status]').getBoundingClientRect().bottom <= innerHeight), true);
  await context.close();
});

test('the app takes the shell over in place: no shell left, no layout shift, the cards where the shell had them', async () => {
  const viewport = { width: 1280, height: 800 };
  // Where the shell has the parts (no scripts: the shell as painted).
  const still = await browser.newContext({ locale: 'ru-RU', javaScriptEnabled: false, viewport });
  const shellPage = await still.newPage();
  await shellPage.goto(`${server.url}/`);
  // Without scripts the page also shows its <noscript> line, which a real first paint does not.
  await shellPage.evaluate(() => document.querySelector('noscript')?.remove());
  const shell = await boxes(shellPage, '.boot');
  await still.close();

  const context = await browser.newContext({ locale: 'ru-RU', viewport });
  await context.addInitScript(() => {
    const b = (window.__paint = { fcp: null, shifts: [] });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (e.name === 'first-contentful-paint') b.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (!e.hadRecentInput) b.shifts.push(e.value);
    }).observe({ type: 'layout-shift', buffered: true });
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(`${server.url}/`, { waitUntil: 'commit' });
  await page.getByRole('button', { name: /^Начать: Самооценка МСОКО/ }).and(page.locator(':enabled')).waitFor({ timeout: 60_000 });
  const drawn = await page.evaluate(() => performance.now());
  await page.waitForTimeout(1500);
  assert.equal(await page.locator('.boot').count(), 0, 'the shell is still in the document');
  const { fcp, shifts } = await page.evaluate(() => window.__paint);
  assert.ok(fcp !== null && fcp < drawn, `the shell was not painted before the app (first paint ${fcp}, app ${drawn})`);
  const cls = shifts.reduce((a, b) => a + b, 0);
  assert.ok(cls < 0.1, `cumulative layout shift ${cls} (${shifts.join(', ')})`);
  const app = await boxes(page, 'body');
  assert.deepEqual(app.h1, shell.h1, 'the title moved when the app took over');
  assert.deepEqual(app.header, shell.header, 'the header changed when the app took over');
  assert.deepEqual(app.cards.slice(0, shell.cards.length), shell.cards, 'a card moved or changed size when the app took over');
  await context.close();
});

test('another page than the home page shows the header and «Загрузка…» in the shell, not the home cards', async () => {
  const context = await browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  // The app never arrives: what is on screen is the shell alone.
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(`${server.url}/a/some-assessment`);
  await page.locator('.boot').getByRole('status').filter({ hasText: 'Загрузка…' }).waitFor();
  await page.locator('.boot').getByRole('link', { name: 'Реестр решений' }).waitFor();
  assert.equal(await page.locator('.boot .cards > li').count(), 0, 'no home cards on another page');
  assert.equal(await page.locator('.boot h1').count(), 0);
  // The home page, the same way, keeps its cards.
  await page.goto(`${server.url}/`);
  assert.equal(await page.locator('.boot .cards > li').count(), TITLES.length);
  await context.close();
});

test('the shell escapes what templates/index.json holds', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'otsenka-shell-'));
  try {
    await mkdir(join(dir, 'templates'));
    const hostile = '<img src=x onerror=alert(1)> & "quotes" \'too\'';
    await writeFile(join(dir, 'templates/index.json'), JSON.stringify([{ id: 'x', file: 'x.json', hash: 'h', version: '1<b>', items: 21, title: { ru: hostile, en: 'x' }, description: { ru: `</p>${hostile}`, en: 'x' } }]));
    await writeFile(join(dir, 'index.html'), '<body><div class=boot><main aria-busy=true data-shell=home></main></div></body>');
    execFileSync('node', [new URL('../../tools/shell.mjs', import.meta.url).pathname], { env: { ...process.env, TRUNK_STAGING_DIR: dir } });
    const html = await readFile(join(dir, 'index.html'), 'utf8');
    assert.ok(!html.includes('<img') && !html.includes('<b>'), html);
    assert.ok(html.includes('<p>&lt;/p&gt;&lt;img'), html);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot; &#39;too&#39;'), html);
    assert.ok(html.includes('21 пункт · версия 1&lt;b&gt;'), html);
    assert.ok(html.includes('<main aria-busy=true><h1>'), html);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

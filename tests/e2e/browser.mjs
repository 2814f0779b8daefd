// Shared set-up for the end-to-end tests: the built app on a local server and Debian's
// Chromium driven by playwright-core (which never downloads a browser of its own).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A second Chromium whose camera plays `video` (a Y4M file) in a loop: how a test shows QR codes
 * to the page's camera. Permission to use it is given without asking.
 */
export async function launchWithCamera(video) {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
}

export async function launch() {
  const server = await startServer(process.env.DIST ?? 'dist');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Opens the home page in a new page of `context` and starts the built-in МСОКО assessment (the
 * municipal self-assessment). */
export async function startMsoko(context, serverUrl) {
  const page = await context.newPage();
  await page.goto(`${serverUrl}/`);
  await page.getByRole('button', { name: /^Начать: Самооценка МСОКО/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  return page;
}

/** Opens the home page and starts the school's contribution to МСОКО (`msoko-school`). */
export async function startSchoolMsoko(context, serverUrl) {
  const page = await context.newPage();
  await page.goto(`${serverUrl}/`);
  await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  return page;
}

/** A phone as the phone tests hold it: 360×640, touch, Russian. */
export const PHONE = { viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'ru-RU' };

/**
 * Starts a workshop session on `page` (already at /workshop.html) as a facilitator types it:
 * `questions` are texts, or `[text, kind label]` for another kind than a list.
 */
export async function startSession(page, title, groups, questions) {
  await page.getByLabel('Название').fill(title);
  await page.getByLabel('Группы, по одной в строке').fill(groups.join('\n'));
  for (const [i, question] of questions.entries()) {
    const [text, kind] = [].concat(question);
    if (i > 0) await page.getByRole('button', { name: 'Добавить вопрос' }).click();
    await page.getByLabel(`Текст вопроса ${i + 1}`).fill(text);
    if (kind) await page.getByLabel(`Вид ${i + 1}`).selectOption({ label: kind });
  }
  await page.getByRole('button', { name: 'Начать семинар' }).click();
}

/**
 * How the app shows an id (`model::shown_number`): a number a document cites («1.1.2», «A.1»,
 * «Б»; ШНОР's «r11.1» as «11.1»), or `null` for a machine name («roadmap»), never shown.
 */
export function shownNumber(id) {
  const number = (s) => s.split('.').every((p) => /^\p{L}$/u.test(p) || /^\d{1,9}$/.test(p));
  if (/^[A-Za-z]\d/.test(id)) return number(id.slice(1)) ? id.slice(1) : null;
  return number(id) ? id : null;
}

const BUILT_IN = ['msoko', 'msoko-school', 'shnor', 'decisions', 'workshop'].map((name) =>
  JSON.parse(readFileSync(new URL(`../../crates/templates/data/${name}.json`, import.meta.url), 'utf8')));
const ru = (text) => (typeof text === 'string' ? text : text.ru);

/** The Russian text of the item, section or field `id` of the built-in templates. */
export function textOf(id) {
  const found = new Set();
  const walk = (sections) => {
    for (const s of sections ?? []) {
      if (s.id === id) found.add(ru(s.title));
      for (const i of s.items ?? []) if (i.id === id) found.add(ru(i.label));
      walk(s.sections);
    }
  };
  for (const t of BUILT_IN) {
    walk(t.sections);
    for (const f of t.respondent ?? []) if (f.id === id) found.add(ru(f.label));
  }
  assert.equal(found.size, 1, `the built-in templates name «${id}» ${found.size} ways: pass its text`);
  return [...found][0];
}

/**
 * The start of the accessible name of what has this id: its number and a space, or — for a
 * machine id — its text (given, or looked up in the built-ins) and a space or the end.
 */
export const named = (id, text) => {
  const number = shownNumber(id);
  if (number !== null) return new RegExp(`^${escapeRegExp(number)} `);
  return new RegExp(`^${escapeRegExp(text ?? textOf(id))}(?: |$)`);
};

/** The fieldset of criterion `id` (its legend starts with its number, or is its text). */
export const criterion = (page, id, text) => page.getByRole('group', { name: named(id, text) });

/** The answer `answer` of criterion `id`. */
export const radio = (page, id, answer) => criterion(page, id).getByRole('radio', { name: answer, exact: true });

/** The data cells of the row of `table` whose name matches, as a person reads them. */
export async function rowCells(table, name) {
  const row = table.getByRole('row', { name });
  await row.waitFor();
  return (await row.getByRole('cell').allTextContents()).map(readable);
}

/** Text as a person reads it: no-break spaces as spaces, runs of space collapsed. */
export const readable = (s) => (s ?? '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

export const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Picks `files` in the home page's «Восстановить из резервной копии или загрузить CSV» field
 * and returns what the page then says about them (waiting for a new sentence).
 */
export async function pickFiles(page, files) {
  const note = page.locator('#device-h ~ .note');
  const before = readable(await note.textContent());
  await page.getByLabel('Восстановить из резервной копии или загрузить CSV').setInputFiles(files);
  await page.waitForFunction(
    ([el, old]) => el.textContent.trim() !== '' && el.textContent.replace(/\s+/g, ' ').trim() !== old,
    [await note.elementHandle(), before],
    { timeout: 20000 },
  );
  return readable(await note.textContent());
}

/** A CSV cell's text: exports mark text a spreadsheet would change with one leading apostrophe. */
export const unmark = (s) => (s.startsWith("'") ? s.slice(1) : s);

/**
 * Parses downloaded CSV text with the given separator through `csv-parse` (RFC 4180: quoted
 * fields, "" escapes, CRLF): a byte-order mark is dropped, and rows may differ in length (a
 * `sep=` line, a blank line). A quote written wrong throws instead of being guessed at.
 */
export function parseCsv(text, sep = ';') {
  return parse(text, { delimiter: sep, bom: true, relax_column_count: true });
}

/** Runs axe-core on the page and fails on any serious or critical violation, naming `where`. */
export async function audit(page, where) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  assert.deepEqual(bad, [], `${where}: ${bad.join('; ')}`);
}

/** Makes `context` a browser with storage disabled: opening a database or touching localStorage fails. */
export async function disableStorage(context) {
  await context.addInitScript(() => {
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
    });
  });
}

/**
 * A full disk, as IndexedDB reports it: while localStorage `test.disk-full` is `yes`, every
 * write fails with QuotaExceededError. (Injected at the IndexedDB API: Chromium's quota
 * override, Storage.overrideQuotaForOrigin, is not applied reliably in headless test profiles.)
 */
export async function fullDiskSwitch(context) {
  await context.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (...args) {
      if (localStorage.getItem('test.disk-full') === 'yes') {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
  });
}

/** What the page's IndexedDB object store `store` holds: its records, or with `keys` its keys. */
export const storedIn = (page, store, { keys = false } = {}) =>
  page.evaluate(
    ({ store, keys }) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('otsenka');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const records = open.result.transaction(store).objectStore(store);
          const request = keys ? records.getAllKeys() : records.getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        };
      }),
    { store, keys },
  );

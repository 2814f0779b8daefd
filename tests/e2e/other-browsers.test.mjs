// The core journey in the engines besides Chromium — Firefox ESR (schools' computers) and
// WebKitGTK (the engine of iPhones' Safari): start МСОКО from the home page, fill, reload,
// results, the CSV file as downloaded, the printable report, the municipality page taking that
// file, and the assessment reopened with the server gone (the service worker's copy). Driven through engines.mjs by roles and accessible names as each
// engine computes them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv, readable, unmark } from './browser.mjs';
import { eventually, firefox, webkit } from './engines.mjs';
import { startServer } from './server.mjs';

const DIST = process.env.DIST ?? 'dist';
const SCHOOL = 'МБОУ «СОШ № 7»; корпус 2';
// The school's contribution: 2 + 1 + 0 of 10 points in 1.1 → 30,0 %; 3 of 68 in all → 4,4 %.
const ANSWERS = [['1.1.1', 'да'], ['1.1.2', 'частично'], ['1.1.3', 'нет']];

/** The names the page gives things, from the build's own template files. */
async function names() {
  const json = async (file) => JSON.parse(await readFile(`${DIST}/templates/${file}`, 'utf8'));
  const card = (await json('index.json')).find((t) => t.id === 'msoko-school');
  const items = (await json('msoko-school.json')).sections.flatMap((s) => s.sections ?? [s]).flatMap((s) => s.items);
  const group = (id) => {
    const item = items.find((i) => i.id === id);
    return `${id} ${item.label.ru}${item.required ? ' (обязательно)' : ''}`;
  };
  return { start: `Начать: ${card.title.ru}`, group };
}

/** The rows of a table as a person reads them: each row's cells' text. */
const rowsOf = (p, table) =>
  p.script(
    (t) => [...t.rows].map((r) => [...r.cells].map((c) => c.textContent.replace(/\s+/g, ' ').trim())),
    table,
  );

async function journey(open) {
  const { start, group } = await names();
  const p = await open();
  const server = await startServer(DIST);
  let serving = true;
  try {
    const radio = async (id, answer) => p.find('radio', answer, await p.find('group', group(id)));
    const school = () => p.find('textbox', 'Полное наименование ОО (обязательно)');
    const answersKept = async (when) => {
      assert.equal(await p.value(await school()), SCHOOL, `${p.name}, ${when}: the school's name`);
      for (const [id, answer] of ANSWERS) {
        assert.equal(await p.checked(await radio(id, answer)), true, `${p.name}, ${when}: ${id} ${answer}`);
      }
    };

    await p.goto(`${server.url}/`);
    await p.click(await p.find('button', start));
    const assessment = await eventually(async () => {
      const url = await p.url();
      return /\/a\/[0-9a-f-]{36}$/.test(url) && url;
    }, 'the assessment page');
    await p.type(await school(), SCHOOL);
    for (const [id, answer] of ANSWERS) await p.click(await radio(id, answer));
    let status = '';
    await eventually(async () => {
      status = readable(await p.script((s) => s.textContent, await p.find('status')));
      return status.includes('Все изменения сохранены');
    }, '«Все изменения сохранены»').catch((e) => {
      throw new Error(`${p.name}: ${e.message}; the status says «${status}»`);
    });
    // The offline copy is in place once a service worker controls the page.
    await eventually(() => p.script(() => navigator.serviceWorker.controller !== null), 'a service worker in control');
    // …and a first visit has no new version to announce (WebKit hands the page its controller
    // before the worker's "installed" event: public/sw-register.js must not take that for an
    // update). Asked once the worker's state changes have been delivered.
    const announced = await p.script(async () => {
      await navigator.serviceWorker.ready;
      await new Promise((r) => setTimeout(r, 200));
      return document.body.textContent.includes('Доступна новая версия');
    });
    assert.equal(announced, false, `${p.name}: a first visit announces no new version`);

    await p.reload();
    await answersKept('after a reload');

    await p.click(await p.find('link', 'К результатам'));
    const table = await p.find('table', 'Результат по направлениям');
    const rows = await rowsOf(p, table);
    const row = (start) => rows.find((r) => r[0].startsWith(start))?.slice(1);
    assert.deepEqual(row('1.1 '), ['30,0 %', 'низкий уровень', '3 / 5'], `${p.name}: direction 1.1`);
    assert.deepEqual(row('1.2 '), ['нет ответов', '—', '0 / 4'], `${p.name}: direction 1.2`);
    assert.deepEqual(row('Итого'), ['4,4 %', 'низкий уровень', '3 / 34'], `${p.name}: the total`);

    const file = await p.download(async () => p.click(await p.find('button', 'Скачать CSV для муниципалитета')));
    assert.match(file.name, /^otsenka_msoko-school_\d{4}-\d{2}-\d{2}_[0-9a-f]{8}\.csv$/, `${p.name}: the file's name`);
    assert.deepEqual([...file.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${p.name}: UTF-8 byte-order mark`);
    const [header, values, ...more] = parseCsv(file.bytes.subarray(3).toString('utf8'));
    assert.equal(more.length, 0, 'a header and one assessment');
    const cell = (name) => unmark(values[header.map(unmark).indexOf(name)] ?? '');
    assert.equal(cell('assessment_id'), assessment.split('/').pop());
    assert.equal(cell('school_name'), SCHOOL);
    for (const [id, answer] of ANSWERS) assert.equal(cell(id), answer, `${p.name}: CSV ${id}`);
    assert.equal(cell('1.1.4'), '');
    assert.equal(cell('pct_1.1'), '30,0');
    assert.equal(cell('pct_total'), '4,4');

    // The printable report of the same assessment, drawn by this engine.
    const pageText = async () => readable(await p.script(() => document.querySelector('main')?.textContent ?? ''));
    await p.goto(`${server.url}/report.html?id=${assessment.split('/').pop()}`);
    const report = await eventually(async () => {
      const text = await pageText();
      return text.includes('Отчёт о самооценке') && text.includes('30,0 %') && text;
    }, 'the report with its results');
    assert.ok(report.includes(SCHOOL), `${p.name}: the report names the school`);
    // The municipality page takes the file as downloaded and shows the school's row.
    const folder = await mkdtemp(join(tmpdir(), 'otsenka-engine-'));
    try {
      const saved = join(folder, file.name);
      await writeFile(saved, file.bytes);
      await p.goto(`${server.url}/municipality.html`);
      await p.upload(await p.css('input[type=file]'), saved);
      const taken = await eventually(async () => {
        const text = await pageText();
        return text.includes('записано самооценок: 1;') && text;
      }, 'the school file taken on the municipality page');
      assert.ok(taken.includes(SCHOOL) && taken.includes('30,0'), `${p.name}: the consolidated row`);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }

    // The server is gone: the assessment opens from the service worker's copy.
    await server.close();
    serving = false;
    await p.goto(assessment);
    await answersKept('offline');
    assert.deepEqual(p.errors, [], `${p.name}: no uncaught errors on the page`);
  } finally {
    await p.close();
    if (serving) await server.close();
  }
}

const LIMIT = { timeout: 180000 };
test('Firefox ESR: start МСОКО, fill, reload, results, CSV file, report, municipality page, offline reopen', LIMIT, () => journey(firefox));
test('WebKitGTK: start МСОКО, fill, reload, results, CSV file, report, municipality page, offline reopen', LIMIT, () => journey(webkit));

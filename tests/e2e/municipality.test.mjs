// The municipality page as a specialist uses it: 25 school files (crates/municipal/tests/
// fixtures/schools: 21 schools in every export profile, one school's second file, three broken
// files) loaded at once → each file's verdict; the consolidated table checked against an
// independent computation from the files' answers and the template's points (this file's own
// code, not the app's); duplicates and the choice among them; the risk group and its rule;
// filters, search and sorting; charts with accessible names; the exported table; print; the set
// kept across a reload, a second load of the same files changing nothing, and clearing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { audit, disableStorage, fullDiskSwitch, launch, parseCsv, readable } from './browser.mjs';

const DIR = 'crates/municipal/tests/fixtures/schools';
const FILES = readdirSync(DIR).sort().map((f) => `${DIR}/${f}`);
// The school files are of the schools' МСОКО 2025.3 (archived since the municipal 2026.1).
const TEMPLATE = JSON.parse(readFileSync('crates/templates/data/archive/msoko-2025.3.json', 'utf8'));

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

// ---- The independent computation -------------------------------------------------------

/** A file's text: UTF-8 (with or without BOM) or, failing that, Windows-1251. */
function decode(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

const unmark = (s) => (s.startsWith("'") ? s.slice(1) : s);

/** Points of an answer, by the template's scale: by label (wide files) or code (long files). */
function points(item, answer) {
  const scale = TEMPLATE.scales[item.scale];
  const option = scale.find((o) => o.value === answer || o.label.ru === answer);
  return option ? option.points : null;
}
// The directions: sections of scored criteria (the action plan's section has none).
const SCORED = TEMPLATE.sections.filter((s) => s.items.some((i) => i.scale));
const MAX = Math.max(...Object.values(TEMPLATE.scales)[0].map((o) => o.points));

/** Tenths of a percent, rounded half up, as integers. */
const tenths = (got, max) => Math.floor((got * 2000 + max) / (2 * max));
const show = (t) => `${Math.floor(t / 10)},${t % 10}`;

/** One school's figures from one file: {name, inn, municipality, updated, sections[], total}. */
function school(path) {
  const text = decode(readFileSync(path));
  const sep = text.split('\n')[0].includes(';') ? ';' : ',';
  const [header, ...rows] = parseCsv(text, sep).filter((r) => r.length > 1);
  const names = header.map(unmark);
  const at = (row, n) => unmark(row[names.indexOf(n)] ?? '');
  const answers = new Map();
  if (names.includes('item_id')) {
    for (const row of rows) answers.set(at(row, 'item_id'), at(row, 'code'));
  } else {
    for (const section of SCORED) for (const item of section.items) answers.set(item.id, at(rows[0], item.id));
  }
  let all = 0;
  let allMax = 0;
  const sections = SCORED.map((section) => {
    let got = 0;
    for (const item of section.items) got += points(item, answers.get(item.id)) ?? 0;
    const max = section.items.length * MAX;
    all += got;
    allMax += max;
    return tenths(got, max);
  });
  const row = rows[0];
  return {
    file: path.split('/').pop(),
    name: at(row, 'school_name'),
    inn: at(row, 'inn'),
    municipality: at(row, 'municipality'),
    updated: at(row, 'updated_at'),
    sections,
    total: tenths(all, allMax),
  };
}

const GOOD = FILES.filter((f) => !f.split('/').pop().startsWith('bad-')).map(school);
/** The newest file of each school (by ИНН). */
const NEWEST = [...GOOD.reduce((m, s) => (m.get(s.inn)?.updated > s.updated ? m : m.set(s.inn, s)), new Map()).values()];
const meanOf = (list) => {
  const n = list.length;
  return Math.floor((list.reduce((a, b) => a + b, 0) * 2 + n) / (2 * n));
};
const atRisk = (s, total = 500, section = 300) =>
  (total !== null && s.total < total) || (section !== null && s.sections.some((p) => p < section));

// ---- The page ---------------------------------------------------------------------------

async function openPage(context) {
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  await page.getByRole('link', { name: 'Муниципалитет' }).click();
  await page.getByRole('heading', { level: 1, name: 'Муниципалитет: сводка по школам' }).waitFor();
  return page;
}

async function load(page, files) {
  await page.getByLabel(/Выберите файлы школ/).setInputFiles(files);
  const said = page.getByText(/^Прочитано файлов: \d+; новых/);
  await said.waitFor({ timeout: 30000 });
  return readable(await said.textContent());
}

const table = (page) => page.getByRole('table', { name: 'Сводная таблица: школы по направлениям' });

/** The table's school rows as {name, cells} (cells: municipality, year, sections…, total, level, risk). */
async function tableRows(page) {
  const rows = table(page).locator('tbody tr');
  const out = [];
  for (let i = 0; i < (await rows.count()); i++) {
    const row = rows.nth(i);
    const name = readable(await row.locator('th').innerText());
    out.push({ name, cells: (await row.locator('td').allTextContents()).map(readable) });
  }
  return out;
}

/** A row of the «Загруженные файлы» table as read: file, verdict, details. */
async function fileRow(page, name) {
  const files = page.getByRole('table', { name: 'Загруженные файлы' });
  const row = files.getByRole('row', { name: new RegExp(`^${name.replace(/\./g, '\\.')}`) });
  return (await row.locator('td').allTextContents()).map(readable);
}

const number = (cell) => cell.replace(/[^\d,]/g, '');

test('25 school files: verdicts, the consolidated table against an independent computation, duplicates, risk group, charts, export, print, reload, clearing', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context);

  // Loading: every file judged.
  const said = await load(page, FILES);
  assert.match(said, /^Прочитано файлов: 25; новых: 25, из них не принято: 3; записано самооценок: 22;/);
  await page.getByText('Файлов: 25; приняты: 21; с замечаниями: 1; не приняты: 3').waitFor();
  const verdict = (name) => fileRow(page, name);
  assert.equal((await verdict('bad-tampered.csv'))[1], 'не принят');
  assert.match((await verdict('bad-tampered.csv'))[2], /строка 2, столбец 255 \(row_checksum\): строку изменили после выгрузки/);
  assert.match((await verdict('bad-truncated.csv'))[2], /строка 2, столбец 201 \(2\.3\.8\): кавычка ячейки не закрыта/);
  assert.match((await verdict('bad-utf16.csv'))[2], /UTF-16/);
  assert.deepEqual((await verdict('school-08.csv')).slice(1, 2), ['принят с замечаниями']);
  assert.match((await verdict('school-08.csv'))[2], /ИНН 0274011076: контрольная цифра не сходится/);
  assert.match((await verdict('school-02.csv'))[2], /Windows-1251/);
  assert.equal((await verdict('school-11.csv'))[1], 'принят');

  // The table: one row per school, every figure as computed here from the answers.
  await page.getByText('Показано школ: 21 из 21').waitFor();
  const rows = await tableRows(page);
  assert.equal(rows.length, 21);
  assert.equal(NEWEST.length, 21);
  for (const s of NEWEST) {
    const row = rows.find((r) => r.name === `${s.name} ${s.inn}`);
    assert.ok(row, `${s.name} in the table`);
    assert.equal(row.cells[0], s.municipality);
    assert.deepEqual(row.cells.slice(2, 10).map(number), s.sections.map(show), `${s.name} sections`);
    assert.equal(number(row.cells[10]), show(s.total), `${s.name} total`);
    const level = s.total >= 800 ? 'высокий уровень' : s.total >= 500 ? 'средний уровень' : 'низкий уровень';
    assert.match(row.cells[11], new RegExp(`^[▲●▼] ${level}$`), 'the level in words beside its colour');
    assert.equal(row.cells[12], atRisk(s) ? 'да' : 'нет', `${s.name} risk`);
  }
  // Natural order within a municipality: № 1 before № 4 before № 10.
  const enskNames = rows.filter((r) => r.cells[0] === 'Городской округ «Энск»').map((r) => r.name.split(' ').slice(0, 4).join(' '));
  assert.deepEqual(enskNames.slice(0, 3), ['МБОУ «СОШ № 1»', 'МБОУ «СОШ № 4»', 'МБОУ «СОШ № 7»']);
  // The municipal mean row.
  const mean = (await table(page).getByRole('row', { name: /Среднее по муниципалитету/ }).locator('td').allTextContents()).map(readable);
  const expectedMeans = [...SCORED.map((_, i) => meanOf(NEWEST.map((s) => s.sections[i]))), meanOf(NEWEST.map((s) => s.total))];
  assert.deepEqual(mean.slice(2, 11).map(number), expectedMeans.map(show));

  // The duplicate: both copies shown, the newer chosen; choosing the older changes the row.
  const older = GOOD.find((s) => s.file === 'school-04.csv');
  const newer = GOOD.find((s) => s.file === 'school-04-resent.csv');
  assert.notEqual(older.total, newer.total);
  const dup = page.getByRole('group', { name: 'МБОУ «СОШ № 4» (0274011036), 2025/2026' });
  const newerRadio = dup.getByRole('radio', { name: /school-04-resent\.csv/ });
  const olderRadio = dup.getByRole('radio', { name: /файл school-04\.csv/ });
  assert.ok(await newerRadio.isChecked());
  // When each copy was changed, as a person reads a date: «изменено 20.11.2026 12:00».
  const changed = readable(await dup.locator('label').first().textContent()).match(/изменено (\S+ \S+),/);
  assert.match(changed?.[1] ?? '', /^\d\d\.\d\d\.\d{4} \d\d:\d\d$/, 'the change time in Russian format');
  const rowOf4 = table(page).getByRole('row', { name: /СОШ № 4»/ });
  assert.equal(number(readable(await rowOf4.locator('td').nth(10).textContent())), show(newer.total));
  await olderRadio.check();
  await page.waitForFunction((t) => [...document.querySelectorAll('tbody tr')].some((r) => r.textContent.includes('СОШ № 4»') && r.textContent.includes(t)), show(older.total));

  // The risk group with the default rule (total < 50 % or a section < 30 %), then another.
  const chosen = NEWEST.map((s) => (s.inn === older.inn ? older : s));
  const riskList = page.locator('ul.risk > li');
  const riskNames = async () => (await riskList.locator('strong').allTextContents()).sort();
  assert.deepEqual(await riskNames(), chosen.filter((s) => atRisk(s)).map((s) => s.name).sort());
  assert.match(readable(await riskList.first().textContent()), /Самые слабые направления: /);
  await page.getByLabel('Любое направление ниже, %').fill('');
  await page.getByLabel('Любое направление ниже, %').press('Tab');
  await page.getByLabel('Итог ниже, %').fill('40');
  await page.getByLabel('Итог ниже, %').press('Tab');
  await page.getByText(/Условие: итог ниже 40 %\./).waitFor();
  assert.deepEqual(await riskNames(), chosen.filter((s) => atRisk(s, 400, null)).map((s) => s.name).sort());
  await page.getByLabel('Итог ниже, %').fill('сто');
  await page.getByLabel('Итог ниже, %').press('Tab');
  await page.getByRole('alert').filter({ hasText: 'Введите процент от 0 до 100' }).waitFor();
  await page.getByLabel('Итог ниже, %').fill('50');
  await page.getByLabel('Любое направление ниже, %').fill('30');
  await page.getByLabel('Любое направление ниже, %').press('Tab');
  await page.getByText(/Условие: итог ниже 50 % или любое направление ниже 30 %\./).waitFor();
  const deficits = page.getByRole('table', { name: 'Частые дефициты' });
  assert.ok((await deficits.locator('tbody tr').count()) > 0);

  // Search, filters and sorting.
  await page.getByLabel('Поиск по названию или коду').fill('0274011100');
  await page.getByText('Показано школ: 1 из 21').waitFor();
  await page.getByLabel('Поиск по названию или коду').fill('');
  await page.getByLabel('Муниципалитет', { exact: true }).selectOption('Южный муниципальный район');
  const south = chosen.filter((s) => s.municipality === 'Южный муниципальный район').length;
  await page.getByText(`Показано школ: ${south} из 21`).waitFor();
  await page.getByLabel('Муниципалитет', { exact: true }).selectOption({ label: 'все' });
  await page.getByLabel('Уровень (итог)').selectOption({ label: 'высокий уровень' });
  const high = chosen.filter((s) => s.total >= 800).length;
  await page.getByText(`Показано школ: ${high} из 21`).waitFor();
  await page.getByLabel('Уровень (итог)').selectOption({ label: 'все' });
  await page.getByRole('button', { name: 'Итог, %' }).click();
  const best = Math.max(...chosen.map((s) => s.total));
  assert.equal(number((await tableRows(page))[0].cells[10]), show(best), 'sorted by total, highest first');
  assert.equal(await page.getByRole('columnheader', { name: 'Итог, %' }).getAttribute('aria-sort'), 'descending');

  // Charts: named, every part focusable and named; focusing shows the values.
  const bars = page.getByRole('group', { name: /^Среднее по муниципалитету по направлениям/ });
  assert.equal(await bars.getByRole('img').count(), 8);
  const firstBar = bars.getByRole('img').first();
  assert.match(readable(await firstBar.getAttribute('aria-label')), new RegExp(`^1\\.1 .*: среднее ${show(meanOf(chosen.map((s) => s.sections[0])))} %`));
  await firstBar.focus();
  await page.locator('.chart-value').first().filter({ hasText: /^1\.1 / }).waitFor();
  const heat = page.getByRole('group', { name: /^Тепловая карта/ });
  assert.equal(await heat.getByRole('img').count(), 21);
  const totals = page.getByRole('group', { name: /^Распределение итоговых процентов/ });
  const counts = await totals.getByRole('img').evaluateAll((els) => els.map((e) => Number(e.getAttribute('aria-label').match(/(\d+)$/)[1])));
  assert.equal(counts.length, 10);
  assert.equal(counts.reduce((a, b) => a + b, 0), 21);
  assert.equal(counts[2], chosen.filter((s) => s.total >= 200 && s.total < 300).length);

  await audit(page, 'municipality page');

  // Export: the table as shown (RFC 4180 for a database, then Excel).
  await page.getByLabel('Формат файла').selectOption({ label: 'RFC 4180 (базы данных)' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать сводную таблицу (CSV)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^svodnaya_msoko_2025\.3_\d{4}-\d\d-\d\d_rfc4180\.csv$/);
  const [header, ...exported] = parseCsv(await readFile(await download.path(), 'utf8'), ',');
  assert.equal(header[5], '% 1.1 Система оценки качества подготовки обучающихся');
  assert.equal(exported.length, 21 + 4);
  for (const s of chosen) {
    const row = exported.find((r) => r[2] === s.inn);
    assert.equal(row[13], show(s.total).replace(',', '.'), `${s.name} exported total`);
  }
  assert.equal(exported[21][1], 'Среднее по муниципалитету');
  assert.equal(exported[21][13], show(meanOf(chosen.map((s) => s.total))).replace(',', '.'));
  await page.getByLabel('Формат файла').selectOption({ label: 'Excel (UTF-8)' });
  const [excel] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать сводную таблицу (CSV)' }).click(),
  ]);
  const excelText = await readFile(await excel.path(), 'utf8');
  assert.ok(excelText.startsWith('\ufeff"Муниципалитет";'));
  assert.ok(excelText.includes(`"'=Гимназия+1"`), 'a formula-like name is neutralised');
  assert.ok(excelText.includes(`"'0274011036"`), 'ИНН stays text in Excel');

  // Print: controls hidden, the table and charts kept.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByLabel(/Выберите файлы школ/).isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Скачать сводную таблицу (CSV)' }).isVisible(), false);
  assert.ok(await table(page).isVisible());
  assert.ok(await bars.isVisible());
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10000);
  await page.emulateMedia({ media: 'screen' });

  // Reload: the set, the choice and the rule are kept; loading the same files changes nothing.
  await page.reload();
  await page.getByText('Показано школ: 21 из 21').waitFor();
  assert.ok(await page.getByRole('group', { name: 'МБОУ «СОШ № 4» (0274011036), 2025/2026' }).getByRole('radio', { name: /файл school-04\.csv/ }).isChecked());
  const again = await load(page, FILES);
  assert.match(again, /новых: 0, из них не принято: 0; записано самооценок: 0; уже были: 0; из записанных — копий рядом с другой версией, уже бывшей здесь: 0\./);
  await page.getByText(/^Уже загружены раньше \(ничего не изменилось\): bad-tampered\.csv/).waitFor();
  await page.getByText('Файлов: 25; приняты: 21; с замечаниями: 1; не приняты: 3').waitFor();
  await page.getByText('Показано школ: 21 из 21').waitFor();

  // English.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Municipality: schools consolidated' }).waitFor();
  await page.getByText('Schools shown: 21 of 21').waitFor();
  await page.getByRole('button', { name: 'Переключить на русский' }).click();

  // Clearing.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Очистить всё' }).click();
  await page.getByText('Пока нет принятых самооценок: загрузите файлы школ.').waitFor();
  await page.reload();
  await page.getByText('Пока нет принятых самооценок: загрузите файлы школ.').waitFor();
  await context.close();
});

test('backup files are read beside CSV files; a damaged one is refused with its reason', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  const file = (name) => ({ name, mimeType: 'text/plain', buffer: readFileSync(name.includes('/') ? name : `${DIR}/${name}`) });
  const good = { ...file('crates/municipal/tests/fixtures/backup-two-schools.json'), name: 'backup-two-schools.json' };
  const cut = { name: 'backup-cut.json', mimeType: 'application/json', buffer: good.buffer.subarray(0, good.buffer.length / 2) };
  await page.getByLabel(/Выберите файлы школ/).setInputFiles([good, cut, file('school-01.csv')]);
  await page.getByText(/^Прочитано файлов: 3; новых: 3, из них не принято: 1; записано самооценок: 3;/).waitFor();
  const row = (name) => fileRow(page, name);
  assert.deepEqual(await row('backup-two-schools.json'), ['backup-two-schools.json', 'принят', 'Резервная копия принята: самооценок 2.']);
  const refused = await row('backup-cut.json');
  assert.equal(refused[1], 'не принят');
  assert.match(refused[2], /обрез|оборван|не полностью|не до конца/i);
  await page.getByText('Показано школ: 3 из 3').waitFor();
  await context.close();
});

test('no storage (storage disabled): the page says nothing will be kept and still consolidates', async () => {
  const context = await env.browser.newContext();
  await disableStorage(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.server.url}/municipality.html`);
  await page.getByRole('alert').filter({ hasText: 'Браузер не даёт хранилища: загруженное не сохранится' }).waitFor();
  assert.match(await load(page, FILES), /^Прочитано файлов: 25; новых: 25, из них не принято: 3; записано самооценок: 22;/);
  await page.getByText('Показано школ: 21 из 21').waitFor();
  assert.equal(await page.getByRole('alert').filter({ hasText: 'Ошибка хранилища' }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('storage full while writing: the page says so, lists no file it did not store, and a second try stores them', async () => {
  const context = await env.browser.newContext();
  await fullDiskSwitch(context);
  const page = await openPage(context);
  await page.evaluate(() => localStorage.setItem('test.disk-full', 'yes'));
  const said = await load(page, FILES.slice(0, 5));
  assert.match(said, /записано самооценок: 0;/);
  await page.getByText(/^Запись прервалась: браузер не дал места или хранилище недоступно\..*место для данных на этом устройстве закончилось \(.*quota has been exceeded/).waitFor();
  await page.getByText('Пока нет принятых самооценок: загрузите файлы школ.').waitFor();
  // Only the refused files (nothing to store) are in the list.
  await page.getByText('Файлов: 3; приняты: 0; с замечаниями: 0; не приняты: 3').waitFor();

  await page.evaluate(() => localStorage.removeItem('test.disk-full'));
  assert.match(await load(page, FILES.slice(0, 5)), /новых: 2, из них не принято: 0; записано самооценок: 2;/);
  await page.getByText('Показано школ: 2 из 2').waitFor();
  await page.reload();
  await page.getByText('Показано школ: 2 из 2').waitFor();
  await context.close();
});

test('files dropped on the page are loaded like picked ones', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  const files = ['school-02.csv', 'school-03.csv'].map((name) => ({ name, bytes: [...readFileSync(`${DIR}/${name}`)] }));
  const zone = page.locator('.drop');
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.bytes)], f.name, { type: 'text/csv' }));
    return dt;
  }, files);
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await page.getByText(/^Прочитано файлов: 2; новых: 2, из них не принято: 0; записано самооценок: 2;/).waitFor();
  await page.getByText('Показано школ: 2 из 2').waitFor();
  await context.close();
});

test('ШНОР files beside МСОКО ones: consolidated apart; a tables file joins its main file, alone it is refused', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  const SHNOR = 'crates/municipal/tests/fixtures/shnor';
  // The tables file alone first: refused, naming what is missing.
  await load(page, [`${SHNOR}/shnor-51_tables.csv`]);
  const row = (name) => fileRow(page, name);
  assert.equal((await row('shnor-51_tables.csv'))[1], 'не принят');
  assert.match((await row('shnor-51_tables.csv'))[2], /20000000-0000-4000-8000-000000000050/);

  // With its main file (and the МСОКО files): accepted, and two consolidated groups.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Очистить всё' }).click();
  await page.getByText('Пока нет принятых самооценок: загрузите файлы школ.').waitFor();
  await load(page, [...FILES.slice(3, 8), ...readdirSync(SHNOR).sort().map((f) => `${SHNOR}/${f}`)]);
  assert.equal((await row('shnor-51_tables.csv'))[1], 'принят');
  assert.match((await row('shnor-51_tables.csv'))[2], /строки таблиц/);
  const choose = page.getByRole('combobox', { name: /^Шаблон и версия/ });
  const options = (await choose.locator('option').allTextContents()).map(readable);
  assert.equal(options.length, 2);
  assert.ok(options.some((o) => /^Самооценка МСОКО.*, версия 2025\.3, школ: 4$/.test(o)), options.join(' | '));
  const shnor = options.find((o) => /ШНОР|риск/i.test(o));
  assert.match(shnor, /, школ: 2$/);
  await choose.selectOption({ label: shnor });
  await page.getByText('Показано школ: 2 из 2').waitFor();
  await page.getByRole('row', { name: /МБОУ «ООШ № 51»/ }).waitFor();
  // Only the twelve scored risk factors are columns (not priorities or programmes).
  const headers = (await table(page).getByRole('columnheader').allTextContents()).map(readable);
  assert.deepEqual(headers.filter((h) => /^\d+ %$/.test(h)), ['1 %', '2 %', '3 %', '4 %', '5 %', '6 %', '7 %', '8 %', '9 %', '10 %', '11 %', '12 %']);
  assert.ok(!headers.some((h) => /priorities|programmes/.test(h)), headers.join(' | '));
  await audit(page, 'municipality page, ШНОР');

  // A school's file made on the earlier МСОКО 2025.2 (before the action plan): read with that
  // version's text, which the build keeps (templates/archive.json), and consolidated apart.
  await load(page, ['crates/municipal/tests/fixtures/older/school-20-2025.2.csv']);
  assert.equal((await row('school-20-2025.2.csv'))[1], 'принят');
  await choose.locator('option').filter({ hasText: /версия 2025\.2, школ: 1$/ }).waitFor({ state: 'attached', timeout: 5000 });
  const versions = (await choose.locator('option').allTextContents()).map(readable);
  assert.ok(versions.some((o) => /^Самооценка МСОКО.*, версия 2025\.2, школ: 1$/.test(o)), versions.join(' | '));
  assert.ok(versions.some((o) => /^Самооценка МСОКО.*, версия 2025\.3, школ: 4$/.test(o)), versions.join(' | '));
  await context.close();
});

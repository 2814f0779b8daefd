// The first journey, as a school's deputy head does it: start the school's contribution to МСОКО,
// fill the respondent block, answer six criteria, lose the tab at once, come back, read the
// results, export CSV.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { escapeRegExp, launch, parseCsv, readable, rowCells } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const RESPONDENT = {
  'Муниципалитет': 'Энский муниципальный район',
  'Полное наименование ОО': 'МБОУ "СОШ № 1"; корпус 2',
  'Логин ФИС ОКО': 'sch77171506',
  'ИНН': '7707083893',
  'ФИО заполнившего': 'Иванова Мария Петровна',
  'Должность заполнившего': 'заместитель директора по УВР',
  'Учебный год': '2025/2026',
};

// 1.1: 3 × да, 1 × частично, 1 × нет = 7 of 10 points → 70,0 %; 1.2.1 да = 2 of 8 → 25,0 %;
// total 9 of 68 (34 statements) → 13,2 %.
const ANSWERS = [
  ['1.1.1', 'да'], ['1.1.2', 'да'], ['1.1.3', 'частично'], ['1.1.4', 'нет'], ['1.1.5', 'да'],
  ['1.2.1', 'да'],
];
const EVIDENCE = 'Приказ № 45 от 01.09.2025; «О ВСОКО»';

const criterion = (page, id) => page.getByRole('group', { name: new RegExp(`^${escapeRegExp(id)} `) });
const direction = (page, id) =>
  page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: new RegExp(`^${escapeRegExp(id)} `) });

test('fill → close at once → reopen → results → CSV for Russian Excel', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, locale: 'ru-RU' });
  let page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  const assessmentUrl = page.url();

  for (const [label, value] of Object.entries(RESPONDENT)) {
    await page.getByLabel(label).fill(value);
  }
  for (const [id, answer] of ANSWERS.slice(0, 5)) {
    await criterion(page, id).getByRole('radio', { name: answer, exact: true }).check();
  }
  await criterion(page, '1.1.1').getByLabel('Подтверждающий документ').fill(EVIDENCE);
  await direction(page, '1.2').click();
  const [lastId, lastAnswer] = ANSWERS[5];
  const lastRadio = criterion(page, lastId).getByRole('radio', { name: lastAnswer, exact: true });
  await lastRadio.check();
  const clickedAt = Date.now();
  // Lose the tab at once: no unload handlers, no waiting for anything.
  await page.close({ runBeforeUnload: false });
  const closedAfter = Date.now() - clickedAt;
  assert.ok(closedAfter < 100, `the page closed ${closedAfter} ms after the last click`);

  page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.server.url}/`);
  const row = page.getByRole('row', { name: /СОШ № 1/ });
  assert.match(readable(await row.textContent()), /6 \/ 34/);
  await row.getByRole('link', { name: /^Продолжить/ }).click();
  await page.waitForURL(assessmentUrl);

  // Reopens where it was left: on direction 1.2, with every answer in place.
  assert.equal(await direction(page, '1.2').getAttribute('aria-current'), 'step');
  assert.equal(
    await criterion(page, lastId).getByRole('radio', { name: lastAnswer, exact: true }).isChecked(),
    true,
    `the last answer (${lastId} ${lastAnswer}, page closed ${closedAfter} ms after it) survived`,
  );
  await direction(page, '1.1').click();
  for (const [id, answer] of ANSWERS.slice(0, 5)) {
    const group = criterion(page, id);
    assert.equal(await group.getByRole('radio', { name: answer, exact: true }).isChecked(), true, `${id} ${answer}`);
  }
  assert.equal(await criterion(page, '1.1.1').getByLabel('Подтверждающий документ').inputValue(), EVIDENCE);
  for (const [label, value] of Object.entries(RESPONDENT)) {
    assert.equal(await page.getByLabel(label).inputValue(), value, label);
  }
  assert.match(readable(await page.getByRole('status').textContent()), /сохранены/);

  await page.getByRole('link', { name: 'К результатам' }).click();
  const results = page.getByRole('table', { name: 'Результат по направлениям' });
  const cellsOf = (name) => rowCells(results, name);
  assert.deepEqual(await cellsOf(/^1\.1 Система оценки качества подготовки обучающихся/), ['70,0 %', 'средний уровень', '5 / 5']);
  assert.deepEqual(await cellsOf(/^1\.2 /), ['25,0 %', 'низкий уровень', '1 / 4']);
  assert.deepEqual(await cellsOf(/^2\.4 /), ['нет ответов', '—', '0 / 4']);
  assert.deepEqual(await cellsOf(/^Итого/), ['13,2 %', 'низкий уровень', '6 / 34']);
  const deficits = page.getByRole('region', { name: 'Дефициты' }).getByRole('listitem');
  const deficitTexts = (await deficits.allInnerTexts()).map(readable);
  assert.deepEqual(
    deficitTexts.map((t) => t.split(' ')[0]),
    ['1.1.3', '1.1.4'],
  );
  assert.match(deficitTexts[1], /— нет Рекомендация: /);
  const toCheck = page.getByRole('region', { name: 'Проверьте перед отправкой' }).getByRole('listitem');
  assert.deepEqual((await toCheck.allInnerTexts()).map(readable), ['Без ответа 28 из 34 критериев.']);

  // On paper: the results, levels and deficits stay; navigation and buttons go.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await results.isVisible(), true);
  assert.equal(await page.getByRole('region', { name: 'Дефициты' }).isVisible(), true);
  for (const name of ['Скачать CSV для муниципалитета', 'Печать', 'Switch the interface to English']) {
    assert.equal(await page.getByRole('button', { name }).isVisible(), false, `${name} is not printed`);
  }
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.getByRole('button', { name: 'Печать' }).isVisible(), true);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^otsenka_msoko-school_\d{4}-\d{2}-\d{2}_[0-9a-f]{8}\.csv$/);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
  const text = bytes.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'));
  assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'every line ends with CRLF');
  assert.ok(text.startsWith('"format_version";"assessment_id";"template_id";'), 'quoted, ; separated');
  const rows = parseCsv(text);
  assert.equal(rows.length, 2, 'a header and one assessment');
  const [header, values] = rows;
  assert.equal(header.length, values.length);
  // A leading apostrophe marks text a spreadsheet would change (docs/csv-format.md).
  const unmark = (s) => (s.startsWith("'") ? s.slice(1) : s);
  const names = header.map(unmark);
  const cell = (name) => unmark(values[names.indexOf(name)]);
  assert.equal(values[names.indexOf('inn')], "'7707083893", 'codes are marked as text for Excel');
  assert.equal(cell('format_version'), '2');
  assert.match(cell('row_checksum'), /^[0-9a-f]{16}$/);
  assert.equal(cell('assessment_id'), assessmentUrl.split('/').pop());
  assert.equal(cell('template_id'), 'msoko-school');
  assert.equal(cell('school_name'), RESPONDENT['Полное наименование ОО']);
  assert.equal(cell('inn'), '7707083893');
  assert.equal(cell('academic_year'), '2025/2026');
  for (const [id, answer] of ANSWERS) assert.equal(cell(id), answer, id);
  assert.equal(cell('1.1.1_evidence'), EVIDENCE);
  assert.equal(cell('2.4.4'), '');
  assert.equal(cell('pct_1.1'), '70,0');
  assert.equal(cell('pct_1.2'), '25,0');
  assert.equal(cell('pct_total'), '13,2');
  assert.equal(cell('level_1.1'), 'средний уровень');
  assert.equal(cell('level_total'), 'низкий уровень');
  // Every field is quoted: the raw line has one more quote pair than separators.
  const rawRow = text.split('\r\n')[1];
  assert.ok(rawRow.startsWith('"') && rawRow.endsWith('"'));
  assert.ok(rawRow.includes('"МБОУ ""СОШ № 1""; корпус 2"'));

  assert.deepEqual(errors, [], 'no uncaught errors on the page');
  await context.close();
});

test('the interface switches to English and back, and the choice is kept', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Самооценка качества образования');
  await page.getByRole('button', { name: 'Switch the interface to English' }).click();
  // The English texts are fetched the first time (they are not in the first view's bundle).
  await page.getByRole('heading', { level: 1, name: 'Education quality self-assessment' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.reload();
  await page.getByRole('button', { name: /^Start: MSOKO self-assessment/ }).waitFor();
  await page.getByRole('button', { name: 'Переключить интерфейс на русский' }).click();
  await page.getByRole('heading', { level: 1, name: 'Самооценка качества образования' }).waitFor();
  await context.close();
});

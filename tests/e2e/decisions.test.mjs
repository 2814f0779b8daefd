// The decisions register of a meeting: decisions added as table rows (one by keyboard alone),
// numbered as the minutes number them, a deadline written as people write it («до 31.03.2026»,
// «постоянно»), a missing required cell listed before sending, and the register on the results
// page and in the CSV for the municipality.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { escapeRegExp, launch, named, parseCsv, readable, unmark } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const TABLE = 'Решения заседания';
const item = (page, id) => page.getByRole('group', { name: named(id) });
const section = (page, id) => page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: named(id) });
const checkList = async (page) =>
  (await page.getByRole('region', { name: 'Проверьте перед отправкой' }).getByRole('listitem').allInnerTexts()).map(readable);

/** Presses Tab until `locator` has focus; fails after `limit` presses. */
async function tabTo(page, locator, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`focus never reached ${locator}`);
}

const hasFocus = (locator) => locator.evaluate((el) => el === document.activeElement);

async function startDecisions(context) {
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Контроль исполнения решений/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  return page;
}

test('a decision row is added and its first cell written with the keyboard alone', async () => {
  const context = await env.browser.newContext();
  const page = await startDecisions(context);
  await section(page, 'register').click();
  const register = item(page, 'decisions');
  const add = register.getByRole('button', { name: `Добавить строку (${TABLE})` });
  await page.getByRole('heading', { level: 2, name: /Решения и их исполнение/ }).focus();
  await tabTo(page, add);
  await page.keyboard.press('Enter');
  // Focus goes straight to the new row's first cell: the decision's number.
  const first = register.getByLabel('№ решения, Строка 1', { exact: true });
  await first.waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === '№ решения, Строка 1');
  await page.keyboard.type('1.1');
  assert.equal(await first.inputValue(), '1.1');
  // On through the agenda item and the addressee to the decision.
  await page.keyboard.press('Tab');
  assert.equal(await hasFocus(register.getByLabel('Вопрос повестки, Строка 1', { exact: true })), true);
  await page.keyboard.type('О ВСОКО');
  await tabTo(page, register.getByLabel('Решение, Строка 1', { exact: true }), 4);
  await page.keyboard.type('Утвердить план ВСОКО');
  await page.keyboard.press('Tab');
  assert.equal(await hasFocus(register.getByLabel('Исполнитель, Строка 1', { exact: true })), true);
  await page.keyboard.type('Иванова М. П.');
  await tabTo(page, add, 12);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === '№ решения, Строка 2');
  await page.keyboard.type('1.2');
  assert.equal(await register.getByLabel('№ решения, Строка 2', { exact: true }).inputValue(), '1.2');
  // The deadline is written as the minutes write it, «постоянно» included.
  const deadline = register.getByLabel('Срок, Строка 2', { exact: true });
  await tabTo(page, deadline, 10);
  await page.keyboard.type('постоянно');
  assert.equal(await deadline.inputValue(), 'постоянно');
  await context.close();
});

test('decisions with a written deadline and «постоянно»: a missing cell is listed, results and CSV show the register', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, locale: 'ru-RU' });
  const page = await startDecisions(context);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.getByLabel('Организация').fill('МБОУ «СОШ № 1»');
  await page.getByLabel('Заседание / совет').fill('Педагогический совет');
  await page.getByLabel('Номер протокола').fill('3');
  await item(page, 'meeting_date').getByLabel('Ответ').fill('2025-11-20');

  await section(page, 'register').click();
  const register = item(page, 'decisions');
  const add = register.getByRole('button', { name: `Добавить строку (${TABLE})` });
  const cell = (label, n) => register.getByLabel(`${label}, Строка ${n}`, { exact: true });
  await add.click();
  await cell('№ решения', 1).fill('1.1');
  await cell('Кому адресовано', 1).fill('Заместителю директора по УВР');
  await cell('Решение', 1).fill('Провести диагностику профессиональных дефицитов');
  await cell('Исполнитель', 1).fill('Петрова А. С., зам. директора');
  await cell('Срок', 1).fill('до 31.03.2026');
  await cell('Статус', 1).selectOption({ label: 'в работе' });
  await add.click();
  await cell('№ решения', 2).fill('1.2');
  await cell('Решение', 2).fill('Контролировать посещаемость');
  await cell('Срок', 2).fill('постоянно');
  // Row 2 has no executor yet: said under the table, and before sending.
  await register.getByText('Строка 2, «Исполнитель»: заполните или исправьте.').waitFor();
  await page.getByRole('status').getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByRole('heading', { level: 2, name: 'Проверьте перед отправкой' }).waitFor();
  // Only the missing cell: a register has no scored criteria to count as unanswered.
  const missing = await checkList(page);
  assert.equal(missing.length, 1);
  assert.match(missing[0], new RegExp(`«${TABLE}»: Строка 2, «Исполнитель»: заполните или исправьте\\.$`));
  // Nothing in a register is scored: no percentages, «0 баллов» or deficits to show.
  assert.equal(await page.getByRole('table', { name: 'Результат по направлениям' }).count(), 0);
  assert.equal(await page.getByRole('region', { name: 'Дефициты' }).count(), 0);
  assert.equal(await page.getByText('0 баллов').count(), 0);

  await page.getByRole('link', { name: 'Вернуться к заполнению' }).click();
  await cell('Исполнитель', 2).fill('Классные руководители');
  await page.getByRole('status').getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'К результатам' }).click();
  const printed = page.getByRole('table', { name: TABLE, exact: true });
  await printed.waitFor();
  const cells = await printed.getByRole('row').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.deepEqual(cells.map((r) => r.map(readable)), [
    ['№ решения', 'Вопрос повестки', 'Кому адресовано', 'Решение', 'Исполнитель', 'Контроль', 'Срок', 'Статус', 'Отметка об исполнении', 'Подтверждающий документ', 'Дата исполнения'],
    ['1.1', '', 'Заместителю директора по УВР', 'Провести диагностику профессиональных дефицитов', 'Петрова А. С., зам. директора', '', 'до 31.03.2026', 'в работе', '', '', ''],
    ['1.2', '', '', 'Контролировать посещаемость', 'Классные руководители', '', 'постоянно', '', '', '', ''],
  ]);
  // The optional agenda and review may stay empty: the register is complete, nothing to check.
  await page.getByText('Всё заполнено').waitFor();
  assert.deepEqual(await checkList(page), []);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^otsenka_decisions_\d{4}-\d{2}-\d{2}_[0-9a-f]{8}\.csv$/);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
  const [header, values, ...rest] = parseCsv(bytes.subarray(3).toString('utf8'));
  assert.equal(rest.length, 0);
  const names = header.map(unmark);
  const value = (name) => {
    assert.ok(names.includes(name), `column ${name}`);
    return unmark(values[names.indexOf(name)]);
  };
  assert.equal(value('template_id'), 'decisions');
  assert.equal(value('template_version'), '2026.2');
  assert.equal(value('organisation'), 'МБОУ «СОШ № 1»');
  assert.equal(value('meeting_date'), '2025-11-20');
  assert.equal(
    value('decisions'),
    '1) № решения: 1.1; Кому адресовано: Заместителю директора по УВР; Решение: Провести диагностику профессиональных дефицитов; Исполнитель: Петрова А. С., зам. директора; Срок: до 31.03.2026; Статус: в работе\n' +
      '2) № решения: 1.2; Решение: Контролировать посещаемость; Исполнитель: Классные руководители; Срок: постоянно',
  );

  // The register's rows as their own table: one CSV row per decision.
  await page.getByLabel('Вид таблицы').selectOption({ label: 'Строки таблиц (планы, решения)' });
  const [tables] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click(),
  ]);
  assert.match(tables.suggestedFilename(), /^otsenka_decisions_tables_\d{4}-\d{2}-\d{2}_[0-9a-f]{8}\.csv$/);
  const tableBytes = await readFile(await tables.path());
  const [tableHeader, ...tableRows] = parseCsv(tableBytes.subarray(3).toString('utf8'));
  const tableNames = tableHeader.map(unmark);
  const at = (row, name) => unmark(row[tableNames.indexOf(name)]);
  assert.equal(tableRows.length, 2, 'one row per decision');
  assert.deepEqual(tableRows.map((r) => at(r, 'row_no')), ['1', '2']);
  assert.deepEqual(tableRows.map((r) => at(r, 'item_id')), ['decisions', 'decisions']);
  assert.deepEqual(tableRows.map((r) => at(r, 'col_number')), ['1.1', '1.2']);
  assert.equal(at(tableRows[0], 'organisation'), 'МБОУ «СОШ № 1»');
  assert.equal(at(tableRows[0], 'col_deadline'), 'до 31.03.2026');
  assert.equal(at(tableRows[1], 'col_deadline'), 'постоянно');
  assert.match(at(tableRows[1], 'row_checksum'), /^[0-9a-f]{16}$/);
  assert.deepEqual(errors, [], 'no uncaught errors on the page');
  await context.close();
});

// The decisions register of a meeting: decisions added as table rows (one by keyboard alone),
// a deadline as a date or «постоянно», a missing required cell listed before sending, and
// the register on the results page and in the CSV for the municipality.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { escapeRegExp, launch, parseCsv, readable, unmark } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const TABLE = 'Решения заседания';
const item = (page, id) => page.getByRole('group', { name: new RegExp(`^${escapeRegExp(id)} `) });
const section = (page, id) =>
  page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: new RegExp(`^${escapeRegExp(id)} `) });
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
  await page.getByRole('heading', { level: 2, name: /^register / }).focus();
  await tabTo(page, add);
  await page.keyboard.press('Enter');
  // Focus goes straight to the new row's first cell.
  const first = register.getByLabel('Решение, Строка 1', { exact: true });
  await first.waitFor();
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Решение, Строка 1');
  await page.keyboard.type('Утвердить план ВСОКО');
  assert.equal(await first.inputValue(), 'Утвердить план ВСОКО');
  // On to the next cell, then «+ Добавить строку» again for a second row.
  await page.keyboard.press('Tab');
  assert.equal(await hasFocus(register.getByLabel('Ответственный (исполнитель), Строка 1', { exact: true })), true);
  await page.keyboard.type('Иванова М. П.');
  await tabTo(page, add, 10);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Решение, Строка 2');
  await page.keyboard.type('Второе');
  assert.equal(await register.getByLabel('Решение, Строка 2', { exact: true }).inputValue(), 'Второе');
  // The «постоянно» box is reached by Tab and ticked by Space.
  const permanent = register.getByRole('checkbox', { name: 'Срок, Строка 2: постоянно' });
  await tabTo(page, permanent, 10);
  await page.keyboard.press('Space');
  assert.equal(await permanent.isChecked(), true);
  assert.equal(await register.getByLabel('Срок, Строка 2', { exact: true }).isDisabled(), true);
  await context.close();
});

test('decisions with a date and «постоянно»: a missing cell is listed, results and CSV show the register', async () => {
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
  await add.click();
  await register.getByLabel('Решение, Строка 1', { exact: true }).fill('Провести диагностику профессиональных дефицитов');
  await register.getByLabel('Ответственный (исполнитель), Строка 1', { exact: true }).fill('Петрова А. С., зам. директора');
  await register.getByLabel('Срок, Строка 1', { exact: true }).fill('2026-03-31');
  await register.getByLabel('Статус, Строка 1', { exact: true }).selectOption({ label: 'в работе' });
  await add.click();
  await register.getByLabel('Решение, Строка 2', { exact: true }).fill('Контролировать посещаемость');
  await register.getByRole('checkbox', { name: 'Срок, Строка 2: постоянно' }).check();
  // Row 2 has no responsible yet: said under the table, and before sending.
  await register.getByText('Строка 2, «Ответственный (исполнитель)»: заполните или исправьте.').waitFor();
  await page.getByRole('status').getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByRole('heading', { level: 2, name: 'Проверьте перед отправкой' }).waitFor();
  // Only the missing cell: a register has no scored criteria to count as unanswered.
  assert.deepEqual(await checkList(page), [
    `«decisions ${TABLE}»: Строка 2, «Ответственный (исполнитель)»: заполните или исправьте.`,
  ]);
  // Nothing in a register is scored: no percentages, «0 баллов» or deficits to show.
  assert.equal(await page.getByRole('table', { name: 'Результат по направлениям' }).count(), 0);
  assert.equal(await page.getByRole('region', { name: 'Дефициты' }).count(), 0);
  assert.equal(await page.getByText('0 баллов').count(), 0);

  await page.getByRole('link', { name: 'Вернуться к заполнению' }).click();
  await register.getByLabel('Ответственный (исполнитель), Строка 2', { exact: true }).fill('Классные руководители');
  await page.getByRole('status').getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'К результатам' }).click();
  const printed = page.getByRole('table', { name: `decisions ${TABLE}` });
  await printed.waitFor();
  const cells = await printed.getByRole('row').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  assert.deepEqual(cells.map((r) => r.map(readable)), [
    ['Решение', 'Ответственный (исполнитель)', 'Срок', 'Исполнение', 'Статус'],
    ['Провести диагностику профессиональных дефицитов', 'Петрова А. С., зам. директора', '31.03.2026', '', 'в работе'],
    ['Контролировать посещаемость', 'Классные руководители', 'постоянно', '', ''],
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
  const cell = (name) => {
    assert.ok(names.includes(name), `column ${name}`);
    return unmark(values[names.indexOf(name)]);
  };
  assert.equal(cell('template_id'), 'decisions');
  assert.equal(cell('organisation'), 'МБОУ «СОШ № 1»');
  assert.equal(cell('meeting_date'), '2025-11-20');
  assert.equal(
    cell('decisions'),
    '1) Решение: Провести диагностику профессиональных дефицитов; Ответственный (исполнитель): Петрова А. С., зам. директора; Срок: 2026-03-31; Статус: в работе\n' +
      '2) Решение: Контролировать посещаемость; Ответственный (исполнитель): Классные руководители; Срок: постоянно',
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
  assert.equal(at(tableRows[0], 'organisation'), 'МБОУ «СОШ № 1»');
  assert.equal(at(tableRows[0], 'col_deadline'), '2026-03-31');
  assert.equal(at(tableRows[1], 'col_deadline'), 'постоянно');
  assert.match(at(tableRows[1], 'row_checksum'), /^[0-9a-f]{16}$/);
  assert.deepEqual(errors, [], 'no uncaught errors on the page');
  await context.close();
});

// The CSV contract as a person meets it: the results page exports every profile and layout
// (docs/csv-format.md) and the real downloaded bytes are checked; those files, and files from
// the test corpus, are loaded back through the home page's file picker — good ones are taken,
// bad ones refused with a sentence saying where, and nothing stored changes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, parseCsv, pickFiles, radio, readable, startSchoolMsoko } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const CORPUS = 'crates/exchange/tests/fixtures/csv';
const unmark = (s) => (s.startsWith("'") ? s.slice(1) : s);

/** Chooses a profile and a layout on the results page and returns the downloaded file. */
async function exportAs(page, profile, layout) {
  await page.getByLabel('Формат файла').selectOption({ label: profile });
  await page.getByLabel('Вид таблицы').selectOption({ label: layout });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click(),
  ]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

/** Rows with the header's names unmarked, as a reader of the contract reads them. */
function table(text, sep) {
  const [header, ...rows] = parseCsv(text, sep);
  return { names: header.map(unmark), rows };
}

async function fillSchool(context) {
  const page = await startSchoolMsoko(context, env.server.url);
  await page.getByLabel('Муниципалитет').fill('Энский район');
  await page.getByLabel('Полное наименование ОО').fill('МБОУ «СОШ № 3»; корпус 1');
  await page.getByLabel('ИНН').fill('0274012343');
  await page.getByLabel('Учебный год').fill('2025/2026');
  await radio(page, '1.1.1', 'да').check();
  await radio(page, '1.1.2', 'частично').check();
  await page.getByRole('group', { name: /^1\.1\.1 / }).getByLabel('Подтверждающий документ').fill('=HYPERLINK("x")');
  await page.getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).waitFor();
  return page;
}

test('every profile and layout downloads as the contract says', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, locale: 'ru-RU' });
  const page = await fillSchool(context);

  // Excel (UTF-8), one row per assessment: BOM, «;», every field quoted, codes and formulas marked.
  const excel = await exportAs(page, 'Excel (UTF-8)', 'Строка на самооценку');
  assert.match(excel.name, /^otsenka_msoko-school_\d{4}-\d{2}-\d{2}_[0-9a-f]{8}\.csv$/);
  assert.deepEqual([...excel.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const wide = table(excel.bytes.subarray(3).toString('utf8'), ';');
  const cell = (t, r, name) => t.rows[r][t.names.indexOf(name)];
  assert.equal(cell(wide, 0, 'inn'), "'0274012343", 'a code with a leading zero is marked as text');
  assert.equal(cell(wide, 0, 'academic_year'), "'2025/2026");
  assert.equal(cell(wide, 0, '1.1.1_evidence'), `'=HYPERLINK("x")`, 'the formula is neutralised');
  assert.equal(cell(wide, 0, '1.1.1'), 'да');
  assert.equal(cell(wide, 0, 'pct_1.1'), '30,0'); // 2 + 1 of 10
  assert.equal(cell(wide, 0, 'format_version'), "'2", 'digits are marked as text too');
  assert.match(cell(wide, 0, 'row_checksum'), /^[0-9a-f]{16}$/);
  assert.ok(wide.names.includes('1.1.1'), 'item ids as column names');

  // Windows-1251: the same answers, one byte per Cyrillic letter.
  const old = await exportAs(page, 'Excel (Windows-1251)', 'Строка на самооценку');
  assert.match(old.name, /^otsenka_msoko-school_excel-1251_/);
  assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(old.bytes), 'not UTF-8');
  const oldTable = table(new TextDecoder('windows-1251').decode(old.bytes), ';');
  assert.equal(cell(oldTable, 0, 'school_name'), 'МБОУ «СОШ № 3»; корпус 1');
  assert.equal(cell(oldTable, 0, 'inn'), "'0274012343");

  // RFC 4180, a row per criterion: commas, decimal point, codes as they are, 34 statements: 34 rows.
  const long = await exportAs(page, 'RFC 4180 (UTF-8, «,»)', 'Строка на критерий (для баз данных)');
  assert.match(long.name, /^otsenka_msoko-school_long_rfc4180_/);
  const text = long.bytes.toString('utf8');
  assert.ok(text.startsWith('"format_version","assessment_id",'));
  const rows = table(text, ',');
  assert.equal(rows.rows.filter((r) => r.length > 1).length, 34);
  assert.equal(cell(rows, 0, 'inn'), '0274012343');
  assert.equal(cell(rows, 0, 'item_id'), '1.1.1');
  assert.equal(cell(rows, 0, 'section_pct'), '30.0');
  assert.equal(cell(rows, 1, 'code'), 'partly');
  assert.equal(cell(rows, 1, 'points'), '1');

  // The school's contribution has no table (the municipal МСОКО's road map is one, see
  // tests/e2e/plan.test.mjs): the tables layout is refused with a sentence, and nothing downloads.
  let downloaded = false;
  page.on('download', () => (downloaded = true));
  await page.getByLabel('Формат файла').selectOption({ label: 'RFC 4180 (UTF-8, «,»)' });
  await page.getByLabel('Вид таблицы').selectOption({ label: 'Строки таблиц (планы, решения)' });
  await page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click();
  await page.getByRole('alert').filter({ hasText: 'В этом шаблоне нет таблиц: выберите другой вид таблицы.' }).waitFor();
  assert.equal(downloaded, false, 'no file for a template without tables');

  // A character Windows-1251 lacks is reported, never replaced.
  await page.getByRole('link', { name: 'Вернуться к заполнению' }).click();
  await page.getByRole('group', { name: /^1\.1\.2 / }).getByLabel('Подтверждающий документ').fill('Отчёт ✓');
  await page.getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByLabel('Формат файла').selectOption({ label: 'Excel (Windows-1251)' });
  await page.getByLabel('Вид таблицы').selectOption({ label: 'Строка на самооценку' });
  await page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click();
  await page.getByRole('alert').filter({ hasText: 'Windows-1251' }).waitFor();
  assert.match(
    readable(await page.getByRole('alert').textContent()),
    /В кодировке Windows-1251 нет символов: 1 \(«✓» \(строка 2, столбец 1\.1\.2_evidence\)\)/,
  );

  // The first file loads into another browser exactly.
  const other = await env.browser.newContext({ locale: 'ru-RU' });
  const home = await other.newPage();
  await home.goto(`${env.server.url}/`);
  const note = await load(home, [{ name: excel.name, mimeType: 'text/csv', buffer: excel.bytes }]);
  assert.match(note, new RegExp(`Файл «${excel.name}» принят: самооценок 1, строк 1 \\(msoko-school 2026\\.3, UTF-8 BOM, разделитель «;»\\)`));
  await home.getByRole('link', { name: /СОШ № 3/ }).first().click();
  await home.getByLabel('ИНН').waitFor();
  assert.equal(await home.getByLabel('ИНН').inputValue(), '0274012343');
  assert.equal(await radio(home, '1.1.2', 'частично').isChecked(), true);
  assert.equal(
    await home.getByRole('group', { name: /^1\.1\.1 / }).getByLabel('Подтверждающий документ').inputValue(),
    '=HYPERLINK("x")',
  );
  await other.close();
  await context.close();
});

/** Loads files through the home page's picker and returns what the page says. */
const load = (page, files) => pickFiles(page, files);

async function saved(page) {
  await page.goto(`${env.server.url}/`);
  const t = page.getByRole('table', { name: 'Сохранено на этом устройстве' });
  await t.waitFor();
  return (await t.getByRole('row').allTextContents()).slice(1).map(readable).sort();
}

test('loading CSV files: good ones are taken whole, bad ones refused with where and why, stored data untouched', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  const good = await load(page, [`${CORPUS}/good-wide.csv`]);
  assert.match(good, /Файл «good-wide\.csv» принят: самооценок 2, строк 2/);
  const before = await saved(page);
  assert.equal(before.length, 2);
  assert.match(before.join(' | '), /МБОУ «СОШ № 7»; корпус 2/);
  assert.match(before.join(' | '), /МАОУ "Лицей" =1\+2/);

  const cases = [
    ['bad-tampered-answer.csv', /Файл «bad-tampered-answer\.csv», строка 2, столбец 255 \(row_checksum\): строку изменили после выгрузки/],
    ['bad-unknown-template-version.csv', /строка 2, столбец 3 \(template_id\): шаблон msoko версии 2024\.9 \([0-9a-f]{64}\) здесь неизвестен/],
    ['bad-binary-garbage.csv', /Файл «bad-binary-garbage\.csv», строка 1: ожидался текст, а найдены управляющие байты/],
    ['bad-formula-unmarked.csv', /строка 2, столбец 15 \(filled_by\): ячейка «=HYPERLINK\("http:\/\/evil";"x"\)» начинается как формула/],
    ['bad-truncated-in-quotes.csv', /строка 4, столбец 11 \(school_name\): кавычка ячейки не закрыта/],
    ['bad-utf16.csv', /файл в кодировке UTF-16/],
  ];
  for (const [file, said] of cases) {
    const note = await load(page, [`${CORPUS}/${file}`]);
    assert.match(note, new RegExp(`Файл «${file.replace(/\./g, '\\.')}» не принят, из него ничего не записано`), file);
    assert.match(note, said, `${file}: ${note}`);
    assert.equal(await page.locator('#device-h ~ .note ul.error').count(), 1, `${file} is shown as an error`);
    assert.deepEqual(await saved(page), before, `${file} changed nothing stored`);
  }

  // A good file and a bad one at once: the good one is taken, the bad one refused.
  const mixed = await load(page, [`${CORPUS}/good-long.csv`, `${CORPUS}/bad-duplicated-ids.csv`]);
  assert.match(mixed, /Файл «good-long\.csv» принят: самооценок 2, строк 146/);
  assert.match(mixed, /Файл «bad-duplicated-ids\.csv» не принят.*строка 6, столбец 2 \(assessment_id\): самооценка school-1 встречается дважды/);
  assert.deepEqual(await saved(page), before, 'the same two assessments, not duplicated');
  await context.close();
});

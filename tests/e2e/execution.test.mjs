// Collecting execution back (issue 20): the municipality page loads the schools' execution
// reports at once (crates/municipal/tests/fixtures/execution: two schools' reports on one
// meeting, an older report of one, the same report in another format, a copy edited after
// export, and a decisions file that is no report) → each file's verdict; the matrix decisions ×
// organisations under a fixed clock with the overdue decision marked; filters; «Считать
// выполненным» with who and when, kept across a reload and undone; the same file again
// changing nothing; «Информация о выполнении решений» on A4 paper with nothing else; its CSV
// for Russian Excel read back; English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, launch, parseCsv, readable, unmark } from './browser.mjs';

const DIR = 'crates/municipal/tests/fixtures/execution';
// In this order: the first of two copies of one report is the one counted.
const FILES = [
  'otchet-sosh1.csv',
  'otchet-sosh2-old.csv',
  'otchet-sosh2.csv',
  'otchet-sosh1-rfc4180.csv',
  'otchet-sosh2-tampered.csv',
  'resheniya.csv',
].map((f) => `${DIR}/${f}`);

const TITLE = 'Протокол № 4 от 20.11.2026, Совещание руководителей ОО';
const D11 = '1.1. Провести анализ результатов ВПР и обсудить его на педагогическом совете';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const matrix = (page) => page.getByRole('table', { name: 'Решения и их исполнение по организациям' });
const row = (page, start) => matrix(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${start.replace(/\./g, '\\.')}`) }) });
const cells = async (page, start) => (await row(page, start).getByRole('cell').allInnerTexts()).map(readable);
const status = (page) => page.locator('#execution section.meeting p[role="status"]');

/** The verdict and the details of one file in the list. */
async function verdict(page, name) {
  const table = page.getByRole('table', { name: 'Загруженные отчёты об исполнении' });
  const tr = table.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
  return (await tr.getByRole('cell').allInnerTexts()).slice(1).map(readable);
}

test('execution reports: verdicts, the matrix, closures, paper and CSV', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU', timezoneId: 'Asia/Yekaterinburg', acceptDownloads: true });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date('2026-12-04T10:00:00'));
  await page.goto(`${env.server.url}/municipality.html`);
  await page.getByRole('heading', { level: 2, name: 'Исполнение решений' }).waitFor();

  await page.getByLabel('Загрузить отчёты об исполнении').setInputFiles(FILES);
  await page.getByText('Прочитано файлов: 6; новых: 6.').waitFor();
  await page.getByText('Отчётов: 6; приняты: 4; не приняты: 2').waitFor();
  // Made at 10:00 UTC: 15:00 in Yekaterinburg.
  assert.deepEqual(await verdict(page, 'otchet-sosh1.csv'), ['принят', 'Принят: отчёт «МБОУ „СОШ № 1“» (ИНН 0274011005) от 03.12.2026 15:00, решений: 4.']);
  const [oldWord, oldDetails] = await verdict(page, 'otchet-sosh2-old.csv');
  assert.equal(oldWord, 'принят, не учитывается');
  assert.match(oldDetails, /Заменён более новым отчётом этой организации \(файл «otchet-sosh2\.csv»\): в таблицу не идёт\.$/);
  const [sameWord, sameDetails] = await verdict(page, 'otchet-sosh1-rfc4180.csv');
  assert.equal(sameWord, 'принят, не учитывается');
  assert.match(sameDetails, /Тот же отчёт ещё раз \(как в файле «otchet-sosh1\.csv»\): ничего не изменилось\.$/);
  const [tamperedWord, tamperedDetails] = await verdict(page, 'otchet-sosh2-tampered.csv');
  assert.equal(tamperedWord, 'не принят');
  assert.match(tamperedDetails, /^Файл «otchet-sosh2-tampered\.csv», строка 2, столбец 20 \([^)]+\): строку изменили после выгрузки/);
  const [decisionsWord, decisionsDetails] = await verdict(page, 'resheniya.csv');
  assert.equal(decisionsWord, 'не принят');
  assert.match(decisionsDetails, /^Файл «resheniya\.csv»: это файл решений для школ, а не отчёт об исполнении\./);

  // The matrix: decisions in protocol order, a column per organisation.
  await page.getByRole('heading', { level: 3, name: TITLE }).waitFor();
  const heads = (await matrix(page).getByRole('columnheader').allInnerTexts()).map(readable);
  assert.deepEqual(heads, ['Решение', 'МБОУ «СОШ № 1» ИНН 0274011005', 'МБОУ «СОШ № 2» ИНН 0274011012']);
  const rowHeads = (await matrix(page).getByRole('rowheader').allInnerTexts()).map((s) => readable(s).split(' Срок:')[0]);
  assert.deepEqual(rowHeads.map((s) => s.split('.').slice(0, 2).join('.')), ['1.1', '1.2', '1.10', '2.1']);
  assert.deepEqual(await cells(page, '1.1.'), [
    'исполнено Анализ проведён, рассмотрен на педсовете 27.11.2026 Протокол педсовета № 3, 27.11.2026',
    'в работе, просрочено Анализ начат, педсовет перенесён',
  ]);
  assert.deepEqual(await cells(page, '1.2.'), [
    'исполнено частично Проект программы согласован с методическим советом',
    'исполнено Программа утверждена Приказ № 87, 01.12.2026',
  ]);
  assert.ok((await row(page, '1.1.').getByRole('rowheader').innerText()).includes('Срок: до 01.12.2026'));
  await status(page).filter({ hasText: 'Показано решений: 4 из 4; организаций: 2; просрочено: 1.' }).waitFor();

  // Filters.
  await page.getByLabel('Только просроченные').check();
  await status(page).filter({ hasText: 'Показано решений: 1 из 4; организаций: 2; просрочено: 1.' }).waitFor();
  await page.getByLabel('Только просроченные').uncheck();
  await page.getByLabel('Статус', { exact: true }).selectOption({ label: 'исполнено частично' });
  await status(page).filter({ hasText: 'Показано решений: 1 из 4' }).waitFor();
  assert.equal((await cells(page, '1.2.')).length, 2);
  await page.getByLabel('Статус', { exact: true }).selectOption({ label: 'все' });
  await page.getByLabel('Организация', { exact: true }).selectOption({ label: 'МБОУ «СОШ № 1»' });
  await status(page).filter({ hasText: 'Показано решений: 4 из 4; организаций: 1; просрочено: 0.' }).waitFor();
  await page.getByLabel('Организация', { exact: true }).selectOption({ label: 'все' });
  await page.getByLabel('Решение', { exact: true }).selectOption({ label: '1.10. Организовать наставничество для молодых педагогов' });
  await status(page).filter({ hasText: 'Показано решений: 1 из 4' }).waitFor();
  await page.getByLabel('Решение', { exact: true }).selectOption({ label: 'все' });
  await status(page).filter({ hasText: 'Показано решений: 4 из 4; организаций: 2' }).waitFor();
  await audit(page, 'execution matrix');

  // «Считать выполненным»: who is required; the date is today by default.
  await row(page, '1.1.').getByRole('button', { name: 'Считать выполненным' }).click();
  const who = page.getByLabel('Кто принял решение (ФИО, должность)');
  await who.waitFor();
  assert.ok(await who.evaluate((el) => el === document.activeElement), 'focus is in the field');
  assert.equal(await page.getByLabel('Дата', { exact: true }).inputValue(), '2026-12-04');
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await page.getByRole('alert').filter({ hasText: 'Укажите, кто принял решение (ФИО, должность).' }).waitFor();
  await who.fill('Иванова И. И., начальник отдела');
  await page.keyboard.press('Enter');
  const closed = 'Считать выполненным — 04.12.2026, Иванова И. И., начальник отдела';
  await row(page, '1.1.').getByText(closed).waitFor();
  await status(page).filter({ hasText: 'просрочено: 0.' }).waitFor();
  assert.deepEqual((await cells(page, '1.1.'))[1], 'в работе Анализ начат, педсовет перенесён', 'closed: not overdue');
  await audit(page, 'execution matrix with a closure');

  // Kept across a reload; the same file again changes nothing.
  await page.reload();
  await row(page, '1.1.').getByText(closed).waitFor();
  await page.getByText('Отчётов: 6; приняты: 4; не приняты: 2').waitFor();
  await page.getByLabel('Загрузить отчёты об исполнении').setInputFiles([`${DIR}/otchet-sosh1.csv`]);
  await page.getByText('Файл «otchet-sosh1.csv»: этот файл уже загружен, ничего не изменилось.').waitFor();
  await page.getByText('Прочитано файлов: 1; новых: 0.').waitFor();
  await page.getByText('Отчётов: 6; приняты: 4; не приняты: 2').waitFor();

  // The CSV of «Информация о выполнении решений», for Russian Excel.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV (Excel)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'ispolnenie_resheniy_protokol_4_2026-12-04.csv');
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM for Excel');
  const text = bytes.toString('utf8');
  assert.ok(text.slice(1).startsWith('"Решение";"Исполнение"'), 'semicolons');
  const csv = parseCsv(text, ';').map((r) => r.map(unmark));
  assert.deepEqual(csv[0], ['Решение', 'Исполнение']);
  assert.equal(csv.length, 5);
  assert.deepEqual(csv[1], [
    `${D11} (срок: до 01.12.2026)`,
    'МБОУ «СОШ № 1»: исполнено; Анализ проведён, рассмотрен на педсовете 27.11.2026; Протокол педсовета № 3, 27.11.2026\n' +
      'МБОУ «СОШ № 2»: в работе; Анализ начат, педсовет перенесён\n' +
      closed,
  ]);
  assert.equal(csv[3][0], '1.10. Организовать наставничество для молодых педагогов (срок: постоянно)');

  // On paper: that table alone, A4. Headless Chromium's own print dialog would hold the page
  // (`page.pdf` is the paper here), so the dialog is a no-op and «afterprint» is sent by hand.
  await page.evaluate(() => {
    window.print = () => {};
  });
  await page.getByRole('button', { name: 'Печать: информация о выполнении решений' }).click();
  await page.waitForFunction(() => document.documentElement.dataset.print === 'execution');
  const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true });
  const file = join(mkdtempSync(join(tmpdir(), 'otsenka-execution-')), 'execution.pdf');
  writeFileSync(file, pdf);
  const paper = readable(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
  for (const expected of ['Информация о выполнении решений', TITLE, 'По состоянию на 04.12.2026', 'Решение', 'Исполнение', 'Провести анализ результатов ВПР', 'Программа утверждена', 'Считать выполненным — 04.12.2026']) {
    assert.ok(paper.includes(expected), `the PDF has «${expected}»: ${paper}`);
  }
  for (const absent of ['Загрузить отчёты', 'Скачать CSV', 'Вернуть на контроль', 'Только просроченные', 'Муниципалитет: сводка по школам']) {
    assert.ok(!paper.includes(absent), `no «${absent}» on paper`);
  }
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  assert.ok(Math.abs(Number(size[1]) - 595) < 2 && Math.abs(Number(size[2]) - 842) < 2, `A4, got ${size[0]}`);
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.waitForFunction(() => document.documentElement.dataset.print === undefined);

  // Back under control: overdue again.
  await row(page, '1.1.').getByRole('button', { name: 'Вернуть на контроль' }).click();
  await status(page).filter({ hasText: 'просрочено: 1.' }).waitFor();
  assert.ok(await row(page, '1.1.').getByRole('button', { name: 'Считать выполненным' }).evaluate((el) => el === document.activeElement), 'focus returns to the row');
  await page.reload();
  await status(page).filter({ hasText: 'просрочено: 1.' }).waitFor();

  // English.
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { level: 2, name: 'Execution of decisions' }).waitFor();
  const english = page.getByRole('table', { name: 'Decisions and their execution by organisation' });
  await english.getByText('in progress, overdue').waitFor();
  await page.getByLabel('Load execution reports').waitFor();
  await page.getByRole('button', { name: 'Переключить на русский' }).click();
  await page.getByRole('heading', { level: 2, name: 'Исполнение решений' }).waitFor();
  await context.close();
});

// The decisions register (issue 7): two meetings recorded with «Контроль исполнения решений»
// through the app → «Реестр решений всех заседаний» lists every decision of both, in meeting
// order, with overdue ones marked under a fixed clock → filters (overdue only, by responsible, by
// status) → the review view «Решение | исполнение» → the CSV of the rows shown, read back → an
// A4 PDF with the register and no controls.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, launch, parseCsv, readable } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const MEETINGS = [
  {
    body: 'Педагогический совет',
    number: '1',
    date: '2026-09-30',
    decisions: [
      ['Утвердить план ВСОКО', 'Иванова А. А.', '2026-12-01', 'в работе', ''],
      ['Обновить положение о ВСОКО', 'Петров П. П.', '2026-12-01', 'исполнено', 'Положение утверждено приказом № 12'],
    ],
  },
  {
    body: 'Совещание при директоре',
    number: '7',
    date: '2026-12-20',
    decisions: [
      ['Провести педсовет по итогам полугодия', 'Иванова А. А.', '2027-03-01', 'не начато', ''],
      ['Закупить интерактивные панели', 'Сидоров С. С.', '2027-01-10', 'не исполнено', 'Поставка сорвана'],
      ['Контролировать посещаемость', 'Петров П. П.', 'постоянно', 'в работе', 'Еженедельный отчёт'],
    ],
  },
];

async function record(context, meeting) {
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date('2027-01-15T10:00:00'));
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Контроль исполнения решений/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await page.getByLabel('Организация').fill('МБОУ «СОШ № 3»');
  await page.getByLabel('Заседание / совет').fill(meeting.body);
  await page.getByLabel('Номер протокола').fill(meeting.number);
  await page.getByRole('group', { name: /^meeting_date Дата заседания/ }).getByLabel('Ответ').fill(meeting.date);
  await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /^register / }).click();
  const table = page.getByRole('group', { name: /^decisions / });
  for (const [n, [decision, responsible, deadline, status, execution]] of meeting.decisions.entries()) {
    await table.getByRole('button', { name: 'Добавить строку (Решения заседания)' }).click();
    const cell = (label) => table.getByLabel(`${label}, Строка ${n + 1}`, { exact: true });
    await cell('Решение').fill(decision);
    await cell('Ответственный (исполнитель)').fill(responsible);
    if (deadline === 'постоянно') {
      await table.getByRole('checkbox', { name: `Срок, Строка ${n + 1}: постоянно` }).check();
    } else {
      await cell('Срок').fill(deadline);
    }
    if (execution) await cell('Исполнение').fill(execution);
    await cell('Статус').selectOption({ label: status });
  }
  await page.getByText('Все изменения сохранены').waitFor();
  return page;
}

test('decisions of two meetings in one register: overdue, filters, «решение | исполнение», CSV and print', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU', acceptDownloads: true });
  await (await record(context, MEETINGS[1])).close();
  const page = await record(context, MEETINGS[0]);
  const id = page.url().split('/').pop();
  await page.goto(`${env.server.url}/report.html?id=${id}`);
  await page.getByRole('link', { name: 'Реестр решений всех заседаний' }).click();
  await page.waitForURL(`${env.server.url}/report.html?register`);
  await page.getByRole('heading', { level: 1, name: 'Реестр решений и контроль исполнения' }).waitFor();

  const summary = page.getByRole('status');
  const register = page.getByRole('table', { name: 'Реестр решений' });
  const rows = async () => {
    const out = [];
    for (const row of await register.locator('tbody tr').all()) out.push((await row.locator('td').allTextContents()).map(readable));
    return out;
  };
  assert.equal(readable(await summary.textContent()), 'Показано решений: 5 из 5; просрочено всего 2.');
  // In meeting order (30 September, then 20 December), each meeting's decisions as recorded;
  // 1 December «в работе» and 10 January «не исполнено» are overdue on 15 January 2027.
  assert.deepEqual(await rows(), [
    ['1', 'Педагогический совет, 30.09.2026, протокол № 1', 'Утвердить план ВСОКО', 'Иванова А. А.', '01.12.2026', 'в работе', 'просрочено'],
    ['2', 'Педагогический совет, 30.09.2026, протокол № 1', 'Обновить положение о ВСОКО', 'Петров П. П.', '01.12.2026', 'исполнено', ''],
    ['3', 'Совещание при директоре, 20.12.2026, протокол № 7', 'Провести педсовет по итогам полугодия', 'Иванова А. А.', '01.03.2027', 'не начато', ''],
    ['4', 'Совещание при директоре, 20.12.2026, протокол № 7', 'Закупить интерактивные панели', 'Сидоров С. С.', '10.01.2027', 'не исполнено', 'просрочено'],
    ['5', 'Совещание при директоре, 20.12.2026, протокол № 7', 'Контролировать посещаемость', 'Петров П. П.', 'постоянно', 'в работе', ''],
  ]);
  await audit(page, 'decisions register');

  // Filters.
  const decisions = async () => (await rows()).map((r) => r[2]);
  await page.getByLabel('Только просроченные').check();
  assert.deepEqual(await decisions(), ['Утвердить план ВСОКО', 'Закупить интерактивные панели']);
  assert.equal(readable(await summary.textContent()), 'Показано решений: 2 из 5; просрочено всего 2.');
  await page.getByLabel('Ответственный').selectOption('Иванова А. А.');
  assert.deepEqual(await decisions(), ['Утвердить план ВСОКО']);
  await page.getByLabel('Только просроченные').uncheck();
  assert.deepEqual(await decisions(), ['Утвердить план ВСОКО', 'Провести педсовет по итогам полугодия']);
  await page.getByLabel('Ответственный').selectOption({ label: 'все' });
  await page.getByLabel('Статус').selectOption({ label: 'в работе' });
  assert.deepEqual(await decisions(), ['Утвердить план ВСОКО', 'Контролировать посещаемость']);
  await page.getByLabel('Статус').selectOption({ label: 'все' });
  await page.getByLabel('Ответственный').selectOption('Сидоров С. С.');
  await page.getByLabel('Только просроченные').check();
  await page.getByLabel('Ответственный').selectOption('Петров П. П.');
  await page.getByText('Под условия отбора решений нет.').waitFor();
  await page.getByLabel('Только просроченные').uncheck();
  await page.getByLabel('Ответственный').selectOption({ label: 'все' });

  // The review view, as protocols write it: the decision beside its execution.
  await page.getByRole('radio', { name: 'Решение | исполнение' }).check();
  const review = page.getByRole('table', { name: 'Решение | исполнение' });
  assert.deepEqual((await review.getByRole('columnheader').allTextContents()).map(readable), ['Решение', 'Исполнение']);
  const pair = async (decision) => (await review.locator('tbody tr').filter({ hasText: decision }).locator('td').allInnerTexts()).map(readable);
  assert.deepEqual(await pair('Обновить положение о ВСОКО'), [
    'Обновить положение о ВСОКО Педагогический совет, 30.09.2026, протокол № 1 · Ответственный: Петров П. П. · Срок: 01.12.2026',
    'Положение утверждено приказом № 12 исполнено',
  ]);
  assert.deepEqual((await pair('Закупить интерактивные панели'))[1], 'Поставка сорвана не исполнено просрочено');
  await audit(page, 'decisions review view');

  // CSV of what is shown (overdue only), for Russian Excel.
  await page.getByLabel('Только просроченные').check();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV (Excel)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^reestr_resheniy_2027-01-15\.csv$/);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM for Excel');
  const csv = parseCsv(bytes.toString('utf8').replace(/^\ufeff/, ''), ';').filter((r) => r.length > 1);
  assert.deepEqual(csv, [
    ['Заседание', 'Организация', 'Решение', 'Ответственный', 'Срок', 'Статус', 'Исполнение', 'Просрочено'],
    ['Педагогический совет, 30.09.2026, протокол № 1', 'МБОУ «СОШ № 3»', 'Утвердить план ВСОКО', 'Иванова А. А.', "'01.12.2026", 'в работе', '', 'да'],
    ['Совещание при директоре, 20.12.2026, протокол № 7', 'МБОУ «СОШ № 3»', 'Закупить интерактивные панели', 'Сидоров С. С.', "'10.01.2027", 'не исполнено', 'Поставка сорвана', 'да'],
  ]);

  // Printed: the register as shown, with no controls.
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const file = join(mkdtempSync(join(tmpdir(), 'otsenka-register-')), 'register.pdf');
  writeFileSync(file, pdf);
  const text = readable(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
  for (const expected of ['Реестр решений и контроль исполнения', 'Утвердить план ВСОКО', 'Поставка сорвана', 'просрочено']) {
    assert.ok(text.includes(expected), `the PDF has «${expected}»`);
  }
  assert.ok(!text.includes('Только просроченные') && !text.includes('Скачать CSV') && !text.includes('Печать'), 'no controls on paper');

  // A meeting opens its own record, where decisions are edited.
  await page.getByRole('link', { name: 'Педагогический совет, 30.09.2026, протокол № 1' }).first().click();
  await page.waitForURL(`${env.server.url}/a/${id}`);
  await context.close();
});

test('a register with no decisions says how to start one', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/report.html?register`);
  await page.getByText('На этом устройстве ещё нет решений').waitFor();
  await context.close();
});

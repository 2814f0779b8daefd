// The decisions register (issues 7, 19): two meetings recorded with «Контроль исполнения решений»
// through the app, deadlines as protocols write them → the meeting's record printed as its
// protocol, not a self-assessment → «Реестр решений всех заседаний» lists every decision of both, in meeting
// order, with overdue ones marked under a fixed clock → filters (overdue only, by executor, by
// addressee, by status) → the review view «Решение | исполнение» → the CSV of the rows shown, read back → an
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
    controller: 'Смирнова Е. В., директор',
    decisions: [
      // № | вопрос повестки | кому адресовано | решение | исполнитель | контроль | срок as written | статус | отметка
      ['1.1', 'О ВСОКО', 'Заместителю директора по УВР', 'Утвердить план ВСОКО', 'Иванова А. А.', '', 'до 01.12.2026', 'в работе', ''],
      ['1.2', 'О ВСОКО', 'Методическому совету', 'Обновить положение о ВСОКО', 'Петров П. П.', 'Иванова А. А.', 'декабрь 2026 г.', 'исполнено', 'Положение утверждено приказом № 12'],
    ],
  },
  {
    body: 'Совещание при директоре',
    number: '7',
    date: '2026-12-20',
    controller: '',
    decisions: [
      ['1.1', 'Об итогах полугодия', 'Педагогическому коллективу', 'Провести педсовет по итогам полугодия', 'Иванова А. А.', 'Смирнова Е. В.', 'март 2027 г.', 'на контроле', ''],
      ['2.1', 'О материально-технической базе', 'Заведующему хозяйством', 'Закупить интерактивные панели', 'Сидоров С. С.', 'Смирнова Е. В.', 'до 10.01.2027', 'не исполнено', 'Поставка сорвана'],
      ['2.2', 'О посещаемости', 'Классным руководителям', 'Контролировать посещаемость', 'Петров П. П.', 'Смирнова Е. В.', 'постоянно', 'в работе', 'Еженедельный отчёт'],
      ['2.3', 'О посещаемости', 'Классным руководителям', 'Провести родительские собрания', 'Петров П. П.', 'Смирнова Е. В.', 'ноябрь 2026 г.', 'снято с контроля', 'Решение утратило актуальность'],
    ],
  },
];

const COLUMNS = ['№ решения', 'Вопрос повестки', 'Кому адресовано', 'Решение', 'Исполнитель', 'Контроль', 'Срок', 'Статус', 'Отметка об исполнении'];

async function record(context, meeting) {
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date('2027-01-15T10:00:00'));
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Контроль исполнения решений/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await page.getByLabel('Организация').fill('МБОУ «СОШ № 3»');
  await page.getByLabel('Заседание / совет').fill(meeting.body);
  await page.getByLabel('Номер протокола').fill(meeting.number);
  if (meeting.controller) await page.getByLabel('Контроль за исполнением решений в целом (ФИО, должность)').fill(meeting.controller);
  await page.getByRole('group', { name: /Дата заседания/ }).getByLabel('Ответ').fill(meeting.date);
  await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /Решения и их исполнение/ }).click();
  const table = page.getByRole('group', { name: /Решения заседания/ });
  for (const [n, decision] of meeting.decisions.entries()) {
    await table.getByRole('button', { name: 'Добавить строку (Решения заседания)' }).click();
    const cell = (label) => table.getByLabel(`${label}, Строка ${n + 1}`, { exact: true });
    for (const [c, label] of COLUMNS.entries()) {
      const value = decision[c];
      if (!value) continue;
      if (label === 'Статус') await cell(label).selectOption({ label: value });
      else await cell(label).fill(value);
    }
  }
  await page.getByText('Все изменения сохранены').waitFor();
  return page;
}

test('decisions of two meetings in one register: overdue as written, filters, «решение | исполнение», CSV and print', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU', acceptDownloads: true });
  await (await record(context, MEETINGS[1])).close();
  const page = await record(context, MEETINGS[0]);
  const id = page.url().split('/').pop();

  // The meeting's own record prints as its protocol, not as a self-assessment.
  await page.goto(`${env.server.url}/report.html?id=${id}`);
  await page.getByRole('heading', { level: 1, name: 'ПРОТОКОЛ № 1' }).waitFor();
  const own = readable(await page.locator('main').textContent());
  for (const expected of ['Педагогический совет', '30.09.2026', 'РЕШИЛИ:', 'Председатель', 'Секретарь', 'Контроль за исполнением решений: Смирнова Е. В., директор']) {
    assert.ok(own.includes(expected), `the meeting's record has «${expected}»`);
  }
  for (const absent of ['Отчёт о самооценке', 'Образовательная организация', 'М.П.']) {
    assert.ok(!own.includes(absent), `the meeting's record has no «${absent}»`);
  }
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
  assert.deepEqual((await register.getByRole('columnheader').allTextContents()).map(readable), [
    '№ решения', 'Заседание', 'Вопрос повестки', 'Кому адресовано', 'Решение', 'Исполнитель', 'Контроль', 'Срок', 'Статус', 'Просрочено',
  ]);
  assert.equal(readable(await summary.textContent()), 'Показано решений: 6 из 6; просрочено всего 2.');
  // In meeting order, each meeting's decisions as recorded. On 15 January 2027 «до 01.12.2026 /
  // в работе» and «до 10.01.2027 / не исполнено» are overdue; «декабрь 2026 г.» is done, «ноябрь
  // 2026 г.» withdrawn from control, «март 2027 г.» not yet due, «постоянно» never. The first
  // meeting's row with no controller of its own shows who controls the meeting's decisions.
  const P1 = 'Педагогический совет, 30.09.2026, протокол № 1';
  const P7 = 'Совещание при директоре, 20.12.2026, протокол № 7';
  assert.deepEqual(await rows(), [
    ['1.1', P1, 'О ВСОКО', 'Заместителю директора по УВР', 'Утвердить план ВСОКО', 'Иванова А. А.', 'Смирнова Е. В., директор', 'до 01.12.2026', 'в работе', 'просрочено'],
    ['1.2', P1, 'О ВСОКО', 'Методическому совету', 'Обновить положение о ВСОКО', 'Петров П. П.', 'Иванова А. А.', 'декабрь 2026 г.', 'исполнено', ''],
    ['1.1', P7, 'Об итогах полугодия', 'Педагогическому коллективу', 'Провести педсовет по итогам полугодия', 'Иванова А. А.', 'Смирнова Е. В.', 'март 2027 г.', 'на контроле', ''],
    ['2.1', P7, 'О материально-технической базе', 'Заведующему хозяйством', 'Закупить интерактивные панели', 'Сидоров С. С.', 'Смирнова Е. В.', 'до 10.01.2027', 'не исполнено', 'просрочено'],
    ['2.2', P7, 'О посещаемости', 'Классным руководителям', 'Контролировать посещаемость', 'Петров П. П.', 'Смирнова Е. В.', 'постоянно', 'в работе', ''],
    ['2.3', P7, 'О посещаемости', 'Классным руководителям', 'Провести родительские собрания', 'Петров П. П.', 'Смирнова Е. В.', 'ноябрь 2026 г.', 'снято с контроля', ''],
  ]);
  await audit(page, 'decisions register');

  // Filters.
  const decisions = async () => (await rows()).map((r) => r[4]);
  await page.getByLabel('Только просроченные').check();
  assert.deepEqual(await decisions(), ['Утвердить план ВСОКО', 'Закупить интерактивные панели']);
  assert.equal(readable(await summary.textContent()), 'Показано решений: 2 из 6; просрочено всего 2.');
  await page.getByLabel('Исполнитель').selectOption('Иванова А. А.');
  assert.deepEqual(await decisions(), ['Утвердить план ВСОКО']);
  await page.getByLabel('Только просроченные').uncheck();
  assert.deepEqual(await decisions(), ['Утвердить план ВСОКО', 'Провести педсовет по итогам полугодия']);
  await page.getByLabel('Исполнитель').selectOption({ label: 'все' });
  await page.getByLabel('Кому адресовано').selectOption('Классным руководителям');
  assert.deepEqual(await decisions(), ['Контролировать посещаемость', 'Провести родительские собрания']);
  await page.getByLabel('Кому адресовано').selectOption({ label: 'все' });
  // Every status of document control is offered, in the one word set.
  const statusLabels = (await page.getByLabel('Статус').locator('option').allTextContents()).map(readable);
  assert.deepEqual(statusLabels, ['все', 'на контроле', 'в работе', 'исполнено', 'исполнено частично', 'срок перенесён', 'не исполнено', 'снято с контроля']);
  await page.getByLabel('Статус').selectOption({ label: 'в работе' });
  assert.deepEqual(await decisions(), ['Утвердить план ВСОКО', 'Контролировать посещаемость']);
  await page.getByLabel('Статус').selectOption({ label: 'все' });
  await page.getByLabel('Исполнитель').selectOption('Сидоров С. С.');
  await page.getByLabel('Только просроченные').check();
  await page.getByLabel('Исполнитель').selectOption('Петров П. П.');
  await page.getByText('Под условия отбора решений нет.').waitFor();
  await page.getByLabel('Только просроченные').uncheck();
  await page.getByLabel('Исполнитель').selectOption({ label: 'все' });

  // The review view, as protocols write it: the decision beside its execution.
  await page.getByRole('radio', { name: 'Решение | исполнение' }).check();
  const review = page.getByRole('table', { name: 'Решение | исполнение' });
  assert.deepEqual((await review.getByRole('columnheader').allTextContents()).map(readable), ['Решение', 'Исполнение']);
  const pair = async (decision) => (await review.locator('tbody tr').filter({ hasText: decision }).locator('td').allInnerTexts()).map(readable);
  assert.deepEqual(await pair('Обновить положение о ВСОКО'), [
    `1.2. Обновить положение о ВСОКО ${P1} · Исполнитель: Петров П. П. · Срок: декабрь 2026 г.`,
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
    ['Заседание', 'Организация', '№ решения', 'Вопрос повестки', 'Кому адресовано', 'Решение', 'Исполнитель', 'Контроль', 'Срок', 'Статус', 'Отметка об исполнении', 'Просрочено'],
    [P1, 'МБОУ «СОШ № 3»', "'1.1", 'О ВСОКО', 'Заместителю директора по УВР', 'Утвердить план ВСОКО', 'Иванова А. А.', 'Смирнова Е. В., директор', 'до 01.12.2026', 'в работе', '', 'да'],
    [P7, 'МБОУ «СОШ № 3»', "'2.1", 'О материально-технической базе', 'Заведующему хозяйством', 'Закупить интерактивные панели', 'Сидоров С. С.', 'Смирнова Е. В.', 'до 10.01.2027', 'не исполнено', 'Поставка сорвана', 'да'],
  ]);

  // Printed: the register as shown, with no controls.
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  const file = join(mkdtempSync(join(tmpdir(), 'otsenka-register-')), 'register.pdf');
  writeFileSync(file, pdf);
  const text = readable(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
  for (const expected of ['Реестр решений и контроль исполнения', 'Утвердить план ВСОКО', 'Поставка сорвана', 'просрочено']) {
    assert.ok(text.includes(expected), `the PDF has «${expected}»`);
  }
  assert.ok(!text.includes('Только просроченные') && !text.includes('Скачать CSV') && !text.includes('Печать'), 'no controls on paper');
  // Across the page: ten columns need the width.
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  assert.ok(Number(size[1]) > Number(size[2]), `landscape, got ${size[0]}`);

  // A meeting opens its own record, where decisions are edited.
  await page.getByRole('link', { name: P1 }).first().click();
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

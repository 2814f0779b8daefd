// The printable report (issue 7, first part): from the results page «План мероприятий и отчёт» opens
// /report.html for the assessment — title block, results with bars and levels in words,
// deficits with recommendations, signature lines — and printing it to an A4 PDF in Chromium
// (`page.pdf`) gives that text (read back with poppler's `pdftotext`) on the expected number of
// pages, with no navigation or buttons.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, launch, radio, readable, startMsoko, startSchoolMsoko } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

// The municipality's own МСОКО self-assessment: its education authority, not a school.
const RESPONDENT = {
  'Муниципальное образование': 'Энский муниципальный район',
  'Орган управления образованием': 'Управление образования администрации Энского муниципального района — очень длинное наименование, которое в отчёте переносится на следующую строку, а не обрезается',
  'Ответственный за самооценку (ФИО)': 'Петрова Анна Сергеевна',
  'Должность ответственного': 'заместитель начальника управления',
  'Учебный год': '2025/2026',
};

test('results → «План мероприятий и отчёт» → the report on screen and as an A4 PDF', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await startMsoko(context, env.server.url);
  const id = page.url().split('/').pop();
  for (const [label, value] of Object.entries(RESPONDENT)) await page.getByLabel(label).fill(value);
  await radio(page, '1.1.01', 'да').check();
  await radio(page, '1.1.02', 'частично').check();
  await radio(page, '1.1.03', 'нет').check();
  await page.getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByRole('link', { name: 'План мероприятий и отчёт' }).click();
  await page.waitForURL(`${env.server.url}/report.html?id=${id}`);

  await page.getByRole('heading', { level: 1, name: 'Отчёт о самооценке' }).waitFor();
  const block = readable(await page.locator('.title-block').innerText());
  assert.match(block, /Орган управления образованием Управление образования администрации Энского муниципального района — очень длинное наименование/);
  assert.doesNotMatch(block, /Образовательная организация/);
  assert.match(block, /Муниципалитет Энский муниципальный район/);
  assert.match(block, /Шаблон и версия Самооценка МСОКО: механизмы управления качеством образования, версия 2026\.3/);
  assert.match(block, /Учебный год 2025\/2026/);
  assert.match(block, /Дата заполнения \d\d\.\d\d\.\d{4}/);
  assert.match(block, /Заполнил Петрова Анна Сергеевна, заместитель начальника управления/);
  const row = async (name) => (await page.getByRole('row', { name }).locator('td').allInnerTexts()).map(readable);
  // 1.1: да + частично + нет = 3 of 18 points.
  assert.deepEqual(await row(/^1\.1 Система оценки качества/), ['16,7 %', '', 'низкий уровень']);
  assert.deepEqual(await row(/^Итого/), ['2,1 %', '', 'низкий уровень']);
  const deficits = (await page.locator('ol.deficits > li').allInnerTexts()).map(readable);
  assert.deepEqual(deficits.map((d) => d.split(' ')[0]), ['1.1.02', '1.1.03']);
  assert.match(deficits[1], /— нет Рекомендация: /);
  await page.getByRole('region', { name: 'Подписи' }).getByText('М.П.').waitFor();
  // МСОКО's management cycle: directions × components, as present / partial / missing.
  const grid = page.getByRole('table', { name: /^Направления × компоненты цикла/ });
  const cycle = (await grid.getByRole('row', { name: /^1\.1/ }).locator('td').allTextContents()).map(readable);
  assert.deepEqual(cycle, ['✓есть', '◐частично', '✗нет', '—нет ответа', '—нет ответа', '—нет ответа', '—нет ответа', '—нет ответа', '—нет ответа']);
  assert.equal(await grid.locator('tbody tr').count(), 8);
  assert.match(readable(await page.locator('ol.components').innerText()), /^1 — Цели 2 — Показатели/);
  // No earlier assessment of this school: no change section.
  assert.equal(await page.getByRole('heading', { name: /^Изменения с прошлой самооценки/ }).count(), 0);
  await audit(page, 'report page');

  // Printed: A4, the report's text, no buttons or links back.
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const dir = mkdtempSync(join(tmpdir(), 'otsenka-report-'));
  const file = join(dir, 'report.pdf');
  writeFileSync(file, pdf);
  const text = readable(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))[1]);
  for (const expected of [
    'Отчёт о самооценке',
    'Энский муниципальный район',
    'версия 2026.3',
    '1.1 Система оценки качества подготовки обучающихся',
    '16,7 %',
    'Итого',
    'Рекомендация:',
    'Руководитель органа управления образованием',
    'М.П.',
  ]) {
    assert.ok(text.includes(expected), `the PDF has «${expected}»`);
  }
  // The long name wraps instead of being cut.
  assert.ok(text.includes('не обрезается'), 'the whole name of the authority is printed');
  assert.ok(!text.includes('К результатам') && !text.includes('Печать'), 'no navigation or buttons on paper');
  // Three A4 pages (the municipal criteria and their recommendations with the result each
  // names are longer than a school's): the title block and results on the first, the
  // signatures on the last.
  assert.equal(pages, 3);
  const page1 = execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
  const last = execFileSync('pdftotext', ['-f', String(pages), '-l', String(pages), file, '-'], { encoding: 'utf8' });
  assert.ok(page1.includes('Отчёт о самооценке') && page1.includes('Орган управления образованием'));
  assert.ok(last.includes('Руководитель органа управления образованием') && last.includes('М.П.'), 'the signature block is kept whole on the last page');
  // `OTSENKA_SCREENSHOTS=1` refreshes the picture of the first page in docs/.
  if (process.env.OTSENKA_SCREENSHOTS) {
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', file, 'docs/report-first-page']);
  }

  // Back to the app.
  await page.getByRole('link', { name: '← К результатам' }).click();
  await page.getByRole('table', { name: 'Результат по направлениям' }).waitFor();
  await context.close();
});

test('a report for an id this device does not have says so', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/report.html?id=no-such-id`);
  await page.getByRole('alert').filter({ hasText: 'Такой самооценки на этом устройстве нет.' }).waitFor();
  await context.close();
});

test('an earlier assessment of the same school: the report shows the change per section and the deficits closed', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const fill = async (answers) => {
    const page = await startSchoolMsoko(context, env.server.url);
    await page.getByLabel('Полное наименование ОО').fill('МБОУ «СОШ № 8»');
    await page.getByLabel('ИНН').fill('7707083893');
    for (const [id, answer] of answers) await radio(page, id, answer).check();
    await page.getByText('Все изменения сохранены').waitFor();
    return page;
  };
  const first = await fill([['1.1.1', 'нет'], ['1.1.2', 'частично'], ['1.1.3', 'да']]);
  await first.close();
  // A year later: 1.1.1 and 1.1.2 mended.
  const page = await fill([['1.1.1', 'да'], ['1.1.2', 'да'], ['1.1.3', 'да']]);
  const id = page.url().split('/').pop();
  await page.goto(`${env.server.url}/report.html?id=${id}`);
  await page.getByRole('heading', { name: /^Изменения с прошлой самооценки от \d\d\.\d\d\.\d{4}$/ }).waitFor();
  // 1.1 of the school's contribution: 3 of 10 points before (30,0 %), 6 of 10 now (60,0 %).
  const row = (await page.getByRole('row', { name: /^1\.1 Система оценки качества/ }).nth(1).locator('td').allTextContents()).map(readable);
  assert.deepEqual(row, ['30,0 %', '60,0 %', '+30,0']);
  const closed = (await page.locator('ul.closed > li').allTextContents()).map(readable);
  assert.deepEqual(closed.map((c) => c.split(' ')[0]), ['1.1.1', '1.1.2']);
  await context.close();
});

test('decisions register: the report marks overdue decisions by the deadline, the status and today (a fixed clock)', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  // Today is 15 January 2027 on this device.
  await page.clock.setFixedTime(new Date('2027-01-15T10:00:00'));
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Контроль исполнения решений/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();
  await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /Решения и их исполнение/ }).click();
  const register = page.getByRole('group', { name: /Решения заседания/ });
  // Deadlines as the minutes write them.
  const rows = [
    ['Утвердить план ВСОКО', 'до 01.12.2026', 'в работе'], // overdue
    ['Провести педсовет', 'март 2027 г.', 'на контроле'], // not yet due
    ['Обновить положение', 'до 01.12.2026', 'исполнено'], // done
    ['Контролировать посещаемость', 'постоянно', 'в работе'], // permanent
    ['Закупить оборудование', 'ноябрь 2026 г.', 'не исполнено'], // overdue, not done
    ['Провести собрание', 'октябрь 2026 г.', 'снято с контроля'], // withdrawn from control
    ['Обновить сайт', 'январь–февраль 2027', 'срок перенесён'], // due at the end of February
    ['Подготовить отчёт', 'ежегодно до 10 января', 'в работе'], // this year's 10 January has passed
  ];
  for (const [n, [decision, deadline, status]] of rows.entries()) {
    await register.getByRole('button', { name: 'Добавить строку (Решения заседания)' }).click();
    const cell = (label) => register.getByLabel(`${label}, Строка ${n + 1}`, { exact: true });
    await cell('№ решения').fill(`1.${n + 1}`);
    await cell('Решение').fill(decision);
    await cell('Срок').fill(deadline);
    await cell('Статус').selectOption({ label: status });
  }
  await page.getByText('Все изменения сохранены').waitFor();
  await page.goto(`${env.server.url}/report.html?id=${id}`);
  const table = page.getByRole('table').filter({ hasText: 'Утвердить план ВСОКО' });
  await table.waitFor();
  assert.equal(readable(await table.getByRole('columnheader').last().textContent()), 'Просрочено');
  const overdue = [];
  for (const [decision] of rows) {
    const cells = (await table.getByRole('row').filter({ hasText: decision }).locator('td').allTextContents()).map(readable);
    overdue.push(cells.at(-1));
  }
  assert.deepEqual(overdue, ['просрочено', '', '', '', 'просрочено', '', '', 'просрочено']);
  assert.ok((await table.getByRole('row').filter({ hasText: 'Контролировать посещаемость' }).textContent()).includes('постоянно'));
  await context.close();
});

// The protocol (issue 20): a meeting recorded with «Контроль исполнения решений» through the fill
// page by its labels — the header, two agenda items with their speakers, decisions for two
// addressees with deadlines as people write them — opens on the report page as a protocol in
// the seeds' order, and its A4 PDF (Chromium print, read back with poppler's `pdftotext`) has
// ПОВЕСТКА, СЛУШАЛИ, ВЫСТУПИЛИ, РЕШИЛИ, the decisions under their addressees with their
// deadlines, and the chair's and secretary's signature lines; the register's table under it is
// for the screen only. With the switch set to English, the headings are English.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, launch, readable } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const CHAIR = 'Егорова О. Ю., начальник управления образования';
const SECRETARY = 'Рогачева С. В. - специалист отдела образования';
// Signed by name: the header gives the positions.
const [CHAIR_NAME, SECRETARY_NAME] = ['Егорова О. Ю.', 'Рогачева С. В.'];
// The line to sign on, typed as secretaries type it.
const LINE = '_'.repeat(20);

// № | вопрос | докладчик | содокладчик | слушали | выступили
const AGENDA = [
  [
    '1',
    'О результатах мониторинга объективности ВПР',
    'Захаров С. П., проректор ГАУ ДПО «СОИРО»',
    'Кольцова О. С., ректор ГАУ ДПО «СОИРО»',
    'о признаках необъективных результатов в двенадцати школах',
    'Попов Р. А., начальник отдела: о перепроверке работ',
  ],
  ['2', 'О программах помощи школам с низкими результатами', 'Иванова А. А., методист МИМЦ', '', '', ''],
];
const AGENDA_COLUMNS = ['№', 'Вопрос', 'Докладчик (ФИО, должность)', 'Содокладчик (ФИО, должность)', 'Слушали: о чём доклад', 'Выступили (ФИО, о чём)'];

// № | вопрос повестки | кому адресовано | решение | исполнитель | контроль | срок
const DECISIONS = [
  ['1.1', '1', 'Общеобразовательным организациям', 'Обеспечить общественное наблюдение на ВПР', 'Руководители ОО', '', 'до 01.03.2027'],
  ['1.2', '', 'ГАУ ДПО «СОИРО»', 'Организовать перепроверку работ', 'Захаров С. П.', 'Кольцова О. С.', 'май 2027 г.'],
  ['1.3', '', 'Общеобразовательным организациям', 'Направить отчёт о перепроверке', 'Руководители ОО', '', 'май 2027 г.'],
  ['2.1', '', 'Общеобразовательным организациям', 'Разработать программы помощи', 'Заместители по УВР', '', 'до 01.03.2027'],
];
const DECISION_COLUMNS = ['№ решения', 'Вопрос повестки', 'Кому адресовано', 'Решение', 'Исполнитель', 'Контроль', 'Срок'];

const question = (page, label) => page.getByRole('group', { name: label }).getByLabel('Ответ');

/** Types `rows` into the table `group`, a row at a time through «Добавить строку», by the cells' labels. */
async function fillTable(group, name, columns, rows) {
  for (const [n, row] of rows.entries()) {
    await group.getByRole('button', { name: `Добавить строку (${name})`, exact: true }).click();
    for (const [c, label] of columns.entries()) {
      if (row[c]) await group.getByLabel(`${label}, Строка ${n + 1}`, { exact: true }).fill(row[c]);
    }
  }
}

test('a protocol filled by labels prints as the seeds’ protocol: agenda, heard, spoke, decided by addressee, signatures', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Контроль исполнения решений/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();

  await page.getByLabel('Организация').fill('Управление образования администрации города Энска');
  await page.getByLabel('Заседание / совет').fill('Совет управления образования');
  await page.getByLabel('Номер протокола').fill('4');
  await question(page, /^Дата заседания/).fill('2027-01-20');
  await question(page, /^Место проведения/).fill('в режиме видеоконференцсвязи');
  await question(page, /^Председатель/).fill(CHAIR);
  await question(page, /^Секретарь/).fill(SECRETARY);
  await question(page, /^Присутствовали/).fill('75 чел.');
  await question(page, /^Из них по категориям/).fill('управление образования — 5, руководители ОО — 28, заместители руководителей — 42');
  await question(page, /^Отсутствовали/).fill('0 человек');
  await fillTable(page.getByRole('group', { name: /^Повестка(?! одним)/ }), 'Повестка', AGENDA_COLUMNS, AGENDA);

  await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /Решения и их исполнение/ }).click();
  await fillTable(page.getByRole('group', { name: /^Решения заседания/ }), 'Решения заседания', DECISION_COLUMNS, DECISIONS);
  await page.getByRole('status').getByText('Все изменения сохранены').waitFor();

  await page.goto(`${env.server.url}/report.html?id=${id}`);
  await page.getByRole('heading', { level: 1, name: 'ПРОТОКОЛ № 4' }).waitFor();
  await page.getByRole('heading', { level: 2, name: 'ПОВЕСТКА:' }).waitFor();
  // On screen, under the protocol, the register's table with the overdue mark.
  await page.getByRole('heading', { level: 2, name: 'Исполнение решений' }).waitFor();
  const signatures = readable(await page.getByRole('region', { name: 'Подписи' }).innerText());
  assert.equal(signatures, `Председатель ${LINE} / ${CHAIR_NAME} Секретарь ${LINE} / ${SECRETARY_NAME}`);
  await audit(page, 'protocol');

  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  const file = join(mkdtempSync(join(tmpdir(), 'otsenka-protocol-')), 'protocol.pdf');
  writeFileSync(file, pdf);
  const text = readable(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
  const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  assert.ok(Number(size[1]) < Number(size[2]) && Math.round(Number(size[1])) === 595, `A4 portrait, got ${size[0]}`);

  // In the seeds' order, each part once: the header, ПОВЕСТКА, then per item СЛУШАЛИ, ВЫСТУПИЛИ,
  // РЕШИЛИ with the decisions under their addressees (in the order each first appears), then
  // the signatures.
  const inOrder = [
    'Управление образования администрации города Энска',
    'ПРОТОКОЛ № 4',
    'Совет управления образования',
    '20.01.2027',
    'в режиме видеоконференцсвязи',
    `Председатель: ${CHAIR}`,
    `Секретарь: ${SECRETARY}`,
    'Присутствовали: 75 чел.',
    'руководители ОО — 28',
    'Отсутствовали: 0 человек',
    'ПОВЕСТКА:',
    '1. О результатах мониторинга объективности ВПР',
    'Докладчик: Захаров С. П., проректор ГАУ ДПО «СОИРО»',
    'Содокладчик: Кольцова О. С., ректор ГАУ ДПО «СОИРО»',
    '2. О программах помощи школам с низкими результатами',
    'Докладчик: Иванова А. А., методист МИМЦ',
    '1. СЛУШАЛИ: Захаров С. П., проректор ГАУ ДПО «СОИРО» — о признаках необъективных результатов в двенадцати школах',
    'ВЫСТУПИЛИ: Попов Р. А., начальник отдела: о перепроверке работ',
    'РЕШИЛИ:',
    'Общеобразовательным организациям:',
    '1.1. Обеспечить общественное наблюдение на ВПР. Срок: до 01.03.2027. Исполнитель: Руководители ОО',
    '1.3. Направить отчёт о перепроверке. Срок: май 2027 г. Исполнитель: Руководители ОО',
    'ГАУ ДПО «СОИРО»:',
    '1.2. Организовать перепроверку работ. Срок: май 2027 г. Исполнитель: Захаров С. П. (Контроль: Кольцова О. С.)',
    '2. СЛУШАЛИ: Иванова А. А., методист МИМЦ — О программах помощи школам с низкими результатами',
    'РЕШИЛИ:',
    'Общеобразовательным организациям:',
    '2.1. Разработать программы помощи. Срок: до 01.03.2027. Исполнитель: Заместители по УВР',
    `Председатель ${LINE} / ${CHAIR_NAME}`,
    `Секретарь ${LINE} / ${SECRETARY_NAME}`,
  ];
  let at = 0;
  for (const expected of inOrder) {
    const found = text.indexOf(expected, at);
    assert.ok(found >= 0, `the PDF has «${expected}» after «${text.slice(Math.max(0, at - 60), at)}»`);
    at = found + expected.length;
  }
  // An empty part is left out, not printed as a label with nothing after it.
  const count = (s) => text.split(s).length - 1;
  assert.equal(count('Содокладчик:'), 1, 'only the first item has a co-speaker');
  assert.equal(count('ВЫСТУПИЛИ:'), 1, 'only the first item has speakers from the floor');
  assert.equal(count('РЕШИЛИ:'), 2);
  for (const absent of ['Исполнение решений', 'Просрочено', 'Печать', 'К результатам', 'Реестр решений всех заседаний']) {
    assert.ok(!text.includes(absent), `no «${absent}» on paper`);
  }

  // English headings with the switch set to English; what was typed stays as typed.
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: 'Switch the interface to English' }).click();
  // The English texts are fetched first: the choice is kept once the page is in English.
  await page.getByRole('button', { name: 'Переключить интерфейс на русский' }).waitFor();
  await page.goto(`${env.server.url}/report.html?id=${id}`);
  await page.getByRole('heading', { level: 1, name: 'MINUTES No. 4' }).waitFor();
  const english = readable(await page.locator('article').innerText());
  for (const expected of ['AGENDA:', 'Speaker: Захаров С. П.', '1. HEARD:', 'SPOKE:', 'DECIDED:', 'Deadline: до 01.03.2027.', `Chair ${LINE} / ${CHAIR_NAME}`, `Secretary ${LINE} / ${SECRETARY_NAME}`]) {
    assert.ok(english.includes(expected), `the English protocol has «${expected}»`);
  }
  assert.deepEqual(errors, [], 'no uncaught errors on the page');
  await context.close();
});

// Accessibility audit with axe-core of the item kinds МСОКО does not have: ШНОР's numbers,
// Likert scales, multiple choice and programme tables, and the decisions register with its
// deadline cells, on the filling and the results pages: no serious or critical violations.
import { after, before, test } from 'node:test';
import { audit, launch, named, textOf } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});


async function start(context, title) {
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: new RegExp(`^Начать: ${title}`) }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  return page;
}

const section = (page, id) => page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: named(id) });
const item = (page, id) => page.getByRole('group', { name: named(id) });
const saved = (page) => page.getByRole('status').getByText('Все изменения сохранены').waitFor();

test('ШНОР: numbers (one wrong), a questionnaire average, priorities and a programme table with a row', async () => {
  const context = await env.browser.newContext();
  const page = await start(context, 'Самооценка рисков');
  await section(page, '2').click();
  await item(page, 'r2.1').getByRole('radio', { name: 'да', exact: true }).check();
  await item(page, 'r2.2').getByRole('textbox', { name: /^Ответ/ }).fill('120');
  await item(page, 'r2.2').getByText('Не больше 100.').waitFor();
  await item(page, 'r2.4').getByRole('textbox', { name: /^Ответ/ }).fill('12,5');
  await item(page, 'r2.5').getByRole('textbox', { name: /^Ответ/ }).fill('3,4');
  await saved(page);
  await audit(page, 'ШНОР factor 2 with a wrong number');

  await section(page, 'priorities_section').click();
  const priorities = item(page, 'priorities');
  for (const risk of ['2. Дефицит педагогических кадров', '9. Низкий уровень дисциплины в классе']) {
    await priorities.getByRole('checkbox', { name: risk, exact: true }).check();
  }
  await saved(page);
  await audit(page, 'ШНОР priorities');

  await section(page, 'programmes').click();
  const programme = item(page, 'programme_2');
  await programme.getByRole('button', { name: /^Добавить строку/ }).click();
  await programme.getByLabel('Цель, Строка 1', { exact: true }).fill('Закрыть вакансии');
  await programme.getByRole('checkbox', { name: 'Сроки, Строка 1: постоянно' }).check();
  await programme.getByText(/^Строка 1, «Задачи»/).waitFor();
  await saved(page);
  await audit(page, 'ШНОР programme table with a row and a cell problem');

  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByRole('table', { name: textOf('programme_2'), exact: true }).waitFor();
  await audit(page, 'ШНОР results with a programme table');
  await context.close();
});

test('decisions register: rows with a written deadline, «постоянно» and a status, and its results', async () => {
  const context = await env.browser.newContext();
  const page = await start(context, 'Контроль исполнения решений');
  await page.getByLabel('Организация').fill('МБОУ «СОШ № 1»');
  await item(page, 'meeting_date').getByLabel('Ответ').fill('2025-11-20');
  await section(page, 'register').click();
  const register = item(page, 'decisions');
  const add = register.getByRole('button', { name: /^Добавить строку/ });
  await add.click();
  await register.getByLabel('№ решения, Строка 1', { exact: true }).fill('1.1');
  await register.getByLabel('Решение, Строка 1', { exact: true }).fill('Утвердить план');
  await register.getByLabel('Исполнитель, Строка 1', { exact: true }).fill('Директор');
  await register.getByLabel('Срок, Строка 1', { exact: true }).fill('до 31.03.2026');
  await register.getByLabel('Статус, Строка 1', { exact: true }).selectOption({ label: 'в работе' });
  await add.click();
  await register.getByLabel('Решение, Строка 2', { exact: true }).fill('Контролировать посещаемость');
  await register.getByLabel('Срок, Строка 2', { exact: true }).fill('постоянно');
  await register.getByText(/^Строка 2, «№ решения/).waitFor();
  await saved(page);
  await audit(page, 'decisions register with two rows');

  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByRole('table', { name: /Решения заседания$/ }).waitFor();
  await audit(page, 'decisions results');
  await context.close();
});

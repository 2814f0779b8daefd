// Accessibility audit with axe-core on every page of the journey, in Russian and in English:
// no serious or critical violations.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { audit, launch, startSchoolMsoko } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});


test('home, filling (with an error shown), results and a failed import have no serious or critical violations', async () => {
  const context = await env.browser.newContext();
  const page = await startSchoolMsoko(context, env.server.url);
  await page.getByLabel('ИНН').fill('123');
  await page.getByRole('group', { name: /^1\.1\.1 / }).getByRole('radio', { name: 'частично' }).check();
  await page.getByRole('status').getByText('Все изменения сохранены').waitFor();
  await audit(page, 'filling');
  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByRole('table', { name: 'Результат по направлениям' }).waitFor();
  await audit(page, 'results');
  await page.getByRole('link', { name: 'Оценка' }).click();
  await page.getByRole('table').waitFor();
  await audit(page, 'home with a saved assessment');
  const brokenFile = fileURLToPath(new URL('./fixtures/duplicate-id.json', import.meta.url));
  await page.getByLabel('Загрузить шаблон из файла (JSON или таблица CSV)').setInputFiles(brokenFile);
  await page.getByText(/не принят/).waitFor();
  await audit(page, 'home with a refused import');
  await page.getByRole('button', { name: 'Switch the interface to English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Education quality self-assessment' }).waitFor();
  await audit(page, 'home in English');
  await context.close();
});

test('the audit itself catches a violation (a button with no name)', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.evaluate(() => document.body.append(document.createElement('button')));
  await assert.rejects(audit(page, 'home with a nameless button'), /button-name \(critical\)/);
  await context.close();
});

// English is complete (issue 9): with the switch set to English, no Russian word is left on any
// page a person reaches — the app, the report and the register, workshop mode, the municipality
// page — and numbers and dates follow the language (decimal comma and dd.mm.yyyy in Russian,
// decimal point and «22 Nov 2026» in English). The switch persists across reloads and pages.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, launch, radio } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** The Russian words a person sees on `page` (what the test typed is Latin). */
async function russianWords(page) {
  const text = await page.evaluate(() => document.body.innerText);
  const words = text.match(/[А-Яа-яЁё][А-Яа-яЁё-]*/g) ?? [];
  // The switch back names its language in that language.
  return [...new Set(words)].filter((w) => w !== 'Русский');
}

async function expectEnglish(page, view) {
  await page.waitForTimeout(100);
  assert.deepEqual(await russianWords(page), [], `Russian words on ${view}`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', `lang of ${view}`);
}

test('every page in English: no Russian word left, numbers and dates in English', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: 'Switch the interface to English' }).click();
  await page.getByRole('button', { name: /^Start: School's contribution to MSOKO/ }).waitFor();
  await expectEnglish(page, 'home page');
  // The choice persists.
  await page.reload();
  await page.getByRole('button', { name: /^Start: School's contribution to MSOKO/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await radio(page, '1.1.1', 'yes').waitFor();
  await expectEnglish(page, 'fill page');
  await page.getByLabel(/^Municipality/).fill('Ensk district');
  await page.getByLabel(/^Full name of the school/).fill('School No. 1');
  // 2 + 2 + 1 = 5 points: a fraction, however the percentage is taken.
  await radio(page, '1.1.1', 'yes').click();
  await radio(page, '1.1.2', 'yes').click();
  await radio(page, '1.1.3', 'partly').click();
  await page.getByRole('button', { name: /^Next direction/ }).click();
  await page.getByRole('heading', { level: 2, name: /^1\.2 / }).waitFor();
  await expectEnglish(page, 'fill page, second direction');

  await page.getByRole('link', { name: 'To the results' }).click();
  await page.waitForURL(/\/results$/);
  await page.getByRole('table').first().waitFor();
  await expectEnglish(page, 'results page');
  const results = await page.evaluate(() => document.body.innerText);
  assert.match(results, /\d+\.\d\s%/, 'a percentage with a decimal point');
  assert.doesNotMatch(results, /\d+,\d\s%/, 'no decimal comma in English');
  await audit(page, 'results page in English');

  await page.getByRole('link', { name: /^Action plan and report/ }).click();
  await page.waitForURL(/\/report\.html/);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await expectEnglish(page, 'report page');

  await page.goto(`${env.server.url}/report.html?register`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await expectEnglish(page, 'decisions register');

  await page.goto(`${env.server.url}/`);
  await page.getByRole('link', { name: /^Continue/ }).first().waitFor();
  const home = await page.evaluate(() => document.body.innerText);
  assert.match(home, /\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d\b/, 'a date in English on the home page');
  assert.doesNotMatch(home, /\b\d\d\.\d\d\.\d{4}\b/, 'no Russian date in English');

  await page.goto(`${env.server.url}/workshop.html`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await expectEnglish(page, 'workshop, new session');
  await page.getByLabel('Title').fill('Heads of schools seminar');
  await page.getByLabel('Groups, one per line').fill('Group 1\nGroup 2');
  await page.getByLabel('Question 1').fill('What gets in the way?');
  await page.getByRole('button', { name: 'Start the session' }).click();
  await page.getByRole('heading', { level: 2, name: 'What gets in the way?' }).waitFor();
  await expectEnglish(page, 'workshop session');
  await page.goto(`${env.server.url}/workshop.html#join`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await expectEnglish(page, 'workshop, joining on a phone');

  await page.goto(`${env.server.url}/municipality.html`);
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  await expectEnglish(page, 'municipality page');
  await context.close();
});

test('Russian by default: decimal comma and dd.mm.yyyy', async () => {
  const context = await env.browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).click();
  await radio(page, '1.1.1', 'да').click();
  await radio(page, '1.1.2', 'да').click();
  await radio(page, '1.1.3', 'частично').click();
  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByRole('table').first().waitFor();
  const results = await page.evaluate(() => document.body.innerText);
  assert.match(results, /\d+,\d\s%/, 'a percentage with a decimal comma');
  assert.doesNotMatch(results, /\d+\.\d\s%/);
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).waitFor();
  await page.getByRole('link', { name: /^Продолжить/ }).first().waitFor();
  assert.match(await page.evaluate(() => document.body.innerText), /\b\d\d\.\d\d\.\d{4} \d\d:\d\d\b/);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  await context.close();
});

// Keyboard-only use, and the clear messages a person gets for wrong input or a wrong link.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { escapeRegExp, launch, readable, startSchoolMsoko as start } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const startSchoolMsoko = (context) => start(context, env.server.url);

const criterion = (page, id) => page.getByRole('group', { name: new RegExp(`^${escapeRegExp(id)} `) });

/** Presses Tab until `locator` has focus; fails after `limit` presses. */
async function tabTo(page, locator, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`focus never reached ${locator}`);
}

test('a criterion can be answered and a direction changed with the keyboard alone', async () => {
  const context = await env.browser.newContext();
  const page = await startSchoolMsoko(context);
  const first = criterion(page, '1.1.1');
  await tabTo(page, first.getByRole('radio', { name: 'да', exact: true }));
  await page.keyboard.press('Space');
  assert.equal(await first.getByRole('radio', { name: 'да', exact: true }).isChecked(), true);
  await page.keyboard.press('ArrowRight');
  assert.equal(await first.getByRole('radio', { name: 'частично', exact: true }).isChecked(), true);
  // Tab onwards past «Очистить ответ» to the evidence field.
  await tabTo(page, first.getByLabel('Подтверждающий документ'), 3);
  await page.keyboard.type('Положение о ВСОКО');
  assert.equal(await first.getByLabel('Подтверждающий документ').inputValue(), 'Положение о ВСОКО');

  const next = page.getByRole('button', { name: /Следующее направление/ });
  await tabTo(page, next, 200);
  await page.keyboard.press('Enter');
  // Focus moves to the new direction's heading, so a screen reader announces it.
  const heading = page.getByRole('heading', { level: 2, name: /^1\.2 / });
  await heading.waitFor();
  assert.equal(await heading.evaluate((el) => el === document.activeElement), true);
  assert.match(
    readable(await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /^1\.1 / }).textContent()),
    /1\/5$/, // one of the school's five statements of 1.1
  );
  await context.close();
});

test('a wrong ИНН, ОГРН or academic year is explained under the field, and a right one clears it', async () => {
  const context = await env.browser.newContext();
  const page = await startSchoolMsoko(context);
  const inn = page.getByLabel('ИНН');
  await inn.fill('7707083894');
  assert.equal(await inn.getAttribute('aria-invalid'), 'true');
  const innNote = page.locator(`#${await inn.getAttribute('aria-describedby')}`);
  assert.equal(readable(await innNote.textContent()), 'Контрольная цифра ИНН не сходится: проверьте цифры.');
  await inn.fill('7707083893');
  assert.equal(await inn.getAttribute('aria-invalid'), null);
  assert.equal(readable(await innNote.textContent()), '10 цифр');

  const ogrn = page.getByLabel('ОГРН');
  await ogrn.fill('1027700132196');
  assert.equal(await ogrn.getAttribute('aria-invalid'), 'true');
  const ogrnNote = page.locator(`#${await ogrn.getAttribute('aria-describedby')}`);
  assert.equal(readable(await ogrnNote.textContent()), 'Контрольная цифра ОГРН не сходится: проверьте цифры.');
  await ogrn.fill('102770013219');
  assert.equal(readable(await ogrnNote.textContent()), 'ОГРН — 13 цифр.');
  await ogrn.fill('1027700132195');
  assert.equal(await ogrn.getAttribute('aria-invalid'), null);
  assert.equal(readable(await ogrnNote.textContent()), '13 цифр');

  const year = page.getByLabel('Учебный год');
  await year.fill('2025-2026');
  const yearNote = page.locator(`#${await year.getAttribute('aria-describedby')}`);
  assert.equal(readable(await yearNote.textContent()), 'Учебный год пишется так: 2025/2026.');
  await context.close();
});

test('a link to an assessment that is not on this device, or to no page at all, says so', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  for (const path of ['/a/no-such-id', '/a/no-such-id/results']) {
    await page.goto(`${env.server.url}${path}`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(readable(await alert.textContent()), /^Самооценка не найдена на этом устройстве/);
  }
  await page.getByRole('link', { name: 'Оценка' }).click();
  await page.getByRole('heading', { level: 1, name: 'Самооценка качества образования' }).waitFor();
  for (const path of ['/nope', '/a/', '/a/x/y']) {
    await page.goto(`${env.server.url}${path}`);
    await page.getByText('Страница не найдена.').waitFor();
  }
  await context.close();
});

test('with no IndexedDB (a locked-down browser) the app says nothing will be kept, and still works for the session', async () => {
  const context = await env.browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { get: () => undefined });
  });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  const alert = page.getByRole('alert').first();
  await alert.waitFor();
  assert.match(
    readable(await alert.textContent()),
    /^Хранилище браузера недоступно: работать можно, но ничего не сохранится — .*Подробности: хранилище браузера недоступно \(/,
  );
  // Starting works (in memory, for this session); the warning stays on every page.
  await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await page.getByRole('group', { name: /^1\.1\.1 / }).getByRole('radio', { name: 'да', exact: true }).check();
  await page.getByText('Все изменения сохранены').waitFor();
  assert.match(readable(await page.getByRole('alert').first().textContent()), /ничего не сохранится/);
  await context.close();
});

test('a whole journey with the keyboard alone: start, answer, results, the CSV downloaded; focus follows each page', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  const start = page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ });
  await start.waitFor();
  // The first Tab offers the skip link; it takes the keyboard past the header.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Перейти к содержимому');
  await page.keyboard.press('Enter');
  await tabTo(page, start, 40);
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  // The new page's content has the focus, not the body the pressed button left behind.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await tabTo(page, page.getByLabel(/^Полное наименование ОО/), 20);
  await page.keyboard.type('Школа с клавиатуры');
  const first = criterion(page, '1.1.1');
  await tabTo(page, first.getByRole('radio', { name: 'да', exact: true }), 120);
  await page.keyboard.press('Space');
  await tabTo(page, criterion(page, '1.1.2').getByRole('radio', { name: 'да', exact: true }), 10);
  await page.keyboard.press('ArrowRight');
  assert.equal(await criterion(page, '1.1.2').getByRole('radio', { name: 'частично', exact: true }).isChecked(), true);
  await page.getByText('Все изменения сохранены').waitFor();
  // Back to the top with Shift+Tab, to «К результатам» in the status bar.
  const toResults = page.getByRole('link', { name: 'К результатам' });
  for (let i = 0; i < 80 && !(await toResults.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Shift+Tab');
  }
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/results$/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await tabTo(page, page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }), 80);
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const csv = (await readFile(await download.path())).toString('utf8');
  assert.match(csv, /Школа с клавиатуры/);
  assert.match(csv, /"Школа с клавиатуры";(""?;)*"да";"";"";"частично";/, "1.1.1 да and 1.1.2 частично, in their columns");
  await context.close();
});

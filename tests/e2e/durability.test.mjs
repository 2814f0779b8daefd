// Durable autosave: a page killed at any moment after an answer loses nothing; two tabs on
// one assessment keep each other's answers and show them live; no storage or a full storage
// is said in words and loses nothing that was saved.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { criterion, disableStorage, fullDiskSwitch, launch, parseCsv, radio, readable, rowCells, startMsoko, storedIn } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const evidence = (page, id) => criterion(page, id).getByLabel('Подтверждающий документ');
const ITEMS = ['1.1.01', '1.1.02', '1.1.03', '1.1.04', '1.1.05', '1.1.06', '1.1.07', '1.1.08', '1.1.09'];
const CHOICES = ['да', 'частично', 'нет'];

/** Kills the page's renderer at once: no unload, pagehide or visibilitychange handler runs. */
async function kill(page) {
  const cdp = await page.context().newCDPSession(page);
  const crashed = new Promise((resolve) => page.once('crash', resolve));
  cdp.send('Page.crash').catch(() => {}); // never answers: the renderer is gone
  await crashed;
  await page.close().catch(() => {});
}

/** What a person would see of `expected` after reopening: the items that differ, as text. */
async function differences(page, expected) {
  const lost = [];
  for (const [id, want] of Object.entries(expected)) {
    if (want.choice && !(await radio(page, id, want.choice).isChecked())) {
      lost.push(`${id}: ${want.choice} not checked`);
    }
    if (want.evidence !== undefined && (await evidence(page, id).inputValue()) !== want.evidence) {
      lost.push(`${id}: evidence ${JSON.stringify(await evidence(page, id).inputValue())} ≠ ${JSON.stringify(want.evidence)}`);
    }
  }
  return lost;
}

test('50 times: answer, kill the page after a random moment, reopen — nothing is lost', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const first = await startMsoko(context, env.server.url);
  const url = first.url();
  await first.close();

  // A fixed seed: a failure can be replayed run for run.
  let seed = 20261122;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const expected = {};
  const losses = [];
  const RUNS = 50;
  for (let run = 0; run < RUNS; run++) {
    const page = await context.newPage();
    await page.goto(url);
    const id = pick(ITEMS);
    // Before changing anything, what the last run left must all be there.
    await radio(page, ITEMS[0], 'да').waitFor();
    const before = await differences(page, expected);
    if (before.length) losses.push(`run ${run}: ${before.join('; ')}`);
    const want = (expected[id] ??= {});
    if (random() < 0.6) {
      want.choice = pick(CHOICES.filter((c) => c !== want.choice));
      await radio(page, id, want.choice).check();
    } else {
      want.evidence = `Приказ № ${run} от ${1 + (run % 28)}.11.2026`;
      await evidence(page, id).fill(want.evidence);
    }
    // Kill at once, or within the first 60 ms of the write.
    const wait = random() < 0.3 ? 0 : Math.floor(random() * 60);
    if (wait) await page.waitForTimeout(wait);
    await kill(page);
  }
  const page = await context.newPage();
  await page.goto(url);
  await radio(page, ITEMS[0], 'да').waitFor();
  const last = await differences(page, expected);
  if (last.length) losses.push(`after the last run: ${last.join('; ')}`);
  console.log(`kill loop: ${RUNS} runs, ${losses.length} losses`);
  assert.deepEqual(losses, [], `answers lost after a killed page: ${losses.length} of ${RUNS}`);
  // The answers are in IndexedDB itself, not only in the crash journal.
  await page.getByText('Все изменения сохранены').waitFor();
  const journal = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('otsenka.unsaved.')));
  assert.deepEqual(journal, []);
  await context.close();
});

test('the plan editor, 50 times: edit a cell, kill the page within 10 ms, reopen — nothing is lost', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const first = await startMsoko(context, env.server.url);
  const id = first.url().split('/').pop();
  await radio(first, '1.1.02', 'частично').check();
  await radio(first, '1.1.03', 'нет').check();
  await first.getByText('Все изменения сохранены').waitFor();
  const url = `${env.server.url}/report.html?id=${id}`;
  await first.goto(url);
  const region = (page) => page.getByRole('region', { name: /Дорожная карта по устранению дефицитов МСОКО$/ });
  const cell = (page, n) => page.getByRole('group', { name: new RegExp(`^Строка ${n}( |$)`) }).getByLabel(/^Ответственный/);
  await region(first).getByRole('button', { name: 'Сформировать план по дефицитам' }).click();
  await region(first).getByRole('status').filter({ hasText: /Сохранено в/ }).waitFor();
  await first.close();

  let seed = 20261201;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const expected = { 1: '', 2: '' };
  const losses = [];
  const RUNS = 50;
  const check = async (page, run) => {
    for (const n of [1, 2]) {
      const got = await cell(page, n).inputValue();
      if (got !== expected[n]) losses.push(`${run}: row ${n} ${JSON.stringify(got)} ≠ ${JSON.stringify(expected[n])}`);
    }
  };
  for (let run = 0; run < RUNS; run++) {
    const page = await context.newPage();
    await page.goto(url);
    await cell(page, 2).waitFor();
    await check(page, `run ${run}`);
    const n = random() < 0.5 ? 1 : 2;
    expected[n] = `Ответственный ${run}: ${['Иванова И. И.', 'Петров П. П.', 'Сидорова А. А.'][run % 3]}`;
    await cell(page, n).fill(expected[n]);
    const wait = Math.floor(random() * 11);
    if (wait) await page.waitForTimeout(wait);
    await kill(page);
  }
  const page = await context.newPage();
  await page.goto(url);
  await cell(page, 2).waitFor();
  await check(page, 'after the last run');
  console.log(`plan kill loop: ${RUNS} runs, ${losses.length} losses`);
  assert.deepEqual(losses, [], `plan rows lost after a killed page: ${losses.length} of ${RUNS}`);
  // Applied to IndexedDB on opening, so the journal is empty.
  const journal = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('otsenka.unsaved.')));
  assert.deepEqual(journal, []);
  await context.close();
});

test('one assessment in two tabs: both tabs’ answers survive and appear live in the other', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const a = await startMsoko(context, env.server.url);
  const b = await context.newPage();
  await b.goto(a.url());

  await radio(a, '1.1.01', 'да').check();
  await radio(b, '1.1.02', 'нет').check();
  // Each tab shows the other's answer without a reload.
  await assertChecked(radio(a, '1.1.02', 'нет'));
  await assertChecked(radio(b, '1.1.01', 'да'));
  assert.equal(await radio(a, '1.1.01', 'да').isChecked(), true, 'tab A keeps its own answer');

  // Both typing at the same moment, in different items.
  await Promise.all([
    evidence(a, '1.1.03').fill('Приказ № 1 (вкладка A)'),
    evidence(b, '1.1.04').fill('Приказ № 2 (вкладка B)'),
    radio(a, '1.1.05', 'частично').check(),
    radio(b, '1.1.06', 'да').check(),
  ]);
  for (const page of [a, b]) {
    await page.getByText('Все изменения сохранены').waitFor();
  }
  await waitForValue(evidence(a, '1.1.04'), 'Приказ № 2 (вкладка B)');
  await waitForValue(evidence(b, '1.1.03'), 'Приказ № 1 (вкладка A)');

  // Reopened, everything from both tabs is there — in one record.
  const c = await context.newPage();
  await c.goto(a.url());
  assert.deepEqual(
    await differences(c, {
      '1.1.01': { choice: 'да' },
      '1.1.02': { choice: 'нет' },
      '1.1.03': { evidence: 'Приказ № 1 (вкладка A)' },
      '1.1.04': { evidence: 'Приказ № 2 (вкладка B)' },
      '1.1.05': { choice: 'частично' },
      '1.1.06': { choice: 'да' },
    }),
    [],
  );
  const records = (await storedIn(c, 'assessments')).map((r) => r.id);
  assert.equal(records.length, 1, `one assessment, one record: ${records}`);
  await c.goto(`${env.server.url}/`);
  await c.getByRole('table', { name: 'Сохранено на этом устройстве' }).getByRole('row').nth(1).waitFor();
  assert.equal(await c.getByRole('table', { name: 'Сохранено на этом устройстве' }).getByRole('row').count(), 2);
  await context.close();
});

async function assertChecked(locator) {
  await locator.page().waitForFunction((el) => el.checked, await locator.elementHandle(), { timeout: 5000 });
}

async function waitForValue(locator, value) {
  await locator.page().waitForFunction(([el, v]) => el.value === v, [await locator.elementHandle(), value], {
    timeout: 5000,
  });
}

test('no storage (private mode): the app says nothing will be kept and the journey still works', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, locale: 'ru-RU' });
  await disableStorage(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.server.url}/`);
  const warning = page.getByRole('alert').filter({ hasText: 'Хранилище браузера недоступно' });
  await warning.waitFor();
  assert.match(readable(await warning.textContent()), /ничего не сохранится/);

  await page.getByRole('button', { name: /^Начать: Самооценка МСОКО/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await page.getByLabel('Орган управления образованием').fill('Управление образования (приватное окно)');
  await radio(page, '1.1.01', 'да').check();
  await page.getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'К результатам' }).click();
  const results = page.getByRole('table', { name: 'Результат по направлениям' });
  assert.deepEqual((await rowCells(results, /^1\.1 /)).slice(0, 1), ['11,1 %']);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click(),
  ]);
  const rows = parseCsv((await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, ''));
  assert.equal(rows[1][rows[0].indexOf('body')], 'Управление образования (приватное окно)');
  assert.deepEqual(errors, []);
  await context.close();
});

test('storage full: the failed save is shown, the last good state stays, and nothing is lost once there is room', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  // A full disk (Storage.overrideQuotaForOrigin was tried, see docs/benchmarks.md).
  await fullDiskSwitch(context);
  const page = await startMsoko(context, env.server.url);
  const url = page.url();
  await radio(page, '1.1.01', 'да').check();
  await page.getByText('Все изменения сохранены').waitFor();

  await page.evaluate(() => localStorage.setItem('test.disk-full', 'yes'));
  const long = 'Протокол педсовета № 3. '.repeat(2000);
  await criterion(page, '1.1.02').getByLabel('Комментарий').fill(long);
  const failed = page.getByRole('alert').filter({ hasText: 'Не удалось сохранить' });
  await failed.waitFor();
  assert.match(readable(await failed.textContent()), /место для данных на этом устройстве закончилось/);

  // The stored record is the last good state: the earlier answer, without the comment.
  const stored = await page.evaluate(
    (id) =>
      new Promise((resolve) => {
        const open = indexedDB.open('otsenka');
        open.onsuccess = () => {
          const get = open.result.transaction('assessments').objectStore('assessments').get(id);
          get.onsuccess = () => resolve(get.result);
        };
      }),
    url.split('/').pop(),
  );
  assert.equal(stored.answers['1.1.01'].choice, 'yes');
  assert.equal(stored.answers['1.1.02'], undefined);

  // Room again (the person freed space): «Повторить» saves it, nothing was lost.
  await page.evaluate(() => localStorage.removeItem('test.disk-full'));
  await page.getByRole('button', { name: 'Повторить' }).click();
  await page.getByText('Все изменения сохранены').waitFor();
  await page.reload();
  assert.equal(await criterion(page, '1.1.02').getByLabel('Комментарий').inputValue(), long);
  assert.equal(await radio(page, '1.1.01', 'да').isChecked(), true);

  // Full again, and the tab is closed before there is room: the journal keeps the edit, and
  // the next start (with room) writes it.
  await page.evaluate(() => localStorage.setItem('test.disk-full', 'yes'));
  await criterion(page, '1.1.03').getByLabel('Комментарий').fill('после закрытия');
  await failed.waitFor();
  await page.evaluate(() => localStorage.removeItem('test.disk-full'));
  await page.reload();
  assert.equal(await criterion(page, '1.1.03').getByLabel('Комментарий').inputValue(), 'после закрытия');
  await context.close();
});

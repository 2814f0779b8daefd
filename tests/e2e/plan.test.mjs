// The action plan (issue 7): МСОКО filled with known answers → the report's «Сформировать план
// по дефицитам» drafts a row per deficit (criterion, the template's recommendation as the
// measure, the indicator, «на контроле») → the plan is edited with the network cut (cells, a date
// and «постоянно», a status, a row added, moved up with the keyboard, a row removed) → reloaded
// offline, everything is still there → overdue rows under a fixed clock → the plan as the CSV
// tables layout (read back) and printed to a PDF with the expected text. ШНОР: a programme per
// chosen priority risk, drafted from that risk's deficits.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, fullDiskSwitch, launch, named, parseCsv, pickFiles, radio, readable, startMsoko, unmark } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const MSOKO = JSON.parse(readFileSync('crates/templates/data/msoko.json', 'utf8'));
// The directions are nested in their two blocks; the road map is a section of its own.
const item = (id) => MSOKO.sections.flatMap((s) => s.sections ?? [s]).flatMap((s) => s.items).find((i) => i.id === id);
// A criterion's recommendation names, as its last sentence, the result that shows the deficit
// closed: the drafted row's measure is the part before it, its indicator the result.
const measureOf = (id) => item(id).recommendation.ru.split(' Результат: ')[0];
const resultOf = (id) => item(id).recommendation.ru.split(' Результат: ')[1].replace(/\.$/, '');

/** The plan's rows as the editor shows them: the fieldsets in order. */
const rowGroup = (page, n) => page.getByRole('group', { name: new RegExp(`^Строка ${n}( |$)`) });
const cellOf = (page, n, label) => rowGroup(page, n).getByLabel(new RegExp(`^${label}`));

async function saved(page) {
  await page.getByRole('status').filter({ hasText: /Сохранено в/ }).waitFor();
}

/** Whether a table cell's text is in pdftotext's output. A narrow column wraps its cell, and
 * pdftotext reads a table line by line, so the cell's next line comes after the other
 * columns' lines: its words are looked for in order, each a few words after the one before. */
function inCells(text, phrase) {
  const words = text.split(/\s+/);
  const want = phrase.split(/\s+/);
  return words.some((w, start) => {
    if (w !== want[0]) return false;
    let at = start;
    for (const next of want.slice(1)) {
      const found = words.slice(at + 1, at + 40).indexOf(next);
      if (found < 0) return false;
      at += found + 1;
    }
    return true;
  });
}

test('МСОКО: plan drafted from the deficits, edited offline, kept on reload, overdue, exported and printed', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU', acceptDownloads: true });
  // Today is 1 February 2026 on this device.
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date('2026-02-01T10:00:00'));
  await page.goto(`${env.server.url}/`);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.getByRole('button', { name: /^Начать: Самооценка МСОКО/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();
  await page.getByLabel('Орган управления образованием').fill('Управление образования Энского района');
  await radio(page, '1.1.01', 'да').check();
  await radio(page, '1.1.02', 'частично').check();
  await radio(page, '1.1.03', 'нет').check();
  await page.getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByRole('link', { name: 'План мероприятий и отчёт' }).click();
  await page.waitForURL(`${env.server.url}/report.html?id=${id}`);

  // Drafted: one row per deficit (1.1.02 partly, 1.1.03 no), in the deficits' order.
  const plan = page.getByRole('region', { name: /Дорожная карта по устранению дефицитов МСОКО$/ });
  await plan.waitFor();
  assert.equal(await rowGroup(page, 1).count(), 0, 'no rows before drafting');
  await plan.getByRole('button', { name: 'Сформировать план по дефицитам' }).click();
  await plan.getByRole('status').filter({ hasText: 'Добавлено строк: 2' }).waitFor();
  await saved(plan);
  for (const [n, id] of [[1, '1.1.02'], [2, '1.1.03']]) {
    assert.equal(await cellOf(page, n, 'Критерий').inputValue(), `${id} ${item(id).label.ru}`);
    assert.equal(await cellOf(page, n, 'Мера').inputValue(), measureOf(id));
    // A result a person can check (a document, a value, a date), not «Критерий …: «да»».
    assert.equal(await cellOf(page, n, 'Показатель').inputValue(), resultOf(id));
    assert.match(resultOf(id), /утвержд.*\(номер, дата\)$/);
    assert.equal(await cellOf(page, n, 'Статус').inputValue(), 'not_started');
    assert.equal(await cellOf(page, n, 'Ответственный').inputValue(), '');
  }
  // Drafting again adds nothing: both deficits are in the plan.
  await plan.getByRole('button', { name: 'Сформировать план по дефицитам' }).click();
  await plan.getByRole('status').filter({ hasText: 'Все дефициты уже есть в плане.' }).waitFor();
  assert.equal(await page.locator('.plan-row').count(), 2);
  await audit(page, 'report with the plan editor');

  // Edited with the network cut.
  await context.setOffline(true);
  await cellOf(page, 1, 'Ответственный').fill('Иванова И. И., заместитель директора');
  await cellOf(page, 1, 'Срок').fill('2026-01-15');
  await cellOf(page, 1, 'Статус').selectOption({ label: 'в работе' });
  await cellOf(page, 2, 'Ответственный').fill('Петров П. П.');
  await rowGroup(page, 2).getByLabel(/^постоянно/).check();
  await plan.getByRole('button', { name: 'Добавить строку' }).click();
  // The new row's first cell takes the focus (in the next frame): typed into as soon as it has it.
  const first = await cellOf(page, 3, 'Критерий').elementHandle();
  await page.waitForFunction((el) => el === document.activeElement, first);
  await page.keyboard.type('2.1.01 Цели по направлению 2.1');
  await cellOf(page, 3, 'Мера').fill('Провести педагогический совет по итогам самооценки');
  await cellOf(page, 3, 'Ответственный').fill('Директор');
  await cellOf(page, 3, 'Срок').fill('2026-03-31');
  await plan.getByRole('button', { name: 'Добавить строку' }).click();
  await cellOf(page, 4, 'Мера').fill('Строка, которую удалят');
  // Row 3 moved to the top with the keyboard: the focus stays on its «up» button, and at the
  // top, where that button is disabled, goes to its «down» button.
  const focused = (name) => page.waitForFunction((n) => document.activeElement?.getAttribute('aria-label') === n, name);
  await page.getByRole('button', { name: 'Поднять строку 3' }).focus();
  await page.keyboard.press('Enter');
  await focused('Поднять строку 2');
  await page.keyboard.press('Enter');
  await focused('Опустить строку 1');
  await page.getByRole('button', { name: 'Удалить строку 4' }).click();
  // The removal is said, then saved; the status «Сохранено в» may still be the earlier save's,
  // so the row's leaving is waited for, not assumed from the status.
  await plan.getByRole('status').filter({ hasText: 'Строка удалена.' }).waitFor();
  await page.locator('.plan-row').nth(3).waitFor({ state: 'detached' });
  await saved(plan);
  assert.equal(await page.locator('.plan-row').count(), 3);

  const expectRows = async () => {
    const got = [];
    for (const n of [1, 2, 3]) {
      got.push([
        await cellOf(page, n, 'Критерий').inputValue(),
        await cellOf(page, n, 'Ответственный').inputValue(),
        await cellOf(page, n, 'Срок').inputValue(),
        await rowGroup(page, n).getByLabel(/^постоянно/).isChecked(),
        await cellOf(page, n, 'Статус').inputValue(),
      ]);
    }
    assert.deepEqual(got, [
      ['2.1.01 Цели по направлению 2.1', 'Директор', '2026-03-31', false, 'not_started'],
      [`1.1.02 ${item('1.1.02').label.ru}`, 'Иванова И. И., заместитель директора', '2026-01-15', false, 'in_progress'],
      [`1.1.03 ${item('1.1.03').label.ru}`, 'Петров П. П.', '', true, 'not_started'],
    ]);
    // Overdue: 15 January with «в работе» on 1 February; 31 March and «постоянно» are not.
    assert.deepEqual(
      (await page.locator('.plan-row legend').allInnerTexts()).map(readable),
      ['Строка 1', 'Строка 2 просрочено', 'Строка 3'],
    );
  };
  await expectRows();

  // Reloaded with no network: the page comes from the offline copy, the plan from IndexedDB.
  await page.reload();
  await plan.waitFor();
  await expectRows();
  // Done is never overdue.
  await cellOf(page, 2, 'Статус').selectOption({ label: 'исполнено' });
  await saved(plan);
  assert.deepEqual((await page.locator('.plan-row legend').allInnerTexts()).map(readable), ['Строка 1', 'Строка 2', 'Строка 3']);
  await cellOf(page, 2, 'Статус').selectOption({ label: 'в работе' });
  await saved(plan);

  // Printed: the plan as a table, with no editor controls; the overdue row says so.
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const dir = mkdtempSync(join(tmpdir(), 'otsenka-plan-'));
  const file = join(dir, 'plan.pdf');
  writeFileSync(file, pdf);
  const text = readable(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }));
  for (const expected of [
    'Дорожная карта по устранению дефицитов',
    'Провести педагогический совет по итогам самооценки',
    'Иванова И. И., заместитель директора',
    '15.01.2026',
    '31.03.2026',
    'постоянно',
    'в работе',
    'просрочено',
    'Руководитель органа управления образованием',
  ]) {
    assert.ok(inCells(text, expected), `the PDF has «${expected}»`);
  }
  assert.ok(!text.includes('Сформировать план') && !text.includes('Добавить строку') && !text.includes('Удалить'), 'no editor controls on paper');
  assert.ok(text.indexOf('Провести педагогический совет') < text.indexOf('Иванова И. И.'), 'rows printed in the plan’s order');
  // Every printed column has room to read: at the width of an A4 page's text (180 mm), no word
  // of any header or cell is wider than its column — a deadline or a status is never squeezed
  // to a few letters by the long texts beside it.
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 680, height: 1000 });
  const squeezed = await page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d');
    const out = [];
    for (const cell of document.querySelectorAll('main table th, main table td')) {
      if (!cell.offsetParent) continue;
      const s = getComputedStyle(cell);
      ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const room = cell.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
      // What is printed: text outside screen-reader-only spans, node by node.
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      let shown = '';
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.parentElement.closest('.sr-only')) shown += ` ${n.data}`;
      }
      const words = shown.split(/\s+/).filter(Boolean);
      const widest = Math.max(0, ...words.map((w) => ctx.measureText(w).width));
      if (widest > room + 1) out.push(`${cell.textContent.trim().slice(0, 40)}: ${Math.round(widest)} > ${Math.round(room)} px`);
    }
    return out;
  });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 720 });
  assert.deepEqual(squeezed, [], 'no printed column is narrower than its longest word');

  // The plan in the CSV contract: the tables layout, a row per plan row, in order.
  await context.setOffline(false);
  await page.getByRole('link', { name: '← К результатам' }).click();
  await page.getByLabel('Формат файла').selectOption({ label: 'RFC 4180 (UTF-8, «,»)' });
  await page.getByLabel('Вид таблицы').selectOption({ label: 'Строки таблиц (планы, решения)' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click(),
  ]);
  const [header, ...rows] = parseCsv((await readFile(await download.path())).toString('utf8'), ',').filter((r) => r.length > 1);
  const names = header.map(unmark);
  const at = (row, n) => unmark(row[names.indexOf(n)]);
  assert.deepEqual(
    rows.map((r) => [at(r, 'item_id'), at(r, 'row_no'), at(r, 'col_criterion').split(' ')[0], at(r, 'col_responsible'), at(r, 'col_deadline'), at(r, 'col_status')]),
    [
      ['roadmap', '1', '2.1.01', 'Директор', '2026-03-31', 'на контроле'],
      ['roadmap', '2', '1.1.02', 'Иванова И. И., заместитель директора', '2026-01-15', 'в работе'],
      ['roadmap', '3', '1.1.03', 'Петров П. П.', 'постоянно', 'на контроле'],
    ],
  );
  assert.equal(at(rows[1], 'col_measure'), measureOf('1.1.02'));
  assert.equal(at(rows[1], 'col_indicator'), resultOf('1.1.02'));
  assert.ok(rows.every((r) => at(r, 'assessment_id') === id));

  // The plan is in the backup, and a restore in another browser brings it back whole.
  await page.goto(`${env.server.url}/`);
  const [backup] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать резервную копию' }).click(),
  ]);
  const backupPath = await backup.path();
  const record = JSON.parse(await readFile(backupPath, 'utf8')).assessments.find((a) => a.id === id);
  assert.deepEqual(record.answers.roadmap.rows.map((r) => r.responsible), ['Директор', 'Иванова И. И., заместитель директора', 'Петров П. П.']);
  const other = await env.browser.newContext({ locale: 'ru-RU' });
  const restored = await other.newPage();
  await restored.goto(`${env.server.url}/`);
  assert.match(await pickFiles(restored, backupPath), /Записано самооценок — 1/);
  await restored.goto(`${env.server.url}/report.html?id=${id}`);
  assert.equal(await cellOf(restored, 1, 'Критерий').inputValue(), '2.1.01 Цели по направлению 2.1');
  assert.equal(await cellOf(restored, 3, 'Срок').isDisabled(), true, '«постоянно» restored');
  await other.close();
  await context.close();
});

test('ШНОР: a programme for each chosen priority risk, drafted from that risk’s deficits', async () => {
  const SHNOR = JSON.parse(readFileSync('crates/templates/data/shnor.json', 'utf8'));
  const r1 = SHNOR.sections.find((s) => s.id === '1');
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Самооценка рисков \(ШНОР/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop();
  // Risk 1 «Низкий уровень оснащения школы»: no internet in the classrooms (a deficit of risk 1).
  await radio(page, 'r1.1', 'нет').check();
  await page.getByText('Все изменения сохранены').waitFor();
  await page.goto(`${env.server.url}/report.html?id=${id}`);
  await page.getByRole('heading', { level: 1, name: 'Отчёт о самооценке' }).waitFor();
  // No priority chosen yet: no programme to draft.
  assert.equal(await page.locator('section.plan').count(), 0);

  await page.goto(`${env.server.url}/a/${id}`);
  await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: named('priorities_section') }).click();
  await page.getByRole('checkbox', { name: `1. ${r1.title.ru}`, exact: true }).check();
  await page.getByText('Все изменения сохранены').waitFor();
  await page.goto(`${env.server.url}/report.html?id=${id}`);
  const lower = (s) => s[0].toLowerCase() + s.slice(1);
  const programme = page.getByRole('region', { name: `Антирисковая программа по риску 1: ${lower(r1.title.ru)}` });
  await programme.getByRole('button', { name: 'Сформировать план по дефицитам' }).click();
  await programme.getByRole('status').filter({ hasText: /Добавлено строк: 1 Сохранено в/ }).waitFor();
  assert.equal(await programme.locator('.plan-row').count(), 1);
  const cell = (label) => programme.getByRole('group', { name: /^Строка 1/ }).getByLabel(new RegExp(`^${label}`));
  assert.equal(await cell('Цель').inputValue(), `Снизить риск «${r1.title.ru}»`);
  // Risk 1.1 as schools cite it, never the id «r1.1»; the measure and the checkable result
  // the recommendation names as its last sentence.
  assert.equal(await cell('Задачи').inputValue(), `1.1 ${r1.items[0].label.ru}`);
  const recommendation = r1.items[0].recommendation.ru ?? r1.items[0].recommendation;
  const [measure, result] = recommendation.split(' Результат: ');
  assert.ok(result, `ШНОР 1.1 names its result: ${recommendation}`);
  assert.equal(await cell('Мера').inputValue(), measure.trimEnd());
  assert.equal(await cell('Показатель').inputValue(), result.trim().replace(/\.$/, ''));
  // The same rows in the fill page's programme table: one record, two views of it.
  await page.goto(`${env.server.url}/a/${id}`);
  await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: named('programmes') }).click();
  const table = page.getByRole('group', { name: named('programme_1') });
  assert.equal(await table.getByLabel('Цель, Строка 1', { exact: true }).inputValue(), `Снизить риск «${r1.title.ru}»`);
  await context.close();
});

test('a full disk while the plan is edited: said, nothing lost on the page or on disk, saved once there is room', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  await fullDiskSwitch(context);
  const page = await startMsoko(context, env.server.url);
  const id = page.url().split('/').pop();
  await radio(page, '1.1.03', 'нет').check();
  await page.getByText('Все изменения сохранены').waitFor();
  await page.goto(`${env.server.url}/report.html?id=${id}`);
  await page.getByRole('button', { name: 'Сформировать план по дефицитам' }).click();
  await saved(page);

  await page.evaluate(() => localStorage.setItem('test.disk-full', 'yes'));
  await cellOf(page, 1, 'Ответственный').fill('Сидорова С. С.');
  const status = page.locator('section.plan').getByRole('status');
  await status.filter({ hasText: 'Не удалось сохранить план' }).waitFor();
  assert.match(
    readable(await status.textContent()),
    /Не удалось сохранить план: место для данных на этом устройстве закончилось \(.+\)\. Изменения остаются на этой странице; не закрывайте её и попробуйте ещё раз\./,
  );
  assert.equal(await cellOf(page, 1, 'Ответственный').inputValue(), 'Сидорова С. С.');
  // What was stored before is intact: the drafted row, without the unsaved name.
  const other = await context.newPage();
  await other.goto(`${env.server.url}/report.html?id=${id}`);
  assert.equal(await cellOf(other, 1, 'Мера').inputValue(), measureOf('1.1.03'));
  assert.equal(await cellOf(other, 1, 'Ответственный').inputValue(), '');
  await other.close();

  // Room again: the next change saves the whole plan as shown.
  await page.evaluate(() => localStorage.setItem('test.disk-full', 'no'));
  await cellOf(page, 1, 'Показатель').fill('Регламент мониторинга утверждён к маю');
  await saved(page);
  await page.reload();
  assert.equal(await cellOf(page, 1, 'Ответственный').inputValue(), 'Сидорова С. С.');
  assert.equal(await cellOf(page, 1, 'Показатель').inputValue(), 'Регламент мониторинга утверждён к маю');
  await context.close();
});

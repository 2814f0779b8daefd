// МСОКО as two templates that fit together (issue 19): the education department fills the
// municipal self-assessment (its own respondent block, two blocks of directions, criteria of
// each direction's own), a school fills its contribution by the same directions, both download
// their CSV files; the municipality page then reads the municipal file and three school files
// (the one just made and two generated ones, crates/municipal/tests/fixtures/msoko-school) and
// shows the schools' % per direction — checked against this file's own computation from the
// files' answers and the template's points — and the two side by side, direction by direction.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { audit, launch, parseCsv, radio, readable, startMsoko, startSchoolMsoko, unmark } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const MUNICIPAL = JSON.parse(readFileSync('crates/templates/data/msoko.json', 'utf8'));
const SCHOOL = JSON.parse(readFileSync('crates/templates/data/msoko-school.json', 'utf8'));
const FIXTURES = 'crates/municipal/tests/fixtures/msoko-school';
const DIRECTIONS = ['1.1', '1.2', '1.3', '1.4', '2.1', '2.2', '2.3', '2.4'];
const directions = (t) => t.sections.flatMap((s) => s.sections ?? []);

const nav = (page) => page.getByRole('navigation', { name: 'Направления' });
const goTo = (page, id) => nav(page).getByRole('button', { name: new RegExp(`^${id.replace('.', '\\.')} `) }).click();

/** The results page's «Скачать CSV для муниципалитета» (Excel, a row per assessment): name and bytes. */
async function download(page) {
  await page.getByRole('link', { name: 'К результатам' }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click(),
  ]);
  return { name: file.suggestedFilename(), mimeType: 'text/csv', buffer: await readFile(await file.path()) };
}

/** A file's text: UTF-8 (with or without BOM) or, failing that, Windows-1251. */
function decode(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    return new TextDecoder('windows-1251').decode(bytes);
  }
}

/** The one assessment of a wide file: cell by column name. */
function wide(bytes) {
  const [header, row] = parseCsv(decode(bytes), ';').filter((r) => r.length > 1);
  const names = header.map(unmark);
  return (name) => unmark(row[names.indexOf(name)] ?? '');
}

/** Tenths of a percent, rounded half up; `null` when nothing applies. */
const tenths = (got, max) => (max === 0 ? null : Math.floor((got * 2000 + max) / (2 * max)));
const show = (t) => (t === null ? '' : `${Math.floor(t / 10)},${t % 10}`);

/** % per direction of one file, from its answers (labels) and the template's scales; `null`
 * for a direction nobody answered (shown blank, left out of the mean: issue 19). */
function percents(template, cell) {
  return directions(template).map((d) => {
    let got = 0;
    let max = 0;
    let answered = 0;
    for (const item of d.items) {
      const option = template.scales[item.scale].find((o) => o.label.ru === cell(item.id));
      if (option) answered += 1;
      if (option?.not_applicable) continue;
      got += option?.points ?? 0;
      max += 2;
    }
    return answered === 0 ? null : tenths(got, max);
  });
}
const meanOf = (list) => {
  const values = list.filter((v) => v !== null);
  const n = values.length;
  return n === 0 ? null : Math.floor((values.reduce((a, b) => a + b, 0) * 2 + n) / (2 * n));
};
const number = (cell) => cell.replace(/[^\d,]/g, '');

test('the municipal МСОКО and the school’s contribution: filled, downloaded, consolidated by direction side by side', async () => {
  // ---- The education department's own self-assessment ----
  const office = await env.browser.newContext({ locale: 'ru-RU', acceptDownloads: true });
  const m = await startMsoko(office, env.server.url);
  // The respondent is the municipal body: no school name, ФИС ОКО login or school ИНН.
  await m.getByLabel('Муниципальное образование').fill('Городской округ «Энск»');
  await m.getByLabel('Орган управления образованием').fill('Управление образования администрации Энска');
  await m.getByLabel('Ответственный за самооценку (ФИО)').fill('Петрова Анна Сергеевна');
  await m.getByLabel('Учебный год').fill('2025/2026');
  for (const absent of ['Полное наименование ОО', 'Логин ФИС ОКО', 'ИНН']) {
    assert.equal(await m.getByLabel(absent, { exact: true }).count(), 0, `no «${absent}»`);
  }
  // The eight directions under their two block headings.
  const listed = (await nav(m).locator('li').allInnerTexts()).map(readable);
  assert.equal(listed[0], '1. Механизмы управления качеством образовательных результатов');
  assert.equal(listed[5], '2. Механизмы управления качеством образовательной деятельности');
  assert.match(listed[1], /^1\.1 Система оценки качества подготовки обучающихся/);
  assert.match(listed[9], /^2\.4 Система мониторинга качества дошкольного образования/);
  // 1.1 by the management cycle, its criteria its own: objectivity, observers, re-checking.
  const c4 = m.getByRole('group', { name: /^1\.1\.04 Мониторинг: / });
  assert.match(readable(await c4.textContent()), /общественными наблюдателями.*перепроверяются/);
  assert.match(readable(await c4.textContent()), /Основание: протокол совещания 07\.07\.2021/);
  for (let n = 1; n <= 9; n++) await radio(m, `1.1.0${n}`, 'да').check();
  await goTo(m, '2.4');
  const preschool = m.getByRole('group', { name: /^2\.4\.06 Адресные рекомендации: / });
  assert.match(readable(await preschool.textContent()), /заведующим и старшим воспитателям ДОО/);
  await radio(m, '2.4.01', 'частично').check();
  await m.getByText('Все изменения сохранены').waitFor();
  const own = await download(m);
  assert.match(own.name, /^otsenka_msoko_\d{4}-\d{2}-\d{2}_[0-9a-f]{8}\.csv$/);
  const ownCell = wide(own.buffer);
  assert.equal(ownCell('template_version'), '2026.3');
  assert.equal(ownCell('body'), 'Управление образования администрации Энска');
  assert.equal(ownCell('school_name'), '', 'no school in the municipal file');
  assert.equal(ownCell('pct_1.1'), '100,0');
  assert.equal(ownCell('pct_2.4'), '5,6'); // 1 of 18
  assert.equal(ownCell('pct_1.2'), '', 'a direction nobody answered is not 0 %');
  assert.equal(ownCell('level_1.2'), '');
  const ownPercents = percents(MUNICIPAL, ownCell);
  assert.deepEqual(ownPercents.map(show), DIRECTIONS.map((d) => ownCell(`pct_${d}`)));
  await audit(m, 'municipal МСОКО fill page');

  // ---- A school's contribution ----
  const school = await env.browser.newContext({ locale: 'ru-RU', acceptDownloads: true });
  const s = await startSchoolMsoko(school, env.server.url);
  await s.getByLabel('Муниципалитет').fill('Городской округ «Энск»');
  await s.getByLabel('Полное наименование ОО').fill('МБОУ «СОШ № 3»');
  await s.getByLabel('ИНН').fill('7707083893');
  await s.getByLabel('Учебный год').fill('2025/2026');
  // What a school can state, with its document.
  const observers = s.getByRole('group', { name: /^1\.1\.2 На ВПР / });
  assert.match(readable(await observers.textContent()), /Подтверждение: приказ о проведении процедуры/);
  await radio(s, '1.1.1', 'да').check();
  await s.getByRole('group', { name: /^1\.1\.1 / }).getByLabel('Подтверждающий документ').fill('Приказ № 12 от 01.09.2025');
  await radio(s, '1.1.2', 'частично').check();
  await goTo(s, '2.2');
  await radio(s, '2.2.3', 'да').check();
  // No preschool groups: 2.4 is «не применимо» and has no percentage.
  await goTo(s, '2.4');
  for (let n = 1; n <= 4; n++) await radio(s, `2.4.${n}`, 'не применимо: дошкольных групп нет').check();
  await s.getByText('Все изменения сохранены').waitFor();
  const mine = await download(s);
  assert.match(mine.name, /^otsenka_msoko-school_\d{4}-\d{2}-\d{2}_[0-9a-f]{8}\.csv$/);
  const mineCell = wide(mine.buffer);
  assert.equal(mineCell('template_id'), 'msoko-school');
  assert.equal(mineCell('1.1.1_evidence'), 'Приказ № 12 от 01.09.2025');
  assert.equal(mineCell('pct_1.1'), '30,0'); // 2 + 1 of 10
  assert.equal(mineCell('pct_2.4'), '');

  // ---- The municipality page: the municipal file and three school files ----
  const generated = readdirSync(FIXTURES)
    .sort()
    .map((f) => ({ name: f, mimeType: 'text/csv', buffer: readFileSync(`${FIXTURES}/${f}`) }));
  assert.equal(generated.length, 2);
  const schools = [
    { name: 'МБОУ «СОШ № 3»', inn: '7707083893', percents: percents(SCHOOL, mineCell) },
    ...generated.map((file) => {
      const cell = wide(file.buffer);
      return { name: cell('school_name'), inn: cell('inn'), percents: percents(SCHOOL, cell) };
    }),
  ];
  const spec = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await spec.newPage();
  await page.goto(`${env.server.url}/municipality.html`);
  await page.getByRole('heading', { level: 1, name: 'Муниципалитет: сводка по школам' }).waitFor();
  await page.getByLabel(/Выберите файлы школ/).setInputFiles([own, mine, ...generated]);
  const said = page.getByText(/^Прочитано файлов: \d+; новых/);
  await said.waitFor({ timeout: 30000 });
  assert.match(readable(await said.textContent()), /^Прочитано файлов: 4; новых: 4, из них не принято: 0; записано самооценок: 4;/);

  // Two groups: the schools' contributions and the municipality's own, kept apart.
  const choose = page.getByRole('combobox', { name: /^Шаблон и версия/ });
  const options = (await choose.locator('option').allTextContents()).map(readable);
  assert.equal(options.length, 2, options.join(' | '));
  const contributions = options.find((o) => /^Вклад школы в МСОКО.*, версия 2026\.3, школ: 3$/.test(o));
  assert.ok(contributions, options.join(' | '));
  assert.ok(options.some((o) => /^Самооценка МСОКО.*, версия 2026\.3, школ: 1$/.test(o)), options.join(' | '));
  await choose.selectOption({ label: contributions });
  await page.getByText('Показано школ: 3 из 3').waitFor();

  // Each school's % per direction, as computed here from its file.
  const table = page.getByRole('table', { name: 'Сводная таблица: школы по направлениям' });
  const shown = [];
  const trs = table.locator('tbody tr');
  for (let i = 0; i < (await trs.count()); i++) {
    shown.push({
      name: readable(await trs.nth(i).locator('th').innerText()),
      cells: (await trs.nth(i).locator('td').allTextContents()).map(readable),
    });
  }
  assert.equal(shown.length, 3);
  for (const one of schools) {
    const row = shown.find((r) => r.name === `${one.name} ${one.inn}`);
    assert.ok(row, `${one.name} in the table: ${shown.map((r) => r.name).join(' | ')}`);
    assert.deepEqual(row.cells.slice(2, 10).map(number), one.percents.map(show), `${one.name}: % per direction`);
  }

  // Side by side, direction by direction: the schools' mean beside the municipality's own.
  const beside = page.getByRole('table', { name: 'По направлениям рядом' });
  await beside.waitFor();
  const headers = (await beside.getByRole('columnheader').allTextContents()).map(readable);
  assert.match(headers[1], /^Вклад школы в МСОКО.*, %$/);
  assert.match(headers[3], /^Самооценка МСОКО.*, %$/);
  const rows = beside.locator('tbody tr');
  assert.equal(await rows.count(), 8);
  for (const [i, id] of DIRECTIONS.entries()) {
    const row = rows.nth(i);
    assert.match(readable(await row.locator('th').textContent()), new RegExp(`^${id.replace('.', '\\.')} `));
    const cells = (await row.locator('td').allTextContents()).map(readable);
    const values = schools.map((x) => x.percents[i]);
    assert.deepEqual(
      [number(cells[0]), cells[1], number(cells[2]), cells[3]],
      [show(meanOf(values)), String(values.filter((v) => v !== null).length), show(ownPercents[i]), ownPercents[i] === null ? '0' : '1'],
      `direction ${id}`,
    );
  }
  // The preschool direction: only the school that has preschool groups counts.
  assert.equal(readable(await rows.nth(7).locator('td').nth(1).textContent()), '1');

  // From the municipal group's side the schools' contributions are beside it too.
  await choose.selectOption({ label: options.find((o) => o.startsWith('Самооценка МСОКО')) });
  await page.getByText('Показано школ: 1 из 1').waitFor();
  assert.match(readable(await table.locator('tbody tr th').first().innerText()), /^Управление образования администрации Энска/);
  assert.match(readable((await beside.getByRole('columnheader').allTextContents())[1]), /^Самооценка МСОКО.*, %$/);
  await audit(page, 'municipality page, МСОКО side by side');
  await office.close();
  await school.close();
  await spec.close();
});

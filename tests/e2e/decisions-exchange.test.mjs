// Decisions from the council's protocol to execution reported back (issue 20), with three
// browser profiles as three devices: the municipality records a meeting with decisions for every
// school, for one named school and for another body, and sends them as files («Разослать»); each
// school opens its file (twice: nothing changes the second time), records execution — one on
// time, one overdue, one partly — and sends back its execution report; the municipality loads
// both reports (twice, and a tampered and a foreign file, refused at their line), sees the
// decision × school matrix, closes one decision, prints and exports.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
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

const NOW = new Date('2026-12-10T10:00:00');
const DIR = mkdtempSync(join(tmpdir(), 'otsenka-decisions-'));

// № | кому адресовано | решение | исполнитель | срок as written
const DECISIONS = [
  ['1.1', 'Общеобразовательным организациям', 'Провести самооценку по МСОКО и направить результаты', 'руководители ОО', 'до 01.12.2026'],
  ['1.2', 'Общеобразовательным организациям', 'Разместить план мероприятий на сайте школы', 'заместители по УВР', 'до 01.03.2027'],
  ['2.1', 'МБОУ «СОШ № 7»', 'Представить программу перехода в эффективный режим', 'директор', 'до 25.11.2026'],
  ['2.2', 'МБУ МИМЦ', 'Провести семинар для заместителей', 'Петрова П. П.', 'апрель 2027 г.'],
];
const COLUMNS = ['№ решения', 'Кому адресовано', 'Решение', 'Исполнитель', 'Срок'];

async function device() {
  const context = await env.browser.newContext({ locale: 'ru-RU', acceptDownloads: true });
  const page = await context.newPage();
  await page.clock.setFixedTime(NOW);
  return { context, page };
}

async function download(page, click, name) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = join(DIR, name);
  await file.saveAs(path);
  return path;
}

async function openRegister(page) {
  await page.goto(`${env.server.url}/report.html?register`);
  await page.getByRole('heading', { level: 1, name: 'Реестр решений и контроль исполнения' }).waitFor();
}

/** Opens files on the register and returns what it said, one line per file (the page lists
 * every file opened since it was loaded, the latest last). */
async function openFiles(page, paths) {
  const said = page.locator('section.exchange ul[aria-live] li');
  const before = await said.count();
  await page.getByLabel('Открыть файл решений').setInputFiles(paths);
  await said.nth(before + paths.length - 1).waitFor();
  return (await said.allTextContents()).slice(before).map(readable);
}

test('a meeting sends its decisions to schools, each school reports back by file', async () => {
  // ── The municipality records the meeting and sends its decisions. ──
  const m = await device();
  await m.page.goto(`${env.server.url}/`);
  await m.page.getByRole('button', { name: /^Начать: Контроль исполнения решений/ }).click();
  await m.page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await m.page.getByLabel('Организация').fill('Управление образования Полевского ГО');
  await m.page.getByLabel('Заседание / совет').fill('Совещание руководителей ОО');
  await m.page.getByLabel('Номер протокола').fill('4');
  await m.page.getByRole('group', { name: /Дата заседания/ }).getByLabel('Ответ').fill('2026-11-20');
  await m.page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /Решения и их исполнение/ }).click();
  const table = m.page.getByRole('group', { name: /Решения заседания/ });
  for (const [n, decision] of DECISIONS.entries()) {
    await table.getByRole('button', { name: 'Добавить строку (Решения заседания)' }).click();
    await table.getByLabel(`${COLUMNS[0]}, Строка ${n + 1}`, { exact: true }).waitFor();
    for (const [c, label] of COLUMNS.entries()) {
      await table.getByLabel(`${label}, Строка ${n + 1}`, { exact: true }).fill(decision[c]);
    }
  }
  await m.page.getByText('Все изменения сохранены').waitFor();

  await openRegister(m.page);
  const send = m.page.getByRole('region', { name: 'Обмен решениями с муниципалитетом' });
  await audit(m.page, 'register with the exchange panel');
  const forAll = await download(m.page, () => send.getByRole('button', { name: 'Файл для всех школ (2 решения)' }).click(), 'all.csv');
  const forSeventh = await download(m.page, () => send.getByRole('button', { name: 'Файл для МБОУ «СОШ № 7» (3 решения)' }).click(), 'seventh.csv');
  // The file is the documented layout, for Russian Excel; the centre's decision is in neither.
  const allText = await readFile(forAll, 'utf8');
  assert.ok(allText.startsWith('\ufeff'), 'a BOM for Excel');
  const allRows = parseCsv(allText.slice(1));
  assert.deepEqual(allRows[0].slice(0, 3), ['format_version', 'layout', 'source_id']);
  assert.deepEqual(allRows.slice(1).map((r) => [r[0], r[1], r[allRows[0].indexOf('number')]]), [
    ['d1', 'decisions', "'1.1"],
    ['d1', 'decisions', "'1.2"],
  ]);
  const seventhText = await readFile(forSeventh, 'utf8');
  assert.ok(!seventhText.includes('МИМЦ') && !allText.includes('МИМЦ'));
  assert.ok(seventhText.includes('Представить программу перехода'));

  // ── A school gets the file for every school. ──
  const s3 = await device();
  await openRegister(s3.page);
  const first = await openFiles(s3.page, [forAll]);
  assert.match(first[0], /^Файл «all\.csv»: получены решения \(2 решения\): протокол № 4 от 20\.11\.2026, Совещание руководителей ОО; направил: Управление образования Полевского ГО\.$/);
  // The decisions are in the school's register, marked as received.
  const register = s3.page.getByRole('table', { name: 'Реестр решений' });
  await register.locator('tbody tr').nth(1).waitFor();
  const meetingCell = readable(await register.locator('tbody tr').first().locator('td').nth(1).textContent());
  assert.equal(meetingCell, 'Совещание руководителей ОО, 20.11.2026, протокол № 4; направил: Управление образования Полевского ГО');
  // The same file again: nothing changes.
  const again = await openFiles(s3.page, [forAll]);
  assert.equal(again[0], 'Файл «all.csv»: этот файл уже открыт: ничего не изменилось.');
  // A report needs the school's ИНН.
  const received = s3.page.getByRole('region', { name: 'Обмен решениями с муниципалитетом' });
  await received.getByRole('button', { name: 'Скачать отчёт об исполнении' }).click();
  await received.getByText(/Отчёт не составлен: укажите в сведениях об организации название организации и ИНН/).waitFor();

  // ── It records execution. ──
  await received.getByRole('link', { name: 'Отметить исполнение' }).click();
  await s3.page.waitForURL(/\/a\/in-/);
  await s3.page.getByLabel('Организация').fill('МБОУ «СОШ № 3»');
  await s3.page.getByLabel('ИНН организации').fill('0274012343');
  await s3.page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /Решения и их исполнение/ }).click();
  const rows3 = s3.page.getByRole('group', { name: /Решения заседания/ });
  const cell3 = (label, n) => rows3.getByLabel(`${label}, Строка ${n}`, { exact: true });
  await cell3('Статус', 1).selectOption({ label: 'исполнено' });
  await cell3('Отметка об исполнении', 1).fill('Самооценка проведена, результаты направлены 28.11.2026');
  await cell3('Подтверждающий документ', 1).fill('Приказ № 41 от 27.11.2026');
  await cell3('Дата исполнения', 1).fill('2026-11-28');
  await cell3('Статус', 2).selectOption({ label: 'исполнено частично' });
  await cell3('Отметка об исполнении', 2).fill('План размещён, отчёты — в работе');
  await s3.page.getByText('Все изменения сохранены').waitFor();
  await openRegister(s3.page);
  const report3 = await download(s3.page, () => s3.page.getByRole('region', { name: 'Обмен решениями с муниципалитетом' }).getByRole('button', { name: 'Скачать отчёт об исполнении' }).click(), 'report3.csv');
  const r3 = parseCsv((await readFile(report3, 'utf8')).slice(1));
  const col = (name) => r3[0].indexOf(name);
  assert.deepEqual(r3.slice(1).map((r) => [r[col('layout')], r[col('organisation')], r[col('inn')], r[col('number')], r[col('status')], r[col('evidence')]]), [
    ['execution', 'МБОУ «СОШ № 3»', "'0274012343", "'1.1", 'исполнено', 'Приказ № 41 от 27.11.2026'],
    ['execution', 'МБОУ «СОШ № 3»', "'0274012343", "'1.2", 'исполнено частично', ''],
  ]);

  // ── The seventh school gets its own file: its decision and those for all. ──
  const s7 = await device();
  await openRegister(s7.page);
  const got = await openFiles(s7.page, [forSeventh, forSeventh]);
  assert.match(got[0], /получены решения \(3 решения\)/);
  assert.equal(got[1], 'Файл «seventh.csv»: этот файл уже открыт: ничего не изменилось.');
  // A report of another school given to a school is not a decisions file.
  const wrong = await openFiles(s7.page, [report3]);
  assert.match(wrong[0], /это отчёт школы об исполнении, а не файл решений/);
  await s7.page.getByRole('region', { name: 'Обмен решениями с муниципалитетом' }).getByRole('link', { name: 'Отметить исполнение' }).click();
  await s7.page.waitForURL(/\/a\/in-/);
  // The school's name came with its own file; its ИНН it types.
  assert.equal(await s7.page.getByLabel('Организация').inputValue(), 'МБОУ «СОШ № 7»');
  await s7.page.getByLabel('ИНН организации').fill('6626012349');
  await s7.page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /Решения и их исполнение/ }).click();
  const rows7 = s7.page.getByRole('group', { name: /Решения заседания/ });
  const cell7 = (label, n) => rows7.getByLabel(`${label}, Строка ${n}`, { exact: true });
  // 1.1 still in work after its deadline (overdue); 2.1 done on time.
  await cell7('Статус', 1).selectOption({ label: 'в работе' });
  const n21 = (await rows7.getByLabel(/^№ решения, Строка \d+$/).evaluateAll((els) => els.map((e) => e.value))).indexOf('2.1') + 1;
  assert.ok(n21 > 0, 'decision 2.1 is in the seventh school\'s copy');
  await cell7('Статус', n21).selectOption({ label: 'исполнено' });
  await cell7('Подтверждающий документ', n21).fill('Программа утверждена приказом № 77 от 20.11.2026');
  await cell7('Дата исполнения', n21).fill('2026-11-20');
  await s7.page.getByText('Все изменения сохранены').waitFor();
  await openRegister(s7.page);
  const report7 = await download(s7.page, () => s7.page.getByRole('region', { name: 'Обмен решениями с муниципалитетом' }).getByRole('button', { name: 'Скачать отчёт об исполнении' }).click(), 'report7.csv');
  const r7 = await readFile(report7, 'utf8');
  assert.ok(r7.includes('"в работе"') && r7.includes('Программа утверждена приказом № 77'));

  // A report changed by hand after it was made: its status «в работе» made «исполнено».
  const tampered = join(DIR, 'tampered.csv');
  await writeFile(tampered, r7.replace('"в работе"', '"исполнено"'));

  // ── The municipality loads both reports, twice, with a tampered and a foreign file. ──
  const mp = m.page;
  await mp.goto(`${env.server.url}/municipality.html`);
  await mp.getByRole('heading', { level: 2, name: 'Исполнение решений' }).waitFor();
  await mp.getByLabel('Загрузить отчёты об исполнении').setInputFiles([report3, report7, tampered, forAll]);
  await mp.getByText('Отчётов: 4; приняты: 2; не приняты: 2').waitFor();
  const list = mp.getByRole('table', { name: 'Загруженные отчёты об исполнении' });
  const verdict = async (name) => (await list.getByRole('row').filter({ has: mp.getByRole('cell', { name, exact: true }) }).getByRole('cell').allInnerTexts()).slice(1).map(readable);
  assert.equal((await verdict('report3.csv'))[0], 'принят');
  assert.equal((await verdict('report7.csv'))[0], 'принят');
  const [bad, why] = await verdict('tampered.csv');
  assert.equal(bad, 'не принят');
  assert.match(why, /^Файл «tampered\.csv», строка 2, столбец \d+ \(контрольная сумма строки\): строку изменили после выгрузки/);
  assert.match((await verdict('all.csv')).join(' '), /это файл решений для школ, а не отчёт об исполнении/);

  // The matrix: each decision × each school; 1.1 is overdue at the seventh school.
  const title = 'Протокол № 4 от 20.11.2026, Совещание руководителей ОО';
  await mp.getByRole('heading', { level: 3, name: title }).waitFor();
  const grid = mp.getByRole('table', { name: 'Решения и их исполнение по организациям' });
  assert.deepEqual((await grid.getByRole('columnheader').allInnerTexts()).map(readable), ['Решение', 'МБОУ «СОШ № 3» ИНН 0274012343', 'МБОУ «СОШ № 7» ИНН 6626012349']);
  const line = (start) => grid.getByRole('row').filter({ has: mp.getByRole('rowheader', { name: new RegExp(`^${start.replace(/\./g, '\\.')}`) }) });
  const cellsOf = async (start) => (await line(start).getByRole('cell').allInnerTexts()).map(readable);
  assert.deepEqual(await cellsOf('1.1.'), [
    'исполнено Самооценка проведена, результаты направлены 28.11.2026 Приказ № 41 от 27.11.2026, 28.11.2026',
    'в работе, просрочено',
  ]);
  assert.match((await cellsOf('1.2.'))[0], /^исполнено частично План размещён/);
  assert.match((await cellsOf('2.1.'))[1], /^исполнено Программа утверждена приказом № 77/);
  const shown = mp.locator('#execution section.meeting p[role="status"]');
  await shown.filter({ hasText: 'Показано решений: 3 из 3; организаций: 2; просрочено: 1.' }).waitFor();

  // The same two reports again: nothing changes.
  await mp.getByLabel('Загрузить отчёты об исполнении').setInputFiles([report3, report7]);
  await mp.getByText('Файл «report3.csv»: этот файл уже загружен, ничего не изменилось.').waitFor();
  await mp.getByText('Отчётов: 4; приняты: 2; не приняты: 2').waitFor();
  await shown.filter({ hasText: 'Показано решений: 3 из 3; организаций: 2; просрочено: 1.' }).waitFor();

  // The department takes 1.1 as done.
  await line('1.1.').getByRole('button', { name: 'Считать выполненным' }).click();
  await mp.getByLabel('Кто принял решение (ФИО, должность)').fill('Иванова И. И., начальник отдела');
  await mp.getByRole('button', { name: 'Сохранить' }).click();
  await line('1.1.').getByText('Считать выполненным — 10.12.2026, Иванова И. И., начальник отдела').waitFor();
  await shown.filter({ hasText: 'просрочено: 0.' }).waitFor();

  // «Информация о выполнении решений» for the next meeting: the CSV and the paper.
  const info = await download(mp, () => mp.getByRole('button', { name: 'Скачать CSV (Excel)' }).click(), 'info.csv');
  const infoRows = parseCsv((await readFile(info, 'utf8')).slice(1));
  assert.deepEqual(infoRows[0], ['Решение', 'Исполнение']);
  assert.ok(infoRows[1][0].startsWith("1.1. Провести самооценку по МСОКО"), infoRows[1][0]);
  assert.match(infoRows[1][1], /МБОУ «СОШ № 3»: исполнено; Самооценка проведена/);
  assert.match(infoRows[1][1], /МБОУ «СОШ № 7»: в работе/);
  assert.match(infoRows[1][1], /Считать выполненным — 10\.12\.2026, Иванова И\. И\./);
  await mp.evaluate(() => {
    window.print = () => {};
  });
  await mp.getByRole('button', { name: 'Печать: информация о выполнении решений' }).click();
  await mp.waitForFunction(() => document.documentElement.dataset.print === 'execution');
  const pdfFile = join(DIR, 'info.pdf');
  await writeFile(pdfFile, await mp.pdf({ format: 'A4', preferCSSPageSize: true }));
  const paper = readable(execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' }));
  for (const expected of ['Информация о выполнении решений', title, 'Провести самооценку по МСОКО', 'Приказ № 41 от 27.11.2026', 'Программа утверждена приказом № 77']) {
    assert.ok(paper.includes(expected), `the paper has «${expected}»`);
  }
  assert.ok(!paper.includes('Загрузить отчёты'), 'no controls on paper');
  await mp.evaluate(() => window.dispatchEvent(new Event('afterprint')));

  for (const d of [m, s3, s7]) await d.context.close();
});

// Decisions from the council's protocol to execution reported back (issue 20), with three
// browser profiles as three devices: the municipality records a meeting with decisions for every
// school, for one named school and for another body, and sends them as files («Разослать»); each
// school opens its file (twice: nothing changes the second time), records execution — one on
// time, one overdue, one partly — and sends back its execution report; the municipality loads
// both reports (twice, and a tampered and a foreign file, refused at their line), sees the
// decision × school matrix, closes one decision, prints and exports.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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

  // A tampered report (a status changed by hand) and a decisions file are kept for the
  // municipality's part.
  const tampered = join(DIR, 'tampered.csv');
  await writeFile(tampered, r7.replace('"в работе"', '"исполнено"'));
  env.files = { forAll, forSeventh, report3, report7, tampered };
  env.devices = { m, s3, s7 };
});

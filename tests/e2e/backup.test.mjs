// Keeping the data: the home page shows the storage used, whether the browser keeps it, and
// warns while answers exist only here; a backup file carries everything to another browser,
// a restore never replaces what is here (an assessment held differently comes in as a marked
// copy beside it, once), a file cannot make its copy unbeatable, and a bad file changes nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { criterion, launch, pickFiles, radio, readable, startSchoolMsoko, storedIn } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const savedTable = (page) => page.getByRole('table', { name: 'Сохранено на этом устройстве' });
const warning = (page) => page.getByText(/^Не выгружено самооценок:/);

async function home(page) {
  await page.goto(`${env.server.url}/`);
  await page.getByRole('heading', { name: 'Данные на этом устройстве' }).waitFor();
  await page.getByText(/^Хранение не постоянное|^Браузер обещал хранить/).waitFor();
}

async function savedRows(page) {
  const table = savedTable(page);
  await table.waitFor();
  const rows = await table.getByRole('row').all();
  return Promise.all(rows.slice(1).map(async (r) => readable(await r.textContent())));
}

test('storage used and persistence are shown, and unexported answers are warned about until exported', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, locale: 'ru-RU' });
  const page = await context.newPage();
  await home(page);
  assert.match(readable(await page.getByText(/^Занято /).textContent()), /^Занято \d+,\d [МГ]Б из \d+,\d [МГ]Б, доступных этому сайту\.$/);
  // Headless Chromium grants persistence only to sites a person uses a lot or installed, so
  // here it is refused: the state this test is about.
  assert.equal(await page.evaluate(() => navigator.storage.persisted()), false);
  assert.equal(await page.getByText(/^Хранение не постоянное/).count(), 1);
  assert.equal(await warning(page).count(), 0, 'nothing saved, nothing to warn about');

  const fill = await startSchoolMsoko(context, env.server.url);
  await fill.getByLabel('Полное наименование ОО').fill('МБОУ СОШ № 12');
  await radio(fill, '1.1.1', 'да').check();
  await fill.getByText('Все изменения сохранены').waitFor();
  await home(page);
  await warning(page).waitFor();
  assert.match(readable(await warning(page).textContent()), /^Не выгружено самооценок: 1\. /);
  assert.match((await savedRows(page))[0], /не выгружено/);

  // Exporting the CSV is what counts as handing the answers over.
  await fill.getByRole('link', { name: 'К результатам' }).click();
  await Promise.all([
    fill.waitForEvent('download'),
    fill.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click(),
  ]);
  await home(page);
  await savedTable(page).waitFor();
  await page.waitForFunction(() => !document.body.innerText.includes('Не выгружено самооценок'));
  assert.doesNotMatch((await savedRows(page))[0], /не выгружено/);

  // A change after the export is unexported again.
  await fill.goBack();
  await radio(fill, '1.1.2', 'нет').check();
  await fill.getByText('Все изменения сохранены').waitFor();
  await home(page);
  await warning(page).waitFor();
  await context.close();
});

async function downloadBackup(page) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать резервную копию' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^otsenka_backup_\d{4}-\d{2}-\d{2}\.json$/);
  return download.path();
}

/** Restores `file` and returns what the page says about it (a new sentence each time). */
const restore = (page, file) => pickFiles(page, file);

test('a backup moves everything to another browser; restoring never replaces what is here, never duplicates, and a bad file changes nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'otsenka-backup-'));
  // The school's PC: two assessments and an imported template.
  const pc = await env.browser.newContext({ acceptDownloads: true, locale: 'ru-RU' });
  const a = await startSchoolMsoko(pc, env.server.url);
  await a.getByLabel('Полное наименование ОО').fill('МБОУ «СОШ № 5»; "корпус 2"');
  await radio(a, '1.1.1', 'да').check();
  await criterion(a, '1.1.2').getByLabel('Комментарий').fill('строка 1\nстрока 2');
  await a.getByText('Все изменения сохранены').waitFor();
  const msokoUrl = new URL(a.url()).pathname;
  await home(a);
  await a.getByLabel('Загрузить шаблон из файла (JSON или таблица CSV)').setInputFiles('tests/e2e/fixtures/school-climate.json');
  await a.getByText(/добавлен в список/).waitFor();
  await a.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).click();
  await a.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await a.getByLabel('Полное наименование ОО').fill('МБОУ СОШ № 6');
  await a.getByText('Все изменения сохранены').waitFor();
  await home(a);
  const backup1 = await downloadBackup(a);
  const file = JSON.parse(await readFile(backup1, 'utf8'));
  assert.equal(file.format, 'otsenka-backup');
  assert.equal(file.version, 1);
  assert.equal(file.assessments.length, 2);
  assert.ok(file.templates.some((t) => t.key.startsWith('imported:')), 'the imported template is in the backup');
  assert.match(await a.getByText(/^Последняя резервная копия:/).textContent(), /\d{2}\.\d{2}\.\d{4}/);

  // Another browser: restore, and everything is there — answers, the imported template.
  const other = await env.browser.newContext({ acceptDownloads: true, locale: 'ru-RU' });
  const b = await other.newPage();
  await home(b);
  assert.match(await restore(b, backup1), /Записано самооценок — 2, уже были такими же — 0\./);
  await savedTable(b).getByRole('row').nth(2).waitFor();
  const rows = await savedRows(b);
  assert.equal(rows.length, 2);
  assert.ok(rows.some((r) => r.includes('МБОУ «СОШ № 5»; "корпус 2"')));
  // The imported template is offered (the template list is read when the home page opens).
  await home(b);
  await b.getByRole('button', { name: /^Начать: Школьный климат/ }).waitFor();
  await b.goto(`${env.server.url}${msokoUrl}`);
  assert.equal(await radio(b, '1.1.1', 'да').isChecked(), true);
  assert.equal(await criterion(b, '1.1.2').getByLabel('Комментарий').inputValue(), 'строка 1\nстрока 2');

  // Edited here after the restore: restoring the old file keeps this copy untouched and
  // brings the file's version in beside it, marked, once.
  await radio(b, '1.1.3', 'нет').check();
  await b.getByText('Все изменения сохранены').waitFor();
  await home(b);
  const again = await restore(b, backup1);
  assert.match(again, /Записано самооценок — 1 \(из них копий — 1\), уже были такими же — 1\./);
  assert.match(again, /«МБОУ „СОШ № 5“; "корпус 2"»: на устройстве эта самооценка заполнена иначе\. Она не изменена, а самооценка из файла сохранена рядом как копия/);
  await savedTable(b).getByRole('row').nth(3).waitFor();
  const withCopy = await savedRows(b);
  assert.equal(withCopy.length, 3);
  assert.equal(withCopy.filter((r) => /копия из резервной копии от \d{2}\.\d{2}\.\d{4}/.test(r)).length, 1, withCopy.join('\n'));
  assert.match(await restore(b, backup1), /Записано самооценок — 0, уже были такими же — 2\./);
  assert.equal((await savedRows(b)).length, 3, 'restoring again adds nothing');
  await b.goto(`${env.server.url}${msokoUrl}`);
  assert.equal(await radio(b, '1.1.3', 'нет').isChecked(), true, 'the answer made here stays');

  // The PC goes on (two more edits): its next backup comes in as a copy too, never over this one.
  await a.goto(`${env.server.url}${msokoUrl}`);
  await radio(a, '1.1.1', 'частично').check();
  await radio(a, '1.1.4', 'да').check();
  await radio(a, '1.1.5', 'да').check();
  await a.getByText('Все изменения сохранены').waitFor();
  await home(a);
  const backup2 = await downloadBackup(a);
  await home(b);
  const newer = await restore(b, backup2);
  assert.match(newer, /Записано самооценок — 1 \(из них копий — 1\), уже были такими же — 1\./);
  // Restoring the same file twice changes nothing.
  assert.match(await restore(b, backup2), /Записано самооценок — 0, уже были такими же — 2\./);
  assert.equal((await savedRows(b)).length, 4);
  await b.goto(`${env.server.url}${msokoUrl}`);
  assert.equal(await radio(b, '1.1.3', 'нет').isChecked(), true);
  assert.equal(await radio(b, '1.1.5', 'да').isChecked(), false, 'the PC’s answer is in its copy, not here');
  await home(b);

  // Bad files: each refused with the reason, and nothing changes.
  const text = await readFile(backup2, 'utf8');
  const cut = join(dir, 'cut.json');
  await writeFile(cut, text.slice(0, Math.floor(text.length / 2)));
  const cp1251 = join(dir, 'excel.csv');
  await writeFile(cp1251, Buffer.from([0xcf, 0xf0, 0xe8, 0xea, 0xe0, 0xe7, 0x3b, 0x31, 0x0d, 0x0a])); // «Приказ;1» in Windows-1251
  const edited = join(dir, 'edited.json');
  const parsed = JSON.parse(text);
  parsed.templates[0].text += ' ';
  await writeFile(edited, JSON.stringify(parsed));
  const refused = /не восстановлен, ничего не изменилось\./;
  const refusals = [
    [cut, refused, /обрывается раньше конца \(строка \d+, столбец \d+\): он был обрезан/],
    ['tests/e2e/fixtures/school-climate.json', refused, /Это файл шаблона, а не резервная копия/],
    // Not JSON: read as a CSV export, which it is not either.
    [cp1251, /Файл «excel\.csv» не принят, из него ничего не записано/, /ожидалась выгрузка «Оценки»/],
    [edited, refused, /текст шаблона templates\[0\] не совпадает со своим ключом/],
  ];
  for (const [bad, heading, why] of refusals) {
    const said = await restore(b, bad);
    assert.match(said, heading, said);
    assert.match(said, why);
  }
  assert.equal((await savedRows(b)).length, 4);
  await b.goto(`${env.server.url}${msokoUrl}`);
  assert.equal(await radio(b, '1.1.3', 'нет').isChecked(), true);
  await pc.close();
  await other.close();
});

test('a backup claiming revision 4294967295 and the year 9999 cannot win: the answers here stay, and later edits here still save', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'otsenka-poison-'));
  const context = await env.browser.newContext({ acceptDownloads: true, locale: 'ru-RU' });
  const page = await startSchoolMsoko(context, env.server.url);
  await page.getByLabel('Полное наименование ОО').fill('МБОУ СОШ № 9');
  await radio(page, '1.1.1', 'да').check();
  await page.getByText('Все изменения сохранены').waitFor();
  const url = page.url();
  const id = new URL(url).pathname.split('/').pop();
  await home(page);
  const file = JSON.parse(await readFile(await downloadBackup(page), 'utf8'));
  // The same id, other answers, the highest revision and a date far in the future.
  const record = file.assessments.find((a) => a.id === id);
  record.revision = 4294967295;
  record.updated_at = '9999-12-31T23:59:59.999Z';
  record.answers['1.1.1'] = { choice: 'no' };
  record.answers['1.1.2'] = { choice: 'yes' };
  const poisoned = join(dir, 'poisoned.json');
  await writeFile(poisoned, JSON.stringify(file));
  const said = await restore(page, poisoned);
  assert.match(said, /Записано самооценок — 1 \(из них копий — 1\), уже были такими же — 0\./);
  assert.match(said, /«МБОУ СОШ № 9»: на устройстве эта самооценка заполнена иначе/);
  assert.match(said, /время в файле было позже текущего/);
  const rows = await savedRows(page);
  assert.equal(rows.length, 2);
  assert.ok(!rows.some((r) => r.includes('9999')), rows.join('\n'));
  // Here: the answers as they were; an edit saves and stays after a reload.
  await page.goto(url);
  assert.equal(await radio(page, '1.1.1', 'да').isChecked(), true);
  assert.equal(await radio(page, '1.1.2', 'да').isChecked(), false);
  await radio(page, '1.1.3', 'частично').check();
  await page.getByText('Все изменения сохранены').waitFor();
  await page.reload();
  await radio(page, '1.1.3', 'частично').waitFor();
  assert.equal(await radio(page, '1.1.3', 'частично').isChecked(), true);
  assert.equal(await radio(page, '1.1.1', 'да').isChecked(), true);
  // Restoring the file again: nothing more is written, the edit stays.
  await home(page);
  assert.match(await restore(page, poisoned), /Записано самооценок — 0, уже были такими же — 1\./);
  await page.goto(url);
  assert.equal(await radio(page, '1.1.3', 'частично').isChecked(), true);
  // The copy holds the file's answers, at revision 1 and today's date.
  const stored = await storedIn(page, 'assessments');
  const copy = stored.find((a) => a.id !== id);
  assert.equal(copy.revision, 1);
  assert.ok(copy.updated_at < '9999', copy.updated_at);
  assert.equal(copy.answers['1.1.1'].choice, 'no');
  assert.match(copy.respondent['~restored_from'], /^backup \d{4}-\d{2}-\d{2}$/);
  await context.close();
});

// A region's own template: refused with the place and the reason when it is wrong (and
// nothing changes), accepted when it is right, kept on the device, and usable end to end.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, readable, rowCells } from './browser.mjs';

// The built-in templates the home page offers, as the shipped index lists them.
const BUILT_IN = JSON.parse(readFileSync(new URL('../../crates/templates/data/index.json', import.meta.url), 'utf8')).length;
const fixture = (name) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('importing a template: errors name the file and the place; a valid one is kept and used', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  const input = page.getByLabel('Загрузить шаблон из файла (JSON или таблица CSV)');
  const note = page.locator('.import [role=status]');
  const cards = page.getByRole('region', { name: 'Начать новую самооценку' }).getByRole('listitem');
  await cards.first().waitFor();
  assert.ok(BUILT_IN >= 4, 'МСОКО, ШНОР, decisions and workshop are built in');
  assert.equal(await cards.count(), BUILT_IN);

  await input.setInputFiles(fixture('duplicate-id.json'));
  await note.getByText(/не принят/).waitFor();
  assert.equal(
    readable(await note.textContent()),
    'Файл «duplicate-id.json» не принят, ничего не изменено. Место в файле: sections[0].items[1].id. ' +
      'Код «A.1» пустой или встречается дважды: дайте каждому свой код.',
  );

  await input.setInputFiles(fixture('syntax-error.json'));
  await note.getByText(/syntax-error\.json/).waitFor();
  assert.match(readable(await note.textContent()), /^Файл «syntax-error\.json» не принят, ничего не изменено\. Ошибка записи JSON: строка 5, столбец \d+ \(/);
  assert.equal(await cards.count(), BUILT_IN, 'no template was added by the broken files');

  await input.setInputFiles(fixture('school-climate.json'));
  await note.getByText(/добавлен/).waitFor();
  assert.equal(readable(await note.textContent()), 'Шаблон «Школьный климат: экспресс-самооценка», версия 2026.1, добавлен в список.');
  await input.setInputFiles(fixture('school-climate.json'));
  await note.getByText(/уже есть/).waitFor();
  assert.equal(await cards.count(), BUILT_IN + 1, 'importing the same file twice adds it once');

  await page.reload();
  const card = cards.filter({ hasText: 'Школьный климат' });
  await card.waitFor();
  assert.match(readable(await card.textContent()), /3 пункта · версия 2026\.1 · загружен из файла/);
  await card.getByRole('button', { name: /^Начать: Школьный климат/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await page.getByRole('group', { name: /^A\.1 / }).getByRole('radio', { name: 'большинство' }).check();
  await page.getByRole('group', { name: /^A\.2 / }).getByRole('radio', { name: 'да' }).check();
  await page.getByRole('link', { name: 'К результатам' }).click();
  const results = page.getByRole('table', { name: 'Результат по направлениям' });
  const cells = (name) => rowCells(results, name);
  assert.deepEqual(await cells(/^A Безопасность/), ['75,0 %', 'благоприятный', '2 / 2']);
  assert.deepEqual(await cells(/^B /), ['нет ответов', '—', '0 / 1']);
  assert.deepEqual(await cells(/^Итого/), ['60,0 %', 'требует внимания', '2 / 3']);
  await page.getByRole('region', { name: 'Дефициты' }).waitFor();
  const deficits = (await page.getByRole('region', { name: 'Дефициты' }).getByRole('listitem').allInnerTexts()).map(readable);
  assert.equal(deficits.length, 1);
  assert.match(deficits[0], /^A\.1 Правила поведения известны всем обучающимся — большинство Рекомендация: Обсудите правила/);
  // B.1 is a yes_no fact: its preset options are offered like any choice.
  await page.getByRole('link', { name: 'Вернуться к заполнению' }).click();
  await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /^B / }).click();
  const b1 = page.getByRole('group', { name: /^B\.1 / });
  await b1.waitFor();
  assert.deepEqual(await b1.getByRole('radio').evaluateAll((rs) => rs.map((r) => r.value)), ['yes', 'no']);
  await b1.getByRole('radio', { name: 'да' }).check();
  await page.getByRole('link', { name: 'К результатам' }).click();
  assert.deepEqual(await cells(/^Итого/), ['80,0 %', 'благоприятный', '3 / 3']);
  await context.close();
});

test('a template written in a spreadsheet (CSV, Windows-1251) is imported and works; a wrong cell is named by row and column', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  const input = page.getByLabel('Загрузить шаблон из файла (JSON или таблица CSV)');
  const note = page.locator('.import [role=status]');
  const cards = page.getByRole('region', { name: 'Начать новую самооценку' }).getByRole('listitem');
  await cards.first().waitFor();

  // The built-in templates are offered as example sheets: the real files, byte for byte.
  const [example] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'ШНОР' }).click()]);
  assert.equal(example.suggestedFilename(), 'shnor.csv');
  const exampleBytes = readFileSync(await example.path());
  assert.ok(exampleBytes.equals(readFileSync(new URL('../../crates/templates/sheets/shnor.csv', import.meta.url))));

  await input.setInputFiles(fixture('sheet-broken.csv'));
  await note.getByText(/не принят/).waitFor();
  assert.equal(
    readable(await note.textContent()),
    'Файл «sheet-broken.csv» не принят, ничего не изменено. Строка 9, столбец K (min): «пятьдесят» — не число.',
  );
  assert.equal(await cards.count(), BUILT_IN, 'the broken sheet added nothing');

  await input.setInputFiles(fixture('sheet-1251.csv'));
  await note.getByText(/добавлен/).waitFor();
  assert.equal(readable(await note.textContent()), 'Шаблон «Пример чек-листа из таблицы», версия 2025.1, добавлен в список.');
  const card = cards.filter({ hasText: 'Пример чек-листа из таблицы' });
  await card.getByRole('button', { name: /^Начать: Пример чек-листа из таблицы/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);

  // The Cyrillic labels survived the Windows-1251 encoding; the count question waits for «да».
  const vacancies = page.getByRole('group', { name: /^1\.1\.3 Сколько вакансий/ });
  await page.getByRole('group', { name: /^1\.1\.1 Цели определены/ }).getByRole('radio', { name: 'да', exact: true }).check();
  assert.equal(await vacancies.isVisible(), false, 'the count is hidden until there are vacancies');
  await page.getByRole('group', { name: /^1\.1\.2 Есть вакансии/ }).getByRole('radio', { name: 'да', exact: true }).check();
  await vacancies.waitFor();
  await vacancies.getByLabel('Ответ').fill('2');
  await page.getByRole('link', { name: 'К результатам' }).click();
  // 1.1.1 да = 2 of 2, 1.1.2 да = 0 of 1 (vacancies are the risk), 1.1.3 two vacancies = 1 of 2: 3 of 5; the empty plan is the 4th item.
  const results = page.getByRole('table', { name: 'Результат по направлениям' });
  assert.deepEqual(await rowCells(results, /^1\.1 Система оценки/), ['60,0 %', 'средний уровень', '3 / 4']);
  await context.close();
});

test('a new version of a template: the old assessment still opens as it was; moving carries answers by id and lists what was not carried', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  const input = page.getByLabel('Загрузить шаблон из файла (JSON или таблица CSV)');
  const note = page.locator('.import [role=status]');
  await input.setInputFiles(fixture('school-climate.json'));
  await note.getByText(/добавлен/).waitFor();
  await page.getByRole('button', { name: /^Начать: Школьный климат/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  const oldUrl = page.url();
  await page.getByLabel('Полное наименование ОО').fill('МБОУ СОШ № 7');
  await page.getByRole('group', { name: /^A\.1 / }).getByRole('radio', { name: 'большинство' }).check();
  await page.getByRole('group', { name: /^A\.2 / }).getByRole('radio', { name: 'да' }).check();
  await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /^B / }).click();
  await page.getByRole('group', { name: /^B\.1 / }).getByRole('radio', { name: 'да' }).check();
  await page.getByText('Все изменения сохранены').waitFor();

  // A region sends version 2027.1: «большинство» and B.1 are gone, B.2 is new.
  await page.goto(`${env.server.url}/`);
  await input.setInputFiles(fixture('school-climate-2027.json'));
  await note.getByText(/добавлен/).waitFor();
  await page.goto(oldUrl);
  await page.getByText('Есть другая версия этого шаблона: 2027.1.').waitFor();
  // The old assessment is still on its own version (it reopens on B), answers in place.
  assert.equal(await page.getByRole('group', { name: /^B\.1 / }).getByRole('radio', { name: 'да' }).isChecked(), true);

  // The move is made on a page of its own (its code stays out of the first view).
  await page.getByRole('link', { name: 'Перейти на версию 2027.1' }).click();
  await page.getByRole('heading', { level: 1, name: 'Переход на новую версию шаблона' }).waitFor();
  const move = page.getByRole('button', { name: 'Создать копию по новой версии' });
  await move.click();
  const report = page.getByRole('status').filter({ hasText: 'Создана копия' });
  await report.waitFor();
  assert.match(readable(await report.textContent()), /перенесено ответов: 1\. Эта самооценка не изменилась\./);
  assert.equal(await move.isDisabled(), true, 'a second click cannot make a second copy');
  const lost = (await report.getByRole('listitem').allTextContents()).map(readable);
  assert.deepEqual(lost, [
    // Named by number and text, and the option by its label, as the person answered them.
    'A.1 Правила поведения известны всем обучающимся: варианта «большинство» нет в новой версии — выбор снят',
    'B.1 Родители участвуют в управлении школой: такого критерия нет в новой версии — ответ не перенесён',
  ]);
  await report.getByRole('link', { name: 'Открыть копию по новой версии' }).click();
  await page.waitForURL((url) => url.href !== oldUrl && /\/a\/[0-9a-f-]{36}$/.test(url.pathname));
  assert.equal(await page.getByLabel('Полное наименование ОО').inputValue(), 'МБОУ СОШ № 7');
  await page.getByRole('group', { name: /^B\.2 / }).waitFor();
  await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /^A / }).click();
  assert.equal(await page.getByRole('group', { name: /^A\.2 / }).getByRole('radio', { name: 'да' }).isChecked(), true);
  assert.equal(await page.getByRole('group', { name: /^A\.1 / }).getByRole('radio', { checked: true }).count(), 0);

  // Both assessments are listed, told apart by their version: the original under 2026.1 is kept.
  await page.goto(`${env.server.url}/`);
  const rows = page.getByRole('row', { name: /СОШ № 7/ });
  await rows.first().waitFor();
  assert.equal(await rows.count(), 2);
  const names = (await rows.evaluateAll((rs) => rs.map((r) => r.cells[0].textContent))).map(readable).sort();
  assert.deepEqual(names, [
    'Школьный климат: экспресс-самооценка · версия 2026.1',
    'Школьный климат: экспресс-самооценка · версия 2027.1',
  ]);
  // The move page takes only a plain file name of a built-in template from its address.
  await page.goto(`${env.server.url}/report.html?upgrade=x&file=..%2Fsw.js`);
  await page.getByRole('alert').filter({ hasText: 'В адресе страницы не указано, на какую версию перейти.' }).waitFor();
  await context.close();
});

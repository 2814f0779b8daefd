// The ШНОР risk self-assessment, as a school's deputy head does it: answer one factor with
// every kind of indicator (a questionnaire average keeps its decimal), watch its risk level move as answers change (a conditional
// indicator shown only when its condition holds, and not counted when hidden), choose the
// priority risks, write an anti-risk programme, reload, read the results and the CSV.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, named, parseCsv, readable, rowCells, unmark } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const RESPONDENT = {
  'Полное наименование ОО': 'МКОУ "Верхнеозёрская ООШ"',
  'ИНН': '7707083893',
  'Логин ФИС ОКО': 'sch77171506',
  'Муниципалитет': 'Энский муниципальный район',
  'Учебный год': '2025/2026',
  'ФИО заполнившего': 'Петрова Анна Сергеевна',
};

const item = (page, id) => page.getByRole('group', { name: named(id) });
const section = (page, id) => page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: named(id) });
const answerBox = (page, id) => item(page, id).getByRole('textbox', { name: /^Ответ/ });

async function saved(page) {
  await page.getByRole('status').getByText('Все изменения сохранены').waitFor();
}

async function toResults(page) {
  await saved(page);
  await page.getByRole('link', { name: 'К результатам' }).click();
  const results = page.getByRole('table', { name: 'Результат по направлениям' });
  await results.waitFor();
  return results;
}

async function backToFilling(page, sectionId) {
  await page.getByRole('link', { name: 'Вернуться к заполнению' }).click();
  await section(page, sectionId).click();
  await page.getByRole('heading', { level: 2, name: named(sectionId) }).waitFor();
}

const checkList = async (page) =>
  (await page.getByRole('region', { name: 'Проверьте перед отправкой' }).getByRole('listitem').allInnerTexts()).map(readable);

const PRIORITIES = 'Выберите до трёх рисков, с которыми школа будет работать в первую очередь';
const P2 = 'Антирисковая программа по риску 2: дефицит педагогических кадров';

// Three measures of the programme for risk 2; the second is removed again. Columns in the
// table's order.
const ROWS = [
  {
    'Цель': 'Закрыть вакансии учителей математики и физики',
    'Задачи': 'Привлечь молодых специалистов; организовать наставничество',
    'Мера / мероприятие': 'Договор о целевом обучении с педагогическим вузом',
    'Сроки': '2026-08-31',
    'Ответственные': 'Директор Сидоров И. И.',
    'Участники': 'Педагогический вуз, молодые специалисты',
    'Показатель (целевое значение)': 'Доля вакансий — 0 %',
    'Методы сбора информации': 'Штатное расписание на 1 сентября',
  },
  {
    'Цель': 'Эту строку удалим',
    'Задачи': 'нет',
    'Мера / мероприятие': 'нет',
    'Сроки': '2026-01-15',
    'Ответственные': 'никто',
    'Участники': 'никто',
    'Показатель (целевое значение)': '—',
    'Методы сбора информации': 'нет',
  },
  {
    'Цель': 'Удержать молодых педагогов',
    'Задачи': 'Снизить нагрузку; поддержать наставников',
    'Мера / мероприятие': 'Стимулирующие выплаты наставникам',
    'Сроки': 'постоянно',
    'Ответственные': 'Зам. директора по УВР',
    'Участники': 'Наставники, молодые педагоги',
    'Показатель (целевое значение)': 'Текучесть кадров не выше 5 %',
    'Методы сбора информации': 'Приказы о приёме и увольнении, анкета педагогов',
  },
];

async function fillRow(table, n, row) {
  for (const [column, value] of Object.entries(row)) {
    if (column === 'Сроки' && value === 'постоянно') {
      await table.getByRole('checkbox', { name: `Сроки, Строка ${n}: постоянно` }).check();
    } else {
      await table.getByLabel(`${column}, Строка ${n}`, { exact: true }).fill(value);
    }
  }
}

test('ШНОР: a factor\'s risk level follows the answers, priorities open programmes, rows are kept and exported', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, locale: 'ru-RU' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));

  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Самооценка рисков \(ШНОР/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  const assessmentUrl = page.url();
  for (const [label, value] of Object.entries(RESPONDENT)) {
    await page.getByLabel(label).fill(value);
  }

  // Factor 2 «Дефицит педагогических кадров»: the vacancy indicators show only when there are
  // vacancies, and the share of long-open posts once there is one.
  await section(page, '2').click();
  await item(page, 'r2.1').waitFor();
  assert.equal(await item(page, 'r2.2').count(), 0, 'the vacancy share is hidden until «есть вакансии» = да');
  assert.equal(await item(page, 'r2.3').count(), 0, 'so is the number of long vacancies');
  assert.match(readable(await section(page, '2').textContent()), /0\/3$/);
  await item(page, 'r2.1').getByRole('radio', { name: 'да', exact: true }).check();
  await item(page, 'r2.2').waitFor();
  assert.equal(await item(page, 'r2.3').isVisible(), true);
  assert.equal(await item(page, 'r2.6').count(), 0, 'the share of long vacancies waits for their number');
  assert.match(readable(await section(page, '2').textContent()), /1\/5$/);

  // A bad picture: vacancies «да» → 0 of 2; vacancies 25,5 % → 0 of 2; 4 long vacancies are
  // information, their share 12 % → 0 of 2; teachers 60+ 12,5 % → 2 of 2; workload average
  // 2,4 → 0 of 2. 2 of 10 = 20,0 % → высокий риск.
  // A share over 100 % is explained under the field at once, and a right one clears it.
  const note = (id) => item(page, id).locator(`#n-${id.replace('.', '\\.')}`);
  await answerBox(page, 'r2.2').fill('120');
  await item(page, 'r2.2').getByText('Не больше 100.').waitFor();
  assert.equal(await answerBox(page, 'r2.2').getAttribute('aria-describedby'), 'n-r2.2');
  await answerBox(page, 'r2.2').fill('25,5');
  await answerBox(page, 'r2.3').fill('4');
  await item(page, 'r2.6').waitFor();
  await answerBox(page, 'r2.6').fill('12');
  await answerBox(page, 'r2.4').fill('12,5');
  await answerBox(page, 'r2.5').fill('2,4');
  assert.equal(readable(await note('r2.2').textContent()), '', 'a decimal comma is a number');
  assert.equal(readable(await note('r2.5').textContent()), '', 'an average keeps its decimal');
  assert.match(readable(await section(page, '2').textContent()), /6\/6$/);
  let results = await toResults(page);
  assert.deepEqual(await rowCells(results, /^2 Дефицит педагогических кадров/), ['20,0 %', 'высокий риск', '6 / 6']);
  const deficits = async () =>
    (await page.getByRole('region', { name: 'Дефициты' }).getByRole('listitem').allInnerTexts()).map(readable);
  assert.deepEqual((await deficits()).map((d) => d.split(' ')[0]), ['2.1', '2.2', '2.6', '2.5']);
  // The recommendation answers «есть вакансии», it does not say to keep things as they are.
  assert.match((await deficits())[0], /^2\.1 В школе есть вакансии педагогических работников — да Рекомендация: По каждой вакансии /);
  // The total is the tool's sum of all factors: it gets no risk level of its own.
  assert.deepEqual(await rowCells(results, /^Итого/), ['2,2 %', '—', '5 / 45']);

  // Better: vacancies 12,5 % → 1; long vacancies 2 of 40 posts, 5 % → 1; workload 3,6 → 2.
  // 6 of 10 = 60,0 % → средний риск.
  await backToFilling(page, '2');
  assert.equal(await answerBox(page, 'r2.2').inputValue(), '25,5', 'answers are there when coming back');
  await answerBox(page, 'r2.2').fill('12,5');
  await answerBox(page, 'r2.3').fill('2');
  await answerBox(page, 'r2.6').fill('5');
  await answerBox(page, 'r2.5').fill('3,6');
  results = await toResults(page);
  assert.deepEqual(await rowCells(results, /^2 /), ['60,0 %', 'средний риск', '6 / 6']);

  // No vacancies at all: the vacancy indicators hide and stop counting (their typed answers
  // stay, but are not scored): 2 + 2 + 2 of 6 = 100,0 % → низкий риск.
  await backToFilling(page, '2');
  await item(page, 'r2.1').getByRole('radio', { name: 'нет', exact: true }).check();
  await answerBox(page, 'r2.5').fill('4,5');
  await item(page, 'r2.2').waitFor({ state: 'hidden' });
  assert.equal(await item(page, 'r2.3').count(), 0);
  assert.equal(await item(page, 'r2.6').count(), 0);
  assert.match(readable(await section(page, '2').textContent()), /3\/3$/);
  results = await toResults(page);
  assert.deepEqual(await rowCells(results, /^2 /), ['100,0 %', 'низкий риск', '3 / 3']);
  assert.deepEqual(await rowCells(results, /^1 /), ['нет ответов', '—', '0 / 5']);
  assert.deepEqual(await deficits(), [], 'no deficits left in factor 2, and nothing else answered');
  // The factors in the official order and numbering; the priorities and the programmes are a
  // plan, not a score: no row, no level.
  const sectionRows = (await results.locator('tbody').getByRole('row').allInnerTexts()).map(readable);
  assert.deepEqual(sectionRows.map((r) => r.split(' ')[0]), ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12']);
  assert.match(sectionRows[3], /^4 Риски низкой адаптивности учебного процесса/);
  assert.match(sectionRows[4], /^5 Несформированность внутришкольной системы повышения квалификации/);
  assert.match(sectionRows[7], /^8 Высокая доля обучающихся с рисками учебной неуспешности/);

  // Priorities: at most three. A fourth is allowed while typing but listed before sending.
  await backToFilling(page, 'priorities_section');
  const priorities = page.getByRole('group', { name: named('priorities', PRIORITIES) });
  for (const risk of ['1. Низкий уровень оснащения школы', '2. Дефицит педагогических кадров', '8. Высокая доля обучающихся с рисками учебной неуспешности', '9. Низкий уровень дисциплины в классе']) {
    await priorities.getByRole('checkbox', { name: risk, exact: true }).check();
  }
  await priorities.getByText('Выбрано больше 3 вариантов.').waitFor();
  await toResults(page);
  assert.ok(
    (await checkList(page)).includes(`«${PRIORITIES}»: Выбрано больше 3 вариантов.`),
    `the fourth priority is listed: ${JSON.stringify(await checkList(page))}`,
  );
  await backToFilling(page, 'priorities_section');
  await priorities.getByRole('checkbox', { name: '9. Низкий уровень дисциплины в классе', exact: true }).uncheck();
  assert.equal(readable(await note('priorities').textContent()), '');

  // One programme table per chosen risk, and none for the others.
  await section(page, 'programmes').click();
  const programme = (id) => page.getByRole('group', { name: named(`programme_${id}`) });
  for (const id of ['1', '2', '8']) await programme(id).waitFor();
  for (const id of ['3', '4', '5', '6', '7', '9', '10', '11', '12']) {
    assert.equal(await programme(id).count(), 0, `no programme table for ${id}`);
  }
  const p2 = programme('2');
  assert.equal(await p2.getByText('Строк пока нет.').isVisible(), true);
  const addRow = p2.getByRole('button', { name: `Добавить строку (${P2})` });
  for (const [i, row] of ROWS.entries()) {
    await addRow.click();
    await fillRow(p2, i + 1, row);
  }
  assert.equal(await p2.getByLabel('Сроки, Строка 3', { exact: true }).isDisabled(), true, 'a permanent deadline has no date');
  await p2.getByRole('button', { name: `Удалить строку 2 (${P2})` }).click();
  await p2.getByLabel('Цель, Строка 3').waitFor({ state: 'detached' });
  assert.equal(await p2.getByLabel('Цель, Строка 2', { exact: true }).inputValue(), ROWS[2]['Цель'], 'the third row moved up');
  assert.equal(await p2.getByRole('checkbox', { name: 'Сроки, Строка 2: постоянно' }).isChecked(), true);

  // On a phone, the wide programme table scrolls inside its box; the page itself does not.
  const pageOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.setViewportSize({ width: 390, height: 800 });
  assert.ok((await pageOverflow()) <= 0, `the filling page is ${await pageOverflow()} px wider than a phone`);
  await page.setViewportSize({ width: 1280, height: 720 });

  // Reload: the rows were written to the device as they were typed.
  await saved(page);
  await page.reload();
  await page.waitForURL(assessmentUrl);
  await p2.waitFor();
  assert.equal(await section(page, 'programmes').getAttribute('aria-current'), 'step', 'reopens on the programmes');
  for (const [n, row] of [[1, ROWS[0]], [2, ROWS[2]]]) {
    for (const [column, value] of Object.entries(row)) {
      if (value === 'постоянно') {
        assert.equal(await p2.getByRole('checkbox', { name: `Сроки, Строка ${n}: постоянно` }).isChecked(), true);
      } else {
        assert.equal(await p2.getByLabel(`${column}, Строка ${n}`, { exact: true }).inputValue(), value, `${column}, row ${n}`);
      }
    }
  }
  assert.equal(await p2.getByLabel('Цель, Строка 3').count(), 0);

  // The results: the programme as a table, the unwritten programmes listed before sending.
  results = await toResults(page);
  assert.deepEqual(await rowCells(results, /^2 /), ['100,0 %', 'низкий риск', '3 / 3']);
  const printed = page.getByRole('table', { name: P2, exact: true });
  await printed.waitFor();
  const printedRows = await printed.getByRole('row').evaluateAll((rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  // Dates read the Russian way in the report (the CSV keeps ISO dates for databases).
  const shown = (row) => Object.values(row).map((v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) ? v.split('-').reverse().join('.') : v));
  assert.deepEqual(printedRows.map((r) => r.map(readable)), [
    Object.keys(ROWS[0]),
    shown(ROWS[0]),
    shown(ROWS[2]),
  ]);
  await page.setViewportSize({ width: 390, height: 800 });
  assert.ok((await pageOverflow()) <= 0, `the results page is ${await pageOverflow()} px wider than a phone`);
  await page.setViewportSize({ width: 1280, height: 720 });
  const toCheck = await checkList(page);
  assert.ok(toCheck.includes('«Антирисковая программа по риску 1: низкий уровень оснащения школы»: Нужен ответ.'), JSON.stringify(toCheck));
  assert.equal(toCheck.some((line) => line.includes('по риску 2:')), false, 'the written programme is complete');
  assert.equal(toCheck.some((line) => line.includes(PRIORITIES)), false, 'three priorities are fine');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^otsenka_shnor_\d{4}-\d{2}-\d{2}_[0-9a-f]{8}\.csv$/);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
  const rows = parseCsv(bytes.subarray(3).toString('utf8'));
  assert.equal(rows.length, 2);
  const [header, values] = rows;
  assert.equal(header.length, values.length);
  const names = header.map(unmark);
  const cell = (name) => {
    assert.ok(names.includes(name), `column ${name}`);
    return unmark(values[names.indexOf(name)]);
  };
  assert.equal(cell('template_id'), 'shnor');
  assert.equal(cell('school_name'), RESPONDENT['Полное наименование ОО']);
  assert.equal(cell('r2.1'), 'нет');
  assert.equal(cell('r2.2'), '', 'a hidden indicator is not sent');
  assert.equal(cell('r2.3'), '');
  assert.equal(cell('r2.6'), '');
  assert.equal(cell('r2.4'), '12,5');
  assert.equal(cell('r2.5'), '4,5', 'the questionnaire average is sent with its decimal');
  assert.equal(cell('pct_2'), '100,0');
  assert.equal(cell('level_2'), 'низкий риск');
  assert.equal(cell('pct_1'), '', 'nor a percentage');
  assert.equal(cell('level_1'), '', 'a factor nobody answered has no risk level (issue 19)');
  assert.equal(
    cell('priorities'),
    '1. Низкий уровень оснащения школы; 2. Дефицит педагогических кадров; 8. Высокая доля обучающихся с рисками учебной неуспешности',
  );
  const line = (row) => Object.entries(row).map(([k, v]) => `${k}: ${v}`).join('; ');
  assert.equal(cell('programme_2'), `1) ${line(ROWS[0])}\n2) ${line(ROWS[2])}`);
  assert.equal(cell('programme_9'), '', 'the dropped priority\'s programme is empty');

  assert.deepEqual(errors, [], 'no uncaught errors on the page');
  await context.close();
});

test(
  'a word typed into a number field is reported under it and before sending, not silently dropped',
  async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.server.url}/`);
    await page.getByRole('button', { name: /^Начать: Самооценка рисков \(ШНОР/ }).click();
    await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
    await section(page, '2').click();
    await answerBox(page, 'r2.4').fill('двенадцать');
    await saved(page);
    const shown = readable(await item(page, 'r2.4').locator('#n-r2\\.4').textContent());
    await toResults(page);
    const listed = await checkList(page);
    await context.close();
    assert.equal(shown, 'Введите число, например 12 или 12,5.');
    assert.ok(listed.some((l) => l.startsWith('«2.4 ') && l.endsWith('Введите число, например 12 или 12,5.')), JSON.stringify(listed));
  },
);

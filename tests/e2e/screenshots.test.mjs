// The user guides' screenshots (issue 9), made by walking the guides' journeys in headless
// Chromium under a fixed clock: a school (home, filling in, results, the action plan), a
// workshop facilitator (the session, the presenter screen, a phone), a municipality (the
// consolidated table) and the decisions workflow (a school's register with the municipality's
// decisions, the municipality's execution matrix). They are written to target/screenshots/, or, to refresh the guides'
// pictures, to the folder in OTSENKA_SCREENSHOTS (`OTSENKA_SCREENSHOTS=docs/img node --test
// tests/e2e/screenshots.test.mjs`). The test fails when a guide or the README shows a picture
// that no journey here makes, or when a picture comes out blank.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launch, PHONE, radio, startSession } from './browser.mjs';

const OUT = process.env.OTSENKA_SCREENSHOTS ?? 'target/screenshots';
// 15 March 2026, 10:30 local time: dates on the pictures do not change from run to run.
const NOW = new Date('2026-03-15T10:30:00');
const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow' };

let env;
const made = new Set();
before(async () => {
  env = await launch();
  mkdirSync(OUT, { recursive: true });
});
after(async () => {
  await env?.close();
});

async function shoot(page, name, options = {}) {
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(OUT, name), ...options });
  made.add(name);
}

async function context(options) {
  const c = await env.browser.newContext(options);
  await c.clock.setFixedTime(NOW);
  return c;
}

test('a school: home, filling in, results, the action plan', async () => {
  const c = await context(DESKTOP);
  const page = await c.newPage();
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).waitFor();
  await shoot(page, 'school-home.png');
  await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await page.getByLabel(/^Муниципалитет/).fill('Энский муниципальный округ');
  await page.getByLabel(/^Полное наименование ОО/).fill('МБОУ «Средняя школа № 1»');
  // The school's contribution: five statements in 1.1, four in 1.2.
  const answers = ['да', 'да', 'частично', 'да', 'нет'];
  for (const [i, answer] of answers.entries()) await radio(page, `1.1.${i + 1}`, answer).click();
  await page.getByRole('button', { name: /^1\.2 / }).click();
  for (const [i, answer] of answers.slice(1).reverse().entries()) await radio(page, `1.2.${i + 1}`, answer).click();
  await page.getByRole('button', { name: /^1\.1 / }).click();
  await page.getByRole('heading', { level: 2, name: /^1\.1 / }).waitFor();
  await page.evaluate(() => window.scrollTo(0, document.querySelector('.fill-layout').offsetTop - 80));
  await shoot(page, 'school-fill.png');
  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByRole('table').first().waitFor();
  await shoot(page, 'school-results.png');
  // The road map is the municipal МСОКО's: drafted from its deficits.
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Самооценка МСОКО/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await page.getByLabel(/^Орган управления образованием/).fill('Управление образования Энского муниципального округа');
  for (const [i, answer] of ['да', 'частично', 'нет', 'частично'].entries()) await radio(page, `1.1.0${i + 1}`, answer).click();
  await page.getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'К результатам' }).click();
  await page.getByRole('link', { name: /^План мероприятий и отчёт/ }).click();
  const plan = page.getByRole('region', { name: /Дорожная карта по устранению дефицитов МСОКО$/ });
  await plan.getByRole('button', { name: 'Сформировать план по дефицитам' }).click();
  await plan.getByRole('status').filter({ hasText: /Добавлено строк: \d+/ }).waitFor();
  await plan.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -20));
  await shoot(page, 'school-plan.png');
  await c.close();
});

test('a facilitator: the session, the presenter screen, a phone', async () => {
  const c = await context(DESKTOP);
  const page = await c.newPage();
  await page.goto(`${env.server.url}/workshop.html`);
  await startSession(page, 'Семинар руководителей ОО: повышение результатов', ['Группа 1', 'Группа 2', 'Группа 3'], ['Какие проблемы мешают повышению результатов?']);
  const items = {
    'Группа 1': ['Нехватка учителей математики', 'Низкая мотивация учащихся'],
    'Группа 2': ['Нехватка времени у учителей', 'Слабая связь с родителями', 'Нет наставников'],
    'Группа 3': ['Устаревшее оборудование', 'Нехватка учителей физики'],
  };
  for (const [group, list] of Object.entries(items)) {
    for (const item of list) {
      await page.getByLabel(`Новый пункт: ${group}`).fill(item);
      await page.getByLabel(`Новый пункт: ${group}`).press('Enter');
    }
  }
  await shoot(page, 'facilitator-session.png');
  const [screen] = await Promise.all([c.waitForEvent('page'), page.getByRole('button', { name: 'Экран для проектора' }).click()]);
  await screen.setViewportSize({ width: 1280, height: 720 });
  await screen.getByRole('heading', { level: 2, name: 'Группа 2 (3)' }).waitFor();
  await shoot(screen, 'facilitator-screen.png');
  await page.getByRole('button', { name: 'Код семинара для телефонов' }).click();
  const code = await page.getByLabel('Текстовый код семинара').inputValue();
  const pc = await context(PHONE);
  const phone = await pc.newPage();
  await phone.goto(`${env.server.url}/workshop.html#join`);
  await phone.getByLabel('Код семинара').fill(code);
  await phone.getByRole('button', { name: 'Присоединиться' }).click();
  await phone.getByLabel('Ваша группа').selectOption({ label: 'Группа 3' });
  await phone.getByLabel('Новый пункт').fill('Нет методиста');
  await phone.getByLabel('Новый пункт').press('Enter');
  await phone.getByRole('button', { name: 'Передать' }).click();
  await phone.getByRole('img', { name: /^QR-код 1 из \d+$/ }).waitFor();
  // «Передать» brings the codes into view.
  assert.ok(await phone.getByRole('img', { name: /^QR-код 1 из \d+$/ }).isVisible());
  await phone.waitForTimeout(300);
  assert.ok(await phone.evaluate(() => { const r = document.querySelector('#transfer svg, #transfer img')?.getBoundingClientRect(); return r && r.top < innerHeight && r.bottom > 0; }), 'the code is on screen after «Передать»');
  await shoot(phone, 'facilitator-phone.png');
  await pc.close();
  await c.close();
});

test('a municipality: the consolidated table of 21 schools', async () => {
  const c = await context(DESKTOP);
  const page = await c.newPage();
  await page.goto(`${env.server.url}/municipality.html`);
  const dir = 'crates/municipal/tests/fixtures/schools';
  const files = readdirSync(dir).filter((f) => /^school-\d\d\.csv$/.test(f)).map((f) => join(dir, f));
  await page.getByLabel(/Выберите файлы школ/).setInputFiles(files);
  await page.getByText(`Показано школ: ${files.length} из ${files.length}`).waitFor();
  await page.getByRole('table').first().scrollIntoViewIfNeeded();
  await shoot(page, 'municipality-table.png');
  await c.close();
});

test('decisions: a school opens the municipality\'s file; the municipality reads the reports back', async () => {
  const dir = 'crates/municipal/tests/fixtures/execution';
  const c = await context(DESKTOP);
  const page = await c.newPage();
  await page.goto(`${env.server.url}/report.html?register`);
  await page.getByLabel('Открыть файл решений').setInputFiles([join(dir, 'resheniya.csv')]);
  await page.locator('section.exchange ul[aria-live] li').first().waitFor();
  await page.getByRole('table', { name: 'Реестр решений' }).waitFor();
  await shoot(page, 'school-decisions.png');
  await page.goto(`${env.server.url}/municipality.html`);
  const reports = readdirSync(dir).filter((f) => f.startsWith('otchet-') && !f.includes('tampered')).map((f) => join(dir, f));
  await page.getByLabel('Загрузить отчёты об исполнении').setInputFiles(reports);
  const matrix = page.getByRole('table', { name: 'Решения и их исполнение по организациям' });
  await matrix.waitFor();
  await page.evaluate(() => window.scrollTo(0, document.querySelector('#execution section.meeting').getBoundingClientRect().top + window.scrollY - 20));
  await shoot(page, 'municipality-execution.png');
  await c.close();
});

test('every picture the guides and the README show is made here, and none is blank', () => {
  const docs = ['README.md', ...readdirSync('docs').filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
  const shown = new Set();
  for (const doc of docs) {
    for (const [, path] of readFileSync(doc, 'utf8').matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)) {
      const name = path.split('/').pop();
      if (path.includes('img/')) shown.add(name);
    }
  }
  assert.ok(shown.size >= 8, `the guides show the journeys (${[...shown]})`);
  for (const name of shown) assert.ok(made.has(name), `${name} is shown in the docs but no journey makes it`);
  for (const name of made) {
    // A blank or nearly blank page compresses to a few kilobytes.
    assert.ok(statSync(join(OUT, name)).size > 15_000, `${name} has content`);
  }
});

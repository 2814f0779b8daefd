// Workshop mode (issue 8, first part): the facilitator creates a session, opens the presenter
// screen (a second window), and types a group's items on the laptop — the screen follows within
// 200 ms through a BroadcastChannel; a phone (another browser, network cut) joins by the
// session's text code, answers for its group and hands over a text code; the facilitator takes
// it — the screen shows it —, and taking it again changes nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { audit, launch, launchWithCamera, parseCsv, readable, unmark } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** The rows of the seminar CSV a button downloads, as a person reads them (marks removed). */
async function seminarCsv(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const text = (await readFile(await download.path())).toString('utf8').replace(/^\ufeff/, '');
  return parseCsv(text, ';').filter((r) => r.length > 1).map((r) => r.map(unmark));
}

test('a session: laptop entry live on the presenter screen, a phone with no network hands over its group’s answers', async () => {
  const laptop = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await laptop.newPage();
  await page.goto(`${env.server.url}/`);
  await page.getByRole('link', { name: 'Семинар' }).click();
  await page.waitForURL(`${env.server.url}/workshop.html`);
  await page.getByRole('heading', { name: 'Новый семинар' }).waitFor();

  // A session with too few groups is refused, with the reason.
  await page.getByLabel('Название').fill('Семинар руководителей ОО');
  await page.getByLabel('Группы, по одной в строке').fill('Одна группа');
  await page.getByRole('button', { name: 'Начать семинар' }).click();
  await page.getByRole('alert').filter({ hasText: 'Нужны хотя бы две группы' }).waitFor();

  await page.getByLabel('Группы, по одной в строке').fill('Группа А\nГруппа Б\nГруппа В');
  await page.getByLabel('Текст вопроса 1').fill('Какие проблемы мешают повышению результатов?');
  await page.getByRole('button', { name: 'Добавить вопрос' }).click();
  await page.getByLabel('Текст вопроса 2').fill('Насколько полезен семинар?');
  await page.getByLabel('Вид 2').selectOption({ label: 'Оценка 1–5' });
  await page.getByRole('button', { name: 'Начать семинар' }).click();
  await page.getByRole('heading', { level: 2, name: 'Какие проблемы мешают повышению результатов?' }).waitFor();
  await audit(page, 'workshop facilitator');

  // The presenter screen: a second window.
  const [screen] = await Promise.all([
    laptop.waitForEvent('page'),
    page.getByRole('button', { name: 'Экран для проектора' }).click(),
  ]);
  await screen.setViewportSize({ width: 1280, height: 720 });
  await screen.getByRole('heading', { level: 1, name: 'Какие проблемы мешают повышению результатов?' }).waitFor();

  // Fast entry: Enter adds an item; the screen follows.
  const entry = page.getByLabel('Новый пункт: Группа А');
  const latencies = [];
  for (const item of ['Нехватка учителей математики', 'Низкая мотивация учащихся', 'Нехватка времени у учителей']) {
    await entry.fill(item);
    const sent = await page.evaluate(() => performance.timeOrigin + performance.now());
    await entry.press('Enter');
    await screen.getByRole('listitem').filter({ hasText: item }).waitFor();
    const seen = await screen.evaluate(() => performance.timeOrigin + performance.now());
    latencies.push(seen - sent);
  }
  assert.equal(await entry.inputValue(), '', 'the field is empty for the next item');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'text', 'focus stays in the field');
  console.log(`# presenter update latency, ms: ${latencies.map((l) => l.toFixed(0)).join(', ')}`);
  assert.ok(Math.max(...latencies) < 1000, `the screen followed (${latencies})`);
  assert.deepEqual(
    (await screen.getByRole('heading', { level: 2 }).allTextContents()).map(readable),
    ['Группа А (3)', 'Группа Б (0)', 'Группа В (0)'],
  );
  // The word cloud: «нехватка» and «учителей» twice.
  const cloud = readable(await screen.getByLabel('Частые слова').textContent());
  assert.match(cloud, /^нехватка учителей /);
  // Readable at 1280×720: nothing wider than the window.
  assert.ok(await screen.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));
  await audit(screen, 'workshop presenter screen');

  // The session's text code for phones.
  await page.getByRole('button', { name: 'Код семинара для телефонов' }).click();
  await page.getByRole('img', { name: /^QR-код 1 из \d+$/ }).waitFor();
  const sessionCode = await page.getByLabel('Текстовый код семинара').inputValue();
  assert.match(sessionCode, /^OT1S-/);

  // A phone: the app cached, the network cut.
  const phoneContext = await env.browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 800 }, acceptDownloads: true });
  const phone = await phoneContext.newPage();
  await phone.goto(`${env.server.url}/`);
  await phone.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await phone.goto(`${env.server.url}/workshop.html#join`);
  await phone.getByRole('heading', { name: 'Присоединиться к семинару' }).waitFor();
  await phoneContext.setOffline(true);
  await phone.reload();
  await phone.getByLabel('Код семинара').fill(sessionCode);
  await phone.getByRole('button', { name: 'Присоединиться' }).click();
  await phone.getByLabel('Ваша группа').selectOption({ label: 'Группа Б' });
  const phoneEntry = phone.getByLabel('Новый пункт');
  for (const item of ['Нет методиста', 'Устаревшее оборудование']) {
    await phoneEntry.fill(item);
    await phoneEntry.press('Enter');
    await phone.getByRole('listitem').filter({ hasText: item }).waitFor();
  }
  await phone.getByLabel('Оценка').selectOption('4');
  await phone.getByRole('button', { name: 'Передать' }).click();
  await phone.getByRole('img', { name: /^QR-код 1 из \d+$/ }).waitFor();
  await audit(phone, 'workshop phone');
  const answersCode = await phone.getByLabel('Текстовый код ответов').inputValue();
  assert.match(answersCode, /^OT1C-/);

  // The facilitator takes it: the screen shows group Б's items.
  await page.getByLabel('Текстовый код ответов').fill(answersCode);
  await page.getByRole('button', { name: 'Принять', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Приняты ответы группы «Группа Б».' }).waitFor();
  await screen.getByRole('heading', { level: 2, name: 'Группа Б (2)' }).waitFor();
  // The file fallback: the phone's «Скачать файл ответов», picked on the laptop — the same
  // answers, so nothing changes.
  const [answersFile] = await Promise.all([
    phone.waitForEvent('download'),
    phone.getByRole('button', { name: 'Скачать файл ответов' }).click(),
  ]);
  assert.equal(answersFile.suggestedFilename(), 'otvety-gruppy.txt');
  await page.getByLabel('или файл ответов').setInputFiles(await answersFile.path());
  await page.getByRole('status').filter({ hasText: 'Эти ответы уже приняты: ничего не изменилось.' }).waitFor();
  await screen.getByRole('heading', { level: 2, name: 'Группа Б (2)' }).waitFor();
  // A damaged code is refused with the chunk named.
  await page.getByLabel('Текстовый код ответов').fill(answersCode.replace(/.$/, (c) => (c === '0' ? '1' : '0')));
  await page.getByRole('button', { name: 'Принять', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /Код не принят: код \d+ повреждён: считайте или скопируйте его ещё раз\./ }).waitFor();
  // The same code again: nothing changes.
  await page.getByLabel('Текстовый код ответов').fill(answersCode);
  await page.getByRole('button', { name: 'Принять', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Эти ответы уже приняты: ничего не изменилось.' }).waitFor();
  await screen.getByRole('heading', { level: 2, name: 'Группа Б (2)' }).waitFor();

  // The rating question: the phone's 4, on the laptop and the screen.
  await page.getByRole('button', { name: '2. Насколько полезен семинар?' }).click();
  await page.getByRole('status').filter({ hasText: 'Оценок: 1; средняя 4,0' }).waitFor();
  await screen.getByText('Оценок: 1; средняя 4,0').waitFor();

  // Reloaded, the facilitator's session is all there.
  await page.reload();
  await page.getByRole('button', { name: '1. Какие проблемы мешают повышению результатов?' }).click();
  assert.equal(await page.getByRole('group', { name: 'Группа Б' }).getByRole('listitem').count(), 2);

  // Group В's phone hands over several codes; the laptop's camera reads them (a video made from
  // the phone's own codes, played as Chromium's camera) and merges them; the video loops, so
  // the same codes are read again — and change nothing.
  await phoneContext.setOffline(false);
  await phone.getByLabel('Ваша группа').selectOption({ label: 'Группа В' });
  const WORDS = ['открытые', 'уроки', 'наставник', 'методист', 'математика', 'родители', 'ВПР', 'кружок', 'график', 'педсовет', 'анализ', 'олимпиада', 'консультации', 'оборудование', 'интернет', 'мотивация'];
  let seed = 7;
  const word = () => WORDS[(seed = (seed * 1103515245 + 12345) % 2147483648) % WORDS.length];
  for (let n = 1; n <= 30; n++) {
    await phoneEntry.fill(`${n}. ${Array.from({ length: 8 }, word).join(' ')}`);
    await phoneEntry.press('Enter');
  }
  await phone.getByRole('button', { name: 'Передать' }).click();
  const codeB = await phone.getByLabel('Текстовый код ответов').inputValue();
  const codes = codeB.split('\n').length;
  assert.ok(codes >= 2, `several codes (${codes})`);
  const dir = mkdtempSync(join(tmpdir(), 'otsenka-camera-'));
  writeFileSync(join(dir, 'code.txt'), codeB);
  execFileSync('cargo', ['run', '-q', '-p', 'otsenka-workshop', '--example', 'qr_video', '--', join(dir, 'code.txt'), join(dir, 'camera.y4m'), '6'], { stdio: 'inherit' });
  const state = await laptop.storageState();
  const cameraBrowser = await launchWithCamera(join(dir, 'camera.y4m'));
  try {
    const cameraContext = await cameraBrowser.newContext({ locale: 'ru-RU', storageState: state });
    const laptop2 = await cameraContext.newPage();
    await laptop2.goto(`${env.server.url}/workshop.html`);
    await laptop2.getByRole('button', { name: 'Сканировать камерой' }).click();
    await laptop2.getByRole('status').filter({ hasText: 'Приняты ответы группы «Группа В».' }).waitFor({ timeout: 60000 });
    assert.equal(await laptop2.getByRole('group', { name: 'Группа В' }).getByRole('listitem').count(), 30);
    // The video goes round again: the same answers, taken once — and what the facilitator was
    // told stays on screen, not replaced a frame later by «already taken».
    const status = laptop2.getByRole('status').filter({ hasText: 'Приняты ответы группы «Группа В».' });
    await laptop2.waitForFunction(
      () => Number(document.querySelector('[data-camera-reads]')?.dataset.cameraReads) >= 2,
      null,
      { timeout: 60000 },
    );
    assert.equal(await status.count(), 1, 'the hand-over’s result stays while the camera reads the same codes');
    assert.equal(await laptop2.getByText('Эти ответы уже приняты').count(), 0);
    assert.equal(await laptop2.getByRole('group', { name: 'Группа В' }).getByRole('listitem').count(), 30);
    const ms = await laptop2.locator('[data-decode-ms]').getAttribute('data-decode-ms');
    console.log(`# QR decode per 640×480 frame, ms (mean): ${ms}`);
    await laptop2.getByRole('button', { name: 'Остановить камеру' }).click();
    await cameraContext.close();
  } finally {
    await cameraBrowser.close();
  }

  // Another phone joins by scanning the session's QR codes with its camera.
  writeFileSync(join(dir, 'session.txt'), sessionCode);
  execFileSync('cargo', ['run', '-q', '-p', 'otsenka-workshop', '--example', 'qr_video', '--', join(dir, 'session.txt'), join(dir, 'session.y4m'), '6'], { stdio: 'inherit' });
  const phoneCamera = await launchWithCamera(join(dir, 'session.y4m'));
  try {
    const scanning = await (await phoneCamera.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 800 } })).newPage();
    await scanning.goto(`${env.server.url}/workshop.html#join`);
    await scanning.getByRole('button', { name: 'Сканировать камерой' }).click();
    await scanning.getByRole('heading', { level: 2, name: 'Семинар руководителей ОО' }).waitFor({ timeout: 60000 });
    await scanning.getByLabel('Ваша группа').selectOption({ label: 'Группа А' });
    await scanning.getByLabel('Новый пункт').waitFor();
  } finally {
    await phoneCamera.close();
  }

  // The protocol: who chaired, the minutes, who was present, a decision on question 1.
  await page.getByLabel('Председатель').fill('Иванова И. И., начальник отдела образования');
  await page.getByLabel('Секретарь').fill('Петров П. П.');
  await page.getByLabel('Присутствовали').fill('Руководители ОО, 24 человека');
  await page.getByRole('button', { name: 'Добавить решение' }).click();
  await page.getByLabel('По вопросу, решение 1').selectOption({ label: '1. Какие проблемы мешают повышению результатов?' });
  await page.getByLabel('Что решили, решение 1').fill('Организовать наставничество для учителей математики');
  await page.getByLabel('Ответственный, решение 1').fill('Руководители ОО');
  await page.getByLabel('Срок (дата или «постоянно»), решение 1').fill('2027-03-01');
  await page.getByRole('button', { name: 'Добавить решение' }).click();
  await page.getByLabel('Что решили, решение 2').fill('Итоги семинара разместить на сайте');
  await audit(page, 'workshop protocol editor');

  // CSV: a row per group × question × item.
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV (Excel)' }).click(),
  ]);
  const csvText = (await readFile(await csvDownload.path())).toString('utf8').replace(/^\ufeff/, '');
  // As the CSV contract writes for Excel: a cell Excel would turn into a number is marked with
  // one apostrophe (the rating «4» of a text column); a reader removes it.
  const csvRows = parseCsv(csvText, ';').filter((r) => r.length > 1).map((r) => r.map(unmark));
  assert.ok(csvText.includes("\"'4\""), 'the rating is marked as text');
  assert.deepEqual(csvRows[0], ['Группа', 'Вопрос', 'Пункт', 'Голоса']);
  assert.deepEqual(
    csvRows.slice(1).map((r) => [r[0], r[2]]),
    [
      ['Группа А', 'Нехватка учителей математики'],
      ['Группа А', 'Низкая мотивация учащихся'],
      ['Группа А', 'Нехватка времени у учителей'],
      ['Группа Б', 'Нет методиста'],
      ['Группа Б', 'Устаревшее оборудование'],
      ['Группа Б', '4'],
    ],
  );

  // The printable protocol, as a PDF.
  const [minutes] = await Promise.all([
    laptop.waitForEvent('page'),
    page.getByRole('button', { name: 'Протокол для печати' }).click(),
  ]);
  await minutes.getByRole('heading', { level: 1, name: 'ПРОТОКОЛ' }).waitFor();
  await audit(minutes, 'workshop protocol');
  const pdfFile = join(dir, 'protocol.pdf');
  writeFileSync(pdfFile, await minutes.pdf({ format: 'A4' }));
  const pdfText = readable(execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' }));
  for (const expected of [
    'ПРОТОКОЛ',
    'Семинар руководителей ОО',
    'Председатель Иванова И. И., начальник отдела образования',
    'Секретарь Петров П. П.',
    'Присутствовали Руководители ОО, 24 человека',
    'ВЫСТУПИЛИ: участники семинара (3 минигруппы):',
    'Группа А: Нехватка учителей математики; Низкая мотивация учащихся; Нехватка времени у учителей',
    'Группа Б: 4',
    'РЕШИЛИ:',
    'Организовать наставничество для учителей математики. Ответственный: Руководители ОО. Срок: 01.03.2027',
    'Общие решения',
    'Итоги семинара разместить на сайте',
  ]) {
    assert.ok(pdfText.includes(expected), `the protocol has «${expected}»: ${pdfText}`);
  }
  assert.ok(!pdfText.includes('Печать'), 'no buttons on paper');
  await minutes.close();

  // The protocol's decisions go into the register as a meeting's record, once however often.
  for (let i = 0; i < 2; i++) {
    await page.getByRole('button', { name: 'Внести решения в реестр' }).click();
    await page.getByText('Решения внесены в реестр: 2 решения.').waitFor();
  }
  const register = await laptop.newPage();
  await register.goto(`${env.server.url}/report.html?register`);
  const decided = register.getByRole('table', { name: 'Реестр решений' });
  await decided.locator('tbody tr').first().waitFor();
  const decidedRows = [];
  for (const row of await decided.locator('tbody tr').all()) decidedRows.push((await row.locator('td').allTextContents()).map(readable));
  assert.deepEqual(
    decidedRows.map((r) => [r[0], r[2], r[4], r[5], r[7], r[8]]),
    [
      ['1.1', 'Какие проблемы мешают повышению результатов?', 'Организовать наставничество для учителей математики', 'Руководители ОО', '01.03.2027', 'на контроле'],
      ['3.1', 'Общие решения', 'Итоги семинара разместить на сайте', '', '', 'на контроле'],
    ],
  );
  assert.match(decidedRows[0][1], /^Семинар руководителей ОО, \d\d\.\d\d\.\d{4}$/);
  await register.close();

  // Ending the session archives it: the form for a new one, and the ended session below it with
  // its protocol and its CSV — nothing is deleted until the facilitator removes it.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Завершить семинар' }).click();
  await page.getByRole('heading', { name: 'Новый семинар' }).waitFor();
  const archive = page.getByRole('region', { name: 'Завершённые семинары' });
  const ended = archive.getByRole('listitem');
  assert.equal(await ended.count(), 1);
  assert.match(readable(await ended.textContent()), /^Семинар руководителей ОО · \d\d\.\d\d\.\d{4} — 3 группы, 5 пунктов /);
  await page.reload();
  await archive.getByRole('listitem').first().waitFor();
  await audit(page, 'workshop: the ended sessions');
  const keptRows = await seminarCsv(page, archive.getByRole('button', { name: /^Скачать CSV \(Excel\): Семинар руководителей ОО/ }));
  assert.deepEqual(keptRows, csvRows, 'the archived session exports the same CSV');
  const [again] = await Promise.all([
    laptop.waitForEvent('page'),
    archive.getByRole('button', { name: /^Протокол для печати: Семинар руководителей ОО/ }).click(),
  ]);
  await again.getByRole('heading', { level: 1, name: 'ПРОТОКОЛ' }).waitFor();
  const againText = readable(await again.locator('main').textContent());
  assert.ok(againText.includes('Организовать наставничество для учителей математики'), againText);
  assert.ok(againText.includes('Нехватка учителей математики'), againText);
  await again.close();
  // Removing it asks first; declined, it stays; accepted, it is gone.
  page.once('dialog', (d) => d.dismiss());
  await archive.getByRole('button', { name: /^Удалить из архива: / }).click();
  assert.equal(await archive.getByRole('listitem').count(), 1);
  page.once('dialog', (d) => d.accept());
  await archive.getByRole('button', { name: /^Удалить из архива: / }).click();
  await archive.waitFor({ state: 'detached' });
  await phoneContext.close();
  await laptop.close();
});

test('a consolidated list: the same wording once, alike items merged, wording edited, then dot-voting on it', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/workshop.html`);
  await page.getByLabel('Название').fill('Педсовет');
  await page.getByLabel('Группы, по одной в строке').fill('Группа А\nГруппа Б\nГруппа В');
  await page.getByLabel('Текст вопроса 1').fill('Проблемы');
  await page.getByRole('button', { name: 'Начать семинар' }).click();
  const add = async (group, item) => {
    await page.getByLabel(`Новый пункт: ${group}`).fill(item);
    await page.getByLabel(`Новый пункт: ${group}`).press('Enter');
    await page.getByRole('group', { name: group }).getByRole('listitem').filter({ hasText: item }).waitFor();
  };
  await add('Группа А', 'Нехватка учителей математики');
  await add('Группа А', 'Нет интернета');
  await add('Группа Б', 'нехватка учителей  математики!');
  await add('Группа Б', 'Нет методиста');
  await add('Группа В', 'Нехватка учителя математики');

  await page.getByRole('button', { name: 'Собрать сводный список' }).click();
  const entries = page.locator('ol.entries > li');
  await entries.first().waitFor();
  const wording = async () => Promise.all((await entries.all()).map((e) => e.getByRole('textbox').inputValue()));
  assert.deepEqual(await wording(), ['Нехватка учителей математики', 'Нет интернета', 'Нет методиста', 'Нехватка учителя математики']);
  assert.match(readable(await entries.first().textContent()), /от групп: Группа А, Группа Б \(2\)/);
  // «Нехватка учителя математики» looks like the first entry; «нет интернета» and «нет методиста» do not.
  const alike = (await page.locator('ul.alike > li').allTextContents()).map(readable);
  assert.ok(alike.some((a) => a.startsWith('Похоже: «Нехватка учителей математики» — «Нехватка учителя математики»')), alike.join(' | '));
  assert.ok(!alike.some((a) => a.includes('«Нет интернета» — «Нет методиста»')), alike.join(' | '));
  await page.getByRole('button', { name: 'Объединить «Нехватка учителя математики» с «Нехватка учителей математики»' }).click();
  assert.deepEqual(await wording(), ['Нехватка учителей математики', 'Нет интернета', 'Нет методиста']);
  assert.match(readable(await entries.first().textContent()), /от групп: Группа А, Группа Б, Группа В \(3\)/);
  await page.getByLabel('Формулировка пункта 2').fill('Нет интернета в кабинетах');
  await page.getByLabel('Формулировка пункта 2').press('Tab');
  await audit(page, 'workshop consolidated list');

  // Kept on reload.
  await page.reload();
  await page.getByRole('button', { name: '1. Проблемы' }).click();
  assert.deepEqual(await wording(), ['Нехватка учителей математики', 'Нет интернета в кабинетах', 'Нет методиста']);

  // Dot-voting on the list: a new question whose options are the entries.
  await page.getByRole('button', { name: 'Голосование по сводному списку' }).click();
  await page.getByRole('heading', { level: 2, name: 'Голосование: Проблемы' }).waitFor();
  const groupA = page.getByRole('group', { name: 'Группа А' });
  await groupA.getByRole('checkbox', { name: 'Нехватка учителей математики' }).check();
  await groupA.getByRole('checkbox', { name: 'Нет интернета в кабинетах' }).check();
  await page.getByRole('group', { name: 'Группа Б' }).getByRole('checkbox', { name: 'Нехватка учителей математики' }).check();
  await page.getByRole('status').filter({ hasText: 'Нехватка учителей математики: 2; Нет интернета в кабинетах: 1; Нет методиста: 0' }).waitFor();

  // The CSV gives the list items their votes.
  await page.getByRole('button', { name: '1. Проблемы' }).click();
  const rows = await seminarCsv(page, page.getByRole('button', { name: 'Скачать CSV (Excel)' }));
  assert.deepEqual(rows.find((r) => r[0] === 'Группа А' && r[1] === 'Проблемы' && r[2] === 'Нехватка учителей математики'), ['Группа А', 'Проблемы', 'Нехватка учителей математики', '2']);
  assert.deepEqual(rows.find((r) => r[0] === 'Группа А' && r[1] === 'Голосование: Проблемы' && r[2] === 'Нет интернета в кабинетах'), ['Группа А', 'Голосование: Проблемы', 'Нет интернета в кабинетах', '1']);
  await context.close();
});

test('a session from the «Работа в группах» template: its lists become the questions', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/workshop.html`);
  await page.getByRole('button', { name: 'Вопросы из шаблона «Работа в группах»' }).click();
  await page.getByLabel('Текст вопроса 6').waitFor();
  const texts = [];
  for (let n = 1; n <= 6; n++) texts.push(await page.getByLabel(`Текст вопроса ${n}`).inputValue());
  assert.deepEqual(texts, [
    'Трудовые функции руководителя',
    'Компетенции руководителя',
    'Критерии эффективности руководителя',
    'Направление, над которым работает группа',
    'Дефициты и предложения по направлению',
    'Главные выводы группы',
  ]);
  // The direction's sheet: a choice of МСОКО's directions, and a list with the four columns
  // of the meeting's item 3.
  assert.equal(await page.getByLabel('Вид 4').locator('option:checked').textContent(), 'Один вариант');
  assert.match(await page.getByLabel('Варианты, по одному в строке 4').inputValue(), /^1\.1 Система оценки качества подготовки обучающихся\n/);
  assert.equal(
    await page.getByLabel('Столбцы пункта, по одному в строке (пусто — пункт одной строкой) 5').inputValue(),
    'Дефицит\nПредложение к действиям\nПоказатель результативности\nОтветственный',
  );
  assert.equal(await page.getByLabel('Название').inputValue(), 'Работа в группах');
  // Every column of a template's table comes along: «Как измерить» and «Комментарий» too.
  assert.equal(
    await page.getByLabel('Столбцы пункта, по одному в строке (пусто — пункт одной строкой) 3').inputValue(),
    'Формулировка\nКак измерить (показатель)\nКомментарий',
  );
  await page.getByLabel('Группы, по одной в строке').fill('Группа А\nГруппа Б');
  await page.getByRole('button', { name: 'Начать семинар' }).click();
  await page.getByRole('button', { name: '6. Главные выводы группы' }).waitFor();

  // An item of question 3 is made of its three cells; Enter in any of them adds it.
  await page.getByRole('button', { name: '3. Критерии эффективности руководителя' }).click();
  const entry = page.getByRole('group', { name: 'Новый пункт: Группа А' });
  await entry.getByLabel('Формулировка', { exact: true }).fill('Результаты ВПР не ниже региональных');
  await entry.getByLabel('Как измерить (показатель)', { exact: true }).fill('доля работ на «4» и «5», %');
  await entry.getByLabel('Комментарий', { exact: true }).fill('по данным ФИС ОКО');
  await entry.getByLabel('Комментарий', { exact: true }).press('Enter');
  const line = 'Результаты ВПР не ниже региональных (Как измерить (показатель): доля работ на «4» и «5», %; Комментарий: по данным ФИС ОКО)';
  await page.getByRole('listitem').filter({ hasText: line }).first().waitFor();
  assert.equal(await entry.getByLabel('Формулировка', { exact: true }).inputValue(), '', 'the cells are empty for the next item');
  // Only a wording is needed; empty cells are left out of the line.
  await entry.getByLabel('Формулировка', { exact: true }).fill('Нет жалоб родителей');
  await entry.getByRole('button', { name: 'Добавить пункт' }).click();
  await page.getByRole('listitem').filter({ hasText: /^Нет жалоб родителей\s*(Убрать)?$/ }).first().waitFor();

  // The CSV and the protocol carry every column.
  const rows = await seminarCsv(page, page.getByRole('button', { name: 'Скачать CSV (Excel)' }));
  assert.deepEqual(
    rows.slice(1).map((r) => [r[0], r[1], r[2]]),
    [
      ['Группа А', 'Критерии эффективности руководителя', line],
      ['Группа А', 'Критерии эффективности руководителя', 'Нет жалоб родителей'],
    ],
  );
  assert.ok(!rows.flat().some((c) => c.includes('\u001f')), 'no cell separator reaches a file');
  await context.close();
});

test('a code that would replace answers taken before lists what changes and waits for «Применить»', async () => {
  const laptop = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await laptop.newPage();
  await page.goto(`${env.server.url}/workshop.html`);
  await page.getByLabel('Название').fill('Педсовет');
  await page.getByLabel('Группы, по одной в строке').fill('Группа А\nГруппа Б');
  await page.getByLabel('Текст вопроса 1').fill('Проблемы');
  await page.getByRole('button', { name: 'Добавить вопрос' }).click();
  await page.getByLabel('Текст вопроса 2').fill('Польза');
  await page.getByLabel('Вид 2').selectOption({ label: 'Оценка 1–5' });
  await page.getByRole('button', { name: 'Начать семинар' }).click();
  await page.getByRole('button', { name: 'Код семинара для телефонов' }).click();
  const sessionCode = await page.getByLabel('Текстовый код семинара').inputValue();

  const phoneContext = await env.browser.newContext({ locale: 'ru-RU', viewport: { width: 390, height: 800 } });
  const phone = await phoneContext.newPage();
  await phone.goto(`${env.server.url}/workshop.html#join`);
  await phone.getByLabel('Код семинара').fill(sessionCode);
  await phone.getByRole('button', { name: 'Присоединиться' }).click();
  await phone.getByLabel('Ваша группа').selectOption({ label: 'Группа А' });
  const addOnPhone = async (p, item) => {
    await p.getByLabel('Новый пункт').fill(item);
    await p.getByLabel('Новый пункт').press('Enter');
    await p.getByRole('listitem').filter({ hasText: item }).waitFor();
  };
  const handOver = async (p) => {
    await p.getByRole('button', { name: 'Передать' }).click();
    return p.getByLabel('Текстовый код ответов').inputValue();
  };
  const take = async (code, said) => {
    await page.getByLabel('Текстовый код ответов').fill(code);
    await page.getByRole('button', { name: 'Принять', exact: true }).click();
    await page.getByRole('status').filter({ hasText: said }).waitFor();
  };
  const groupA = page.getByRole('group', { name: 'Группа А', exact: true }).getByRole('listitem');
  // Each item with its «Убрать» after it.
  const items = async () => (await groupA.allTextContents()).map((t) => readable(t).replace(/\s*Убрать$/, ''));

  await addOnPhone(phone, 'Нет методиста');
  await addOnPhone(phone, 'Устаревшее оборудование');
  await phone.getByLabel('Оценка').selectOption('4');
  await take(await handOver(phone), 'Приняты ответы группы «Группа А».');
  // Only an addition: taken at once, as before.
  await addOnPhone(phone, 'Нет интернета');
  await take(await handOver(phone), 'Ответы обновлены: новая версия группы «Группа А».');
  assert.deepEqual(await items(), ['Нет методиста', 'Устаревшее оборудование', 'Нет интернета']);

  // The phone changes its rating: its code would replace the 4 — shown, not applied.
  await phone.getByLabel('Оценка').selectOption('5');
  const changed = await handOver(phone);
  await take(changed, 'Этот код заменит ранее принятые ответы группы «Группа А»');
  const confirm = page.getByRole('group', { name: 'Заменить ответы группы «Группа А»' });
  await confirm.waitFor();
  const shown = readable(await confirm.textContent());
  assert.match(shown, /Будет заменено: 1\s*4/, shown);
  assert.match(shown, /Будет добавлено: 1\s*5/, shown);
  await audit(page, 'workshop replacement to confirm');
  await page.getByRole('button', { name: '2. Польза' }).click();
  await page.getByRole('status').filter({ hasText: 'Оценок: 1; средняя 4,0' }).waitFor();
  // «Отменить»: nothing changes.
  await confirm.getByRole('button', { name: 'Отменить' }).click();
  await page.getByRole('status').filter({ hasText: 'Код отменён: ничего не изменилось.' }).waitFor();
  assert.equal(await confirm.count(), 0);
  await page.getByRole('status').filter({ hasText: 'Оценок: 1; средняя 4,0' }).waitFor();
  // Again, and «Применить»: applied.
  await take(changed, 'Этот код заменит ранее принятые ответы группы «Группа А»');
  await page.getByRole('status').filter({ hasText: 'Оценок: 1; средняя 4,0' }).waitFor();
  await confirm.getByRole('button', { name: 'Применить' }).click();
  await page.getByRole('status').filter({ hasText: 'Ответы группы «Группа А» заменены.' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Оценок: 1; средняя 5,0' }).waitFor();

  // Another phone with this phone's device id (its storage copied) joins afresh and hands over
  // other items: its code would erase the three — listed, and nothing changes until confirmed.
  const copyContext = await env.browser.newContext({
    locale: 'ru-RU',
    viewport: { width: 390, height: 800 },
    storageState: await phoneContext.storageState(),
  });
  const copy = await copyContext.newPage();
  await copy.goto(`${env.server.url}/workshop.html#join`);
  await copy.getByLabel('Ваша группа').waitFor();
  await copy.evaluate(() => localStorage.removeItem('otsenka.workshop.joined'));
  await copy.reload();
  await copy.getByLabel('Код семинара').fill(sessionCode);
  await copy.getByRole('button', { name: 'Присоединиться' }).click();
  await copy.getByLabel('Ваша группа').selectOption({ label: 'Группа А' });
  await addOnPhone(copy, 'Реклама');
  await page.getByRole('button', { name: '1. Проблемы' }).click();
  await take(await handOver(copy), 'Этот код заменит ранее принятые ответы группы «Группа А»');
  await confirm.waitFor();
  const erase = readable(await confirm.textContent());
  assert.match(erase, /Будет заменено: 3\s*Нет методиста\s*Устаревшее оборудование\s*Нет интернета/, erase);
  assert.match(erase, /Будет добавлено: 1\s*Реклама/, erase);
  assert.match(erase, /Это более ранняя версия, чем принятая\./, erase);
  assert.deepEqual(await items(), ['Нет методиста', 'Устаревшее оборудование', 'Нет интернета']);
  await confirm.getByRole('button', { name: 'Отменить' }).click();
  assert.deepEqual(await items(), ['Нет методиста', 'Устаревшее оборудование', 'Нет интернета']);
  // And the genuine phone's next code is still taken at once.
  await addOnPhone(phone, 'Нет ставки психолога');
  await take(await handOver(phone), 'Ответы обновлены: новая версия группы «Группа А».');
  assert.deepEqual(await items(), ['Нет методиста', 'Устаревшее оборудование', 'Нет интернета', 'Нет ставки психолога']);
  // The facilitator removes an item; the phone's next code still carries it, and it stays out.
  await page.getByRole('button', { name: 'Убрать пункт «Нет интернета»' }).click();
  assert.deepEqual(await items(), ['Нет методиста', 'Устаревшее оборудование', 'Нет ставки психолога']);
  await addOnPhone(phone, 'Нет кабинета');
  await take(await handOver(phone), 'Ответы обновлены: новая версия группы «Группа А».');
  assert.deepEqual(await items(), ['Нет методиста', 'Устаревшее оборудование', 'Нет ставки психолога', 'Нет кабинета']);
  await page.reload();
  await page.getByRole('button', { name: '1. Проблемы' }).click();
  await take(await handOver(phone), 'Эти ответы уже приняты');
  assert.deepEqual(await items(), ['Нет методиста', 'Устаревшее оборудование', 'Нет ставки психолога', 'Нет кабинета'], 'kept out after a reload too');

  // A file far larger than any answers file is not read at all.
  const dir = mkdtempSync(join(tmpdir(), 'otsenka-big-'));
  const big = join(dir, 'big.txt');
  writeFileSync(big, 'OT1C-'.padEnd(9 << 20, 'A'));
  await page.getByLabel('или файл ответов').setInputFiles(big);
  await page.getByRole('status').filter({ hasText: 'Файл не принят: это не файл ответов, он больше 8 МБ.' }).waitFor();
  await copyContext.close();
  await phoneContext.close();
  await laptop.close();
});

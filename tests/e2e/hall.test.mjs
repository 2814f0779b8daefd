// The hall server (issue 21): `otsenka hall` built with this dist/ inside, started by the test on
// 127.0.0.1 with a journal of its own. The facilitator opens the address with the secret and
// starts a session; a phone opens the join address, picks a group and types — each item is on
// the presenter screen within a second. With the phone's network off it keeps what was typed
// and sends when the network is back; reloaded it keeps its group and items; the server killed
// with SIGKILL and started again on the same journal loses nothing. An item the facilitator
// removes leaves the phone too and does not come back with the phone's next answers; the phone
// marks the question the facilitator shows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import { CHROMIUM, PHONE, startSession } from './browser.mjs';

const root = resolve(import.meta.dirname, '../..');
const dist = resolve(root, process.env.DIST ?? 'dist');
const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const bin = join(target, 'debug', 'otsenka');
let dir;
let browser;

before(() => {
  // The dev build `cargo xtask hall` runs, with this dist/ built in.
  const built = spawnSync('cargo', ['build', '--quiet', '-p', 'otsenka-cli', '--bin', 'otsenka'], {
    cwd: root,
    env: { ...process.env, OTSENKA_HALL_APP: dist },
    stdio: 'inherit',
  });
  assert.equal(built.status, 0, 'the hall server builds');
  dir = mkdtempSync(join(tmpdir(), 'otsenka-hall-e2e-'));
});
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Starts `otsenka hall` on the journal; resolves with its addresses once it printed them. */
function startHall(port = 0) {
  const child = spawn(bin, ['hall', '--listen', '127.0.0.1', '--port', String(port), '--journal', join(dir, 'hall.sqlite')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((done, failed) => {
    const said = { child };
    child.on('exit', (code) => failed(new Error(`otsenka hall exited (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const join = line.match(/(http:\/\/\S+)\/j\/(\d{4,6})/);
      if (join && !said.join) [said.join, said.base, said.code] = join;
      const facilitator = line.match(/(http:\/\/\S+\/workshop\.html#hall=\S+)/);
      if (facilitator) {
        said.facilitator = facilitator[1];
        said.port = Number(new URL(said.facilitator).port);
        done(said);
      }
    });
  });
}

test('a hall session: phones join by the address, items reach the screen live, nothing is lost offline, on reload or on a kill', async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  let hall = await startHall();
  assert.match(hall.join, /^http:\/\/127\.0\.0\.1:\d+\/j\/\d{6}$/);

  // The facilitator, on the laptop: a session, the presenter screen.
  const laptop = await browser.newContext({ locale: 'ru-RU' });
  const page = await laptop.newPage();
  await page.goto(hall.facilitator);
  await startSession(page, 'Семинар в зале', ['Группа А', 'Группа Б'], ['Какие проблемы мешают?', 'Что поможет?']);
  const door = page.getByRole('region', { name: 'Вход для телефонов в зале' });
  await door.getByText(hall.join).waitFor();
  assert.equal(await door.locator('.hall-code').textContent(), hall.code);
  await door.getByRole('img', { name: 'QR-код входа в семинар' }).waitFor();
  const [screen] = await Promise.all([laptop.waitForEvent('page'), page.getByRole('button', { name: 'Экран для проектора' }).click()]);
  await screen.getByRole('heading', { level: 1, name: 'Какие проблемы мешают?' }).waitFor();

  // A phone opens the join address and answers: each item on the screen within a second.
  const phoneContext = await browser.newContext(PHONE);
  const phone = await phoneContext.newPage();
  await phone.goto(hall.join);
  await phone.getByRole('heading', { level: 2, name: 'Семинар в зале' }).waitFor();
  await phone.getByLabel('Ваша группа').selectOption({ label: 'Группа Б' });
  const first = (p) => p.getByRole('group', { name: /^1\. Какие проблемы мешают\?/ });
  const entry = first(phone).getByLabel('Новый пункт');
  for (const item of ['Нет методиста', 'Устаревшее оборудование']) {
    await entry.fill(item);
    const typed = Date.now();
    await entry.press('Enter');
    await screen.getByText(item).waitFor({ timeout: 5000 });
    const waited = Date.now() - typed;
    assert.ok(waited < 1000, `«${item}» reached the screen in ${waited} ms`);
  }
  await phone.getByText('Ответы у ведущего.').waitFor();
  await screen.getByRole('heading', { level: 2, name: 'Группа Б (2)' }).waitFor();

  // Another phone types the short address and the code.
  const second = await (await browser.newContext(PHONE)).newPage();
  await second.goto(hall.base);
  await second.getByLabel('Код семинара').fill(hall.code);
  await second.getByRole('button', { name: 'Присоединиться' }).click();
  await second.getByRole('heading', { level: 2, name: 'Семинар в зале' }).waitFor();
  await second.getByLabel('Ваша группа').selectOption({ label: 'Группа А' });
  await first(second).getByLabel('Новый пункт').fill('Мало времени на подготовку');
  await first(second).getByLabel('Новый пункт').press('Enter');
  await screen.getByText('Мало времени на подготовку').waitFor({ timeout: 5000 });
  await screen.getByRole('heading', { level: 2, name: 'Группа А (1)' }).waitFor();

  // No network: kept on the phone, sent when it is back.
  await phoneContext.setOffline(true);
  await entry.fill('Нет интернета в кабинетах');
  await entry.press('Enter');
  await phone.getByText(/Нет связи с ноутбуком ведущего: ответы сохранены на телефоне/).waitFor();
  await phoneContext.setOffline(false);
  await screen.getByText('Нет интернета в кабинетах').waitFor({ timeout: 10_000 });
  await screen.getByRole('heading', { level: 2, name: 'Группа Б (3)' }).waitFor();

  // Reloaded, the phone keeps its group and its items.
  await phone.reload();
  await phone.getByRole('heading', { level: 2, name: 'Семинар в зале' }).waitFor();
  assert.equal(await phone.getByLabel('Ваша группа').inputValue(), '1');
  for (const item of ['Нет методиста', 'Устаревшее оборудование', 'Нет интернета в кабинетах']) {
    await phone.getByRole('listitem').filter({ hasText: item }).waitFor();
  }

  // The facilitator removes a phone's item: it leaves the screen and the phone, and the
  // phone's next answers (its whole list) do not bring it back.
  const heldB = page.getByRole('group', { name: 'Группа Б' });
  await heldB.getByRole('button', { name: 'Убрать пункт «Нет методиста»' }).click();
  await screen.getByRole('heading', { level: 2, name: 'Группа Б (2)' }).waitFor();
  await phone.getByRole('listitem').filter({ hasText: 'Нет методиста' }).waitFor({ state: 'detached', timeout: 10_000 });
  await entry.fill('Нужен наставник');
  await entry.press('Enter');
  await screen.getByText('Нужен наставник').waitFor({ timeout: 5000 });
  await screen.getByRole('heading', { level: 2, name: 'Группа Б (3)' }).waitFor();
  assert.equal(await screen.getByText('Нет методиста').count(), 0, 'the removed item stays removed');

  // Killed (SIGKILL) and started again on the same journal and port: the phone and the
  // facilitator's page go on. A second laptop window starting another session is refused while
  // this one runs.
  hall.child.removeAllListeners('exit');
  hall.child.kill('SIGKILL');
  await new Promise((done) => hall.child.once('exit', done));
  hall = await startHall(hall.port);
  await entry.fill('После перезапуска');
  await entry.press('Enter');
  await screen.getByText('После перезапуска').waitFor({ timeout: 15_000 });
  await screen.getByRole('heading', { level: 2, name: 'Группа Б (4)' }).waitFor();
  assert.equal(await screen.getByText('Нет методиста').count(), 0, 'the removal outlives the restart');

  // The facilitator shows the next question: the phone marks it as the one on the screen.
  await page.getByRole('button', { name: '2. Что поможет?' }).click();
  await phone.getByRole('group', { name: '2. Что поможет? — сейчас на экране' }).waitFor({ timeout: 10_000 });
  assert.equal(await phone.getByRole('group', { name: /сейчас на экране/ }).count(), 1);

  const fresh = await browser.newContext({ locale: 'ru-RU' });
  const again = await fresh.newPage();
  await again.goto(hall.facilitator);
  await startSession(again, 'Семинар в зале', ['Группа А', 'Группа Б'], ['Какие проблемы мешают?', 'Что поможет?']);
  // Another session is running on the server: the new window is told so and takes nothing.
  await again.getByText('Идёт другой семинар: сначала закройте его.').waitFor();

  hall.child.removeAllListeners('exit');
  hall.child.kill('SIGKILL');
});

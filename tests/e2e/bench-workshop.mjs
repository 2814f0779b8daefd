// Benchmark (not a test): workshop mode in headless Chromium.
// - Presenter render: a session of 6 groups × 40 items (entered on the laptop as a facilitator
//   does, Enter after each), then the presenter window opened; from its navigation start to the
//   240th item on screen, and the redraw after one more item; CPU as is and throttled 4×.
// - QR decode per camera frame: a phone's 30-item hand-over played as the laptop's camera
//   (a Y4M made by `crates/workshop/examples/qr_video.rs`), the mean decode time the page
//   reports, CPU as is and throttled 4×.
// Run: node tests/e2e/bench-workshop.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, launchWithCamera } from './browser.mjs';

const env = await launch();
const dir = mkdtempSync(join(tmpdir(), 'otsenka-bench-workshop-'));
const rows = [];
try {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/workshop.html`);
  await page.getByLabel('Название').fill('Бенчмарк');
  await page.getByLabel('Группы, по одной в строке').fill([1, 2, 3, 4, 5, 6].map((g) => `Группа ${g}`).join('\n'));
  await page.getByLabel('Текст вопроса 1').fill('Проблемы');
  await page.getByRole('button', { name: 'Начать семинар' }).click();
  for (let g = 1; g <= 6; g++) {
    const entry = page.getByLabel(`Новый пункт: Группа ${g}`);
    for (let i = 1; i <= 40; i++) {
      await entry.fill(`Пункт ${i} группы ${g}: нехватка учителей, мотивация, оборудование`);
      await entry.press('Enter');
    }
  }
  for (const rate of [1, 4]) {
    const [screen] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('button', { name: 'Экран для проектора' }).click(),
    ]);
    const cdp = await context.newCDPSession(screen);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    await screen.reload();
    await screen.locator('li').nth(239).waitFor();
    const load = await screen.evaluate(() => performance.now());
    const entry = page.getByLabel('Новый пункт: Группа 1');
    await entry.fill(`Ещё один пункт ${rate}`);
    const sent = await page.evaluate(() => performance.timeOrigin + performance.now());
    await entry.press('Enter');
    await screen.getByText(`Ещё один пункт ${rate}`).waitFor();
    const seen = await screen.evaluate(() => performance.timeOrigin + performance.now());
    rows.push([`presenter, 6 groups × 40 items, CPU ÷${rate}`, `first render ${load.toFixed(0)} ms`, `update ${(seen - sent).toFixed(0)} ms`]);
    console.log(['BENCH', 'workshop', `presenter window, 6 groups × 40 items, drawn, CPU ÷${rate}`, load.toFixed(0), 'ms', ''].join('\t'));
    console.log(['BENCH', 'workshop', `presenter update after one more item, CPU ÷${rate}`, (seen - sent).toFixed(0), 'ms', 200].join('\t'));
    await screen.close();
  }

  // A phone's hand-over as the camera's video.
  const phone = await (await env.browser.newContext({ locale: 'ru-RU' })).newPage();
  await page.getByRole('button', { name: 'Код семинара для телефонов' }).click();
  const sessionCode = await page.getByLabel('Текстовый код семинара').inputValue();
  await phone.goto(`${env.server.url}/workshop.html#join`);
  await phone.getByLabel('Код семинара').fill(sessionCode);
  await phone.getByRole('button', { name: 'Присоединиться' }).click();
  await phone.getByLabel('Ваша группа').selectOption({ label: 'Группа 2' });
  for (let i = 1; i <= 30; i++) {
    await phone.getByLabel('Новый пункт').fill(`${i}. Наставничество, открытые уроки, ВПР, методист ${i * 7}`);
    await phone.getByLabel('Новый пункт').press('Enter');
  }
  await phone.getByRole('button', { name: 'Передать' }).click();
  const answers = await phone.getByLabel('Текстовый код ответов').inputValue();
  writeFileSync(join(dir, 'code.txt'), answers);
  execFileSync('cargo', ['run', '-q', '-p', 'otsenka-workshop', '--example', 'qr_video', '--', join(dir, 'code.txt'), join(dir, 'camera.y4m'), '6']);
  const state = await context.storageState();
  for (const rate of [1, 4]) {
    const camera = await launchWithCamera(join(dir, 'camera.y4m'));
    try {
      const laptop = await (await camera.newContext({ locale: 'ru-RU', storageState: state })).newPage();
      await laptop.goto(`${env.server.url}/workshop.html`);
      const cdp = await laptop.context().newCDPSession(laptop);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const started = Date.now();
      await laptop.getByRole('button', { name: 'Сканировать камерой' }).click();
      await laptop.getByRole('status').filter({ hasText: /Приняты ответы группы|уже приняты/ }).waitFor({ timeout: 120000 });
      const took = Date.now() - started;
      const ms = await laptop.locator('[data-decode-ms]').getAttribute('data-decode-ms');
      console.log(['BENCH', 'workshop', `QR decode per 640×480 camera frame, CPU ÷${rate}`, ms, 'ms', ''].join('\t'));
      console.log(['BENCH', 'workshop', `${answers.split('\n').length}-code hand-over read by the camera, CPU ÷${rate}`, (took / 1000).toFixed(1), 's', ''].join('\t'));
      rows.push([`QR decode, 640×480 frame, CPU ÷${rate}`, `${ms} ms per frame (mean)`, `${answers.split('\n').length} codes read in ${(took / 1000).toFixed(1)} s`]);
    } finally {
      await camera.close();
    }
  }
} finally {
  await env.close();
}
console.log('| measure | figure | |');
console.log('|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

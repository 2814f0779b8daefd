// Phones (issue 9): the school's fill journey and the workshop participant's journey at
// 360×640, by touch. On every view: no horizontal scrolling, and every control a finger uses
// is at least 44×44 CSS px (a radio button or check box counts with its label, which takes
// the tap too; links inside a sentence are exempt, as WCAG 2.5.8 exempts inline targets).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { audit, launch, PHONE, radio, startSession } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});


/** What is wrong with `page` on a phone: horizontal scrolling and small touch targets. */
async function phoneProblems(page) {
  return page.evaluate(() => {
    const problems = [];
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width) {
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > width + 1)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
        .slice(0, 5);
      problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${width} px (${wide.join(', ')})`);
    }
    const name = (e) => (e.getAttribute('aria-label') || e.textContent || e.getAttribute('name') || e.id || '').trim().slice(0, 40);
    const controls = document.querySelectorAll('button, a[href], input, select, textarea, summary');
    for (const control of controls) {
      if (control.closest('[hidden], .sr-only, .skip') || control.type === 'hidden') continue;
      const style = getComputedStyle(control);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if (control.tagName === 'A' && control.closest('p, li') && !control.classList.contains('button') && control.closest('p, li').textContent.trim() !== control.textContent.trim()) continue;
      // A radio button or check box is tapped through its label.
      const target = control.matches('input[type=radio], input[type=checkbox]') ? control.closest('label') ?? control : control;
      const box = target.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.width < 43.5 || box.height < 43.5) {
        problems.push(`${control.tagName.toLowerCase()} «${name(target)}»: ${box.width.toFixed(0)}×${box.height.toFixed(0)} px`);
      }
    }
    return problems;
  });
}

async function expectPhoneReady(page, view) {
  const problems = await phoneProblems(page);
  assert.deepEqual(problems, [], `${view} at 360×640`);
}

test('a school fills МСОКО on a 360×640 phone by touch: nothing scrolls sideways, every target ≥ 44 px', async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).waitFor();
  await expectPhoneReady(page, 'home page');
  await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).tap();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  await radio(page, '1.1.1', 'да').waitFor();
  await expectPhoneReady(page, 'fill page');

  await page.getByLabel(/^Муниципалитет/).fill('Энский муниципальный округ');
  await page.getByLabel(/^ИНН/).fill('7701234564');
  // Answers by tapping the answer's words, as a thumb does.
  for (const [id, answer] of [['1.1.1', 'да'], ['1.1.2', 'частично'], ['1.1.3', 'нет']]) {
    await radio(page, id, answer).tap();
    assert.ok(await radio(page, id, answer).isChecked(), `${id} ${answer}`);
  }
  await page.getByRole('button', { name: /^Следующее направление/ }).tap();
  await page.getByRole('heading', { level: 2, name: /^1\.2 / }).waitFor();
  await radio(page, '1.2.1', 'да').tap();
  await expectPhoneReady(page, 'fill page, second direction, answered');
  // The directions' list is reachable on a phone too (under the questions).
  await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: /^1\.1 / }).tap();
  await page.getByRole('heading', { level: 2, name: /^1\.1 / }).waitFor();
  assert.ok(await radio(page, '1.1.2', 'частично').isChecked());

  await page.getByRole('link', { name: 'К результатам' }).tap();
  await page.waitForURL(/\/results$/);
  await page.getByRole('table').first().waitFor();
  await expectPhoneReady(page, 'results page');
  await audit(page, 'results page on a phone');
  // Reloaded: the answers are kept.
  await page.goBack();
  await radio(page, '1.1.3', 'нет').waitFor();
  assert.ok(await radio(page, '1.1.3', 'нет').isChecked());
  await context.close();
});

test('a workshop participant joins, answers and hands over on a 360×640 phone', async () => {
  const laptop = await (await env.browser.newContext({ locale: 'ru-RU' })).newPage();
  await laptop.goto(`${env.server.url}/workshop.html`);
  await startSession(laptop, 'Семинар', ['Группа 1', 'Группа 2'], ['Что мешает?', ['Насколько полезен семинар?', 'Оценка 1–5']]);
  await laptop.getByRole('button', { name: 'Код семинара для телефонов' }).click();
  const sessionCode = await laptop.getByLabel('Текстовый код семинара').inputValue();

  const context = await env.browser.newContext(PHONE);
  const phone = await context.newPage();
  await phone.goto(`${env.server.url}/workshop.html#join`);
  await phone.getByRole('heading', { name: 'Присоединиться к семинару' }).waitFor();
  await expectPhoneReady(phone, 'join view');
  await phone.getByLabel('Код семинара').fill(sessionCode);
  await phone.getByRole('button', { name: 'Присоединиться' }).tap();
  await phone.getByLabel('Ваша группа').selectOption({ label: 'Группа 2' });
  await expectPhoneReady(phone, 'answering view');
  for (const item of ['Нет методиста в школе и нет времени у учителей на подготовку', 'Устаревшее оборудование']) {
    await phone.getByLabel('Новый пункт').fill(item);
    await phone.getByLabel('Новый пункт').press('Enter');
    await phone.getByRole('listitem').filter({ hasText: item }).waitFor();
  }
  await phone.getByLabel('Оценка').selectOption('5');
  await expectPhoneReady(phone, 'answering view with items');
  await phone.getByRole('button', { name: 'Передать' }).tap();
  await phone.getByRole('img', { name: /^QR-код 1 из \d+$/ }).waitFor();
  await expectPhoneReady(phone, 'hand-over view');
  // The QR code fits the screen whole.
  const qr = await phone.getByRole('img', { name: /^QR-код 1 из \d+$/ }).boundingBox();
  assert.ok(qr.x >= 0 && qr.x + qr.width <= 360, `the code is on screen (${JSON.stringify(qr)})`);
  await audit(phone, 'workshop phone at 360×640');
  // The laptop takes what the phone handed over.
  const answers = await phone.getByLabel('Текстовый код ответов').inputValue();
  await laptop.getByLabel('Текстовый код ответов').fill(answers);
  await laptop.getByRole('button', { name: 'Принять', exact: true }).click();
  await laptop.getByRole('status').filter({ hasText: 'Приняты ответы группы «Группа 2».' }).waitFor();
  await context.close();
  await laptop.context().close();
});

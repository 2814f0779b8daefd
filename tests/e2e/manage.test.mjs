// Undoing a choice, and deleting an assessment from the device (only after confirming).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, startSchoolMsoko } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

test('a chosen answer can be cleared, and stays cleared after a reload', async () => {
  const context = await env.browser.newContext();
  const page = await startSchoolMsoko(context, env.server.url);
  const group = page.getByRole('group', { name: /^1\.1\.2 / });
  const clear = page.getByRole('button', { name: 'Очистить ответ: 1.1.2' });
  assert.equal(await clear.isVisible(), false, 'nothing to clear yet');
  await group.getByRole('radio', { name: 'нет', exact: true }).check();
  await clear.click();
  for (const answer of ['да', 'частично', 'нет']) {
    assert.equal(await group.getByRole('radio', { name: answer, exact: true }).isChecked(), false, answer);
  }
  await page.getByRole('status').getByText('Все изменения сохранены').waitFor();
  await page.reload();
  await page.getByRole('group', { name: /^1\.1\.2 / }).waitFor();
  assert.equal(await page.getByRole('group', { name: /^1\.1\.2 / }).getByRole('radio', { checked: true }).count(), 0);
  assert.equal(await page.getByRole('progressbar', { name: 'Общий прогресс' }).getAttribute('value'), '0');
  await context.close();
});

test('deleting asks first; cancelling keeps the assessment, confirming removes it for good', async () => {
  const context = await env.browser.newContext();
  const page = await startSchoolMsoko(context, env.server.url);
  await page.getByLabel('Полное наименование ОО').fill('Школа для удаления');
  await page.getByRole('group', { name: /^1\.1\.1 / }).getByRole('radio', { name: 'да', exact: true }).check();
  await page.getByRole('status').getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'Оценка' }).click();
  await page.waitForURL(`${env.server.url}/`);
  // The browser's Back and Forward buttons move between the pages too.
  await page.goBack();
  await page.getByRole('group', { name: /^1\.1\.1 / }).waitFor();
  await page.goForward();
  await page.waitForURL(`${env.server.url}/`);

  const row = page.getByRole('row', { name: /Школа для удаления/ });
  await row.waitFor();
  const questions = [];
  page.once('dialog', (d) => {
    questions.push(d.message());
    d.dismiss();
  });
  await page.getByRole('button', { name: 'Удалить: Школа для удаления' }).click();
  assert.match(questions[0], /^Удалить самооценку «Школа для удаления» с этого устройства\?/);
  assert.equal(await row.count(), 1, 'cancelled: the row stays');

  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Удалить: Школа для удаления' }).click();
  await row.waitFor({ state: 'detached' });
  await page.reload();
  await page.getByRole('heading', { name: 'Сохранено на этом устройстве' }).waitFor();
  await page.getByText('Пока нет сохранённых самооценок.').waitFor();
  await context.close();
});

test('the results list what is missing or wrong before the file is sent', async () => {
  const context = await env.browser.newContext();
  const page = await startSchoolMsoko(context, env.server.url);
  await page.getByLabel('ИНН').fill('7707083894');
  await page.getByRole('status').getByText('Все изменения сохранены').waitFor();
  await page.getByRole('link', { name: 'К результатам' }).click();
  const region = page.getByRole('region', { name: 'Проверьте перед отправкой' });
  await region.waitFor();
  assert.deepEqual(await region.getByRole('listitem').allInnerTexts(), [
    '«Муниципалитет»: Обязательное поле.',
    '«Полное наименование ОО»: Обязательное поле.',
    '«ИНН»: Контрольная цифра ИНН не сходится: проверьте цифры.',
    '«ФИО заполнившего»: Обязательное поле.',
    '«Учебный год»: Обязательное поле.',
    'Без ответа 34 из 34 критериев.',
  ]);
  await context.close();
});

test('a write the browser aborts is reported, and the change is recovered on the next start', async () => {
  const context = await env.browser.newContext();
  let page = await startSchoolMsoko(context, env.server.url);
  const url = page.url();
  const group = (p, id) => p.getByRole('group', { name: new RegExp(`^${id.replace(/\./g, '\\.')} `) });
  await group(page, '1.1.1').getByRole('radio', { name: 'да', exact: true }).check();
  await page.getByRole('status').getByText('Все изменения сохранены').waitFor();

  // From now on every IndexedDB transaction of this page rolls back instead of committing,
  // as happens to a tab closed before its commit lands.
  await page.evaluate(() => {
    IDBTransaction.prototype.commit = function () {
      this.abort();
    };
  });
  await group(page, '1.1.2').getByRole('radio', { name: 'нет', exact: true }).check();
  const failure = page.getByRole('status').getByRole('alert');
  await failure.waitFor();
  assert.match(await failure.textContent(), /^Не удалось сохранить последние изменения: /);
  assert.ok(await page.getByRole('button', { name: 'Повторить' }).isVisible());
  const unsaved = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('otsenka.unsaved.')));
  assert.equal((await unsaved()).length, 1, 'the change waits in the journal');
  await page.close({ runBeforeUnload: false });

  page = await context.newPage();
  await page.goto(url);
  await group(page, '1.1.2').waitFor();
  assert.equal(await group(page, '1.1.1').getByRole('radio', { name: 'да', exact: true }).isChecked(), true);
  assert.equal(await group(page, '1.1.2').getByRole('radio', { name: 'нет', exact: true }).isChecked(), true, 'recovered');
  assert.deepEqual(await unsaved(), [], 'the journal is emptied once IndexedDB has the change');
  // And the recovered state is really in IndexedDB: it survives another reload.
  await page.reload();
  await group(page, '1.1.2').waitFor();
  assert.equal(await group(page, '1.1.2').getByRole('radio', { name: 'нет', exact: true }).isChecked(), true);
  await context.close();
});

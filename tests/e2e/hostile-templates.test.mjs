// Hostile templates (issue 17, item 1): a condition that is a chain of 1000 `+` or `and` is
// refused on import with a message and nothing is stored; 5000 items each shown only when the
// next is answered is a valid template, taken, and works on the app's small wasm stack
// (visibility is decided in condition order, without recursion); the home page still lists and
// opens what is there after a reload. And a template already in storage that no longer
// validates (kept by an older version) leaves the home page working: its assessment is listed
// as unreadable and can be deleted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { criterion, launch, radio, readable, startSchoolMsoko, storedIn } from './browser.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const yesNo = (id, extra = {}) => ({ id, label: `Вопрос ${id}`, kind: 'yes_no', ...extra });
const template = (id, items) =>
  JSON.stringify({
    format: 1,
    id,
    version: '1',
    title: `Враждебный шаблон ${id}`,
    sections: [{ id: 's', title: 'Раздел', items }],
  });

const plusChain = template('plus-chain', [
  yesNo('q0'),
  yesNo('q1', { visible_if: `${Array(1001).fill('1').join(' + ')} > 0` }),
]);
const andChain = template('and-chain', [
  yesNo('q0'),
  yesNo('q1', { visible_if: Array(1001).fill('[q0] = "yes"').join(' and ') }),
]);
// q0 is shown when q1 is answered «да», q1 when q2 is, … q4999 always: 5000 levels deep.
const itemChain = template(
  'item-chain',
  Array.from({ length: 5000 }, (_, i) => (i < 4999 ? yesNo(`q${i}`, { visible_if: `[q${i + 1}] = "yes"` }) : yesNo(`q${i}`))),
);
const HOSTILE = { 'plus-chain.json': plusChain, 'and-chain.json': andChain };

/** The template identity the app keys copies by today (`model::content_hash`, FNV-1a 64). */
function fnv1a(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of new TextEncoder().encode(text)) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}

const savedTable = (page) => page.getByRole('table', { name: 'Сохранено на этом устройстве' });

async function listed(page) {
  await page.goto(`${env.server.url}/`);
  const table = savedTable(page);
  await table.waitFor();
  const rows = await table.getByRole('row').all();
  return Promise.all(rows.slice(1).map(async (r) => readable(await r.textContent())));
}

test('templates with 1000-long condition chains are refused on import, a 5000-item chain is taken and works; the home page keeps working', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'otsenka-hostile-'));
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await startSchoolMsoko(context, env.server.url);
  await page.getByLabel('Полное наименование ОО').fill('МБОУ СОШ № 3');
  await radio(page, '1.1.1', 'да').check();
  await page.getByText('Все изменения сохранены').waitFor();
  const url = page.url();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${env.server.url}/`);
  for (const [name, text] of Object.entries(HOSTILE)) {
    const file = join(dir, name);
    await writeFile(file, text);
    await page.getByLabel('Загрузить шаблон из файла (JSON или таблица CSV)').setInputFiles(file);
    // Refused (the file named) or, wrongly, added (the template's title).
    const id = name.replace('.json', '');
    const note = page.getByRole('status').filter({ hasText: new RegExp(`«${id}\\.json»|Враждебный шаблон ${id}`) });
    await note.waitFor({ timeout: 30000 });
    assert.match(readable(await note.textContent()), new RegExp(`Файл «${id}\\.json» не принят, ничего не изменено\\. .+`));
  }
  assert.equal(await page.getByRole('button', { name: /^Начать: Враждебный шаблон/ }).count(), 0, 'nothing offered');
  // The chain of 5000 conditions is a template a region could write: it is taken.
  const chainFile = join(dir, 'item-chain.json');
  await writeFile(chainFile, itemChain);
  await page.getByLabel('Загрузить шаблон из файла (JSON или таблица CSV)').setInputFiles(chainFile);
  await page.getByRole('status').filter({ hasText: 'Шаблон «Враждебный шаблон item-chain», версия 1, добавлен в список.' }).waitFor({ timeout: 30000 });
  // Nothing stored, and after a reload the list and the assessment open as before.
  const kept = await storedIn(page, 'templates', { keys: true });
  assert.equal(kept.filter((k) => String(k).startsWith('imported:')).length, 1, kept.join(', '));
  await page.reload();
  const rows = await listed(page);
  assert.equal(rows.length, 1);
  assert.match(rows[0], /МБОУ СОШ № 3/);
  await savedTable(page).getByRole('link', { name: 'Продолжить: МБОУ СОШ № 3' }).click();
  await page.waitForURL(url);
  assert.equal(await radio(page, '1.1.1', 'да').isChecked(), true);
  // An assessment on the chain: only the last question shows; answering it shows the one before.
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Враждебный шаблон item-chain/ }).click();
  await criterion(page, 'q4999').waitFor({ timeout: 30000 });
  assert.equal(await criterion(page, 'q4998').count(), 0, 'q4998 waits for q4999');
  await radio(page, 'q4999', 'да').check();
  await criterion(page, 'q4998').waitFor();
  assert.equal(await criterion(page, 'q4997').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a stored template that no longer validates: the home page lists its assessment as unreadable, and it can be deleted', async () => {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  const page = await startSchoolMsoko(context, env.server.url);
  await page.getByLabel('Полное наименование ОО').fill('МБОУ СОШ № 4');
  await page.getByText('Все изменения сохранены').waitFor();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  // As an older version might have left them (its validator did not count `+` chains): the
  // 1000-long `+` chain kept as an imported template and as the copy of an assessment on it.
  const hash = fnv1a(plusChain);
  await page.evaluate(
    ({ text, hash }) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('otsenka');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['templates', 'assessments'], 'readwrite');
          tx.objectStore('templates').put(text, `imported:${hash}`);
          tx.objectStore('templates').put(text, hash);
          tx.objectStore('assessments').put({
            schema: 2,
            id: 'old-chain',
            template_id: 'plus-chain',
            template_version: '1',
            template_hash: hash,
            created_at: '2026-01-10T08:00:00.000Z',
            updated_at: '2026-01-10T08:00:00.000Z',
            respondent: { school_name: 'МБОУ СОШ № 8' },
            answers: { q0: { choice: 'yes' } },
            current_section: 's',
            revision: 3,
            exported_at: '',
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    { text: plusChain, hash },
  );
  await page.goto(`${env.server.url}/`);
  const rows = await listed(page);
  assert.equal(rows.length, 2, rows.join('\n'));
  const old = rows.find((r) => r.includes('МБОУ СОШ № 8'));
  assert.match(old, /шаблон повреждён или не читается/);
  assert.doesNotMatch(rows.find((r) => r.includes('МБОУ СОШ № 4')), /не читается/);
  // Opening it says why instead of hanging; deleting it works.
  page.once('dialog', (d) => d.accept());
  await savedTable(page).getByRole('button', { name: 'Удалить: МБОУ СОШ № 8' }).click();
  await page.waitForFunction(() => !document.body.innerText.includes('МБОУ СОШ № 8'));
  await page.reload();
  const after = await listed(page);
  assert.equal(after.length, 1);
  assert.deepEqual(errors, []);
  await context.close();
});

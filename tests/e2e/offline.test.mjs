// Offline after the first visit: the service worker precaches the whole build, so with the
// network cut the app loads, starts an assessment (its template comes from the cache), saves,
// shows results and exports. A new deployment is announced and applied only when the person
// chooses, with the open assessment intact.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, parseCsv, readable, rowCells, unmark } from './browser.mjs';
import { startServer } from './server.mjs';

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Waits until a service worker controls the page (the first visit installs it). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

test('after one visit online, the whole journey works with the network cut', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${env.server.url}/`);
  await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).waitFor();
  await controlled(page);
  // Installable: Chromium finds a valid manifest, icons and a service worker. (A test context
  // is an incognito one, which Chromium never installs from; that is the only error allowed.)
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);

  // The municipality page's files are not downloaded for a school's first visit; opening that
  // page once keeps them for offline use.
  const cached = (path) => page.evaluate(async (p) => Boolean(await caches.match(p)), path);
  assert.equal(await cached('/index.html'), true);
  assert.equal(await cached('/municipality_bg.wasm'), false);
  const once = await context.newPage();
  await once.goto(`${env.server.url}/municipality.html`);
  await once.getByRole('heading', { level: 1, name: 'Муниципалитет: сводка по школам' }).waitFor();
  await once.close();
  for (const path of ['/municipality.html', '/municipality.js', '/municipality_bg.wasm']) {
    await page.waitForFunction(async (p) => Boolean(await caches.match(p)), path);
  }

  await context.setOffline(true);
  await page.reload();
  await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).click();
  await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
  const url = page.url();
  await page.getByLabel('Полное наименование ОО').fill('МБОУ СОШ № 3 (без сети)');
  await page.getByRole('group', { name: /^1\.1\.1 / }).getByRole('radio', { name: 'да', exact: true }).check();
  await page.getByRole('group', { name: /^1\.1\.2 / }).getByRole('radio', { name: 'частично', exact: true }).check();
  await page.getByText('Все изменения сохранены').waitFor();

  // Any address of the app opens offline, not just the one visited.
  await page.goto(`${url}/results`);
  const results = page.getByRole('table', { name: 'Результат по направлениям' });
  assert.deepEqual((await rowCells(results, /^1\.1 /)).slice(0, 1), ['30,0 %']);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Скачать CSV для муниципалитета' }).click(),
  ]);
  const rows = parseCsv((await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, ''));
  const cell = (name) => unmark(rows[1][rows[0].map(unmark).indexOf(name)]);
  assert.equal(cell('school_name'), 'МБОУ СОШ № 3 (без сети)');
  assert.equal(cell('1.1.2'), 'частично');
  assert.equal(cell('pct_1.1'), '30,0');

  // The municipality page, visited once online, opens offline too and reads the file just
  // made (its wasm and the templates come from the offline copy).
  await page.goto(`${env.server.url}/`);
  await page.getByRole('link', { name: 'Муниципалитет' }).click();
  await page.getByRole('heading', { level: 1, name: 'Муниципалитет: сводка по школам' }).waitFor();
  await page.getByLabel(/Выберите файлы школ/).setInputFiles(await download.path());
  await page.getByText('Показано школ: 1 из 1').waitFor();
  await context.close();
});

test('a new deployment is announced; the person chooses when to update, and nothing is lost', async () => {
  // A copy of the build on its own server, so the test can deploy a "new version" of it.
  const dir = await mkdtemp(join(tmpdir(), 'otsenka-deploy-'));
  await cp('dist', dir, { recursive: true });
  const server = await startServer(dir);
  try {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).click();
    await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
    await controlled(page);
    await page.getByLabel('Полное наименование ОО').fill('МБОУ СОШ № 4');
    await page.getByText('Все изменения сохранены').waitFor();
    assert.equal(await page.getByText('Доступна новая версия').count(), 0);

    // Deploy: a new build has a new service worker (its version changes).
    const sw = await readFile(join(dir, 'sw.js'), 'utf8');
    const deployed = sw.replace(/const VERSION = "[0-9a-f]{16}"/, 'const VERSION = "0000000000000000"');
    assert.notEqual(deployed, sw);
    await writeFile(join(dir, 'sw.js'), deployed);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const banner = page.getByRole('status').filter({ hasText: 'Доступна новая версия' });
    await banner.waitFor();
    // Nothing reloads by itself: the person keeps working.
    await page.getByRole('group', { name: /^1\.1\.1 / }).getByRole('radio', { name: 'да', exact: true }).check();
    await page.getByText('Все изменения сохранены').waitFor();

    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Обновить' }).click()]);
    await page.getByLabel('Полное наименование ОО').waitFor();
    assert.equal(await page.getByLabel('Полное наименование ОО').inputValue(), 'МБОУ СОШ № 4');
    assert.equal(
      await page.getByRole('group', { name: /^1\.1\.1 / }).getByRole('radio', { name: 'да', exact: true }).isChecked(),
      true,
    );
    const version = await page.evaluate(async () => {
      const keys = await caches.keys();
      return keys.filter((k) => k.startsWith('otsenka-'));
    });
    assert.deepEqual(version, ['otsenka-0000000000000000'], 'the old cache is gone, the new one in use');
    assert.equal(readable(await page.locator('.update').allTextContents().then((t) => t.join(''))), '');
    await context.close();
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('a new deployment downloads only the files whose bytes changed, and the new copy works offline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'otsenka-deploy-'));
  await cp('dist', dir, { recursive: true });
  const served = [];
  const server = await startServer(dir, 0, '127.0.0.1', { served });
  try {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).waitFor();
    await controlled(page);
    assert.ok(served.some((s) => /^\/otsenka[^/]*_bg\.wasm$/.test(s.path)), 'the first visit downloads the app');
    const cacheKeys = (name) =>
      page.evaluate(async (n) => (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname).sort(), name);
    const [before] = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('otsenka-')));
    const kept = await cacheKeys(before);
    assert.ok(kept.length > 20, `the offline copy holds the build (${kept.length} files)`);

    // Deploy a build in which one file's bytes changed (the English texts, a line added): its
    // digest and the version in sw.js change with it, as precache.mjs writes them.
    const sha = (b) => createHash('sha256').update(b).digest('hex');
    const en = await readFile(join(dir, 'en.json'));
    const changed = Buffer.concat([en, Buffer.from('\n')]);
    await writeFile(join(dir, 'en.json'), changed);
    const sw = await readFile(join(dir, 'sw.js'), 'utf8');
    const deployed = sw
      .replace(/const VERSION = "[0-9a-f]{16}"/, 'const VERSION = "1111111111111111"')
      .replace(`"/en.json":"${sha(en)}"`, `"/en.json":"${sha(changed)}"`);
    assert.ok(deployed.includes(sha(changed)) && deployed.includes('"1111111111111111"'));
    await writeFile(join(dir, 'sw.js'), deployed);
    served.length = 0;
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const banner = page.getByRole('status').filter({ hasText: 'Доступна новая версия' });
    await banner.waitFor();
    assert.deepEqual(served.map((s) => s.path).sort(), ['/en.json', '/sw.js'], 'only the changed file and the worker are downloaded');
    assert.deepEqual(await cacheKeys('otsenka-1111111111111111'), kept, 'the new copy holds every file of the build');
    const english = await page.evaluate(async () => (await (await caches.open('otsenka-1111111111111111')).match('/en.json')).text());
    assert.equal(english, changed.toString('utf8'), 'the changed file is kept with its new bytes');

    // Taken into use, the new copy works with the network cut.
    await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Обновить' }).click()]);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('button', { name: /^Начать: Вклад школы в МСОКО/ }).click();
    await page.waitForURL(/\/a\/[0-9a-f-]{36}$/);
    await page.getByLabel('Полное наименование ОО').waitFor();
    await context.close();
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

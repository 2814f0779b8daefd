// The engines besides Chromium — Debian's Firefox ESR and WebKitGTK — behind one small
// interface, so that one journey (other-browsers.test.mjs) runs in each as a person would:
// elements are found by their role and accessible name as the engine itself computes them.
//
// - Firefox: puppeteer-core over WebDriver BiDi (the stock browser, no geckodriver); its
//   `::-p-aria([role][name])` selector asks Firefox's accessibility tree.
// - WebKit: selenium-webdriver against WebKitWebDriver, which drives MiniBrowser (no headless
//   mode, so under an Xvfb display the test starts). Classic WebDriver has no query by role:
//   candidates are taken by CSS for the role (`button`, `fieldset`, …) and kept only if the
//   engine's own computed role and label (W3C "Get Computed Role / Label") match.
//
// A missing browser fails with a sentence naming it: `cargo xtask install` puts them all there.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { Builder, By } from 'selenium-webdriver';

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB = '/usr/bin/Xvfb';

const TIMEOUT = 20000;

function installed(path, what) {
  if (!existsSync(path)) {
    throw new Error(`${what} is not installed (${path} is missing): run \`cargo xtask install\`, which installs it with apt-get`);
  }
}

// index.html's first-paint shell (#boot) holds placeholders of the home page — its start
// buttons among them, disabled — until the app draws its page and removes it: a page is the
// app's once the shell is gone (other documents have none).
const APP_IN_PLACE = () => !document.getElementById('boot');
const appInPlace = (session) =>
  eventually(() => session.executeScript(`return (${APP_IN_PLACE})()`), 'the app in place of the first-paint shell');

/** Polls `check` until it returns a truthy value (returned) or `timeout` ms pass (an error naming `what`). */
export async function eventually(check, what, timeout = TIMEOUT) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`waited ${timeout} ms for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The one complete file in `dir` not among `before` (names), once its size has settled:
 * Firefox writes `name.part` first, WebKit `name.wkdownload` or a temporary name.
 */
async function newFile(dir, before) {
  const done = (n) => !before.has(n) && !/\.(part|wkdownload|download)$/.test(n) && !n.startsWith('.');
  return eventually(async () => {
    const entries = await readdir(dir, { withFileTypes: true });
    const names = entries.filter((e) => e.isFile() && done(e.name)).map((e) => e.name);
    if (names.length !== 1) return null;
    const [name] = names;
    const size = (await stat(join(dir, name))).size;
    await new Promise((r) => setTimeout(r, 200));
    if (size === 0 || (await stat(join(dir, name))).size !== size) return null;
    return { name, bytes: await readFile(join(dir, name)) };
  }, `a downloaded file in ${dir}`);
}

/** A free TCP port on 127.0.0.1 (for WebKitWebDriver, which takes one on its command line). */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Firefox ESR, headless, with a fresh profile whose downloads go to a temporary folder
 * without asking. Uncaught page errors are collected in `errors`.
 */
export async function firefox() {
  installed(FIREFOX, 'Firefox ESR (Debian package firefox-esr)');
  const downloads = await mkdtemp(join(tmpdir(), 'otsenka-firefox-downloads-'));
  const options = {
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: {
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.helperApps.neverAsk.saveToDisk': 'text/csv',
      'intl.accept_languages': 'ru-RU, ru',
    },
  };
  const browser = await puppeteer.launch(options).catch(async (e) => {
    await rm(downloads, { recursive: true, force: true });
    throw e;
  });
  const page = await browser.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const aria = (role, name) => `::-p-aria([role="${role}"]${name === undefined ? '' : `[name=${JSON.stringify(name)}]`})`;
  return {
    name: `Firefox ${(await browser.version()).replace(/^firefox\//, '')}`,
    errors,
    goto: (url) => page.goto(url).then(() => page.waitForFunction(APP_IN_PLACE)),
    reload: () => page.reload().then(() => page.waitForFunction(APP_IN_PLACE)),
    url: () => page.url(),
    find: (role, name, within = page) => within.waitForSelector(aria(role, name)),
    /** An element with no role to find it by (a file input inside its label). */
    css: (selector) => page.waitForSelector(selector),
    /** Gives a file input the file at `path`, as a person picking it does. */
    upload: (el, path) => el.uploadFile(path),
    click: (el) => el.click(),
    type: (el, text) => el.type(text),
    checked: (el) => el.evaluate((e) => e.checked),
    value: (el) => el.evaluate((e) => e.value),
    script: (fn, ...args) => page.evaluate(fn, ...args),
    async download(click) {
      const before = new Set(await readdir(downloads));
      await click();
      return newFile(downloads, before);
    },
    async close() {
      await browser.close();
      await rm(downloads, { recursive: true, force: true });
    },
  };
}

/** CSS for the elements that may have `role` (the engine's computed role decides). */
const CANDIDATES = {
  button: 'button, [role="button"], input[type="button"], input[type="submit"]',
  link: 'a[href], [role="link"]',
  textbox: 'input:not([type]), input[type="text"], input[type="search"], input[type="email"], textarea, [role="textbox"]',
  radio: 'input[type="radio"], [role="radio"]',
  group: 'fieldset, [role="group"]',
  table: 'table, [role="table"], [role="grid"]',
  status: '[role="status"], output',
};

/**
 * WebKitGTK's MiniBrowser through WebKitWebDriver, on an Xvfb display of its own, with a fresh
 * HOME and XDG folders (its storage, service workers included, starts empty) whose download
 * folder (GLib's `user-dirs.dirs`) is where WebKitGTK saves files without asking. The driver
 * reports no page errors (it has no BiDi).
 */
export async function webkit() {
  installed(WEBKIT_DRIVER, 'WebKitWebDriver (Debian package webkit2gtk-driver)');
  installed(MINIBROWSER, 'MiniBrowser (Debian package libwebkit2gtk-4.1-0, a dependency of webkit2gtk-driver)');
  installed(XVFB, 'Xvfb (Debian package xvfb)');
  const home = await mkdtemp(join(tmpdir(), 'otsenka-webkit-home-'));
  const children = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    }
    // WebKit's helper processes (the web process, the GPU cache) may still be writing to HOME
    // for a moment after MiniBrowser quits.
    await rm(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  };
  try {
    const downloads = join(home, 'Downloads');
    await mkdir(downloads);
    await mkdir(join(home, '.config'));
    await writeFile(join(home, '.config/user-dirs.dirs'), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
    const xdg = {
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local/share'),
      XDG_CACHE_HOME: join(home, '.cache'),
      XDG_RUNTIME_DIR: join(home, '.runtime'),
    };
    await mkdir(xdg.XDG_RUNTIME_DIR, { mode: 0o700 });
    // Xvfb picks a free display and writes its number to file descriptor 3.
    const xvfb = spawn(XVFB, ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], {
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    });
    children.push(xvfb);
    const display = await new Promise((resolve, reject) => {
      xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before opening a display`)));
      xvfb.stdio[3].once('data', (d) => resolve(`:${d.toString().trim()}`));
    });
    const port = await freePort();
    const driver = spawn(WEBKIT_DRIVER, [`--port=${port}`], {
      stdio: ['ignore', 'ignore', 'ignore'],
      env: { ...process.env, ...xdg, DISPLAY: display, HOME: home, LANG: 'ru_RU.UTF-8' },
    });
    children.push(driver);
    const server = `http://127.0.0.1:${port}`;
    await eventually(async () => (await fetch(`${server}/status`)).ok, `WebKitWebDriver on ${server}`);
    const session = await new Builder()
      .usingServer(server)
      .withCapabilities({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
      })
      .build();
    const caps = await session.getCapabilities();
    // Names are compared without their spaces: WebKit drops the space where a label wraps
    // onto a second line at an inline element («Полное наименование ОО(обязательно)» in a
    // 320 px column). On a miss, the error lists the names WebKit gave that role.
    const bare = (s) => s.replace(/\s+/g, '');
    let seen = [];
    const find = (role, name, within = session) =>
      eventually(async () => {
        seen = [];
        for (const el of await within.findElements(By.css(CANDIDATES[role]))) {
          if ((await el.getAriaRole()) !== role) continue;
          const label = await el.getAccessibleName();
          if (name === undefined || bare(label) === bare(name)) return el;
          seen.push(label);
        }
        return null;
      }, `the ${role} «${name ?? ''}» in WebKit`).catch((e) => {
        throw new Error(`${e.message}; names of that role: ${JSON.stringify(seen.slice(0, 12))}`);
      });
    return {
      name: `WebKitGTK ${caps.get('browserVersion') ?? ''}`.trim(),
      errors: [],
      goto: (url) => session.get(url).then(() => appInPlace(session)),
      reload: () => session.navigate().refresh().then(() => appInPlace(session)),
      url: () => session.getCurrentUrl(),
      find,
      css: (selector) => eventually(() => session.findElement(By.css(selector)), `«${selector}» in WebKit`),
      upload: (el, path) => el.sendKeys(path),
      click: (el) => el.click(),
      type: (el, text) => el.sendKeys(text),
      checked: (el) => el.isSelected(),
      value: (el) => session.executeScript('return arguments[0].value', el),
      script: (fn, ...args) => session.executeScript(`return (${fn}).apply(null, arguments)`, ...args),
      async download(click) {
        const before = new Set(await readdir(downloads));
        await click();
        return newFile(downloads, before);
      },
      async close() {
        try {
          await session.quit();
        } finally {
          await stop();
        }
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

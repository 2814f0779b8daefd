// Run by tools/minify.mjs (the post-build hook) before precache.mjs takes the files' digests:
// renders the home page's template cards from templates/index.json into index.html's first-paint
// shell (`<main … data-shell=home>` in app/index.html), so that the first document on a slow
// line already shows the page the app will draw — the same elements, classes and texts as
// `HomePage` and `card` in app/src/pages/home.rs, so the app takes it over without a jump — with
// the start buttons disabled and the whole marked as loading (aria-busy, «Загрузка…»).
// The texts are the app's own: read from the Russian table in app/src/i18n.rs.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('shell.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)');
  process.exit(1);
}

const fail = (why) => {
  console.error(`shell.mjs: ${why}`);
  process.exit(1);
};

// The Russian texts (`pub static RU: Tr = Tr { key: "…", … }`).
const i18n = await readFile(new URL('../app/src/i18n.rs', import.meta.url), 'utf8');
const ru = i18n.slice(i18n.indexOf('pub static RU: Tr'));
const text = (key) => {
  const m = ru.match(new RegExp(`\\b${key}: "((?:[^"\\\\]|\\\\.)*)"`));
  if (!m) fail(`no Russian text «${key}» in app/src/i18n.rs`);
  return m[1].replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t' })[c] ?? c);
};

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

// `model::fill` for one number: `{}` is the number, `{one|few|many}` its Russian form.
function fill(pattern, n) {
  const form = n % 10 === 1 && n % 100 !== 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && !(n % 100 >= 12 && n % 100 <= 14) ? 1 : 2;
  return pattern.replace('{}', String(n)).replace(/\{([^{}|]*(?:\|[^{}|]*)+)\}/g, (_, forms) => {
    const list = forms.split('|');
    return list[Math.min(form, list.length - 1)];
  });
}

const ruOf = (t) => (typeof t === 'string' ? t : (t?.ru ?? ''));
const index = JSON.parse(await readFile(join(dir, 'templates/index.json'), 'utf8'));
if (!Array.isArray(index)) fail('templates/index.json is not a list');

const [start, version, itemsCount] = [text('start'), text('version'), text('items_count')];
const cards = index
  .map((card) => {
    const title = ruOf(card.title);
    const description = card.description ? `<p>${escape(ruOf(card.description))}</p>` : '';
    const about = `${fill(itemsCount, Number(card.items ?? 0))} · ${version} ${card.version}`;
    return (
      `<li class=card><h3>${escape(title)}</h3>${description}<p class=muted>${escape(about)}</p>` +
      // No «Начать: …» name of its own: that is the app's button, which a person (or a test)
      // waiting for it must not find in the shell.
      `<button class=primary disabled>${escape(start)}</button></li>`
    );
  })
  .join('');
const home =
  `<h1>${escape(text('home_title'))}</h1><p>${escape(text('home_intro'))}</p>` +
  `<section><h2>${escape(text('new_assessment'))}</h2><ul class=cards>${cards}</ul></section>`;

const path = join(dir, 'index.html');
const html = await readFile(path, 'utf8');
// Trunk's minifier may have dropped the attribute's quotes.
const marker = /<main\b([^>]*?)\s+data-shell=(["']?)home\2([^>]*)>/;
if (!marker.test(html)) fail('index.html has no <main data-shell="home"> in its .boot shell');
const out = html.replace(marker, (_, before, _q, after) => `<main${before}${after}>${home}`);
await writeFile(path, out);
console.log(`shell.mjs: index.html shell with ${index.length} template cards (+${out.length - html.length} bytes)`);

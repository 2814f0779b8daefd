// Run by tools/minify.mjs (the post-build hook) after minifying: writes dist/sw.js from public/sw.js with the list of
// every file of this build and a version derived from their contents, so the service worker
// precaches exactly this build and a new build is a new version.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('precache.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)');
  process.exit(1);
}

async function walk(d) {
  const out = [];
  for (const entry of await readdir(d, { withFileTypes: true })) {
    const path = join(d, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else out.push(path);
  }
  return out;
}

const files = (await walk(dir)).map((p) => '/' + relative(dir, p).split('\\').join('/')).filter((f) => f !== '/sw.js').sort();
const hash = createHash('sha256');
// Each file's own SHA-256: the service worker keeps only responses with these bytes.
const digests = {};
for (const f of files) {
  const bytes = await readFile(join(dir, f));
  hash.update(f);
  hash.update(bytes);
  digests[f] = createHash('sha256').update(bytes).digest('hex');
}
digests['/'] = digests['/index.html'];
const version = hash.digest('hex').slice(0, 16);
const source = await readFile(new URL('../public/sw.js', import.meta.url), 'utf8');
// The municipality page's files are cached when that page is first opened, not on every
// school's first visit (they are a fifth of a megabyte schools never use).
// Likewise the earlier template versions (read only when a file made on one is opened).
const lazy = files.filter((f) => f.startsWith('/municipality') || f.startsWith('/templates/archive/'));
const eager = files.filter((f) => !lazy.includes(f));
const sw = source
  .replace("'__OTSENKA_VERSION__'", JSON.stringify(version))
  .replace('__OTSENKA_FILES__', JSON.stringify(['/', ...eager]))
  .replace('__OTSENKA_LAZY__', JSON.stringify(lazy))
  .replace('__OTSENKA_DIGESTS__', JSON.stringify(digests));
await writeFile(join(dir, 'sw.js'), sw);
console.log(`precache.mjs: sw.js version ${version}, ${eager.length} files, ${lazy.length} on first use`);

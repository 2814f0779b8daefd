// Trunk post-build hook: minify the wasm-bindgen JS glue (Trunk's own minifier cannot parse
// its `export default`). Saves ~1.8 KB brotli of the first view. Subresource-integrity
// hashes are switched off for the app's script in app/index.html, since they are computed
// before this hook runs; the files are same-origin, where SRI adds nothing.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('minify.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)');
  process.exit(1);
}
const release = process.env.TRUNK_PROFILE === 'release';
for (const file of (await readdir(dir)).filter((f) => release && f.endsWith('.js'))) {
  const path = join(dir, file);
  const source = await readFile(path, 'utf8');
  // The worker's glue (and the municipality, report and workshop pages', built the same way) is a classic script
  // whose top-level `wasm_bindgen` the loader calls:
  // minify it as a script, keeping top-level names.
  const module = !['sheet_worker', 'qr_worker', 'municipality', 'report', 'workshop'].some((p) => file.startsWith(p));
  const { code } = await minify(source, { module, compress: true, mangle: { toplevel: module } });
  await writeFile(path, code);
  console.log(`minify.mjs: ${file} ${source.length} → ${code.length} bytes`);
}

// Then the first-paint shell's home page in index.html, and only after it the service worker's
// precache list, whose digests are of the files as they will be served.
await import('./shell.mjs');
await import('./precache.mjs');

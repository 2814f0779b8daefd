// The bundle size budget: everything the browser downloads for the first view (html, js,
// wasm, css), compressed as a static host would serve it. Prints raw / gzip / brotli per
// file and fails when the brotli total is over the budget.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

export const BUDGET_BROTLI = 200 * 1024;
const FIRST_VIEW = /\.(html|js|wasm|css)$/;
// Not needed to show the first view, so listed apart and not counted in it: the file worker
// (sheet_worker*: template sheets, backups, CSV export — started only for those), and the
// service worker script (sw.js), which the browser fetches in the background after the page
// is up to install the offline copy — like the files that copy holds (the worker, the
// template files), none of which are in the first view either. And the English texts
// (en.json), fetched only when a person switches the interface to English. And the
// municipality page (municipality.html and its wasm), a page of its own that schools never open,
// the printable report (report.html and its wasm), opened from the results page, and workshop
// mode (workshop.html and its wasm, and the QR reader qr_worker, started only to scan), opened from
// the header.
export const ON_DEMAND = /^(sheet_worker|qr_worker|municipality|report|workshop|sw\.js$|en\.json$)/;
// Fetched by the home page at once, so part of the first view too (the template files
// themselves are fetched only when an assessment is started).
const FIRST_VIEW_DATA = ['templates/index.json'];

export function measure(dir) {
  return readdirSync(dir)
    .filter((f) => FIRST_VIEW.test(f) && !ON_DEMAND.test(f) && statSync(join(dir, f)).isFile())
    .sort()
    .concat(FIRST_VIEW_DATA.filter((f) => existsSync(join(dir, f))))
    .map((file) => {
      const bytes = readFileSync(join(dir, file));
      return {
        file,
        raw: bytes.length,
        gzip: gzipSync(bytes, { level: 9 }).length,
        brotli: brotliCompressSync(bytes, {
          params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
        }).length,
      };
    });
}

const kb = (n) => (n / 1024).toFixed(1).padStart(8);

export function table(rows) {
  const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
    raw: 0, gzip: 0, brotli: 0,
  });
  const width = Math.max(...rows.map((r) => r.file.length), 5);
  const line = (name, r) => `${name.padEnd(width)} ${kb(r.raw)} ${kb(r.gzip)} ${kb(r.brotli)}`;
  return {
    total,
    text: [`${'file'.padEnd(width)}   raw KB  gzip KB brotli KB`, ...rows.map((r) => line(r.file, r)), line('total', total)].join('\n'),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'dist';
  const rows = measure(dir);
  if (!rows.some((r) => r.file.endsWith('.wasm'))) {
    console.error(`no .wasm in ${dir}: build first`);
    process.exit(1);
  }
  const { total, text } = table(rows);
  console.log(text);
  // `--bench`: one line per figure for `cargo xtask bench`'s table.
  if (process.argv.includes('--bench')) {
    for (const r of [...rows, { file: 'total, first view', ...total }]) {
      const target = r.file.startsWith('total') ? 125 : '';
      console.log(['BENCH', 'size', `${r.file} (raw / gzip / brotli)`, `${(r.raw / 1024).toFixed(1)} / ${(r.gzip / 1024).toFixed(1)} / ${(r.brotli / 1024).toFixed(1)}`, 'KB', target].join('\t'));
    }
  }
  const later = readdirSync(dir).filter((f) => ON_DEMAND.test(f)).sort();
  if (later.length) {
    const onDemand = later.map((file) => {
      const bytes = readFileSync(join(dir, file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length };
    });
    console.log('\nloaded on demand or in the background (file worker, service worker, English texts), not in the first view:');
    console.log(table(onDemand).text);
    console.log('');
  }
  const verdict = total.brotli <= BUDGET_BROTLI ? 'within' : 'OVER';
  console.log(`first view, brotli: ${(total.brotli / 1024).toFixed(1)} KB — ${verdict} the ${BUDGET_BROTLI / 1024} KB budget`);
  process.exit(total.brotli <= BUDGET_BROTLI ? 0 : 1);
}

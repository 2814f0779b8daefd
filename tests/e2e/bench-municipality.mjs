// Benchmark (not a test): the municipality page loading N school files (default 1 000; one
// МСОКО assessment of 72 criteria each, written by `cargo run --release -p otsenka-cli --example
// make_school_files -- N DIR`) in headless Chromium: from the file input's change event to the
// first frame after the consolidated table shows every school. Also the longest gap between animation frames
// while it runs (how long the page could not answer a click), whether the progress bar was
// seen, and the same with the CPU throttled 4×. Median of 3 runs each, a fresh browser
// profile per run.
// Run: node tests/e2e/bench-municipality.mjs DIR [N]
import { readdirSync } from 'node:fs';
import { launch } from './browser.mjs';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tests/e2e/bench-municipality.mjs DIR [N]');
  process.exit(2);
}
const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).sort().map((f) => `${dir}/${f}`);
const n = Number(process.argv[3] ?? files.length);
const picked = files.slice(0, n);

const env = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const RUNS = 3;
try {
  for (const rate of [1, 4]) {
    const times = [];
    const gaps = [];
    let progressSeen = 0;
    for (let run = 0; run < 3; run++) {
      const context = await env.browser.newContext();
      const page = await context.newPage();
      await page.goto(`${env.server.url}/municipality.html`);
      await page.getByText('Пока нет принятых самооценок: загрузите файлы школ.').waitFor();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      // Every frame gap, with when it started relative to the files' arrival (`__t0`).
      await page.evaluate(() => {
        window.__gaps = [];
        window.__progress = false;
        let last = performance.now();
        const frame = (t) => {
          window.__gaps.push([last - (window.__t0 ?? Infinity), t - last]);
          last = t;
          if (document.querySelector('progress')) window.__progress = true;
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
      // The clock runs in the page: from the file input's `change` (Playwright's own transfer
      // of the files into the browser is not the page's work) to the first frame after the
      // table says every school is in it.
      await page.evaluate((n) => {
        const want = `Показано школ: ${n} из ${n}`;
        window.__done = new Promise((resolve) => {
          document.querySelector('input[type=file]').addEventListener('change', () => {
            const t0 = performance.now();
            window.__t0 = t0;
            const seen = new MutationObserver(() => {
              if ([...document.querySelectorAll('p[role=status]')].some((p) => p.textContent.includes(want))) {
                seen.disconnect();
                requestAnimationFrame(() => resolve(performance.now() - t0));
              }
            });
            seen.observe(document.body, { childList: true, subtree: true, characterData: true });
          }, { capture: true, once: true });
        });
      }, picked.length);
      await page.getByLabel(/Выберите файлы школ/).setInputFiles(picked);
      const ms = Math.round(await page.evaluate(() => window.__done));
      // The longest gap between frames that began after the files arrived (setting 1 000
      // files into the input is the browser's own work, before the page sees them).
      await page.waitForTimeout(300);
      const { gap, progress } = await page.evaluate(() => ({
        gap: Math.max(0, ...window.__gaps.filter(([at]) => at >= 0).map(([, d]) => d)),
        progress: window.__progress,
      }));
      times.push(ms);
      gaps.push(gap);
      if (progress) progressSeen++;
      await context.close();
    }
    console.log(['BENCH', 'municipality', `${picked.length} school files loaded and consolidated, CPU ÷${rate}`, median(times), 'ms', rate === 1 ? 2000 : ''].join('\t'));
    console.log(['BENCH', 'municipality', `longest frame gap meanwhile, CPU ÷${rate}`, median(gaps).toFixed(0), 'ms', ''].join('\t'));
    console.log(
      `${picked.length} files, CPU ×${rate}: load + consolidate median ${median(times)} ms ` +
        `(runs ${times.join(', ')}); longest frame gap median ${median(gaps).toFixed(0)} ms; progress bar seen in ${progressSeen}/3 runs`,
    );
  }
} finally {
  await env.close();
}

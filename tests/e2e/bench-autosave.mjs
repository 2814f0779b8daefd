// Benchmark (not a test): autosave commit latency — from a person's click on an answer to the
// committed IndexedDB transaction that holds it — in headless Chromium with the CPU throttled
// 4×, over the 36 criteria of МСОКО sections 1.1–1.4. Prints median and p95. Run: node tests/e2e/bench-autosave.mjs
import { launch, startMsoko } from './browser.mjs';

const env = await launch();
try {
  const context = await env.browser.newContext({ locale: 'ru-RU' });
  // Every committed read-write transaction on `assessments`, with its completion time.
  await context.addInitScript(() => {
    window.__commits = [];
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (stores, mode, ...rest) {
      const tx = transaction.call(this, stores, mode, ...rest);
      if (mode === 'readwrite' && [].concat(stores).includes('assessments')) {
        tx.addEventListener('complete', () => window.__commits.push(performance.now()));
      }
      return tx;
    };
  });
  const page = await startMsoko(context, env.server.url);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const latencies = [];
  for (let s = 1; s <= 4; s++) {
    await page.getByRole('navigation', { name: 'Направления' }).getByRole('button', { name: new RegExp(`^1\\.${s} `) }).click();
    for (let i = 1; i <= 9; i++) {
      const id = `1.${s}.${i}`;
      await page.getByRole('group', { name: new RegExp(`^${id.replace(/\./g, '\\.')} `) }).waitFor();
      const ms = await page.evaluate(
        (id) =>
          new Promise((resolve) => {
            const group = [...document.querySelectorAll('fieldset')].find((f) =>
              f.querySelector('legend')?.textContent.trim().startsWith(id + ' '),
            );
            const radio = group.querySelector('input[type=radio]');
            const before = window.__commits.length;
            const t0 = performance.now();
            radio.click();
            const wait = () =>
              window.__commits.length > before ? resolve(window.__commits[before] - t0) : setTimeout(wait, 1);
            wait();
          }),
        id,
      );
      latencies.push(ms);
      await page.waitForTimeout(50);
    }
  }
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  console.log(`autosave commit latency, 4× CPU throttling, ${latencies.length} answers: median ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms`);
} finally {
  await env.close();
}

// Registers the service worker and tells the app when a new version is ready: the app shows
// «Доступна новая версия» and calls `otsenkaUpdate()` when the person chooses to reload.
(() => {
  if (!('serviceWorker' in navigator)) return;
  let waiting = null;
  const announce = (worker) => {
    waiting = worker;
    window.otsenkaUpdateReady = true;
    window.dispatchEvent(new Event('otsenka-update'));
  };
  window.otsenkaUpdate = () => {
    if (!waiting) return;
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload());
    waiting.postMessage('skip-waiting');
  };
  // Registered once the app is usable (Trunk's `TrunkApplicationStarted`, after the wasm has
  // started and drawn the first view), and the page has loaded: installing fetches the whole
  // offline copy, which on a slow line must not compete with the first view. Should the app
  // never start, the offline copy is still made a while after the page has loaded.
  // An update is a worker installed while an older one is active. The page's controller is
  // not proof of that: WebKit may hand the first visit's worker to the page as its controller
  // before it delivers that worker's "installed" state change, and the first visit would
  // announce a new version.
  const older = (reg, worker) => reg.active !== null && reg.active !== worker && navigator.serviceWorker.controller;
  const register = () => navigator.serviceWorker.register('/sw.js').then((reg) => {
    // A version already waiting from an earlier visit.
    if (reg.waiting && older(reg, reg.waiting)) announce(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && older(reg, worker)) announce(worker);
      });
    });
  }, () => {});
  let started = false;
  const once = () => {
    if (started) return;
    started = true;
    register();
  };
  const afterLoad = (then) => (document.readyState === 'complete' ? then() : addEventListener('load', then, { once: true }));
  addEventListener('TrunkApplicationStarted', () => afterLoad(once), { once: true });
  afterLoad(() => setTimeout(once, 20000));
})();

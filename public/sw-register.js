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
  // Registered once the page has loaded (the app's wasm with it): installing fetches the
  // whole offline copy, which on a slow line must not compete with the first view.
  const register = () => navigator.serviceWorker.register('/sw.js').then((reg) => {
    // A version already waiting from an earlier visit.
    if (reg.waiting && navigator.serviceWorker.controller) announce(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      worker?.addEventListener('statechange', () => {
        // Installed while an older version controls the page: an update, not the first visit.
        if (worker.state === 'installed' && navigator.serviceWorker.controller) announce(worker);
      });
    });
  }, () => {});
  addEventListener('load', register);
})();

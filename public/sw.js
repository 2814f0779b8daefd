// Otsenka's service worker: after the first visit the whole app works with no network.
// `tools/precache.mjs` writes the build's file list and version into the copy in dist/ (the
// placeholders below); a new build is a new version, installed beside the old one and taken
// into use only when the person chooses «Обновить» (the page sends "skip-waiting").
const VERSION = '__OTSENKA_VERSION__';
const FILES = __OTSENKA_FILES__;
// The municipality page's files and the earlier template versions: cached on first use
// (schools rarely need them); a new version precaches them only where an older one had the
// municipality page.
const LAZY = __OTSENKA_LAZY__;
const CACHE = `otsenka-${VERSION}`;

async function install() {
  const cache = await caches.open(CACHE);
  await cache.addAll(FILES);
  for (const key of await caches.keys()) {
    if (key.startsWith('otsenka-') && key !== CACHE && (await (await caches.open(key)).match('/municipality.html'))) {
      await cache.addAll(LAZY);
      break;
    }
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(install());
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('otsenka-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  // Every page of the app is the one index.html (the app routes itself), except the
  // documents of their own (the municipality page, the printable report, workshop mode).
  const own = url.pathname === '/municipality.html' || url.pathname === '/report.html' || url.pathname === '/workshop.html';
  const key = request.mode === 'navigate' && !own ? '/index.html' : url.pathname;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(key).then(
        (hit) =>
          hit ??
          fetch(request).then((response) => {
            // First use of the municipality page or an earlier template: keep it for offline use.
            if (response.ok && LAZY.includes(key)) cache.put(key, response.clone());
            return response;
          }),
      ),
    ),
  );
});

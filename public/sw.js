// Otsenka's service worker: after the first visit the whole app works with no network.
// `tools/precache.mjs` writes the build's file list and version into the copy in dist/ (the
// placeholders below); a new build is a new version, installed beside the old one and taken
// into use only when the person chooses «Обновить» (the page sends "skip-waiting").
const VERSION = '__OTSENKA_VERSION__';
const FILES = __OTSENKA_FILES__;
const CACHE = `otsenka-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
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
  // municipality page, a document of its own.
  const key = request.mode === 'navigate' && url.pathname !== '/municipality.html' ? '/index.html' : url.pathname;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(key).then((hit) => hit ?? fetch(request)),
    ),
  );
});

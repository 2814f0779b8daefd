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
// Path → SHA-256 (hex) of every file of this build, as precache.mjs read it ('/' is
// index.html): what may be kept, and the bytes it must have.
const DIGESTS = __OTSENKA_DIGESTS__;
const CACHE = `otsenka-${VERSION}`;

const hex = (buffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');

// Whether `response` may be kept as the build's file `key`. Only the build's own files; only a
// plain 200 of this origin — not opaque, not redirected (a captive portal's login page comes
// as a redirect, or as a 200 with its own page): and so only bytes whose SHA-256 is the one
// this build listed. Anything else is passed to the page once and never cached, so a portal
// or an error page cannot stick as the app.
async function cacheable(key, response) {
  if (!Object.prototype.hasOwnProperty.call(DIGESTS, key)) return false;
  if (!response || response.status !== 200 || response.type !== 'basic' || response.redirected) return false;
  const bytes = await response.clone().arrayBuffer();
  return hex(await crypto.subtle.digest('SHA-256', bytes)) === DIGESTS[key];
}

// Fetches and keeps one file of the build; fails (and with it the install, which is tried
// again on the next visit) on anything but this build's bytes.
async function keep(cache, key) {
  // Revalidated: an older build's file in the HTTP cache would fail its digest.
  const response = await fetch(key, { cache: 'no-cache' });
  if (!(await cacheable(key, response))) throw new Error(`${key}: not this build's file (status ${response.status})`);
  await cache.put(key, response);
}

// Copies `key` from an older version's cache when its bytes are the ones this build lists:
// a new deployment downloads only the files that changed (an unchanged wasm is not fetched
// again over a slow line). Whether a copy may be kept is judged as for the network.
async function reuse(cache, key, older) {
  for (const old of older) {
    const hit = await old.match(key);
    if (hit && (await cacheable(key, hit))) {
      await cache.put(key, hit);
      return true;
    }
  }
  return false;
}

async function install() {
  const cache = await caches.open(CACHE);
  const older = [];
  let municipality = false;
  for (const name of await caches.keys()) {
    if (!name.startsWith('otsenka-') || name === CACHE) continue;
    const old = await caches.open(name);
    older.push(old);
    if (await old.match('/municipality.html')) municipality = true;
  }
  // The lazy files come along where an older version had the municipality page; otherwise
  // only those an older version kept with the same bytes (no download).
  await Promise.all([
    ...FILES.map(async (key) => (await reuse(cache, key, older)) || keep(cache, key)),
    ...LAZY.map(async (key) => (await reuse(cache, key, older)) || (municipality && keep(cache, key))),
  ]);
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
  // The hall server's API and its join address (`otsenka hall`) are always the network's.
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/j/')) return;
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
            // First use of the municipality page or an earlier template: keep it for offline
            // use, if it is this build's file.
            if (LAZY.includes(key)) {
              const copy = response.clone();
              event.waitUntil(cacheable(key, copy).then((ok) => ok && cache.put(key, copy)).catch(() => {}));
            }
            return response;
          }),
      ),
    ),
  );
});

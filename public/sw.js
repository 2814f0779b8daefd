// Otsenka's service worker: after the first visit the whole app works with no network.
// `tools/precache.mjs` (the post-build hook) bundles this file with Workbox and writes the
// build's file list into `self.__WB_MANIFEST`: each file with a revision (a hash of its bytes)
// and its SHA-256 as subresource integrity. The files are kept under revisioned keys, so a new
// build fetches only the files whose bytes changed. A new build is a new version, installed
// beside the old one and taken into use only when the person chooses «Обновить» (the page
// sends "skip-waiting"); until then the old version's files stay and are served.
import { PrecacheController, PrecacheRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

const MANIFEST = self.__WB_MANIFEST;
const path = (url) => new URL(url, self.location.href).pathname;
// The municipality page's files and the earlier template versions: cached on first use
// (schools rarely need them); a new version precaches them only where an older one had the
// municipality page.
const onFirstUse = (entry) => entry.url.startsWith('/municipality') || entry.url.startsWith('/templates/archive/');
// Path → the integrity the build listed ('sha256-…'): what may be kept, and the bytes it must have.
const INTEGRITY = new Map(MANIFEST.map((entry) => [entry.url, entry.integrity]));
// The caches of the service worker before Workbox: `otsenka-<version>`, keyed by path.
const LEGACY = /^otsenka-[0-9a-f]{16}$/;

const base64 = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)));

// Whether `response` may be kept as the build's file at `url`. Only the build's own files; only
// a plain 200 of this origin — not opaque, not redirected (a captive portal's login page comes
// as a redirect, or as a 200 with its own page): and so only bytes whose SHA-256 is the one
// this build listed. Anything else is passed to the page once and never cached, so a portal
// or an error page cannot stick as the app. (Browsers also check the integrity on the install
// requests; this check holds wherever one does not.)
async function cacheable(url, response) {
  const integrity = INTEGRITY.get(path(url));
  if (!integrity || !response || response.status !== 200 || response.type !== 'basic' || response.redirected) return false;
  const digest = await crypto.subtle.digest('SHA-256', await response.clone().arrayBuffer());
  return `sha256-${base64(digest)}` === integrity;
}

// Runs before Workbox's own rule (which keeps anything below 400, redirects and opaque
// answers included), and so replaces it.
const onlyThisBuild = {
  cacheWillUpdate: async ({ request, response }) => ((await cacheable(request.url, response)) ? response : null),
};

const files = new PrecacheController({ cacheName: 'otsenka-files', plugins: [onlyThisBuild] });
const later = new PrecacheController({ cacheName: 'otsenka-on-first-use', plugins: [onlyThisBuild] });
files.addToCacheList(MANIFEST.filter((entry) => !onFirstUse(entry)));
later.addToCacheList(MANIFEST.filter(onFirstUse));

// Files with the same bytes in a cache of the service worker before Workbox are copied
// instead of fetched: the move to revisioned keys costs no download.
async function adopt(controller) {
  const legacy = (await caches.keys()).filter((name) => LEGACY.test(name));
  if (!legacy.length) return;
  const cache = await caches.open(controller.strategy.cacheName);
  for (const [url, key] of controller.getURLsToCacheKeys()) {
    for (const name of legacy) {
      const old = await (await caches.open(name)).match(path(url));
      if (old && (await cacheable(url, old))) {
        await cache.put(key, old);
        break;
      }
    }
  }
}

// Fetches every file of `controller` that is not in its cache under this revision, all at
// once as the browser's connection limit allows (Workbox's own install fetches one after
// another: on a 400 ms line that is 400 ms per file). Fails, and with it the install (tried
// again on the next visit), on anything but this build's bytes.
async function fill(controller, event) {
  const requests = [...controller.getURLsToCacheKeys()].map(([url, cacheKey]) => {
    const integrity = controller.getIntegrityForCacheKey(cacheKey);
    const request = new Request(url, { integrity, cache: 'reload', credentials: 'same-origin' });
    return Promise.all(controller.strategy.handleAll({ params: { cacheKey }, request, event }));
  });
  await Promise.all(requests);
}

// Whether an earlier version kept the municipality page.
async function usedBefore(controller) {
  const keys = await (await caches.open(controller.strategy.cacheName)).keys();
  return keys.some((request) => path(request.url) === '/municipality.html');
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      await adopt(files);
      await adopt(later);
      await fill(files, event);
      if (await usedBefore(later)) await fill(later, event);
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // Each drops the files of other versions.
      await files.activate(event);
      await later.activate(event);
      for (const name of await caches.keys()) if (LEGACY.test(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

// A query does not make another file ('/report.html?register' is '/report.html').
const match = { ignoreURLParametersMatching: [/./], cleanURLs: false };
registerRoute(new PrecacheRoute(files, match));
// First use of the municipality page or an earlier template: fetched, and kept for offline
// use if it is this build's file (Workbox's precache keeps a missing file that has an integrity).
registerRoute(new PrecacheRoute(later, match));
// Every other page of the app is the one index.html (the app routes itself); the documents of
// their own (the municipality page, the printable report, workshop mode) matched above.
registerRoute(new NavigationRoute(files.createHandlerBoundToURL('/index.html')));

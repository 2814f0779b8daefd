// The service worker's caching rule, run in Node against stand-ins for the browser's Cache
// Storage and network (no browser needed), on the worker as the build bundles it with Workbox:
// only the build's own files, with the build's bytes, from plain 200 responses are kept — a
// captive portal's page (a redirect, or a 200 with other bytes), an opaque or an error response
// never sticks as the app — and a new version fetches only the files whose bytes changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import vm from 'node:vm';
import { bundleWorker, INJECTION_POINT } from '../../tools/sw-build.mjs';

const ORIGIN = 'https://otsenka.test';
const BUILD = { '/index.html': '<html>app</html>', '/app.wasm': 'wasm bytes', '/templates/msoko.json': '{"id":"msoko"}' };
const LAZY = { '/municipality.html': '<html>municipality</html>', '/templates/archive/msoko-2025.1.json': '{"old":1}' };
const PORTAL = '<html>Войдите в сеть Wi-Fi</html>';
const BUNDLED = await bundleWorker();

const sha = (text, encoding) => createHash('sha256').update(text).digest(encoding);
const md5 = (text) => createHash('md5').update(text).digest('hex');

/** A network response; `type`, `redirected` and `status` as a browser's fetch may give them. */
function response(body, { status = 200, type = 'basic', redirected = false } = {}) {
  const r = new Response(status === 0 ? null : body, { status: status === 0 ? 200 : status });
  return Object.defineProperties(r, {
    status: { value: status },
    ok: { value: status >= 200 && status < 300 },
    type: { value: type },
    redirected: { value: redirected },
    clone: { value: () => response(body, { status, type, redirected }) },
  });
}

/** The browser's Cache Storage, kept across versions of the worker as a browser keeps it. */
function cacheStorage() {
  const stores = new Map();
  const key = (request) => new URL(typeof request === 'string' ? request : request.url, ORIGIN).href;
  const cache = (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const m = stores.get(name);
    return {
      put: async (request, r) => void m.set(key(request), r),
      match: async (request) => m.get(key(request))?.clone(),
      keys: async () => [...m.keys()].map((url) => new Request(url)),
      delete: async (request) => m.delete(key(request)),
      addAll: async () => assert.fail('addAll keeps anything ok'),
    };
  };
  return {
    stores,
    api: {
      open: async (name) => cache(name),
      has: async (name) => stores.has(name),
      keys: async () => [...stores.keys()],
      delete: async (name) => stores.delete(name),
      match: async (request, { cacheName } = {}) => {
        for (const name of cacheName ? [cacheName] : [...stores.keys()]) {
          const hit = await cache(name).match(request);
          if (hit) return hit;
        }
        return undefined;
      },
    },
    // Path → body of what `name` holds (Workbox's keys carry a revision in their query).
    files: async (name) => {
      const out = {};
      for (const [url, r] of stores.get(name) ?? []) out[new URL(url).pathname] = await r.clone().text();
      return out;
    },
  };
}

/**
 * Loads the bundled worker with the manifest the build would write for `build` + `lazy`, with
 * `serve(path)` as the network and `storage` as the Cache Storage; `fetched` lists what it asked.
 */
function worker(serve, { storage = cacheStorage(), build = BUILD, lazy = LAZY } = {}) {
  const manifest = Object.entries({ ...build, ...lazy }).map(([url, body]) => ({ url, revision: md5(body), integrity: `sha256-${sha(body, 'base64')}` }));
  const source = BUNDLED.replace(INJECTION_POINT, JSON.stringify(manifest));
  const listeners = {};
  const fetched = [];
  class FetchEvent {}
  const context = {
    location: new URL(`${ORIGIN}/sw.js`),
    registration: { scope: `${ORIGIN}/` },
    addEventListener: (type, f) => (listeners[type] ??= []).push(f),
    clients: { claim: async () => {} },
    skipWaiting() {},
    caches: storage.api,
    fetch: async (request) => {
      const path = new URL(typeof request === 'string' ? request : request.url, ORIGIN).pathname;
      fetched.push(path);
      return serve(path);
    },
    FetchEvent,
    // A worker's Request reads a path against the worker's own address.
    Request: class extends Request {
      constructor(input, init) {
        super(typeof input === 'string' ? new URL(input, ORIGIN).href : input, init);
      }
    },
    Response,
    Headers,
    URL,
    crypto,
    btoa,
    console,
    setTimeout,
  };
  context.self = context;
  vm.runInNewContext(source, context);
  // An extendable event: resolves once every promise given to waitUntil has settled.
  const extendable = (type, extra = {}) => {
    const waits = [];
    const event = Object.assign(Object.create(FetchEvent.prototype), { type, waitUntil: (p) => waits.push(p), ...extra });
    const settled = async () => {
      for (let seen = 0; seen < waits.length; seen = waits.length) await Promise.all(waits);
    };
    return { event, settled };
  };
  const dispatch = async (type) => {
    const { event, settled } = extendable(type);
    for (const f of listeners[type] ?? []) f(event);
    await settled();
  };
  const get = async (path, mode = 'no-cors') => {
    let answer;
    const request = Object.defineProperty(new Request(`${ORIGIN}${path}`), 'mode', { value: mode });
    const { event, settled } = extendable('fetch', { request, respondWith: (p) => (answer = p) });
    for (const f of listeners.fetch ?? []) f(event);
    const r = answer ? await answer : await serve(path);
    await settled();
    return r.text();
  };
  return { install: () => dispatch('install'), activate: () => dispatch('activate'), get, fetched, storage };
}

const genuine = (path) => (path in BUILD || path in LAZY ? response({ ...BUILD, ...LAZY }[path]) : response('not found', { status: 404 }));

test('the install keeps exactly the build files, with their bytes', async () => {
  const sw = worker(genuine);
  await sw.install();
  assert.deepEqual(await sw.storage.files('otsenka-files'), BUILD);
  assert.deepEqual(await sw.storage.files('otsenka-on-first-use'), {});
  assert.deepEqual(sw.fetched.sort(), Object.keys(BUILD).sort());
});

test('a captive portal during the install keeps nothing of it', async () => {
  for (const portal of [
    (path) => (path === '/app.wasm' ? response(PORTAL, { redirected: true }) : genuine(path)), // redirected to the login page
    (path) => (path === '/app.wasm' ? response(PORTAL) : genuine(path)), // answers 200 with its own page
    (path) => (path === '/index.html' ? response(PORTAL) : genuine(path)),
    (path) => (path === '/templates/msoko.json' ? response('', { status: 0, type: 'opaque' }) : genuine(path)),
    (path) => (path === '/app.wasm' ? response('wasm bytes', { status: 206 }) : genuine(path)),
    (path) => (path === '/app.wasm' ? response('wasm bytes', { type: 'cors' }) : genuine(path)),
    // Even the build's bytes, redirected: a browser refuses a redirected answer to a navigation.
    (path) => (path === '/index.html' ? response(BUILD['/index.html'], { redirected: true }) : genuine(path)),
  ]) {
    const sw = worker(portal);
    await assert.rejects(sw.install(), /bad-precaching-response/);
    // What was kept, if anything, is the build's own bytes.
    for (const [path, body] of Object.entries(await sw.storage.files('otsenka-files'))) assert.equal(body, BUILD[path]);
  }
});

test('a file kept on first use is kept only when it is the build file', async () => {
  let network = () => response(PORTAL, { redirected: true });
  const sw = worker((path) => network(path));
  // Portal: the page gets its answer once, nothing is kept.
  assert.equal(await sw.get('/municipality.html', 'navigate'), PORTAL);
  network = () => response(PORTAL);
  assert.equal(await sw.get('/municipality.html', 'navigate'), PORTAL);
  network = () => response('', { status: 0, type: 'opaque' });
  await sw.get('/templates/archive/msoko-2025.1.json');
  // Not a file of the build: never kept, even as a plain 200.
  network = () => response('hello');
  await sw.get('/some/other/file.txt');
  for (const name of sw.storage.stores.keys()) assert.deepEqual(await sw.storage.files(name), {}, name);
  // The real file, once the network is the school's again, is kept and then served offline.
  network = genuine;
  await sw.get('/municipality.html', 'navigate');
  assert.deepEqual(await sw.storage.files('otsenka-on-first-use'), { '/municipality.html': LAZY['/municipality.html'] });
  network = () => response(PORTAL);
  assert.equal(await sw.get('/municipality.html', 'navigate'), LAZY['/municipality.html']);
});

test('offline, every page of the app is index.html and the documents of their own are theirs', async () => {
  const build = { ...BUILD, '/report.html': '<html>report</html>' };
  const sw = worker((path) => (path in build ? response(build[path]) : genuine(path)), { build });
  await sw.install();
  await sw.activate();
  const offline = worker(() => Promise.reject(new TypeError('offline')), { storage: sw.storage, build });
  assert.equal(await offline.get('/', 'navigate'), BUILD['/index.html']);
  assert.equal(await offline.get('/a/3f2a/results', 'navigate'), BUILD['/index.html']);
  assert.equal(await offline.get('/report.html?register', 'navigate'), '<html>report</html>');
  assert.equal(await offline.get('/app.wasm'), BUILD['/app.wasm']);
  assert.deepEqual(offline.fetched, []);
});

test('a new version fetches only the files whose bytes changed, and keeps the old ones until it is taken into use', async () => {
  const v1 = worker(genuine);
  await v1.install();
  await v1.activate();
  // The municipality page was opened once: its files are kept from then on.
  await v1.get('/municipality.html', 'navigate');
  const build = { ...BUILD, '/templates/msoko.json': '{"id":"msoko","v":2}' };
  const lazy = { ...LAZY, '/municipality.html': '<html>municipality 2</html>' };
  const v2 = worker((path) => response({ ...build, ...lazy }[path] ?? 'not found', { status: path in build || path in lazy ? 200 : 404 }), { storage: v1.storage, build, lazy });
  await v2.install();
  assert.deepEqual(v2.fetched.sort(), ['/municipality.html', '/templates/archive/msoko-2025.1.json', '/templates/msoko.json']);
  // Installed, waiting: the old version still serves its own bytes.
  assert.equal(await v1.get('/templates/msoko.json'), BUILD['/templates/msoko.json']);
  await v2.activate();
  assert.deepEqual(await v2.storage.files('otsenka-files'), build);
  assert.deepEqual(await v2.storage.files('otsenka-on-first-use'), lazy);
  assert.deepEqual([...v2.storage.stores.keys()].sort(), ['otsenka-files', 'otsenka-on-first-use']);
});

test('the move from the worker before Workbox copies the files that did not change instead of fetching them', async () => {
  const storage = cacheStorage();
  const old = await storage.api.open('otsenka-0123456789abcdef');
  for (const [path, body] of Object.entries({ ...BUILD, '/app.wasm': 'older wasm bytes', '/municipality.html': LAZY['/municipality.html'] })) await old.put(path, response(body));
  const sw = worker(genuine, { storage });
  await sw.install();
  assert.deepEqual(sw.fetched.sort(), ['/app.wasm', '/templates/archive/msoko-2025.1.json']);
  await sw.activate();
  assert.deepEqual(await storage.files('otsenka-files'), BUILD);
  assert.deepEqual(await storage.files('otsenka-on-first-use'), LAZY);
  assert.deepEqual([...storage.stores.keys()].sort(), ['otsenka-files', 'otsenka-on-first-use']);
});

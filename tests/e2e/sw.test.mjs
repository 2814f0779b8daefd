// The service worker's caching rule, run in Node against stand-ins for the browser's fetch and
// Cache Storage (no browser needed): only the build's own files, with the build's bytes, from
// plain 200 responses are kept — a captive portal's page (a redirect, or a 200 with other
// bytes), an opaque or an error response never sticks as the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash, webcrypto } from 'node:crypto';
import vm from 'node:vm';

const sha = (text) => createHash('sha256').update(text).digest('hex');
const BUILD = { '/': '<html>app</html>', '/index.html': '<html>app</html>', '/app.wasm': 'wasm bytes', '/templates/msoko.json': '{"id":"msoko"}' };
const LAZY = { '/municipality.html': '<html>municipality</html>', '/templates/archive/msoko-2025.1.json': '{"old":1}' };
const PORTAL = '<html>Войдите в сеть Wi-Fi</html>';

const response = (body, { status = 200, type = 'basic', redirected = false } = {}) => {
  const bytes = new TextEncoder().encode(body);
  const make = () => ({
    status,
    ok: status >= 200 && status < 300,
    type,
    redirected,
    body,
    clone: make,
    arrayBuffer: async () => bytes.buffer.slice(0),
  });
  return make();
};

/** Loads public/sw.js as precache.mjs would write it, with `serve(path)` as the network. */
function worker(serve) {
  const all = { ...BUILD, ...LAZY };
  const digests = Object.fromEntries(Object.entries(all).map(([k, v]) => [k, sha(v)]));
  const source = readFileSync(new URL('../../public/sw.js', import.meta.url), 'utf8')
    .replace("'__OTSENKA_VERSION__'", '"test"')
    .replace('__OTSENKA_FILES__', JSON.stringify(Object.keys(BUILD)))
    .replace('__OTSENKA_LAZY__', JSON.stringify(Object.keys(LAZY)))
    .replace('__OTSENKA_DIGESTS__', JSON.stringify(digests));
  const stores = new Map();
  const open = async (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const m = stores.get(name);
    return { put: async (k, r) => void m.set(k, r), match: async (k) => m.get(k), addAll: async () => assert.fail('addAll keeps anything ok') };
  };
  const listeners = {};
  const self = { location: { origin: 'https://otsenka.test' }, addEventListener: (t, f) => (listeners[t] = f), clients: { claim: async () => {} }, skipWaiting() {} };
  const context = {
    self,
    caches: { open, keys: async () => [...stores.keys()], delete: async (k) => stores.delete(k) },
    fetch: async (key) => serve(typeof key === 'string' ? key : new URL(key.url).pathname),
    crypto: webcrypto,
    URL,
    Uint8Array,
    Array,
    Object,
    Promise,
    Error,
  };
  context.self.addEventListener = self.addEventListener;
  vm.runInNewContext(source, context);
  const cached = () => stores.get('otsenka-test') ?? new Map();
  const install = () => new Promise((resolve, reject) => listeners.install({ waitUntil: (p) => p.then(resolve, reject) }));
  const get = (path) =>
    new Promise((resolve, reject) => {
      const waits = [];
      listeners.fetch({
        request: { method: 'GET', url: `https://otsenka.test${path}`, mode: 'no-cors' },
        respondWith: (p) => p.then(async (r) => { await Promise.all(waits); resolve(r); }, reject),
        waitUntil: (p) => waits.push(p),
      });
    });
  return { install, get, cached };
}

const genuine = (path) => (path in BUILD || path in LAZY ? response({ ...BUILD, ...LAZY }[path]) : response('not found', { status: 404 }));

test('the install keeps exactly the build files, with their bytes', async () => {
  const sw = worker(genuine);
  await sw.install();
  assert.deepEqual([...sw.cached().keys()].sort(), Object.keys(BUILD).sort());
});

test('a captive portal during the install keeps nothing of it', async () => {
  for (const portal of [
    (path) => (path === '/app.wasm' ? response(PORTAL, { redirected: true }) : genuine(path)), // redirected to the login page
    (path) => (path === '/app.wasm' ? response(PORTAL) : genuine(path)), // answers 200 with its own page
    (path) => (path === '/' ? response(PORTAL) : genuine(path)),
    (path) => (path === '/templates/msoko.json' ? response('', { status: 0, type: 'opaque' }) : genuine(path)),
    (path) => (path === '/app.wasm' ? response('wasm bytes', { status: 206 }) : genuine(path)),
  ]) {
    const sw = worker(portal);
    await assert.rejects(sw.install(), /not this build's file/);
    for (const [, r] of sw.cached()) assert.notEqual(r.body, PORTAL);
    assert.ok(![...sw.cached().values()].some((r) => r.status !== 200 || r.type !== 'basic'));
  }
});

test('a file kept on first use is kept only when it is the build file', async () => {
  let network = (path) => response(PORTAL, { redirected: true });
  const sw = worker((path) => network(path));
  // Portal: the page gets its answer once, nothing is kept.
  assert.equal((await sw.get('/municipality.html')).body, PORTAL);
  network = (path) => response(PORTAL);
  assert.equal((await sw.get('/municipality.html')).body, PORTAL);
  network = () => response('', { status: 0, type: 'opaque' });
  await sw.get('/templates/archive/msoko-2025.1.json');
  // Not a file of the build: never kept, even as a plain 200.
  network = () => response('hello');
  await sw.get('/some/other/file.txt');
  assert.equal(sw.cached().size, 0);
  // The real file, once the network is the school's again, is kept and then served offline.
  network = genuine;
  await sw.get('/municipality.html');
  assert.deepEqual([...sw.cached().keys()], ['/municipality.html']);
  network = () => response(PORTAL);
  assert.equal((await sw.get('/municipality.html')).body, LAZY['/municipality.html']);
});

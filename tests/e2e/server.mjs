// A small static server for the built app: correct MIME types (wasm must be application/wasm
// for streaming compilation), no caching surprises, and the single-page-app fallback (any
// path without a file extension gets index.html, so /a/<id> reloads work).
// Used by the end-to-end tests (in-process, on a free port) and by `cargo xtask serve`.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8',
};

// Text and wasm are worth compressing; images and archives are not.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.wasm', '.css', '.json', '.webmanifest', '.svg', '.csv']);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * A slow line for `startServer`: each answer waits `latency` ms before its headers (the round
 * trip), then its body goes out at `bytesPerSecond` in all, shared round-robin among the answers
 * under way in chunks of `chunk` bytes — one 400 kbit/s line for the whole browser. Unlike
 * DevTools' network throttling, which never reaches a service worker, it slows the service
 * worker's precache as much as the page. `on = false` lets answers through at full speed.
 */
export function slowLine({ latency, bytesPerSecond, chunk = 1024 }) {
  const queue = [];
  let pumping = false;
  async function pump() {
    pumping = true;
    // A clock of when the line is next free, so timer lateness does not add up.
    let free = performance.now();
    while (queue.length) {
      const job = queue.shift();
      if (job.res.destroyed) continue;
      const piece = job.body.subarray(job.offset, job.offset + chunk);
      job.offset += piece.length;
      job.res.write(piece);
      if (job.offset < job.body.length) queue.push(job);
      else job.res.end();
      free = Math.max(free, performance.now() - 50) + (piece.length / bytesPerSecond) * 1000;
      await sleep(Math.max(0, free - performance.now()));
    }
    pumping = false;
  }
  return {
    on: true,
    async answer(res, status, headers, body) {
      if (!this.on) return res.writeHead(status, headers).end(body);
      await sleep(latency);
      if (res.destroyed) return;
      res.writeHead(status, headers);
      if (!body.length) return res.end();
      queue.push({ res, body, offset: 0 });
      if (!pumping) pump();
    },
  };
}

/**
 * Serves `dir`. With `compress`, answers as a static host set up for production does
 * (nginx's `brotli_static` / `gzip_static`): brotli at quality 11 where the browser accepts it,
 * else gzip, each file compressed once and kept (the benchmark and `cargo xtask serve`).
 * With `served` (an array), each answered file is pushed to it as `{ path, bytes }` (the bytes
 * sent), for tests and the benchmark that count what a browser downloads. With `line` (a
 * `slowLine`), every answer goes through that line. The server's `serve(other)` makes it serve
 * another folder from then on (a new deployment at the same address).
 */
export function startServer(dir, port = 0, host = '127.0.0.1', { compress = false, served = null, line = null } = {}) {
  let root = resolve(dir);
  const answer = (res, status, headers, body) => (line ? line.answer(res, status, headers, body) : res.writeHead(status, headers).end(body));
  const packed = new Map();
  const pack = (file, mtime, body, encoding) => {
    const key = `${encoding} ${file}`;
    const hit = packed.get(key);
    if (hit?.mtime === mtime) return hit.body;
    const out =
      encoding === 'br'
        ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
        : gzipSync(body, { level: 9 });
    packed.set(key, { mtime, body: out });
    return out;
  };
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info && !extname(path)) {
        file = join(root, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info) {
        await answer(res, 404, { 'content-type': 'text/plain' }, Buffer.from('not found'));
        return;
      }
      let body = await readFile(file);
      const headers = {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      };
      if (compress && COMPRESSIBLE.has(extname(file))) {
        const accepted = String(req.headers['accept-encoding'] ?? '');
        const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
        if (encoding) {
          body = pack(file, info.mtimeMs, body, encoding);
          headers['content-encoding'] = encoding;
          headers.vary = 'accept-encoding';
        }
      }
      served?.push({ path, bytes: body.length });
      await answer(res, 200, headers, body);
    } catch (e) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(e));
    }
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      done({
        url: `http://${host}:${actual}`,
        close: () => new Promise((c) => server.close(c)),
        serve: (other) => {
          root = resolve(other);
          packed.clear();
        },
      });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir = 'dist', port = '8080'] = process.argv.slice(2);
  const { url } = await startServer(dir, Number(port), '127.0.0.1', { compress: true });
  console.log(`Otsenka is served at ${url}/ (Ctrl+C stops it)`);
}

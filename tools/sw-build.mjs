// Builds the service worker: Rollup bundles public/sw.js with Workbox's precaching (from
// tools/node_modules, pinned in tools/package-lock.json: nothing is loaded from elsewhere at run
// time), Terser minifies it, and workbox-build's injectManifest writes the file list of a build
// into it. Used by the post-build hook (tools/precache.mjs) and by tests/e2e/sw.test.mjs.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { minify } from 'terser';
import workboxBuild from 'workbox-build';

const SOURCE = fileURLToPath(new URL('../public/sw.js', import.meta.url));
const MODULES = fileURLToPath(new URL('./node_modules', import.meta.url));
export const INJECTION_POINT = 'self.__WB_MANIFEST';

/** The service worker as one classic script, `self.__WB_MANIFEST` still in it. */
export async function bundleWorker() {
  const bundle = await rollup({
    input: SOURCE,
    plugins: [
      nodeResolve({ modulePaths: [MODULES] }),
      // Workbox's development logging and assertions go.
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    ],
  });
  const { output } = await bundle.generate({ format: 'iife' });
  await bundle.close();
  const { code } = await minify(output[0].code, { compress: true, mangle: true });
  if (code.split(INJECTION_POINT).length !== 2) throw new Error(`sw-build: ${INJECTION_POINT} is not in the bundled worker exactly once`);
  return code;
}

const integrity = (bytes) => `sha256-${createHash('sha256').update(bytes).digest('base64')}`;

/**
 * Writes `dir`/sw.js for the files in `dir` (every file but sw.js itself): each listed as
 * `{ url: '/path', revision, integrity }`. Fails on any warning of workbox-build (a file it
 * would leave out, for one): the offline copy must hold the whole build.
 */
export async function writeWorker(dir) {
  const scratch = await mkdtemp(join(tmpdir(), 'otsenka-sw-'));
  try {
    const source = join(scratch, 'sw.js');
    await writeFile(source, await bundleWorker());
    const { count, size, warnings } = await workboxBuild.injectManifest({
      swSrc: source,
      swDest: join(dir, 'sw.js'),
      globDirectory: dir,
      globPatterns: ['**/*'],
      globIgnores: ['sw.js'],
      injectionPoint: INJECTION_POINT,
      maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
      manifestTransforms: [
        async (entries) => ({
          manifest: await Promise.all(
            entries.map(async (entry) => ({ ...entry, url: `/${entry.url}`, integrity: integrity(await readFile(join(dir, entry.url))) })),
          ),
          warnings: [],
        }),
      ],
    });
    if (warnings.length) throw new Error(`sw-build: ${warnings.join('; ')}`);
    return { count, size };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

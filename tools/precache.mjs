// Run by tools/minify.mjs (the post-build hook) after minifying: writes dist/sw.js, the service
// worker bundled with Workbox and the list of every file of this build (tools/sw-build.mjs).
// Each file has a revision and an integrity, so the worker precaches exactly this build and a
// new build fetches only the files that changed.
import { writeWorker } from './sw-build.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('precache.mjs: TRUNK_STAGING_DIR is not set (run it as a Trunk hook)');
  process.exit(1);
}
const { count, size } = await writeWorker(dir);
console.log(`precache.mjs: sw.js lists ${count} files, ${(size / 1024).toFixed(0)} KiB`);

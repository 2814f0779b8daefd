// The English texts live in public/en.json (fetched when English is chosen, to keep them out
// of the first view's bundle); the app reads its values in the order of `Tr`'s fields. This
// keeps the two in step: the same names, in the same order, none empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

test('en.json has exactly the texts of Tr, in order', async () => {
  const source = await readFile('app/src/i18n.rs', 'utf8');
  const block = source.match(/\ntexts! \{\n([\s\S]*?)\n\}/);
  assert.ok(block, 'the texts! list in app/src/i18n.rs');
  const fields = block[1].split(',').map((s) => s.trim()).filter(Boolean);
  assert.ok(fields.length > 100, `${fields.length} fields`);
  const en = JSON.parse(await readFile('public/en.json', 'utf8'));
  assert.deepEqual(Object.keys(en), fields);
  for (const [key, value] of Object.entries(en)) {
    assert.equal(typeof value, 'string', key);
    assert.notEqual(value.trim(), '', key);
  }
  // And the Russian texts: one per field too (the compiler checks the names).
  const ru = source.slice(source.indexOf('pub static RU: Tr = Tr {'));
  for (const f of fields) assert.match(ru, new RegExp(`\\n    ${f}:`), f);
});

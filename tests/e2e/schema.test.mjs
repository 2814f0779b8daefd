// The published JSON Schema (docs/template.schema.json) describes the files the app reads:
// every built-in template and the valid example pass it; the structurally wrong example fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import Ajv2020 from 'ajv/dist/2020.js';

const root = new URL('../../', import.meta.url);
const read = async (path) => JSON.parse(await readFile(new URL(path, root), 'utf8'));

const schema = await read('docs/template.schema.json');
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(schema);

test('every built-in template matches the published schema', async () => {
  const dir = new URL('crates/templates/data/', root);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 1);
  for (const file of files) {
    const ok = validate(await read(`crates/templates/data/${file}`));
    assert.ok(ok, `${file}: ${JSON.stringify(validate.errors)}`);
  }
});

test('the example region template matches; a file with an unknown key, both a scale and choices, or an unknown tone does not', async () => {
  const example = await read('tests/e2e/fixtures/school-climate.json');
  assert.ok(validate(example), JSON.stringify(validate.errors));
  const typo = structuredClone(example);
  typo.sections[0].items[0].evidense = true;
  assert.equal(validate(typo), false);
  const both = structuredClone(example);
  both.sections[0].items[1].scale = 'yes_no';
  assert.equal(validate(both), false, 'an item has either a scale or choices');
  const yesNo = structuredClone(example);
  yesNo.sections[1].items[0] = { id: 'B.1', label: 'Есть вакансии', kind: 'yes_no', good: 'no' };
  assert.ok(validate(yesNo), JSON.stringify(validate.errors));
  const yesNoWithChoices = structuredClone(yesNo);
  yesNoWithChoices.sections[1].items[0].choices = example.sections[0].items[1].choices;
  assert.equal(validate(yesNoWithChoices), false, 'a yes_no item has no choices of its own');
  const tone = structuredClone(example);
  tone.levels[0].tone = 'green';
  assert.equal(validate(tone), false);
});

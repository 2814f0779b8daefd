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

test('every built-in template matches the published schema and is registered in the templates crate', async () => {
  const dir = new URL('crates/templates/data/', root);
  // index.json is the home page's list of the built-ins and archive.json the list of the
  // earlier versions kept, not templates; the earlier versions (archive/) are templates too.
  const files = [
    ...(await readdir(dir)).filter((f) => f.endsWith('.json') && f !== 'index.json' && f !== 'archive.json'),
    ...(await readdir(new URL('archive/', dir))).map((f) => `archive/${f}`),
  ].sort();
  assert.deepEqual(
    files.filter((f) => ['msoko.json', 'msoko-school.json', 'shnor.json', 'decisions.json', 'workshop.json', 'archive/msoko-2025.3.json'].includes(f)),
    ['archive/msoko-2025.3.json', 'decisions.json', 'msoko-school.json', 'msoko.json', 'shnor.json', 'workshop.json'],
  );
  const lib = await readFile(new URL('crates/templates/src/lib.rs', root), 'utf8');
  for (const file of files) {
    const ok = validate(await read(`crates/templates/data/${file}`));
    assert.ok(ok, `${file}: ${JSON.stringify(validate.errors)}`);
    assert.ok(lib.includes(`include_str!("../data/${file}")`), `${file} is listed in BUILT_IN or ARCHIVED`);
  }
});

// One item of every kind, with the keys that kind takes.
const everyKind = {
  format: 1, id: 'kinds', version: '1', title: { ru: 'Все виды', en: 'Every kind' },
  scales: { ypn: [{ value: 'yes', label: 'да', points: 2 }, { value: 'no', label: 'нет' },
                  { value: 'na', label: 'не применимо', not_applicable: true }] },
  levels: [{ min: 70, label: 'низкий риск', tone: 'good' }, { min: 0, label: 'высокий риск', tone: 'bad' }],
  sections: [
    { id: 'G', title: 'Группа', sections: [
      { id: 'A', title: 'Баллы', levels: [{ min: 0, label: 'любой', tone: 'medium' }], items: [
        { id: 'c', label: 'Выбор', kind: 'choice', scale: 'ypn', evidence: true, comment: true, weight: 2 },
        { id: 'y', label: 'Есть вакансии', kind: 'yes_no', good: 'no' },
        { id: 'l', label: 'Анкета', kind: 'likert', points: 5, labels: ['нет', 'да'], reverse: true },
        { id: 'm', label: 'Риски', kind: 'multi', max_choices: 2, required: true,
          choices: [{ value: 'r1', label: 'Р1' }, { value: 'r2', label: 'Р2' }] },
        { id: 'n', label: 'Число', kind: 'number', min: 0, max: 50, integer: false, unit: 'чел.',
          bands: [{ max: 5, points: 2 }, { min: 5, points: 0 }] },
        { id: 'p', label: 'Доля', kind: 'percentage', visible_if: '[y] = "yes"',
          bands: [{ min: 20, points: 0 }, { min: 10, max: 20, points: 1 }, { max: 10, points: 2 }] },
        { id: 'k', label: 'Сколько', kind: 'count', visible_if: 'y = "yes" и [p] >= 10', bands: [{ max: 1, points: 1 }] },
      ] },
    ] },
    { id: 'B', title: 'Без баллов', visible_if: '"r1" in [m]', items: [
      { id: 't', label: 'Текст', kind: 'text', pattern: '\\d{10}', message: '10 цифр' },
      { id: 'lt', label: 'Длинный текст', kind: 'long_text' },
      { id: 'd', label: 'Дата', kind: 'date', required: true },
      { id: 'e', label: 'Документ', kind: 'evidence' },
      { id: 'tb', label: 'План', kind: 'table', columns: [
        { id: 'what', label: 'Что', kind: 'long_text', required: true },
        { id: 'when', label: 'Срок', kind: 'deadline' },
        { id: 'n', label: 'Число', kind: 'number' },
        { id: 'on', label: 'Дата', kind: 'date' },
        { id: 'who', label: 'Кто' },
        { id: 'st', label: 'Статус', kind: 'choice', choices: [{ value: 'a', label: 'А' }, { value: 'b', label: 'Б' }] },
      ] },
    ] },
  ],
};

test('every item kind, nested sections and conditions match; keys that a kind does not take do not', () => {
  assert.ok(validate(everyKind), JSON.stringify(validate.errors));
  const items = (t) => t.sections[0].sections[0].items;
  const refused = (why, change) => {
    const t = structuredClone(everyKind);
    change(t);
    assert.equal(validate(t), false, why);
  };
  refused('bands on a text item', (t) => { t.sections[1].items[0].bands = [{ points: 1 }]; });
  refused('a pattern on a number', (t) => { items(t)[4].pattern = '\\d+'; });
  refused('a likert item with choices', (t) => { items(t)[2].choices = t.scales.ypn; });
  refused('likert with 12 points', (t) => { items(t)[2].points = 12; });
  refused('good on a likert item', (t) => { items(t)[2].good = 'yes'; });
  refused('a multi without options', (t) => { delete items(t)[3].choices; });
  refused('max_choices on a single choice', (t) => { items(t)[0].max_choices = 1; });
  refused('min on a count', (t) => { items(t)[6].min = 0; });
  refused('a unit on a percentage', (t) => { items(t)[5].unit = '%'; });
  refused('a band without points', (t) => { items(t)[4].bands[0] = { max: 5 }; });
  refused('evidence on a date', (t) => { t.sections[1].items[2].evidence = true; });
  refused('a table without columns', (t) => { delete t.sections[1].items[4].columns; });
  refused('an unknown column kind', (t) => { t.sections[1].items[4].columns[0].kind = 'money'; });
  refused('a choice column without choices', (t) => { delete t.sections[1].items[4].columns[5].choices; });
  refused('choices on a text column', (t) => { t.sections[1].items[4].columns[4].choices = [{ value: 'a', label: 'А' }, { value: 'b', label: 'Б' }]; });
  refused('an unknown item kind', (t) => { items(t)[0].kind = 'slider'; });
  refused('a section with both items and sections', (t) => { t.sections[1].sections = t.sections[0].sections; });
  refused('sections nested two levels', (t) => { t.sections[0].sections[0] = structuredClone(t.sections[0]); });
  refused('levels on a group', (t) => { t.sections[0].levels = t.levels; });
  refused('a condition on a group', (t) => { t.sections[0].visible_if = '[y] = "yes"'; });
  refused('an empty condition', (t) => { items(t)[5].visible_if = ''; });
  const ok = structuredClone(everyKind);
  items(ok)[0].evidence = false;
  ok.sections[1].items[2].evidence = false;
  assert.ok(validate(ok), 'evidence: false is allowed on any kind');
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

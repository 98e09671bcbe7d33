/**
 * schemas/s3-replication-doctor-config.schema.json: generated from the rule registry (stale when a
 * rule is added without `npm run docs`), and in agreement with the parser that enforces it: what
 * the schema rejects the parser reports as config-invalid, and the other way round. Unknown rule
 * ids are the one deliberate difference: the schema accepts them (completion lists the real ones),
 * the parser warns with the closest id.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { parseProjectConfig } from '../../src/core/projectConfig/parse';
import { CONFIG_SCHEMA_PATH, configSchemaText } from '../../src/core/projectConfig/schema';
import { CONFIG_INVALID } from '../../src/core/projectConfig/types';
import { ALL_RULES } from '../../src/core/rules';
import { DOCUMENT_KINDS } from '../../src/core/classify';
import manifest from '../../package.json';

const ROOT = join(__dirname, '..', '..');
const shipped = readFileSync(join(ROOT, CONFIG_SCHEMA_PATH), 'utf8');
const ajv = new Ajv({ allErrors: true, strict: true, keywords: ['enumDescriptions'] });
const validate = ajv.compile(JSON.parse(shipped));

const SAMPLES: [string, unknown, boolean][] = [
  ['empty', {}, true],
  ['everything', { $schema: './x.json', rules: { 'iam-*': 'warning', 'rc-rule-id-missing': 'off' }, ignores: ['legacy/', '/a.json'], fileKinds: { 'r/*.json': 'trust-policy' } }, true],
  ['an unknown top-level member', { ignore: [] }, false],
  ['a bad severity', { rules: { 'rc-rule-id-missing': 'warn' } }, false],
  ['a numeric severity', { rules: { 'rc-rule-id-missing': 2 } }, false],
  ['an ESLint array', { rules: { 'rc-rule-id-missing': ['error'] } }, false],
  ['a malformed family', { rules: { 'iam*x*': 'off' } }, false],
  ['ignores as a string', { ignores: 'legacy/' }, false],
  ['an empty ignore', { ignores: [''] }, false],
  ['a negated ignore', { ignores: ['!keep.json'] }, false],
  ['a backslash ignore', { ignores: ['a\\b.json'] }, false],
  ['an unknown kind', { fileKinds: { 'a.json': 'role' } }, false],
  ['an empty glob', { fileKinds: { '': 'unrelated' } }, false],
  ['rules as an array', { rules: [] }, false],
  ['$schema as a number', { $schema: 1 }, false],
];

describe('s3-replication-doctor-config.schema.json', () => {
  it('is what the rule registry generates (run `npm run docs` after changing rules)', () => {
    assert.equal(shipped, configSchemaText());
  });

  it('completes every rule id with its summary, and offers every document kind', () => {
    const schema = JSON.parse(shipped) as { properties: { rules: { properties: Record<string, { description: string }> }; fileKinds: { additionalProperties: { enum: string[] } } } };
    for (const r of ALL_RULES) assert.ok(schema.properties.rules.properties[r.id]?.description.includes(r.summary.split('\n')[0].slice(0, 20)), r.id);
    assert.deepEqual(schema.properties.fileKinds.additionalProperties.enum, [...DOCUMENT_KINDS]);
  });

  for (const [name, value, valid] of SAMPLES) {
    it(`${valid ? 'accepts' : 'rejects'} ${name}, as the parser does`, () => {
      assert.equal(validate(value), valid, JSON.stringify(validate.errors));
      const invalid = parseProjectConfig('c.json', JSON.stringify(value)).problems.filter((p) => p.ruleId === CONFIG_INVALID);
      assert.equal(invalid.length === 0, valid, invalid.map((p) => p.message).join('; '));
    });
  }

  it('accepts an unknown rule id that the parser only warns about', () => {
    assert.equal(validate({ rules: { 'iam-list-buckett': 'off' } }), true);
    assert.deepEqual(parseProjectConfig('c.json', '{"rules": {"iam-list-buckett": "off"}}').problems.map((p) => p.severity), ['warning']);
  });

  it('is registered for exactly .s3-replication-doctor.json, which the replication schema leaves alone, and opens as JSON with comments', () => {
    const contributes = manifest.contributes as { jsonValidation: { fileMatch: string[]; url: string }[]; languages: { id: string; filenames: string[] }[] };
    const ours = contributes.jsonValidation.filter((j) => j.url === `./${CONFIG_SCHEMA_PATH}`);
    assert.deepEqual(ours.map((j) => j.fileMatch), [['.s3-replication-doctor.json']]);
    for (const j of contributes.jsonValidation.filter((x) => x !== ours[0])) {
      const matchesByName = j.fileMatch.some((m) => !m.startsWith('!') && new RegExp(`^${m.replace(/\./g, '\\.').replace(/\*/g, '.*')}$`).test('.s3-replication-doctor.json'));
      if (matchesByName) assert.equal(j.fileMatch[j.fileMatch.length - 1], '!.s3-replication-doctor.json', `${j.url} would validate the configuration file`);
    }
    assert.ok(contributes.languages.some((l) => l.id === 'jsonc' && l.filenames.includes('.s3-replication-doctor.json')));
  });
});

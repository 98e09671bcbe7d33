/**
 * schemas/s3-replication.schema.json, compiled with Ajv (present through @vscode/vsce): it accepts
 * what AWS documents, both bare and wrapped, and rejects only type, enum, required and unknown-member
 * mistakes; semantic checks stay with the rules.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { VALID_EXAMPLES } from '../core/rules/config/validExamples';
import { config, v2Rule } from '../core/rules/config/fixtures';

const ROOT = join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/s3-replication.schema.json'), 'utf8'));
const WALKTHROUGH = join(ROOT, '../shared/examples/seed-walkthrough/replication-config.json');

// VS Code's own keywords (completion snippets) are annotations here.
// strictRequired is off because `if: {required: [...]}` deliberately names a member defined elsewhere.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, keywords: ['defaultSnippets'] });
const validate = ajv.compile(schema);

function errors(text: string): string[] {
  return validate(JSON.parse(text)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('s3-replication.schema.json', () => {
  it('accepts the walkthrough file: its defects are semantic, for the rules to report', () => {
    assert.deepEqual(errors(readFileSync(WALKTHROUGH, 'utf8')), []);
  });

  for (const [name, text] of Object.entries(VALID_EXAMPLES)) {
    it(`accepts ${name}`, () => assert.deepEqual(errors(text), []));
  }

  it('rejects wrong enums, types, missing required members and unknown members', () => {
    assert.ok(errors(config([v2Rule({ Status: 'enabled' })])).some((e) => e.startsWith('/Rules/0/Status')));
    assert.ok(errors(config([v2Rule({ Priority: '1' })])).some((e) => e.startsWith('/Rules/0/Priority')));
    assert.ok(errors(config([v2Rule({ Destination: undefined })])).some((e) => e.includes("must have required property 'Destination'")));
    assert.ok(errors(config([v2Rule({ DeleteMarkerReplicaton: { Status: 'Disabled' } })])).some((e) => e.includes('additional properties')));
    assert.ok(errors(JSON.stringify({ ReplicationConfiguration: JSON.parse(config([v2Rule()])), Extra: 1 })).length > 0);
  });

  it('does not turn semantic rules into schema errors', () => {
    // V2 without DeleteMarkerReplication or Priority, bucket names, duplicate priorities: the rules' business.
    const semantic = config([v2Rule({ DeleteMarkerReplication: undefined, Priority: undefined, Destination: { Bucket: 'name-not-arn' } }), v2Rule({ ID: 'b' })]);
    assert.deepEqual(errors(semantic), []);
  });

  it('describes every property, for hovers', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      for (const [key, prop] of Object.entries((n.properties as Record<string, Record<string, unknown>>) ?? {})) {
        if (!prop.description && !prop.$ref) missing.push(`${path}.${key}`);
      }
      for (const [key, child] of Object.entries(n)) walk(child, `${path}.${key}`);
    };
    walk(schema, '#');
    assert.deepEqual(missing, []);
  });
});

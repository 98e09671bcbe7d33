/**
 * The schemas as served to VS Code's JSON server (schemaLabels.ts): every message they can produce
 * names S3 Replication Doctor, and they accept exactly the documents the shipped schemas accept
 * (Ajv, over the corpus, the walkthrough and broken variants).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { labelSchema, SCHEMA_LABEL } from '../../src/editor/schemaLabels';

const ROOT = join(__dirname, '..', '..');
const load = (file: string) => JSON.parse(readFileSync(join(ROOT, 'schemas', file), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, keywords: ['defaultSnippets', 'errorMessage', 'patternErrorMessage'] });

/** Every schema node the service validates with (not under `if` or `not`, whose problems are never shown). */
function nodes(schema: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(schema)) schema.forEach((s) => nodes(s, out));
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return out;
  const s = schema as Record<string, unknown>;
  out.push(s);
  for (const [k, v] of Object.entries(s)) {
    if (['if', 'not', 'defaultSnippets', 'enum', 'const', 'examples', 'default'].includes(k)) continue;
    if (['properties', 'definitions', 'patternProperties'].includes(k) && typeof v === 'object' && v) Object.values(v).forEach((c) => nodes(c, out));
    else if (typeof v === 'object') nodes(v, out);
  }
  return out;
}

function jsonFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) jsonFiles(p, out);
    else if (name.endsWith('.json')) out.push(p);
  }
  return out;
}

describe('editor: JSON schemas as served, with messages that name us', () => {
  for (const file of ['s3-replication.schema.json', 'iam-policy.schema.json']) {
    it(`${file}: every enum, type, closed object and pattern carries a message naming us; required members become labelled checks`, () => {
      const labelled = labelSchema(load(file));
      const all = nodes(labelled);
      const enums = all.filter((n) => Array.isArray(n.enum));
      assert.ok(enums.length > 0, `${enums.length} enums`);
      for (const n of enums) {
        assert.ok(typeof n.errorMessage === 'string' && n.errorMessage.startsWith(`${SCHEMA_LABEL}: expected `), JSON.stringify(n.errorMessage));
        for (const v of n.enum as unknown[]) assert.ok((n.errorMessage as string).includes(JSON.stringify(v)), `${n.errorMessage as string} lists ${JSON.stringify(v)}`);
      }
      for (const n of all.filter((x) => x.type !== undefined || x.additionalProperties === false)) assert.match(String(n.errorMessage), new RegExp(`^${SCHEMA_LABEL}: `));
      for (const n of all.filter((x) => typeof x.pattern === 'string')) assert.match(String(n.patternErrorMessage), new RegExp(`^${SCHEMA_LABEL}: `));
      assert.deepEqual(all.filter((n) => Array.isArray(n.required)).length, 0, 'no bare required left where problems are shown');
      const missing = all.filter((n) => typeof n.errorMessage === 'string' && n.errorMessage.startsWith(`${SCHEMA_LABEL}: missing `));
      const demanded = nodes(load(file)).flatMap((n) => (Array.isArray(n.required) ? n.required : []));
      assert.equal(missing.length, demanded.length, 'one labelled check per required member');
    });
  }

  it('accepts and rejects exactly what the shipped schemas do: the corpus, the walkthrough, broken documents', function () {
    this.timeout(60_000);
    const docs = [...jsonFiles(join(ROOT, '../shared/corpus')), ...jsonFiles(join(ROOT, '../shared/examples'))].flatMap((p) => {
      try {
        return [JSON.parse(readFileSync(p, 'utf8')) as unknown];
      } catch {
        return [];
      }
    });
    const broken: unknown[] = [
      { Role: 'arn:aws:iam::111122223333:role/r', Rules: [{ Status: 'On', Destination: { Bucket: 'arn:aws:s3:::d' } }] },
      { Role: 'arn:aws:iam::111122223333:role/r', Rules: [{ Status: 'Enabled' }] },
      { Role: 'arn:aws:iam::111122223333:role/r', Rules: [{ Status: 'Enabled', Destination: { Bucket: 'arn:aws:s3:::d', Extra: 1 }, Priority: 'one' }] },
      { ReplicationConfiguration: { Role: 'r', Rules: [] }, Extra: 1 },
      { Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }] },
      { Version: '2012-10-17', Statement: [{ Action: 's3:GetObject' }] },
      { Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: 5, Action: 's3:GetObject', Resource: '*' } },
      { Role: { AssumeRolePolicyDocument: { Statement: [{ Effect: 'Alow' }] } } },
      {},
      [],
      'text',
    ];
    let rejected = 0;
    for (const file of ['s3-replication.schema.json', 'iam-policy.schema.json']) {
      const plain = ajv.compile(load(file));
      const served = ajv.compile(labelSchema(load(file)) as object);
      for (const doc of [...docs, ...broken]) {
        const verdict = plain(doc);
        if (!verdict) rejected++;
        assert.equal(served(doc), verdict, `${file} on ${JSON.stringify(doc).slice(0, 200)}`);
      }
    }
    assert.ok(docs.length > 2_000 && rejected >= broken.length, `${docs.length} documents, ${rejected} rejected`);
  });
});

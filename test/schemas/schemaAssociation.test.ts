/**
 * What VS Code's JSON service does with our `contributes.jsonValidation`: every schema whose
 * `fileMatch` matches a file's name applies to it (all together), whatever the file holds. The
 * schemas therefore guard themselves by content: a file whose name matches and whose content is of
 * another kind gets no warning from them (issue: a role policy saved as `s3-replication-policy.json`
 * got "Missing property Role / Rules" on every line). Checked with Ajv, against the manifest's own
 * patterns.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { labelSchema } from '../../src/editor/schemaLabels';

const ROOT = join(__dirname, '..', '..');
const WALKTHROUGH = join(ROOT, '../shared/examples/seed-walkthrough');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { jsonValidation: { fileMatch: string[]; url: string }[] } };

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, keywords: ['defaultSnippets', 'errorMessage', 'patternErrorMessage'] });
const compiled = new Map<string, ValidateFunction[]>();
/** The schema file behind a manifest url: the extension serves `schemas/<file>` under its own scheme (schemaProvider.ts). */
const schemaFile = (url: string) => join(ROOT, url.replace(/^s3-replication-doctor-schema:\/\/schemas\//, 'schemas/'));
/** The schema as shipped and as served (labelled messages): they must judge alike. */
const validators = (url: string): ValidateFunction[] => {
  let v = compiled.get(url);
  if (!v) {
    const schema = JSON.parse(readFileSync(schemaFile(url), 'utf8')) as object;
    v = [ajv.compile(schema), ajv.compile(labelSchema(schema) as object)];
    compiled.set(url, v);
  }
  return v;
};
const SCHEME_URL = (file: string) => `s3-replication-doctor-schema://schemas/${file}`;

/** VS Code matches a pattern without `/` against the file name; `!` excludes. */
function matches(patterns: readonly string[], fileName: string): boolean {
  const test = (p: string) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`).test(fileName);
  return patterns.some((p) => !p.startsWith('!') && test(p)) && !patterns.some((p) => p.startsWith('!') && test(p.slice(1)));
}

/** The schemas that apply to a file of this name, and what they say about its content. */
function schemaErrors(fileName: string, content: unknown): { schemas: string[]; errors: string[] } {
  const applying = manifest.contributes.jsonValidation.filter((v) => matches(v.fileMatch, fileName));
  const errors = applying.flatMap((v) => {
    const [plain, served] = validators(v.url);
    const ok = plain(content);
    assert.equal(served(content), ok, `${v.url}: the served (labelled) schema judges ${JSON.stringify(content)} as the plain one`);
    return ok ? [] : (plain.errors ?? []).map((e) => `${v.url}: ${e.instancePath} ${e.message}`);
  });
  return { schemas: applying.map((v) => v.url), errors };
}

const walkthrough = (name: string): unknown => JSON.parse(readFileSync(join(WALKTHROUGH, name), 'utf8'));

describe('JSON schemas: applied by name, judged by content', () => {
  it('gives a role policy named s3-replication-policy.json (the walkthrough inline policy\'s name) no replication-schema warning, and checks it as a policy', () => {
    const { schemas, errors } = schemaErrors('s3-replication-policy.json', walkthrough('role-policy.json'));
    assert.deepEqual(schemas.sort(), [SCHEME_URL('iam-policy.schema.json'), SCHEME_URL('s3-replication.schema.json')], 'both patterns match the name');
    assert.deepEqual(errors, []);
    // It is still checked as a policy: a grammar mistake in it is reported, by the policy schema only.
    const broken = schemaErrors('s3-replication-policy.json', { Version: '2012-10-17', Statement: [{ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }] });
    assert.ok(broken.errors.length > 0 && broken.errors.every((e) => e.startsWith(SCHEME_URL('iam-policy.schema.json'))), broken.errors.join('\n'));
  });

  it('gives a replication configuration named replication-policy.json no policy-schema warning, and checks it as a configuration', () => {
    assert.deepEqual(schemaErrors('replication-policy.json', walkthrough('replication-config.json')).errors, []);
    const broken = schemaErrors('replication-policy.json', { Role: 'arn:aws:iam::123456789012:role/r', Rules: [{ Status: 'On', Destination: { Bucket: 'arn:aws:s3:::d' } }] });
    assert.ok(broken.errors.length > 0 && broken.errors.every((e) => e.startsWith(SCHEME_URL('s3-replication.schema.json'))), broken.errors.join('\n'));
  });

  it('leaves other people\'s files alone: content-security-policy.json, db-replication.json, a trust-store file', () => {
    const csp = { 'default-src': ["'self'"], 'script-src': ["'self'", 'https://cdn.example'], reportOnly: false };
    const db = { primary: 'db-1', replicas: ['db-2', 'db-3'], mode: 'async', Rules: 'not ours either' };
    const trust = { trustStore: '/etc/ssl/certs', Role: 'admin' };
    for (const [name, content] of [['content-security-policy.json', csp], ['db-replication.json', db], ['ca-trust.json', trust], ['policy.json', []]] as const) {
      const { schemas, errors } = schemaErrors(name, content);
      assert.ok(schemas.length > 0, `${name}: a schema pattern matches its name`);
      assert.deepEqual(errors, [], name);
    }
  });

  it('still checks the walkthrough files under their own names, and knows the wrapped forms', () => {
    for (const name of ['replication-config.json', 'role-policy.json', 'trust-policy.json']) assert.deepEqual(schemaErrors(name, walkthrough(name)).errors, [], name);
    const wrapped = schemaErrors('trust-policy.json', { Role: { RoleName: 'r', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Alow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] } } });
    assert.ok(wrapped.errors.some((e) => /Effect/.test(e) || /allowed values/.test(e)), wrapped.errors.join('\n'));
    const config = schemaErrors('replication.json', { ReplicationConfiguration: { Role: 'r', Rules: [] }, Extra: 1 });
    assert.ok(config.errors.length > 0, 'the get-bucket-replication wrapper takes nothing else');
  });
});

/**
 * schemas/iam-policy.schema.json (what VS Code's JSON service uses for completion and hover on
 * `*policy*.json` and `*trust*.json`), compiled with Ajv: it accepts the policies AWS documents,
 * bare and wrapped, and rejects only grammar mistakes; what a policy must grant stays with the rules.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';

const ROOT = join(__dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/iam-policy.schema.json'), 'utf8'));
const WALKTHROUGH = join(ROOT, '../shared/examples/seed-walkthrough');

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, keywords: ['defaultSnippets'] });
const validate = ajv.compile(schema);

function errors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

const policy = (statements: unknown) => ({ Version: '2012-10-17', Statement: statements });
const S3_TRUST = { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' };

describe('iam-policy.schema.json', () => {
  it('accepts the walkthrough role and trust policies', () => {
    for (const name of ['role-policy.json', 'trust-policy.json']) {
      assert.deepEqual(errors(JSON.parse(readFileSync(join(WALKTHROUGH, name), 'utf8'))), [], name);
    }
  });

  it('accepts bucket policies with Sids in prose, conditions with qualifiers, principals of every kind', () => {
    const bucket = {
      Version: '2012-10-17',
      Id: 'PolicyForDestinationBucket',
      Statement: [
        { Sid: 'Permissions on objects', Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:role/r', '444455556666'] }, Action: ['s3:ReplicateObject'], Resource: 'arn:aws:s3:::dest/*' },
        { Effect: 'Deny', Principal: '*', NotAction: 's3:Get*', NotResource: ['arn:aws:s3:::dest'], Condition: { 'ForAnyValue:StringNotLikeIfExists': { 'aws:PrincipalArn': ['arn:aws:iam::*:role/r'] }, Bool: { 'aws:SecureTransport': false }, Null: { 'aws:SourceVpce': 'true' } } },
      ],
    };
    assert.deepEqual(errors(bucket), []);
  });

  it('accepts the wrapped forms: put-role-policy input and get-role output', () => {
    assert.deepEqual(errors({ RoleName: 'replication', PolicyName: 'p', PolicyDocument: policy([{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' }]) }), []);
    assert.deepEqual(errors({ Role: { RoleName: 'replication', Arn: 'arn:aws:iam::111122223333:role/replication', AssumeRolePolicyDocument: policy([S3_TRUST]) } }), []);
  });

  it('rejects grammar mistakes: Effect case, unknown elements, unknown operators, bad principals, a date as Version', () => {
    assert.ok(errors(policy([{ ...S3_TRUST, Effect: 'allow' }])).some((e) => e.startsWith('/Statement/0/Effect')));
    assert.ok(errors(policy([{ Effect: 'Allow', Action: 's3:ListBucket', Resources: '*' }])).some((e) => e.includes('additional properties')));
    assert.ok(errors(policy([{ ...S3_TRUST, Condition: { StringEqual: { 'aws:SourceAccount': '1' } } }])).length > 0);
    assert.ok(errors(policy([{ ...S3_TRUST, Principal: { Services: 's3.amazonaws.com' } }])).length > 0);
    assert.ok(errors({ Version: '2024-01-01', Statement: [S3_TRUST] }).some((e) => e.startsWith('/Version')));
  });

  it('describes every property it offers for completion', () => {
    const undocumented: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      for (const [key, value] of Object.entries((o.properties as Record<string, Record<string, unknown>>) ?? {})) {
        if (!value.description && !value.$ref) undocumented.push(`${path}.${key}`);
      }
      for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
    };
    walk(schema, '#');
    assert.deepEqual(undocumented, []);
  });
});

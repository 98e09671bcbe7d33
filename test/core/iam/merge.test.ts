import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../../src/core/document';
import { evaluate } from '../../../src/core/iam/evaluate';
import { appendStatements, Grant, mergeGrants } from '../../../src/core/iam/merge';
import { policyView } from '../../../src/core/iam/policy';
import { json } from '../../helpers';

const WALKTHROUGH = join(__dirname, '../../../../shared/examples/seed-walkthrough');

function allows(text: string, g: Grant, principal?: { arn: string; account?: string }): boolean {
  const view = policyView(parseDocument({ uri: 'p.json', text, kind: principal ? 'bucket-policy' : 'permission-policy' }));
  assert.ok(view);
  return evaluate([view], { ...g, principal }).decision === 'allowed';
}

const TAGGING: Grant = { action: 's3:GetObjectVersionTagging', resource: 'arn:aws:s3:::source-bucket/*', side: 'source-objects' };

describe('mergeGrants', () => {
  it('adds a missing action to the statement that already grants on exactly that resource (the walkthrough)', () => {
    const before = readFileSync(join(WALKTHROUGH, 'role-policy.json'), 'utf8');
    const { text, added } = mergeGrants(before, [TAGGING]);
    assert.equal(text, before.replace('"s3:GetObjectVersionAcl"\n', '"s3:GetObjectVersionAcl",\n"s3:GetObjectVersionTagging"\n'));
    assert.deepEqual(added, [{ action: TAGGING.action, resource: TAGGING.resource, statement: 1, newStatement: false }]);
  });

  it('turns a single-string Action into a list', () => {
    const before = json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjectVersionAcl', Resource: 'arn:aws:s3:::source-bucket/*' }] });
    const after = JSON.parse(mergeGrants(before, [TAGGING]).text);
    assert.deepEqual(after.Statement[0].Action, ['s3:GetObjectVersionAcl', 's3:GetObjectVersionTagging']);
  });

  it('never widens a statement: a statement on source and destination objects gets no source-only action', () => {
    const before = json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObjectVersionAcl'], Resource: ['arn:aws:s3:::source-bucket/*', 'arn:aws:s3:::dest/*'] }] });
    const after = JSON.parse(mergeGrants(before, [TAGGING]).text);
    assert.deepEqual(after.Statement[0].Action, ['s3:GetObjectVersionAcl']);
    assert.deepEqual(after.Statement[1], { Effect: 'Allow', Action: ['s3:GetObjectVersionTagging'], Resource: 'arn:aws:s3:::source-bucket/*' });
  });

  it('adds new least-privilege statements with exact ARNs, one per action set, Sids when the policy uses them', () => {
    const before = json({ Version: '2012-10-17', Statement: [{ Sid: 'ReplicationSourceObjects', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::other' }] });
    const grants: Grant[] = [
      { action: 's3:ReplicateObject', resource: 'arn:aws:s3:::one/*', side: 'destination-objects' },
      { action: 's3:ReplicateObject', resource: 'arn:aws:s3:::two/*', side: 'destination-objects' },
      { action: 's3:GetObjectVersionForReplication', resource: 'arn:aws:s3:::src/*', side: 'source-objects' },
    ];
    const { text, added } = mergeGrants(before, grants);
    const after = JSON.parse(text);
    assert.deepEqual(after.Statement.slice(1), [
      { Sid: 'ReplicationDestinationObjects', Effect: 'Allow', Action: ['s3:ReplicateObject'], Resource: ['arn:aws:s3:::one/*', 'arn:aws:s3:::two/*'] },
      { Sid: 'ReplicationSourceObjects2', Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication'], Resource: 'arn:aws:s3:::src/*' },
    ]);
    assert.ok(added.every((a) => a.newStatement));
    for (const g of grants) assert.ok(allows(text, g), `${g.action} on ${g.resource}`);
  });

  it('gives a second destination to the statement holding the destination actions', () => {
    const before = json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: 'arn:aws:s3:::one/*' }] });
    const grants: Grant[] = ['s3:ReplicateObject', 's3:ReplicateDelete'].map((action) => ({ action, resource: 'arn:aws:s3:::two/*' }));
    const after = JSON.parse(mergeGrants(before, grants).text);
    assert.deepEqual(after.Statement, [{ Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: ['arn:aws:s3:::one/*', 'arn:aws:s3:::two/*'] }]);
  });

  it('keeps every statement, condition and comment; skips grants already allowed, even under conditions', () => {
    const before = `{
  // the replication role
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": "s3:ReplicateObject", "Resource": "arn:aws:s3:::dest/*", "Condition": { "StringLikeIfExists": { "s3:x-amz-server-side-encryption": ["aws:kms", "AES256"] } } }
  ]
}`;
    const { text, added } = mergeGrants(before, [{ action: 's3:ReplicateObject', resource: 'arn:aws:s3:::dest/*' }, TAGGING]);
    assert.ok(text.startsWith(before.slice(0, before.indexOf('] }') + 3)), 'the original statement is untouched');
    assert.ok(text.includes('// the replication role'));
    assert.deepEqual(added.map((a) => a.action), ['s3:GetObjectVersionTagging']);
  });

  it('reports grants an explicit Deny blocks instead of adding useless Allows', () => {
    const before = json({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::source-bucket/*' }] });
    const r = mergeGrants(before, [TAGGING]);
    assert.equal(r.text, before);
    assert.deepEqual(r.denied, [TAGGING]);
  });

  it('turns a single Statement object into a list that keeps it first', () => {
    const before = json({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::x' } });
    const after = JSON.parse(mergeGrants(before, [TAGGING]).text);
    assert.equal(after.Statement.length, 2);
    assert.deepEqual(after.Statement[0], { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::x' });
  });

  it('is idempotent, and refuses text that is not a valid policy without touching it', () => {
    const once = mergeGrants(json({ Version: '2012-10-17', Statement: [] }), [TAGGING]).text;
    assert.equal(mergeGrants(once, [TAGGING]).text, once);
    const broken = '{"Version": "2012-10-17", "Statement": [';
    const r = mergeGrants(broken, [TAGGING]);
    assert.equal(r.text, broken);
    assert.match(r.problem ?? '', /not valid JSON/);
  });

  it('merges into a bucket policy for one principal, never into statements for others', () => {
    const role = { arn: 'arn:aws:iam::111122223333:role/replication', account: '111122223333' };
    const before = json({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/other' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::dest/*' }],
    });
    const grant = { action: 's3:ReplicateObject', resource: 'arn:aws:s3:::dest/*' };
    const text = mergeGrants(before, [grant], undefined, role).text;
    const after = JSON.parse(text);
    assert.deepEqual(after.Statement[1], { Effect: 'Allow', Principal: { AWS: role.arn }, Action: ['s3:ReplicateObject'], Resource: 'arn:aws:s3:::dest/*' });
    assert.ok(allows(text, grant, role));
    assert.ok(!allows(text, grant, { arn: 'arn:aws:iam::111122223333:role/other', account: '444455556666' }));
  });

  it('appendStatements adds whole statements (trust policies)', () => {
    const text = appendStatements(json({ Version: '2012-10-17', Statement: [] }), [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    assert.deepEqual(JSON.parse(text).Statement, [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  });
});

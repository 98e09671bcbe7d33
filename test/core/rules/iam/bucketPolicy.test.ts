import { strict as assert } from 'node:assert';
import { DocumentInput } from '../../../../src/core/document';
import { applyFixIn, configText, findingsOf, fullRolePolicy, policyText, problems, ROLE_ARN, rule, span } from './helpers';

const CROSS = { Bucket: 'arn:aws:s3:::dest', Account: '444455556666' };
const bp = (statements: unknown[]): DocumentInput => ({ uri: 'bucket.json', text: policyText(statements), kind: 'bucket-policy' });
const config = (destination: object = CROSS, over: object = {}): DocumentInput => ({ uri: 'config.json', text: configText([rule({ Destination: destination, ...over })]) });
const on = (inputs: DocumentInput[], ruleId?: string) => findingsOf(inputs, 'bucket.json', ruleId);

const toRole = (actions: string[], resource = 'arn:aws:s3:::dest/*', principal = ROLE_ARN) => ({ Effect: 'Allow', Principal: { AWS: principal }, Action: actions, Resource: resource });
const READERS = { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::dest/*' };

describe('destination bucket policy (cross-account)', () => {
  it('bp-cross-account-required: the role may not write replicas; the fix adds a statement for exactly the role', () => {
    const inputs = [config(), bp([READERS])];
    const [f] = on(inputs, 'bp-cross-account-required');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.related?.map((r) => r.uri), ['config.json', 'config.json']);
    const after = JSON.parse(applyFixIn(inputs, 'bucket.json', 'bp-cross-account-required'));
    assert.deepEqual(after.Statement[1], toRole(['s3:ReplicateObject']));
    assert.deepEqual(problems([inputs[0], { ...inputs[1], text: JSON.stringify(after) }], 'bucket.json'), []);
  });

  it('near misses: a same-account destination needs no bucket policy; AWS\'s example policy is complete', () => {
    assert.deepEqual(on([config({ Bucket: 'arn:aws:s3:::dest' }), bp([READERS])]), []);
    const example = [toRole(['s3:ReplicateDelete', 's3:ReplicateObject']), toRole(['s3:List*', 's3:GetBucketVersioning', 's3:PutBucketVersioning'], 'arn:aws:s3:::dest')];
    assert.deepEqual(problems([config(), bp(example)], 'bucket.json'), []);
  });

  it('bp-cross-account-delete: delete markers replicate, but the destination does not take them', () => {
    const inputs = [config(CROSS, { DeleteMarkerReplication: { Status: 'Enabled' } }), bp([toRole(['s3:ReplicateObject'])])];
    assert.equal(on(inputs, 'bp-cross-account-delete')[0]?.severity, 'warning');
    assert.deepEqual(on([config(), bp([toRole(['s3:ReplicateObject'])])], 'bp-cross-account-delete'), [], 'delete markers off: not needed');
  });

  it('bp-owner-override: owner override needs its own grant on the destination', () => {
    const atc = { ...CROSS, AccessControlTranslation: { Owner: 'Destination' } };
    const inputs = [config(atc), bp([toRole(['s3:ReplicateObject', 's3:ReplicateDelete'])])];
    assert.equal(on(inputs, 'bp-owner-override').length, 1);
    const after = JSON.parse(applyFixIn(inputs, 'bucket.json', 'bp-owner-override'));
    assert.ok(after.Statement[0].Action.includes('s3:ObjectOwnerOverrideToBucketOwner'), 'added to the statement for the role on dest/*');
  });

  it('bp-principal-exact-role-arn: the role ARN without its service-role/ path', () => {
    const role = 'arn:aws:iam::111122223333:role/service-role/replication';
    const inputs: DocumentInput[] = [
      { uri: 'config.json', text: configText([rule({ Destination: CROSS })], role) },
      bp([toRole(['s3:ReplicateObject', 's3:ReplicateDelete'], 'arn:aws:s3:::dest/*', 'arn:aws:iam::111122223333:role/replication')]),
    ];
    const [f] = on(inputs, 'bp-principal-exact-role-arn');
    assert.equal(span(inputs[1].text, f), '"arn:aws:iam::111122223333:role/replication"');
    assert.deepEqual(on(inputs, 'bp-cross-account-required'), [], 'the same defect is reported once');
    const after = JSON.parse(applyFixIn(inputs, 'bucket.json', 'bp-principal-exact-role-arn'));
    assert.equal(after.Statement[0].Principal.AWS, role);
    assert.deepEqual(problems([inputs[0], { ...inputs[1], text: JSON.stringify(after) }], 'bucket.json'), []);
  });
});

describe('bucket policy denies', () => {
  it('bp-deny-required: a Deny that hits the role on the destination', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:Put*', Resource: 'arn:aws:s3:::dest/*', Condition: { StringNotEquals: { 'aws:PrincipalAccount': '444455556666' } } };
    const inputs = [config({ Bucket: 'arn:aws:s3:::dest' }), bp([deny])];
    assert.deepEqual(on(inputs, 'bp-deny-required'), [], 's3:Put* does not match the Replicate actions');
    const all = { ...deny, Action: 's3:*' };
    const [f] = on([config({ Bucket: 'arn:aws:s3:::dest' }), bp([all])], 'bp-deny-required');
    assert.equal(f.severity, 'error', 'the role is in 111122223333, so the condition holds: the Deny applies');
    const exempt = { ...all, Condition: { StringNotEquals: { 'aws:PrincipalAccount': ['444455556666', '111122223333'] } } };
    assert.deepEqual(on([config({ Bucket: 'arn:aws:s3:::dest' }), bp([exempt])], 'bp-deny-required'), []);
    const network = { ...all, Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } };
    assert.equal(on([config({ Bucket: 'arn:aws:s3:::dest' }), bp([network])], 'bp-deny-required')[0]?.severity, 'warning');
  });

  it('bp-deny-replicate-tags: denying only tag replication is the documented opt-out (info)', () => {
    const deny = { Effect: 'Deny', Principal: { AWS: ROLE_ARN }, Action: 's3:ReplicateTags', Resource: 'arn:aws:s3:::dest/*' };
    const found = on([config(), bp([toRole(['s3:ReplicateObject']), deny])]);
    assert.deepEqual(found.map((f) => `${f.ruleId} ${f.severity}`), ['bp-deny-replicate-tags info']);
  });

  it('the source bucket\'s policy, found through the role policy that reads it', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:GetObject*', Resource: 'arn:aws:s3:::src/*' };
    const inputs: DocumentInput[] = [config({ Bucket: 'arn:aws:s3:::dest' }), { uri: 'role.json', text: policyText(fullRolePolicy()) }, bp([deny])];
    const [f] = on(inputs, 'bp-deny-required');
    assert.match(f.message, /`s3:GetObjectVersionForReplication`, `s3:GetObjectVersionAcl` and `s3:GetObjectVersionTagging` on `arn:aws:s3:::src\/\*`/);
    assert.deepEqual(on([inputs[0], inputs[2]], 'bp-deny-required'), [], 'without the role policy nothing says src is the source');
  });
});

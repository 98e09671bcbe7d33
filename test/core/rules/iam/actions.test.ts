import { strict as assert } from 'node:assert';
import { applyFixIn, findingsOf, policyText, span } from './helpers';

const one = (text: string, ruleId: string) => findingsOf([{ uri: 'p.json', text }], 'p.json', ruleId);
const fix = (text: string, ruleId: string, index = 0) => applyFixIn([{ uri: 'p.json', text }], 'p.json', ruleId, index);
const allow = (Action: unknown, Resource: unknown = '*') => ({ Effect: 'Allow', Action, Resource });

describe('iam-unknown-action', () => {
  it('a misspelled action, on its entry, replaced by the suggestion', () => {
    const text = policyText([allow(['s3:GetObjectVersionTaging', 's3:ListBucket'])]);
    const [f] = one(text, 'iam-unknown-action');
    assert.equal(span(text, f), '"s3:GetObjectVersionTaging"');
    assert.match(f.message, /Did you mean `s3:GetObjectVersionTagging`/);
    assert.equal(f.fixes?.[0].preferred, true);
    assert.deepEqual(JSON.parse(fix(text, 'iam-unknown-action')).Statement[0].Action, ['s3:GetObjectVersionTagging', 's3:ListBucket']);
  });

  it('a wildcard matching nothing, and a missing service prefix', () => {
    assert.match(one(policyText([allow('s3:Replicat*Everything')]), 'iam-unknown-action')[0]?.message ?? '', /matches no s3 action/);
    assert.match(one(policyText([allow('GetObject')]), 'iam-unknown-action')[0]?.message ?? '', /no service prefix/);
  });

  it('near misses: case differences, wildcards that match, `*`, NotAction entries are checked too', () => {
    assert.deepEqual(one(policyText([allow(['S3:getobject', 's3:Replicate*', '*', 'kms:Decrypt'])]), 'iam-unknown-action'), []);
    assert.equal(one(policyText([{ Effect: 'Deny', NotAction: 's3:GetObjekt', Resource: '*' }]), 'iam-unknown-action').length, 1);
  });
});

describe('iam-unknown-service', () => {
  it('an unknown prefix with a suggestion', () => {
    const text = policyText([allow('s4:GetObject')]);
    const [f] = one(text, 'iam-unknown-service');
    assert.match(f.message, /No AWS service has the prefix `s4`.*Did you mean `s3`/);
    assert.equal(JSON.parse(fix(text, 'iam-unknown-service')).Statement[0].Action, 's3:GetObject');
  });

  it('known services pass', () => {
    assert.deepEqual(one(policyText([allow(['s3:GetObject', 'kms:Encrypt', 'sts:AssumeRole', 'iam:PassRole'])]), 'iam-unknown-service'), []);
  });
});

describe('iam-arn-malformed', () => {
  it('a bucket name where an ARN belongs, and a misplaced account', () => {
    const text = policyText([allow('s3:ListBucket', ['source-bucket', 'arn:aws:s3:us-east-1:111122223333:source-bucket', 'arn:aws:s3:::fine'])]);
    assert.deepEqual(one(text, 'iam-arn-malformed').map((f) => span(text, f)), ['"source-bucket"', '"arn:aws:s3:us-east-1:111122223333:source-bucket"']);
  });

  it('wildcards and other services pass', () => {
    assert.deepEqual(one(policyText([allow('*', ['*', 'arn:aws:s3:::*/*', 'arn:aws:kms:*:111122223333:key/*', 'arn:aws:sqs:us-east-1:111122223333:q'])]), 'iam-arn-malformed'), []);
  });
});

describe('iam-resource-level-mismatch', () => {
  it('a bucket-level action only on objects: error on the action, moved to the bucket ARN', () => {
    const text = policyText([allow(['s3:GetObjectVersionForReplication', 's3:ListBucket'], 'arn:aws:s3:::src/*')]);
    const [f] = one(text, 'iam-resource-level-mismatch');
    assert.equal(span(text, f), '"s3:ListBucket"');
    assert.match(f.message, /matches nothing/);
    const after = JSON.parse(fix(text, 'iam-resource-level-mismatch'));
    assert.deepEqual(after.Statement, [allow(['s3:GetObjectVersionForReplication'], 'arn:aws:s3:::src/*'), allow(['s3:ListBucket'], 'arn:aws:s3:::src')]);
  });

  it('an object-level action alone on the bucket ARN: the statement\'s Resource changes', () => {
    const text = policyText([allow('s3:ReplicateObject', 'arn:aws:s3:::dest')]);
    assert.deepEqual(JSON.parse(fix(text, 'iam-resource-level-mismatch')).Statement, [allow('s3:ReplicateObject', 'arn:aws:s3:::dest/*')]);
  });

  it('moves into an existing statement on the right resource', () => {
    const text = policyText([allow(['s3:GetReplicationConfiguration'], 'arn:aws:s3:::src'), allow(['s3:GetObjectVersionAcl', 's3:ListBucket'], 'arn:aws:s3:::src/*')]);
    const after = JSON.parse(fix(text, 'iam-resource-level-mismatch'));
    assert.deepEqual(after.Statement, [allow(['s3:GetReplicationConfiguration', 's3:ListBucket'], 'arn:aws:s3:::src'), allow(['s3:GetObjectVersionAcl'], 'arn:aws:s3:::src/*')]);
  });

  it('an action with no resource type on a specific ARN', () => {
    const text = policyText([allow(['s3:ListAllMyBuckets', 's3:GetBucketLocation'], 'arn:aws:s3:::src')]);
    const [f] = one(text, 'iam-resource-level-mismatch');
    assert.equal(span(text, f), '"s3:ListAllMyBuckets"');
    assert.deepEqual(JSON.parse(fix(text, 'iam-resource-level-mismatch')).Statement[1], allow(['s3:ListAllMyBuckets'], '*'));
  });

  it('a Deny that can never apply is a warning', () => {
    assert.equal(one(policyText([{ Effect: 'Deny', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::src/*' }]), 'iam-resource-level-mismatch')[0]?.severity, 'warning');
  });

  it('near misses: both levels named, `*`, wildcard actions with a matching member, other services', () => {
    for (const statement of [
      allow(['s3:ListBucket', 's3:GetObject'], ['arn:aws:s3:::src', 'arn:aws:s3:::src/*']),
      allow('s3:ListBucket', '*'),
      allow('s3:Get*', 'arn:aws:s3:::src'),
      allow('s3:*', 'arn:aws:s3:::src/*'),
      allow('kms:Decrypt', 'arn:aws:kms:us-east-1:111122223333:key/abc'),
    ]) {
      assert.deepEqual(one(policyText([statement]), 'iam-resource-level-mismatch'), [], JSON.stringify(statement));
    }
  });

  it('an S3 action on a KMS key matches nothing', () => {
    assert.equal(one(policyText([allow('s3:GetObject', 'arn:aws:kms:us-east-1:111122223333:key/abc')]), 'iam-resource-level-mismatch').length, 1);
  });
});

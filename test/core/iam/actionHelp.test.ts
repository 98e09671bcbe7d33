/** Completion and hover help for IAM actions, on a line of any syntax. */
import { strict as assert } from 'node:assert';
import { actionChoices, actionTokenAt, describeAction } from '../../../src/core/iam/actionHelp';

describe('IAM action help', () => {
  it('finds the service:Action token around the cursor in JSON, YAML and HCL lines', () => {
    assert.deepEqual(actionTokenAt('      "Action": ["s3:Repl', 25), { service: 's3', name: 'Repl', start: 18, end: 25 });
    assert.deepEqual(actionTokenAt('            - s3:ReplicateObject', 20), { service: 's3', name: 'ReplicateObject', start: 14, end: 32 });
    assert.deepEqual(actionTokenAt('    actions = ["kms:Decrypt", "s3:ListBucket"]', 20), { service: 'kms', name: 'Decrypt', start: 16, end: 27 });
    assert.deepEqual(actionTokenAt('"s3:', 4), { service: 's3', name: '', start: 1, end: 4 });
  });

  it('is no token where the prefix is no IAM service, or the text is an ARN', () => {
    assert.equal(actionTokenAt('"build:prod": "tsc"', 8), undefined);
    assert.equal(actionTokenAt('"Resource": "arn:aws:s3:::b/*"', 20), undefined);
    assert.equal(actionTokenAt('"Effect": "Allow"', 5), undefined);
  });

  it('offers the service\'s actions that start with what is typed first, then those that contain it', () => {
    const choices = actionChoices('s3', 'Repl').map((c) => c.action);
    const prefixed = choices.filter((c) => c.toLowerCase().startsWith('s3:repl'));
    assert.deepEqual(choices.slice(0, prefixed.length), [...prefixed].sort(), 'the prefix matches first, by name');
    for (const a of ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags']) assert.ok(prefixed.includes(a), a);
    assert.ok(choices.indexOf('s3:GetObjectVersionForReplication') > choices.indexOf('s3:ReplicateTags'), 'a containing match after the prefix matches');
    assert.ok(actionChoices('s3', '').length > 100, 'every action after "s3:"');
    assert.deepEqual(actionChoices('nosuchservice', ''), []);
  });

  it('describes an action: its resource types with their ARN, and what a replication role needs it for', () => {
    const text = describeAction('s3', 'replicateobject');
    assert.ok(text);
    assert.match(text, /^\*\*s3:ReplicateObject\*\*/);
    assert.match(text, /- `object`: `arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}`/);
    assert.match(text, /S3 replication role\*\*: granted on the destination objects .* DstPutObjectNotPermitted/);
    assert.match(describeAction('s3', 'ListAllMyBuckets') ?? '', /only with `"Resource": "\*"`/);
    assert.doesNotMatch(describeAction('s3', 'GetObject') ?? '', /replication role/);
    assert.equal(describeAction('s3', 'ReplicateEverything'), undefined);
  });
});

import { strict as assert } from 'node:assert';
import { policyLosses, statementKept } from '../../../src/core/live/policyLoss';
import { json } from '../../helpers';

const read = { Sid: 'ReadLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } };
const plainAllow = { Effect: 'Allow', Action: ['s3:ReplicateObject'], Resource: 'arn:aws:s3:::dst/*' };
const deny = { Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::secret/*' };
const policy = (...statement: unknown[]) => json({ Version: '2012-10-17', Statement: statement });

describe('policyLosses', () => {
  it('finds nothing lost when statements are kept or a plain Allow gains actions, resources or principals', () => {
    const after = policy(read, { ...plainAllow, Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: ['arn:aws:s3:::dst/*', 'arn:aws:s3:::dst2/*'] }, deny, { Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' });
    assert.deepEqual(policyLosses(policy(read, plainAllow, deny), after), []);
    assert.ok(statementKept({ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }, { Effect: 'Allow', Principal: { Service: ['s3.amazonaws.com', 'x.amazonaws.com'] }, Action: 'sts:AssumeRole' }));
  });

  it('names a dropped statement, a changed condition, a widened Deny and a changed Version', () => {
    const before = policy(read, plainAllow, deny);
    assert.deepEqual(policyLosses(before, policy(plainAllow, deny)), ['statement "ReadLogs" (#1)']);
    const condition = { ...read, Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
    assert.deepEqual(policyLosses(before, policy(condition, plainAllow, deny)), ['statement "ReadLogs" (#1)']);
    assert.deepEqual(policyLosses(before, policy(read, plainAllow, { ...deny, Resource: ['arn:aws:s3:::secret/*', 'arn:aws:s3:::x/*'] })), ['statement #3']);
    assert.deepEqual(policyLosses(before, json({ Version: '2008-10-17', Statement: [read, plainAllow, deny] })), ['"Version": "2012-10-17"']);
  });

  it('does not let a conditional Allow gain resources, and counts duplicates one by one', () => {
    assert.equal(statementKept(read, { ...read, Resource: ['arn:aws:s3:::logs/*', 'arn:aws:s3:::other/*'] }), false);
    assert.deepEqual(policyLosses(policy(plainAllow, plainAllow), policy(plainAllow)), ['statement #2']);
  });

  it('has nothing to lose from an empty live text, and loses everything to a broken new text', () => {
    assert.deepEqual(policyLosses('', policy(plainAllow)), []);
    assert.deepEqual(policyLosses(policy(plainAllow), '{"Statement": ['), ['the whole policy (the new text is not a JSON policy)']);
  });
});

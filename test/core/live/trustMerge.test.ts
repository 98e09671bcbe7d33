import { strict as assert } from 'node:assert';
import { policyLosses } from '../../../src/core/live/policyLoss';
import { newTrustPolicy, trustService } from '../../../src/core/live/trustMerge';
import { json } from '../../helpers';
import { statements, walkthrough } from './fixtures';

const S3 = 's3.amazonaws.com';
const BATCH = 'batchoperations.s3.amazonaws.com';

describe('trustService', () => {
  it('leaves the walkthrough trust policy alone: it already trusts S3', () => {
    const text = walkthrough('trust-policy.json');
    assert.deepEqual(trustService(text, S3), { text, changed: false });
  });

  it('adds a principal to the plain sts:AssumeRole statement, keeping the other principal', () => {
    const text = json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const out = trustService(text, S3);
    assert.equal(out.changed, true);
    assert.deepEqual(statements(out.text), [{ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', S3] }, Action: 'sts:AssumeRole' }]);
    assert.deepEqual(policyLosses(text, out.text), []);
    assert.equal(trustService(out.text, S3).changed, false, 'running it again changes nothing');
  });

  it('appends to a Service list and keeps an AWS principal beside it', () => {
    const text = json({ Statement: [{ Effect: 'Allow', Principal: { Service: [S3], AWS: 'arn:aws:iam::111122223333:root' }, Action: ['sts:AssumeRole'] }] });
    const out = trustService(text, BATCH);
    assert.deepEqual(statements(out.text)[0].Principal, { Service: [S3, BATCH], AWS: 'arn:aws:iam::111122223333:root' });
  });

  it('adds a separate statement rather than touch one with conditions or other actions', () => {
    const conditioned = { Sid: 'Ci', Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, Action: 'sts:AssumeRoleWithWebIdentity', Condition: { StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' } } };
    const tagging = { Sid: 'Ec2', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession'] };
    const text = json({ Version: '2012-10-17', Statement: [conditioned, tagging] });
    const out = trustService(text, S3);
    const after = statements(out.text);
    assert.deepEqual(after.slice(0, 2), [conditioned, tagging], 'both statements survive unchanged');
    assert.deepEqual(after[2], { Effect: 'Allow', Principal: { Service: S3 }, Action: 'sts:AssumeRole' });
    assert.deepEqual(policyLosses(text, out.text), []);
  });

  it('keeps a conditional trust as written and says so; refuses when a Deny blocks the service', () => {
    const conditional = json({ Statement: [{ Effect: 'Allow', Principal: { Service: S3 }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }] });
    const kept = trustService(conditional, S3);
    assert.equal(kept.changed, false);
    assert.match(kept.note ?? '', /only under conditions/);
    const denied = json({ Statement: [{ Effect: 'Deny', Principal: { Service: S3 }, Action: 'sts:AssumeRole' }] });
    assert.match(trustService(denied, S3).problem ?? '', /explicit Deny/);
  });

  it('turns a single Statement object into a list, and writes a fresh policy for an empty text', () => {
    const single = json({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } });
    const out = trustService(single, S3);
    assert.equal(statements(out.text).length, 2);
    assert.deepEqual(policyLosses(single, out.text), []);
    assert.deepEqual(JSON.parse(trustService('', S3).text), JSON.parse(newTrustPolicy(S3)));
  });
});

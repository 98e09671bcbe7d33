import { strict as assert } from 'node:assert';
import { DocumentInput } from '../../../../src/core/document';
import { json } from '../../../helpers';
import { applyFixIn, configText, findingsOf, policyText, rule, span } from './helpers';

const S3_TRUST = { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' };
const trust = (statements: unknown[], uri = 'trust.json'): DocumentInput => ({ uri, text: policyText(statements), kind: 'trust-policy' });
const withConfig = (t: DocumentInput): DocumentInput[] => [{ uri: 'config.json', text: configText([rule()]) }, t];
const on = (inputs: DocumentInput[], ruleId?: string) => findingsOf(inputs, inputs[inputs.length - 1].uri, ruleId);

describe('trust-s3-service-principal', () => {
  it('a misspelled S3 principal: error on the value, fixed to s3.amazonaws.com', () => {
    const t = trust([{ ...S3_TRUST, Principal: { Service: 's3.amazon.com' } }]);
    const [f] = on([t], 'trust-s3-service-principal');
    assert.equal(span(t.text, f), '"s3.amazon.com"');
    assert.match(f.message, /AssumeRoleNotPermitted/);
    assert.deepEqual(JSON.parse(applyFixIn([t], 'trust.json', 'trust-s3-service-principal')).Statement[0], S3_TRUST);
  });

  it('the trust file beside a configuration that trusts no service: S3 cannot assume the role', () => {
    const t = trust([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }]);
    const [f] = on(withConfig(t), 'trust-s3-service-principal');
    assert.equal(f.severity, 'error');
    assert.equal(f.fixes?.[0].preferred, false, 'association by folder is a guess: never applied by --fix');
    const after = applyFixIn(withConfig(t), 'trust.json', 'trust-s3-service-principal');
    assert.deepEqual(JSON.parse(after).Statement[1], S3_TRUST);
  });

  it('near misses: other roles\' trust policies are left alone', () => {
    const ec2 = trust([{ ...S3_TRUST, Principal: { Service: 'ec2.amazonaws.com' } }]);
    assert.deepEqual(on(withConfig(ec2)), [], 'trusts another service: another role');
    assert.deepEqual(on([trust([{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }])]), [], 'no configuration around');
    const batchOnly = trust([{ ...S3_TRUST, Principal: { Service: 'batchoperations.s3.amazonaws.com' } }]);
    assert.deepEqual(on(withConfig(batchOnly), 'trust-s3-service-principal'), [], 'a Batch Operations job role');
  });
});

describe('trust-action-assume-role', () => {
  it('the S3 statement allows another action', () => {
    const t = trust([{ ...S3_TRUST, Action: 'sts:AssumeRoleWithWebIdentity' }]);
    const [f] = on([t], 'trust-action-assume-role');
    assert.equal(span(t.text, f), '"Action"');
    assert.equal(JSON.parse(applyFixIn([t], 'trust.json', 'trust-action-assume-role')).Statement[0].Action, 'sts:AssumeRole');
    assert.deepEqual(on([trust([{ ...S3_TRUST, Action: ['sts:AssumeRole', 'sts:TagSession'] }])], 'trust-action-assume-role'), []);
  });
});

describe('trust-batch-principal', () => {
  const batchGrant = { Effect: 'Allow', Action: ['s3:InitiateReplication', 's3:GetObject'], Resource: 'arn:aws:s3:::src/*' };
  const policy = (statements: unknown[], uri = 'role-policy.json', extra: Record<string, unknown> = {}): DocumentInput => ({ uri, text: json({ Version: '2012-10-17', Statement: statements, ...extra }), kind: 'permission-policy' });

  it('is silent for a live replication role: S3 alone needs to assume it (the walkthrough\'s, the generated one)', () => {
    assert.deepEqual(on([trust([S3_TRUST])], 'trust-batch-principal'), []);
    assert.deepEqual(on([policy([{ Effect: 'Allow', Action: 's3:ReplicateObject', Resource: 'arn:aws:s3:::dst/*' }]), trust([S3_TRUST])], 'trust-batch-principal'), []);
    assert.deepEqual(on([policy([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]), trust([S3_TRUST])], 'trust-batch-principal'), [], 'a broad grant says nothing about Batch Replication');
  });

  it('is an error when the role\'s policy beside it allows s3:InitiateReplication: the job cannot assume the role', () => {
    const t = trust([S3_TRUST]);
    const inputs = [policy([batchGrant]), t];
    const [f] = on(inputs, 'trust-batch-principal');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /Batch Operations cannot take the role/);
    assert.deepEqual(f.related?.map((r) => [r.uri, inputs[0].text.slice(r.offset, r.offset + r.length)]), [['role-policy.json', '"s3:InitiateReplication"']]);
    assert.equal(f.fixes?.[0].preferred, false, 'tied by folder only: a guess, never applied by --fix');
    const after = JSON.parse(applyFixIn(inputs, 'trust.json', 'trust-batch-principal'));
    assert.deepEqual(after.Statement[0].Principal.Service, ['s3.amazonaws.com', 'batchoperations.s3.amazonaws.com']);
    assert.deepEqual(on([policy([batchGrant], 'other/role-policy.json'), t], 'trust-batch-principal'), [], 'another folder: another role');
  });

  it('ties documents that name their role by the name, and then fixes with --fix', () => {
    const named = (d: DocumentInput): DocumentInput => ({ ...d, text: JSON.stringify({ RoleName: 'batch-role', ...JSON.parse(d.text) }) });
    const inputs = [policy([batchGrant], 'a/policy.json'), named(trust([S3_TRUST], 'b/trust.json'))];
    assert.deepEqual(on(inputs, 'trust-batch-principal'), [], 'the policy names no role and lies elsewhere');
    const [f] = on([named(inputs[0]), inputs[1]], 'trust-batch-principal');
    assert.equal(f.fixes?.[0].preferred, true);
  });
});

describe('trust-conditions', () => {
  it('a warning (unverified evidence) on conditions of the S3 statement', () => {
    const t = trust([{ ...S3_TRUST, Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }]);
    const [f] = on([t], 'trust-conditions');
    assert.equal(f.severity, 'warning');
    assert.equal(span(t.text, f), '"Condition"');
    assert.deepEqual(on([trust([S3_TRUST])], 'trust-conditions'), []);
  });
});

describe('trust-explicit-deny', () => {
  it('a Deny for S3 wins over the Allow', () => {
    const t = trust([S3_TRUST, { Effect: 'Deny', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:*' }]);
    const [f] = on([t], 'trust-explicit-deny');
    assert.equal(f.severity, 'error');
    assert.equal(f.related?.length, 1);
    assert.deepEqual(on([trust([S3_TRUST, { Effect: 'Deny', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:*' }])], 'trust-explicit-deny'), []);
  });
});

describe('trust policies fetched with get-role', () => {
  it('the Role wrapper ties the trust policy to the configuration by role name', () => {
    const text = json({ Role: { RoleName: 'replication', Arn: 'arn:aws:iam::111122223333:role/replication', AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ ...S3_TRUST, Principal: { Service: 'ec2.amazonaws.com' } }] } } });
    const found = findingsOf([{ uri: 'config.json', text: configText([rule()]) }, { uri: 'elsewhere/role.json', text }], 'elsewhere/role.json', 'trust-s3-service-principal');
    assert.equal(found.length, 1);
  });
});

import { strict as assert } from 'node:assert';
import { DocumentKind } from '../../../../src/core/classify';
import { json } from '../../../helpers';
import { applyFixIn, findingsOf, policyText, span } from './helpers';

const one = (text: string, ruleId: string, kind?: DocumentKind) => findingsOf([{ uri: 'p.json', text, kind }], 'p.json', ruleId);
const fix = (text: string, ruleId: string, kind?: DocumentKind, index = 0) => applyFixIn([{ uri: 'p.json', text, kind }], 'p.json', ruleId, index);
const ok = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b' };

describe('iam-version', () => {
  it('missing: fixed by adding 2012-10-17 as the first member; a warning only where policy variables then match nothing', () => {
    const text = json({ Statement: [ok] });
    const [f] = one(text, 'iam-version');
    assert.equal(f.severity, 'info', 'the old grammar reads this policy the same');
    assert.deepEqual([f.offset, f.length], [0, 1]);
    assert.deepEqual(Object.keys(JSON.parse(fix(text, 'iam-version'))), ['Version', 'Statement']);
    const vars = json({ Statement: [{ ...ok, Resource: 'arn:aws:s3:::home/${aws:username}' }] });
    assert.equal(one(vars, 'iam-version')[0]?.severity, 'warning');
    // CloudFormation's own substitutions are not policy variables.
    const cfn = json({ Statement: [{ ...ok, Condition: { StringEquals: { 'aws:SourceAccount': '${AWS::AccountId}' } } }] });
    assert.equal(one(cfn, 'iam-version')[0]?.severity, 'info');
  });

  it('a date instead of the language version is an error with the fix', () => {
    const text = policyText([ok], { Version: '2024-01-01' });
    const [f] = one(text, 'iam-version');
    assert.equal(f.severity, 'error');
    assert.equal(span(text, f), '"2024-01-01"');
    assert.equal(JSON.parse(fix(text, 'iam-version')).Version, '2012-10-17');
  });

  it('2008-10-17 is accepted, unless policy variables rely on the newer grammar', () => {
    assert.deepEqual(one(policyText([ok], { Version: '2008-10-17' }), 'iam-version'), []);
    const vars = policyText([{ ...ok, Resource: 'arn:aws:s3:::home/${aws:username}/*' }], { Version: '2008-10-17' });
    assert.equal(one(vars, 'iam-version')[0]?.severity, 'warning');
  });
});

describe('iam-statement / iam-effect / iam-action-element / iam-resource-element', () => {
  it('Statement must be an object or a list of objects', () => {
    assert.equal(one(json({ Version: '2012-10-17', Statement: 'x' }), 'iam-statement').length, 1);
    assert.equal(one(policyText([ok, 3]), 'iam-statement').length, 1);
    assert.equal(one(policyText([]), 'iam-statement')[0]?.severity, 'warning');
    assert.deepEqual(one(policyText([ok]), 'iam-statement'), []);
    assert.deepEqual(one(json({ Version: '2012-10-17', Statement: ok }), 'iam-statement'), []);
  });

  it('Effect: exact case, fixed when only the case is wrong', () => {
    const text = policyText([{ ...ok, Effect: 'allow' }]);
    const [f] = one(text, 'iam-effect');
    assert.equal(span(text, f), '"allow"');
    assert.equal(f.fixes?.[0].preferred, true);
    assert.equal(JSON.parse(fix(text, 'iam-effect')).Statement[0].Effect, 'Allow');
    const missing = policyText([{ Action: 's3:ListBucket', Resource: '*' }]);
    assert.equal(one(missing, 'iam-effect')[0]?.fixes?.some((x) => x.preferred), false, 'Allow or Deny is the author\'s call');
    assert.deepEqual(one(policyText([ok, { ...ok, Effect: 'Deny' }]), 'iam-effect'), []);
  });

  it('exactly one of Action / NotAction, with strings', () => {
    assert.equal(one(policyText([{ Effect: 'Allow', Resource: '*' }]), 'iam-action-element').length, 1);
    const both = policyText([{ ...ok, NotAction: 'iam:*' }]);
    const [f] = one(both, 'iam-action-element');
    assert.equal(span(both, f), '"NotAction"');
    assert.equal(one(policyText([{ ...ok, Action: [] }]), 'iam-action-element').length, 1);
    assert.equal(one(policyText([{ ...ok, Action: ['s3:ListBucket', 7] }]), 'iam-action-element').length, 1);
    assert.deepEqual(one(policyText([ok]), 'iam-action-element'), []);
  });

  it('resource element: required in permission policies, prohibited in trust policies', () => {
    assert.equal(one(policyText([{ Effect: 'Allow', Action: 's3:ListBucket' }]), 'iam-resource-element').length, 1);
    const trust = policyText([{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }]);
    const [f] = one(trust, 'iam-resource-element', 'trust-policy');
    assert.equal(span(trust, f), '"Resource"');
    assert.equal('Resource' in JSON.parse(fix(trust, 'iam-resource-element', 'trust-policy')).Statement[0], false);
    assert.deepEqual(one(policyText([{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }]), 'iam-resource-element'), []);
  });
});

describe('iam-principal-not-allowed / iam-principal-required / iam-principal-format', () => {
  it('an identity policy naming a principal', () => {
    const text = policyText([{ ...ok, Principal: '*' }]);
    assert.equal(span(text, one(text, 'iam-principal-not-allowed', 'permission-policy')[0]), '"Principal"');
  });

  it('NotPrincipal in a trust policy', () => {
    const text = policyText([{ Effect: 'Allow', NotPrincipal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    assert.equal(one(text, 'iam-principal-not-allowed', 'trust-policy').length, 1);
  });

  it('bucket policy statements without a principal', () => {
    const text = policyText([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }, ok]);
    assert.equal(one(text, 'iam-principal-required', 'bucket-policy').length, 1);
  });

  it('principal values IAM cannot resolve', () => {
    const text = policyText([
      { Effect: 'Allow', Principal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:role/r', 'my-role'], Service: 'S3 service' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
    ]);
    const found = one(text, 'iam-principal-format', 'bucket-policy').map((f) => span(text, f));
    assert.deepEqual(found, ['"my-role"', '"S3 service"']);
    assert.equal(one(policyText([{ Effect: 'Allow', Principal: 'arn:aws:iam::111122223333:root', Action: 's3:*', Resource: '*' }]), 'iam-principal-format', 'bucket-policy').length, 1);
  });
});

describe('iam-sid-unique / iam-sid-format', () => {
  it('duplicates: every occurrence, linked to the others', () => {
    const text = policyText([{ Sid: 'A', ...ok }, { Sid: 'A', ...ok, Action: 's3:GetBucketLocation' }, { Sid: 'B', ...ok }]);
    const found = one(text, 'iam-sid-unique');
    assert.equal(found.length, 2);
    assert.equal(found[0].related?.[0].offset, found[1].offset);
  });

  it('IAM Sids are alphanumeric (bucket policies may use spaces)', () => {
    const text = policyText([{ Sid: 'Read objects', ...ok }]);
    assert.equal(JSON.parse(fix(text, 'iam-sid-format')).Statement[0].Sid, 'Readobjects');
    assert.deepEqual(one(policyText([{ Sid: 'Read objects', Principal: '*', ...ok }]), 'iam-sid-format', 'bucket-policy'), []);
  });
});

describe('iam-unknown-key', () => {
  it('a misspelled statement key, renamed by the fix', () => {
    const text = policyText([{ Effect: 'Allow', Action: 's3:ListBucket', Resources: 'arn:aws:s3:::b' }]);
    const [f] = one(text, 'iam-unknown-key');
    assert.equal(span(text, f), '"Resources"');
    assert.match(f.message, /Did you mean `Resource`/);
    assert.deepEqual(JSON.parse(fix(text, 'iam-unknown-key')).Statement[0], ok);
  });

  it('top-level and principal keys; no rename onto a key that exists', () => {
    assert.equal(one(json({ Version: '2012-10-17', ID: 'x', Statement: [ok] }), 'iam-unknown-key')[0]?.fixes?.[0].preferred, true, 'ID -> Id, a case slip');
    assert.deepEqual(one(json({ Version: '2012-10-17', Statment: [], Statement: [ok] }), 'iam-unknown-key')[0]?.fixes, [], 'Statement exists already');
    const text = policyText([{ Effect: 'Allow', Principal: { Services: 's3.amazonaws.com', Service: 'x.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const [f] = one(text, 'iam-unknown-key', 'trust-policy');
    assert.equal(span(text, f), '"Services"');
    assert.deepEqual(f.fixes, []);
  });

  it('a wrapper (put-role-policy input) is not judged, only the policy inside', () => {
    const text = json({ RoleName: 'r', PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [ok] } });
    assert.deepEqual(one(text, 'iam-unknown-key'), []);
  });
});

describe('iam-condition-operator', () => {
  it('an unknown operator, with the suggestion', () => {
    const text = policyText([{ ...ok, Condition: { StringEqual: { 'aws:SourceAccount': '111122223333' } } }]);
    const [f] = one(text, 'iam-condition-operator');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /Did you mean `StringEquals`/);
    assert.ok(fix(text, 'iam-condition-operator').includes('"StringEquals"'));
  });

  it('case-only differences are a warning; qualifiers and IfExists are understood', () => {
    assert.equal(one(policyText([{ ...ok, Condition: { stringequals: { 'aws:SourceAccount': '1' } } }]), 'iam-condition-operator')[0]?.severity, 'warning');
    const valid = { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*'] }, Null: { 'aws:TokenIssueTime': 'true' }, ArnNotLike: { 'aws:PrincipalArn': '*' } };
    assert.deepEqual(one(policyText([{ ...ok, Condition: valid }]), 'iam-condition-operator'), []);
    assert.equal(one(policyText([{ ...ok, Condition: { NullIfExists: { 'aws:TokenIssueTime': 'true' } } }]), 'iam-condition-operator').length, 1);
    assert.equal(one(policyText([{ ...ok, Condition: 'x' }]), 'iam-condition-operator').length, 1);
  });
});

describe('each policy kind gets the grammar its service applies', () => {
  const errors = (inputs: { uri: string; text: string }[]) => findingsOf(inputs, inputs[0].uri).filter((f) => f.severity === 'error');

  it('an ECR repository policy has no Resource, and is not read as a bucket policy', () => {
    const text = policyText([{ Sid: 'Pull', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }]);
    assert.deepEqual(errors([{ uri: 'repo.json', text }]), []);
    // The same statement in an S3 bucket policy lacks what S3 requires, and the message says who refuses it.
    const [f] = one(policyText([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }]), 'iam-resource-element', 'bucket-policy');
    assert.match(f.message, /in an S3 bucket policy S3 requires one/);
  });

  it('an SQS policy is judged as a resource-based policy, not as a bucket policy', () => {
    const sqs = [
      { Effect: 'Allow', Principal: { Service: 'sns.amazonaws.com' }, Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' },
      { Effect: 'Allow', Action: 'sqs:ReceiveMessage', Resource: 'arn:aws:sqs:us-east-1:111122223333:q' },
    ];
    const [f] = findingsOf([{ uri: 'queue.json', text: policyText(sqs) }], 'queue.json', 'iam-principal-required');
    assert.match(f.message, /in a resource-based policy every statement/);
  });

  it('an SCP cannot name a principal, and says AWS Organizations refuses it', () => {
    const text = policyText([{ Effect: 'Deny', Principal: '*', Action: 's3:DeleteBucket', Resource: '*' }]);
    const [f] = one(text, 'iam-principal-not-allowed', 'service-control-policy');
    assert.equal(span(text, f), '"Principal"');
    assert.match(f.message, /AWS Organizations rejects the policy/);
    assert.deepEqual(one(policyText([{ Effect: 'Deny', Action: 's3:DeleteBucket' }]), 'iam-resource-element', 'service-control-policy'), []);
  });

  it('an RCP must name its principal and cannot use NotPrincipal', () => {
    assert.equal(one(policyText([{ Effect: 'Deny', Action: 's3:*', Resource: '*' }]), 'iam-principal-required', 'resource-control-policy').length, 1);
    assert.equal(one(policyText([{ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }]), 'iam-principal-not-allowed', 'resource-control-policy').length, 1);
  });

  it('a permissions boundary follows IAM identity-policy grammar', () => {
    const text = policyText([{ Sid: 'no spaces', Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }]);
    assert.equal(one(text, 'iam-principal-not-allowed', 'permissions-boundary').length, 1);
    assert.equal(one(text, 'iam-sid-format', 'permissions-boundary').length, 1);
  });

  it('duplicate Sids: an error where IAM or S3 refuse them, a warning elsewhere (ECR registry policies accept them)', () => {
    const statements = [
      { Sid: 'Replicate', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'ecr:CreateRepository', Resource: 'arn:aws:ecr:us-east-1:444455556666:repository/*' },
      { Sid: 'Replicate', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'ecr:ReplicateImage', Resource: 'arn:aws:ecr:us-east-1:444455556666:repository/*' },
    ];
    const registry = one(policyText(statements), 'iam-sid-unique');
    assert.deepEqual(registry.map((f) => f.severity), ['warning', 'warning']);
    const bucket = one(policyText(statements.map((s) => ({ ...s, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }))), 'iam-sid-unique');
    assert.deepEqual(bucket.map((f) => f.severity), ['error', 'error']);
    assert.match(bucket[0].message, /S3 rejects duplicates/);
  });
});

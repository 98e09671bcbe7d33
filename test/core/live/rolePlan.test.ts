import { strict as assert } from 'node:assert';
import { iamPolicySize } from '../../../src/core/iam/policySize';
import { replicationGrants } from '../../../src/core/live/replicationGrants';
import { LiveRole, planRoleRepair } from '../../../src/core/live/rolePlan';
import { PutRolePolicyStep } from './stepTypes';
import { json } from '../../helpers';
import { config, Json, ROLE_ARN, rule, statements, walkthrough } from './fixtures';

const S3 = 's3.amazonaws.com';
/** An unrelated statement someone else put in the role's policy: it must survive every repair. */
const UNRELATED = { Sid: 'ReadAuditLogs', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::audit-logs/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'audit' } } };

function walkthroughRole(extra: Partial<LiveRole> = {}): LiveRole {
  return {
    name: 's3-replication-role',
    arn: ROLE_ARN,
    exists: true,
    trust: walkthrough('trust-policy.json'),
    inline: [{ name: 's3-replication-policy', text: walkthrough('role-policy.json') }],
    attached: [],
    ...extra,
  };
}

function repair(role: LiveRole, configText = walkthrough('replication-config.json')) {
  const { grants, notes } = replicationGrants(configText, 'source-bucket');
  return planRoleRepair({ title: 'Repair', role, service: S3, grants, notes, policyName: 'replication', description: 'test' });
}

describe('replicationGrants', () => {
  it('derives the least-privilege grants of the walkthrough configuration, without the optional ones', () => {
    const { grants, role } = replicationGrants(walkthrough('replication-config.json'), 'source-bucket');
    assert.deepEqual(role, { arn: ROLE_ARN, name: 's3-replication-role', account: '123456789012', path: '/' });
    const pairs = grants.map((g) => `${g.action} ${g.resource}`).sort();
    assert.deepEqual(pairs, [
      's3:GetObjectVersionAcl arn:aws:s3:::source-bucket/*',
      's3:GetObjectVersionForReplication arn:aws:s3:::source-bucket/*',
      's3:GetObjectVersionTagging arn:aws:s3:::source-bucket/*',
      's3:GetReplicationConfiguration arn:aws:s3:::source-bucket',
      's3:ListBucket arn:aws:s3:::source-bucket',
      's3:ReplicateDelete arn:aws:s3:::destination-bucket/*',
      's3:ReplicateObject arn:aws:s3:::destination-bucket/*',
    ]);
  });

  it('keeps a rule prefix in the object ARNs and notes a KMS need it cannot name', () => {
    const kms = rule('kms', { Filter: { Prefix: 'logs/' }, SourceSelectionCriteria: { SseKmsEncryptedObjects: { Status: 'Enabled' } }, Destination: { Bucket: 'arn:aws:s3:::destination-bucket', EncryptionConfiguration: { ReplicaKmsKeyID: 'arn:aws:kms:eu-west-1:123456789012:key/abc' } } });
    const { grants, notes } = replicationGrants(json(config(kms)), 'source-bucket');
    assert.ok(grants.some((g) => g.action === 's3:ReplicateObject' && g.resource === 'arn:aws:s3:::destination-bucket/logs/*'));
    assert.ok(grants.some((g) => g.action === 'kms:Encrypt' && g.resource === 'arn:aws:kms:eu-west-1:123456789012:key/abc'));
    assert.equal(notes.length, 1);
    assert.match(notes[0], /kms:Decrypt/);
  });
});

describe('planRoleRepair', () => {
  it('adds only s3:GetObjectVersionTagging to the walkthrough policy, beside what it grants', () => {
    const plan = repair(walkthroughRole());
    assert.equal(plan.refused, undefined);
    assert.deepEqual(plan.steps.map((s) => s.api), ['PutRolePolicy']);
    const step = plan.steps[0] as PutRolePolicyStep;
    assert.equal(step.policyName, 's3-replication-policy');
    assert.equal(step.before, walkthrough('role-policy.json'));
    const after = statements(step.policy);
    assert.deepEqual(after[1].Action, ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging']);
    assert.deepEqual([after[0], after[2]], [statements(step.before)[0], statements(step.before)[2]]);
  });

  it('never loses an unrelated statement with a condition (fails if the policy were replaced)', () => {
    const policy = JSON.parse(walkthrough('role-policy.json')) as Json;
    (policy.Statement as Json[]).push(UNRELATED);
    const plan = repair(walkthroughRole({ inline: [{ name: 's3-replication-policy', text: json(policy) }] }));
    const after = statements((plan.steps[0] as PutRolePolicyStep).policy);
    assert.deepEqual(after.find((s) => s.Sid === 'ReadAuditLogs'), UNRELATED);
    assert.equal(after.length, 4);
    assert.deepEqual(plan.losses, []);
  });

  it('is idempotent: once repaired, nothing is planned', () => {
    const first = repair(walkthroughRole());
    const repaired = walkthroughRole({ inline: [{ name: 's3-replication-policy', text: (first.steps[0] as PutRolePolicyStep).policy }] });
    assert.deepEqual(repair(repaired).steps, []);
  });

  it('counts grants of attached managed policies and does not add them again', () => {
    const managed = json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjectVersionTagging', Resource: 'arn:aws:s3:::source-bucket/*' }] });
    assert.deepEqual(repair(walkthroughRole({ attached: [{ name: 'tagging', text: managed }] })).steps, []);
  });

  it('creates a missing role with the S3 trust policy and a new inline policy', () => {
    const plan = repair({ name: 's3-replication-role', exists: false, inline: [], attached: [] });
    assert.deepEqual(plan.steps.map((s) => s.api), ['CreateRole', 'PutRolePolicy']);
    const create = plan.steps[0];
    assert.ok(create.api === 'CreateRole');
    assert.deepEqual(statements(create.trustPolicy), [{ Effect: 'Allow', Principal: { Service: S3 }, Action: 'sts:AssumeRole' }]);
    const put = plan.steps[1] as PutRolePolicyStep;
    assert.equal(put.policyName, 'replication');
    assert.equal(put.before, '');
    assert.equal(statements(put.policy).length, 3);
  });

  it('merges the S3 principal into a trust policy that lacks it, keeping the other principal', () => {
    const trust = json({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const plan = repair(walkthroughRole({ trust }));
    const step = plan.steps.find((s) => s.api === 'UpdateAssumeRolePolicy');
    assert.ok(step?.api === 'UpdateAssumeRolePolicy');
    assert.deepEqual(statements(step.trustPolicy)[0].Principal, { Service: ['ec2.amazonaws.com', S3] });
  });

  it('does not duplicate a grant given under conditions, and warns about an explicit Deny', () => {
    const policy = JSON.parse(walkthrough('role-policy.json')) as Json;
    (policy.Statement as Json[]).push({ Effect: 'Allow', Action: 's3:GetObjectVersionTagging', Resource: 'arn:aws:s3:::source-bucket/*', Condition: { StringEquals: { 'aws:ResourceAccount': '123456789012' } } });
    (policy.Statement as Json[]).push({ Effect: 'Deny', Action: 's3:ReplicateDelete', Resource: '*' });
    const plan = repair(walkthroughRole({ inline: [{ name: 's3-replication-policy', text: json(policy) }] }));
    assert.deepEqual(plan.steps, []);
    assert.equal(plan.warnings.length, 1);
    assert.match(plan.warnings[0], /explicit Deny .* s3:ReplicateDelete/);
  });

  it('adds a new inline policy when none of the role\'s inline policies is about replication, and reuses it next time', () => {
    const other = json({ Version: '2012-10-17', Statement: [UNRELATED] });
    const plan = repair(walkthroughRole({ inline: [{ name: 'audit', text: other }] }));
    const put = plan.steps[0] as PutRolePolicyStep;
    assert.deepEqual([put.policyName, put.before], ['replication', '']);
    const again = repair(walkthroughRole({ inline: [{ name: 'audit', text: other }, { name: 'replication', text: other }] }));
    const merged = again.steps[0] as PutRolePolicyStep;
    assert.equal(merged.policyName, 'replication', 'a policy under our name is merged into, never overwritten');
    assert.deepEqual(statements(merged.policy)[0], UNRELATED);
  });

  it('refuses, rather than guess, when the trust policy denies S3', () => {
    const trust = json({ Statement: [{ Effect: 'Deny', Principal: { Service: S3 }, Action: 'sts:AssumeRole' }] });
    const plan = repair(walkthroughRole({ trust }));
    assert.deepEqual(plan.steps, []);
    assert.match(plan.refused ?? '', /explicit Deny/);
  });
});

describe('planRoleRepair within IAM\'s size quotas', () => {
  /** A policy with one unrelated statement of exactly `size` characters that IAM counts. */
  const filler = (size: number, indent = 2) => {
    const text = (sid: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:123456789012:q' }] }, null, indent);
    return text('F'.repeat(size - iamPolicySize(text(''))));
  };
  const MANAGED = { name: 'replication-s3-replication-role', path: '/', arn: 'arn:aws:iam::123456789012:policy/replication-s3-replication-role' };
  const nearQuota = (total: number, extra: Partial<LiveRole> = {}) => walkthroughRole({ inline: [{ name: 'a', text: filler(5_000) }, { name: 'b', text: filler(total - 5_000, 6) }], ...extra });
  const plan = (role: LiveRole, managedPolicy?: typeof MANAGED & { existing?: string }) => {
    const { grants } = replicationGrants(walkthrough('replication-config.json'), 'source-bucket');
    return planRoleRepair({ title: 'Repair', role, service: S3, grants, policyName: 'replication', description: 'test', managedPolicy });
  };

  it('counts what IAM counts: characters, white space excluded wherever it is', () => {
    assert.equal(iamPolicySize('{ "a" :\t"b c"\r\n}'), 10);
    assert.equal(iamPolicySize(filler(700, 8)), 700);
  });

  it('writes inline while the role\'s inline policies together stay within 10,240 characters', () => {
    const inlinePlan = plan(walkthroughRole({ inline: [{ name: 'a', text: filler(5_000) }] }));
    assert.deepEqual(inlinePlan.steps.map((s) => s.api), ['PutRolePolicy']);
    const step = inlinePlan.steps[0] as PutRolePolicyStep;
    const fits = plan(nearQuota(10_240 - iamPolicySize(step.policy)));
    assert.deepEqual(fits.steps.map((s) => s.api), ['PutRolePolicy'], 'exactly 10,240 is allowed');
    const over = plan(nearQuota(10_241 - iamPolicySize(step.policy)));
    assert.equal(over.overInlineQuota?.total, 10_241);
  });

  it('refuses, saying why, when the grants do not fit inline and no managed policy was offered', () => {
    const refused = plan(nearQuota(10_044));
    assert.deepEqual(refused.steps, []);
    assert.match(refused.refused ?? '', /inline policies would total 10,[0-9]{3} characters .*over IAM's limit of 10,240.*LimitExceeded.*Nothing was written/);
    assert.ok(refused.overInlineQuota && JSON.parse(refused.overInlineQuota.document));
  });

  it('puts the missing grants into a managed policy attached to the role instead, inline policies untouched', () => {
    const role = nearQuota(10_044, { attachedArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'] });
    const managed = plan(role, MANAGED);
    assert.equal(managed.refused, undefined);
    assert.deepEqual(managed.steps.map((s) => s.api), ['CreatePolicy', 'AttachRolePolicy']);
    assert.match(managed.warnings.join(' '), /So the inline policies stay as they are, and the missing permissions go into a new customer managed policy replication-s3-replication-role/);
    const [create, attach] = managed.steps;
    assert.ok(create.api === 'CreatePolicy' && attach.api === 'AttachRolePolicy');
    assert.equal(create.policyArn, MANAGED.arn);
    // The fillers grant nothing of replication: every grant goes into the managed policy.
    assert.equal(statements(create.policy).flatMap((s) => ([] as string[]).concat(s.Action as string)).length, 7);
    assert.ok(iamPolicySize(create.policy) < 6_144);
    assert.deepEqual(JSON.parse(attach.after), ['arn:aws:iam::aws:policy/ReadOnlyAccess', MANAGED.arn]);
    assert.deepEqual(JSON.parse(attach.before), ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  });

  it('attaches a policy an interrupted repair created when it holds exactly the planned document; warns at ten attached policies', () => {
    const first = plan(nearQuota(10_044), MANAGED);
    const created = first.steps[0];
    assert.ok(created.api === 'CreatePolicy');
    const arns = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::123456789012:policy/p${i}`);
    const again = plan(nearQuota(10_044, { attachedArns: arns }), { ...MANAGED, existing: created.policy });
    assert.deepEqual(again.steps.map((s) => s.api), ['AttachRolePolicy']);
    assert.match(again.warnings.join(' '), /already has 10 managed policies attached; IAM allows 10 by default/);
    const differs = plan(nearQuota(10_044), { ...MANAGED, existing: '{"Version":"2012-10-17","Statement":[]}' });
    assert.deepEqual(differs.steps.map((s) => s.api), ['CreatePolicy', 'AttachRolePolicy']);
  });

  it('warns before writing a trust policy over the default 2,048-character quota', () => {
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'X'.repeat(2_100), Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    const big = plan(walkthroughRole({ trust }));
    assert.equal(big.steps[0].api, 'UpdateAssumeRolePolicy');
    assert.match(big.warnings.join(' '), /trust policy of role s3-replication-role would be 2,[0-9]{3} characters .* over 2,048 characters unless your account's quota was raised/);
  });
});

/** IAM through the SDK: roles, inline and managed policies, paging, and IAM's errors. */
import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer } from '../../loopback';
import { awsError, clients, policyOfSize, type Clients } from './helpers';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:::a b&c"}]}';
const MANAGED = 'arn:aws:iam::123456789012:policy/team/replication-managed';

describe('loopback: IAM', () => {
  let server: LoopbackServer;
  let c: Clients;

  before(async () => {
    server = await startLoopback({
      scenario: {
        managedPolicies: [
          { name: 'replication-managed', path: '/team/', document: DOC },
          { name: 'AmazonS3ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }] } },
        ],
        roles: [{ name: 'existing', path: '/service-role/', trustPolicy: TRUST, attachedPolicyArns: [MANAGED] }],
      },
    });
    c = clients(server.url);
  });
  after(() => server.close());

  it('creates a role with a path and refuses a second one with the same name', async () => {
    const created = await c.iam.send(new CreateRoleCommand({ RoleName: 'fresh', Path: '/app/', AssumeRolePolicyDocument: TRUST, Description: 'test' }));
    assert.equal(created.Role?.Arn, 'arn:aws:iam::123456789012:role/app/fresh');
    assert.match(created.Role?.RoleId ?? '', /^AROA[A-Z2-7]{17}$/);
    const again = await awsError(c.iam.send(new CreateRoleCommand({ RoleName: 'fresh', AssumeRolePolicyDocument: TRUST })));
    assert.deepEqual([again.name, again.status, again.message], ['EntityAlreadyExistsException', 409, 'Role with name fresh already exists.']);
    assert.equal(server.state.roleByArn('arn:aws:iam::123456789012:role/app/fresh')?.description, 'test');
    assert.equal(server.state.roleByArn('arn:aws:iam::123456789012:role/fresh'), undefined, 'the path is part of the ARN');
  });

  it('refuses documents that are not JSON and names that break the pattern', async () => {
    const malformed = await awsError(c.iam.send(new PutRolePolicyCommand({ RoleName: 'existing', PolicyName: 'p', PolicyDocument: '{"Version": ' })));
    assert.deepEqual([malformed.name, malformed.message], ['MalformedPolicyDocumentException', 'This policy contains invalid Json']);
    const badName = await awsError(c.iam.send(new GetRoleCommand({ RoleName: 'has space' })));
    assert.equal(badName.name, 'ValidationError');
    assert.match(badName.message, /^1 validation error detected: Value 'has space' at 'roleName' failed to satisfy constraint/);
  });

  it('stores inline policies verbatim, sends them URL-encoded, pages their names, and deletes them', async () => {
    for (const name of ['c', 'a', 'b']) await c.iam.send(new PutRolePolicyCommand({ RoleName: 'existing', PolicyName: name, PolicyDocument: DOC }));
    const got = await c.iam.send(new GetRolePolicyCommand({ RoleName: 'existing', PolicyName: 'a' }));
    assert.equal(got.PolicyDocument, encodeURIComponent(DOC));
    const first = await c.iam.send(new ListRolePoliciesCommand({ RoleName: 'existing', MaxItems: 2 }));
    assert.deepEqual([first.PolicyNames, first.IsTruncated], [['a', 'b'], true]);
    const rest = await c.iam.send(new ListRolePoliciesCommand({ RoleName: 'existing', Marker: first.Marker }));
    assert.deepEqual([rest.PolicyNames, rest.IsTruncated, rest.Marker], [['c'], false, undefined]);
    await c.iam.send(new DeleteRolePolicyCommand({ RoleName: 'existing', PolicyName: 'c' }));
    const gone = await awsError(c.iam.send(new GetRolePolicyCommand({ RoleName: 'existing', PolicyName: 'c' })));
    assert.deepEqual([gone.name, gone.status, gone.message], ['NoSuchEntityException', 404, 'The role policy with name c cannot be found.']);
  });

  it('lists attached policies and serves their default version', async () => {
    const attached = await c.iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'existing' }));
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyArn: MANAGED, PolicyName: 'replication-managed' }]);
    const policy = await c.iam.send(new GetPolicyCommand({ PolicyArn: MANAGED }));
    assert.deepEqual([policy.Policy?.DefaultVersionId, policy.Policy?.Path, policy.Policy?.AttachmentCount], ['v1', '/team/', 1]);
    const version = await c.iam.send(new GetPolicyVersionCommand({ PolicyArn: MANAGED, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(version.PolicyVersion?.Document ?? ''), DOC);
    const missing = await awsError(c.iam.send(new GetPolicyVersionCommand({ PolicyArn: MANAGED, VersionId: 'v2' })));
    assert.equal(missing.message, `Policy ${MANAGED} version v2 does not exist or is not attachable.`);
    const noPolicy = await awsError(c.iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::123456789012:policy/none' })));
    assert.deepEqual([noPolicy.name, noPolicy.message], ['NoSuchEntityException', 'Policy arn:aws:iam::123456789012:policy/none was not found.']);
  });

  it('attaches AWS-managed policies and replaces the trust policy', async () => {
    await c.iam.send(new AttachRolePolicyCommand({ RoleName: 'existing', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    assert.deepEqual(server.state.roles.get('existing')?.attachedPolicyArns, [MANAGED, 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']);
    const trust = TRUST.replace('s3.amazonaws.com', 'batchoperations.s3.amazonaws.com');
    await c.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'existing', PolicyDocument: trust }));
    const role = await c.iam.send(new GetRoleCommand({ RoleName: 'existing' }));
    assert.equal(decodeURIComponent(role.Role?.AssumeRolePolicyDocument ?? ''), trust);
    const missingRole = await awsError(c.iam.send(new ListRolePoliciesCommand({ RoleName: 'nobody' })));
    assert.deepEqual([missingRole.name, missingRole.message], ['NoSuchEntityException', 'The role with name nobody cannot be found.']);
  });
});

describe('loopback: IAM refuses what IAM refuses', () => {
  let server: LoopbackServer;
  let c: Clients;
  const trustOfSize = (size: number) => {
    const base = JSON.parse(TRUST) as { Statement: Record<string, unknown>[] };
    const text = (sid: string) => JSON.stringify({ ...base, Statement: [{ Sid: sid, ...base.Statement[0] }] });
    return text('T'.repeat(size - text('').length));
  };

  beforeEach(async () => {
    server = await startLoopback({ scenario: { roles: [{ name: 'r', trustPolicy: TRUST }] } });
    c = clients(server.url);
  });
  afterEach(() => server.close());

  it('refuses a policy Version that names no policy language (MalformedPolicyDocument), and accepts both that do', async () => {
    const bad = DOC.replace('2012-10-17', '2012-10-18');
    const err = await awsError(c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: bad })));
    assert.deepEqual([err.name, err.status, err.message], ['MalformedPolicyDocumentException', 400, 'Syntax errors in policy.']);
    const trust = await awsError(c.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'r', PolicyDocument: TRUST.replace('2012-10-17', 'today') })));
    assert.equal(trust.name, 'MalformedPolicyDocumentException');
    await c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'old', PolicyDocument: DOC.replace('2012-10-17', '2008-10-17') }));
    await c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'none', PolicyDocument: DOC.replace('"Version":"2012-10-17",', '') }));
    assert.deepEqual([...(server.state.roles.get('r')?.inlinePolicies.keys() ?? [])], ['old', 'none']);
  });

  it('refuses an inline policy over 10,240 characters, white space not counted (LimitExceeded)', async () => {
    const fits = policyOfSize(10_240, 8);
    assert.ok(fits.length > 10_240, 'the indentation alone takes it over, and IAM does not count it');
    await c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'big', PolicyDocument: fits }));
    const err = await awsError(c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'big', PolicyDocument: policyOfSize(10_241) })));
    assert.deepEqual([err.name, err.status, err.message], ['LimitExceededException', 409, 'Maximum policy size of 10240 bytes exceeded for role r']);
    assert.equal(server.state.roles.get('r')?.inlinePolicies.get('big'), fits, 'the policy is unchanged');
  });

  it("refuses an inline policy that takes the role's inline policies together over 10,240 characters", async () => {
    await c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'one', PolicyDocument: policyOfSize(5_000) }));
    await c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'two', PolicyDocument: policyOfSize(5_000) }));
    const err = await awsError(c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'three', PolicyDocument: policyOfSize(241) })));
    assert.deepEqual([err.name, err.message], ['LimitExceededException', 'Maximum policy size of 10240 bytes exceeded for role r']);
    // Replacing a policy counts its new text instead of the old one.
    await c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'two', PolicyDocument: policyOfSize(5_240) }));
    await c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'two', PolicyDocument: policyOfSize(4_000) }));
    await c.iam.send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'three', PolicyDocument: policyOfSize(1_240) }));
    assert.equal(server.state.roles.get('r')?.inlinePolicies.size, 3);
  });

  it("refuses a trust policy over the account's quota (2,048 by default) on CreateRole and UpdateAssumeRolePolicy", async () => {
    const err = await awsError(c.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'r', PolicyDocument: trustOfSize(2_049) })));
    assert.deepEqual([err.name, err.status, err.message], ['LimitExceededException', 409, 'Cannot exceed quota for ACLSizePerRole: 2048']);
    const create = await awsError(c.iam.send(new CreateRoleCommand({ RoleName: 'big', AssumeRolePolicyDocument: trustOfSize(2_049) })));
    assert.equal(create.name, 'LimitExceededException');
    assert.equal(server.state.roles.has('big'), false);
    await c.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'r', PolicyDocument: trustOfSize(2_048) }));
    server.loadScenario({ trustPolicySizeQuota: 4_096, roles: [{ name: 'r', trustPolicy: TRUST }] });
    await c.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'r', PolicyDocument: trustOfSize(4_000) }));
  });

  it('creates a customer managed policy (6,144 characters at most, unique name) and attaches it, ten per role', async () => {
    const created = await c.iam.send(new CreatePolicyCommand({ PolicyName: 'extra', Path: '/doctor/', PolicyDocument: policyOfSize(6_144), Description: 'why' }));
    assert.deepEqual([created.Policy?.Arn, created.Policy?.DefaultVersionId, created.Policy?.AttachmentCount], ['arn:aws:iam::123456789012:policy/doctor/extra', 'v1', 0]);
    const again = await awsError(c.iam.send(new CreatePolicyCommand({ PolicyName: 'extra', PolicyDocument: DOC })));
    assert.deepEqual([again.name, again.status, again.message], ['EntityAlreadyExistsException', 409, 'A policy called extra already exists. Duplicate names are not allowed.']);
    const big = await awsError(c.iam.send(new CreatePolicyCommand({ PolicyName: 'big', PolicyDocument: policyOfSize(6_145) })));
    assert.deepEqual([big.name, big.message], ['LimitExceededException', 'Cannot exceed quota for PolicySize: 6144']);
    const malformed = await awsError(c.iam.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: DOC.replace('2012-10-17', '2024-01-01') })));
    assert.equal(malformed.name, 'MalformedPolicyDocumentException');
    await c.iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: created.Policy?.Arn }));
    for (let i = 1; i < 10; i++) {
      const p = await c.iam.send(new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: DOC }));
      await c.iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: p.Policy?.Arn }));
    }
    const eleventh = await c.iam.send(new CreatePolicyCommand({ PolicyName: 'p10', PolicyDocument: DOC }));
    const full = await awsError(c.iam.send(new AttachRolePolicyCommand({ RoleName: 'r', PolicyArn: eleventh.Policy?.Arn })));
    assert.deepEqual([full.name, full.message], ['LimitExceededException', 'Cannot exceed quota for PoliciesPerRole: 10']);
    assert.equal(server.state.roles.get('r')?.attachedPolicyArns.length, 10);
  });
});

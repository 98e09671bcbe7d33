/** IAM through the SDK: roles, inline and managed policies, paging, and IAM's errors. */
import {
  AttachRolePolicyCommand,
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
import { awsError, clients, type Clients } from './helpers';

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

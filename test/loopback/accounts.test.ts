/**
 * Several accounts behind one endpoint, through the SDK clients the extension uses: an account per
 * access key, cross-account bucket policies (for reads and for the replication engine), STS
 * AssumeRole, KMS keys and their policies, Organizations and its policies.
 */
import { strict as assert } from 'node:assert';
import { GetBucketPolicyCommand, GetBucketReplicationCommand, GetBucketRequestPaymentCommand, GetBucketVersioningCommand, HeadObjectCommand, ListBucketsCommand, PutBucketRequestPaymentCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeKeyCommand, DisableKeyCommand, GetKeyPolicyCommand, KMSClient, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { DescribePolicyCommand, ListAccountsCommand, ListParentsCommand, ListPoliciesForTargetCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { startLoopback, twoAccountScenario, TWO_ACCOUNTS as A, type LoopbackServer } from '../../loopback';
import { awsError } from './helpers';

type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
const source: Creds = { accessKeyId: A.sourceKey, secretAccessKey: 'x' };
const destination: Creds = { accessKeyId: A.destinationKey, secretAccessKey: 'x' };

function s3(url: string, credentials: Creds, region: string = A.sourceRegion): S3Client {
  return new S3Client({ region, endpoint: url, forcePathStyle: true, credentials, maxAttempts: 1 });
}
const sts = (url: string, credentials: Creds) => new STSClient({ region: 'us-east-1', endpoint: url, credentials, maxAttempts: 1 });
const kms = (url: string, credentials: Creds, region: string = A.destinationRegion) => new KMSClient({ region, endpoint: url, credentials, maxAttempts: 1 });
const orgs = (url: string, credentials: Creds) => new OrganizationsClient({ region: 'us-east-1', endpoint: url, credentials, maxAttempts: 1 });
const replicaKeyArn = `arn:aws:kms:${A.destinationRegion}:${A.destination}:key/${A.replicaKeyId}`;

describe('loopback: several accounts', function () {
  this.timeout(20_000);
  let server: LoopbackServer;
  afterEach(async () => server?.close());

  it('signs each access key for its account: caller identity and the buckets listed', async () => {
    server = await startLoopback({ scenario: twoAccountScenario() });
    const me = await sts(server.url, destination).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, A.destination);
    assert.equal(me.Arn, `arn:aws:iam::${A.destination}:user/loopback`);
    const unknownKey = await sts(server.url, { accessKeyId: 'AKIDANYTHING', secretAccessKey: 'x' }).send(new GetCallerIdentityCommand({}));
    assert.equal(unknownKey.Account, A.source, 'a key nobody registered signs for the primary account');
    const listed = async (c: Creds) => ((await s3(server.url, c).send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name);
    assert.deepEqual(await listed(source), [A.sourceBucket]);
    assert.deepEqual(await listed(destination), [A.destinationBucket]);
  });

  it('answers another account only what the bucket policy allows it; bucket policies only to the owner', async () => {
    server = await startLoopback({ scenario: twoAccountScenario() });
    const fromSource = s3(server.url, source, A.destinationRegion);
    assert.equal((await fromSource.send(new GetBucketVersioningCommand({ Bucket: A.destinationBucket }))).Status, 'Enabled');
    const replication = await awsError(fromSource.send(new GetBucketReplicationCommand({ Bucket: A.destinationBucket })));
    assert.equal(replication.name, 'AccessDenied');
    assert.equal(replication.status, 403);
    const policy = await awsError(fromSource.send(new GetBucketPolicyCommand({ Bucket: A.destinationBucket })));
    assert.equal(policy.name, 'MethodNotAllowed');
    assert.equal(policy.status, 405);
    const owner = await s3(server.url, destination, A.destinationRegion).send(new GetBucketPolicyCommand({ Bucket: A.destinationBucket }));
    assert.match(owner.Policy ?? '', /ReplicationWrites/);
    server.loadScenario(twoAccountScenario({ destinationReadableFromSource: false }));
    assert.equal((await awsError(fromSource.send(new GetBucketVersioningCommand({ Bucket: A.destinationBucket })))).name, 'AccessDenied');
  });

  it('reads and sets Requester Pays', async () => {
    server = await startLoopback({ scenario: twoAccountScenario({ requesterPays: true }) });
    const owner = s3(server.url, destination, A.destinationRegion);
    assert.equal((await owner.send(new GetBucketRequestPaymentCommand({ Bucket: A.destinationBucket }))).Payer, 'Requester');
    assert.equal((await s3(server.url, source, A.destinationRegion).send(new GetBucketRequestPaymentCommand({ Bucket: A.destinationBucket }))).Payer, 'Requester');
    await owner.send(new PutBucketRequestPaymentCommand({ Bucket: A.destinationBucket, RequestPaymentConfiguration: { Payer: 'BucketOwner' } }));
    assert.equal(server.state.buckets.get(A.destinationBucket)?.requesterPays, false);
  });

  it('assumes a role whose trust policy names the caller, with the external id it asks for, and acts in its account', async () => {
    server = await startLoopback({ scenario: twoAccountScenario() });
    const roleArn = `arn:aws:iam::${A.destination}:role/${A.auditRole}`;
    const refused = await awsError(sts(server.url, source).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'audit' })));
    assert.equal(refused.name, 'AccessDenied');
    assert.match(refused.message, /is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role\/OrganizationAccountAccessRole/);
    const wrongId = await awsError(sts(server.url, source).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'audit', ExternalId: 'nope' })));
    assert.equal(wrongId.name, 'AccessDenied');
    const out = await sts(server.url, source).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'audit', ExternalId: A.externalId }));
    assert.match(out.Credentials?.AccessKeyId ?? '', /^ASIA/);
    assert.ok(out.Credentials?.Expiration instanceof Date);
    const session = { accessKeyId: out.Credentials?.AccessKeyId as string, secretAccessKey: out.Credentials?.SecretAccessKey as string, sessionToken: out.Credentials?.SessionToken };
    const me = await sts(server.url, session).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, `arn:aws:sts::${A.destination}:assumed-role/${A.auditRole}/audit`);
    assert.deepEqual(((await s3(server.url, session).send(new ListBucketsCommand({}))).Buckets ?? []).map((b) => b.Name), [A.destinationBucket]);
    // A role that trusts only the source account refuses the destination account's user.
    assert.equal((await awsError(sts(server.url, destination).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A.source}:role/${A.role}`, RoleSessionName: 'probe' })))).name, 'AccessDenied');
  });

  describe('KMS', () => {
    it('describes keys by id, ARN and alias, across accounts only by ARN and only where the key policy allows', async () => {
      server = await startLoopback({ scenario: twoAccountScenario({ replicaKey: 'Enabled' }) });
      const own = kms(server.url, destination);
      const byAlias = await own.send(new DescribeKeyCommand({ KeyId: 'alias/dr-replicas' }));
      assert.equal(byAlias.KeyMetadata?.Arn, replicaKeyArn);
      assert.equal(byAlias.KeyMetadata?.KeyState, 'Enabled');
      assert.equal(byAlias.KeyMetadata?.KeySpec, 'SYMMETRIC_DEFAULT');
      assert.equal(byAlias.KeyMetadata?.MultiRegion, false);
      assert.ok(byAlias.KeyMetadata?.CreationDate instanceof Date);
      const cross = await kms(server.url, source).send(new DescribeKeyCommand({ KeyId: replicaKeyArn }));
      assert.equal(cross.KeyMetadata?.AWSAccountId, A.destination);
      const byIdFromOther = await awsError(kms(server.url, source).send(new DescribeKeyCommand({ KeyId: A.replicaKeyId })));
      assert.equal(byIdFromOther.name, 'NotFoundException');
      assert.match(byIdFromOther.message, /Key 'arn:aws:kms:eu-west-1:111122223333:key\/1234abcd-12ab-34cd-56ef-1234567890ab' does not exist/);
      const wrongRegion = await awsError(kms(server.url, destination, 'us-east-1').send(new DescribeKeyCommand({ KeyId: replicaKeyArn })));
      assert.equal(wrongRegion.name, 'NotFoundException');
      assert.equal(wrongRegion.message, 'Invalid arn eu-west-1');
      const policy = await awsError(kms(server.url, source).send(new GetKeyPolicyCommand({ KeyId: replicaKeyArn, PolicyName: 'default' })));
      assert.equal(policy.name, 'AccessDeniedException');
    });

    it('reads and writes key policies with KMS lockout check, and reports key state changes', async () => {
      server = await startLoopback({ scenario: twoAccountScenario({ replicaKey: 'Enabled' }) });
      const own = kms(server.url, destination);
      const read = await own.send(new GetKeyPolicyCommand({ KeyId: A.replicaKeyId, PolicyName: 'default' }));
      assert.match(read.Policy ?? '', /ReplicationRole/);
      const lockout = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: 'kms:*', Resource: '*' }] });
      const refused = await awsError(own.send(new PutKeyPolicyCommand({ KeyId: A.replicaKeyId, PolicyName: 'default', Policy: lockout })));
      assert.equal(refused.name, 'MalformedPolicyDocumentException');
      const kept = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A.destination}:root` }, Action: 'kms:*', Resource: '*' }] });
      await own.send(new PutKeyPolicyCommand({ KeyId: A.replicaKeyId, PolicyName: 'default', Policy: kept }));
      assert.equal((await own.send(new GetKeyPolicyCommand({ KeyId: A.replicaKeyId, PolicyName: 'default' }))).Policy, kept);
      await own.send(new DisableKeyCommand({ KeyId: A.replicaKeyId }));
      const described = await own.send(new DescribeKeyCommand({ KeyId: A.replicaKeyId }));
      assert.equal(described.KeyMetadata?.KeyState, 'Disabled');
      assert.equal(described.KeyMetadata?.Enabled, false);
    });
  });

  describe('Organizations', () => {
    it('lists accounts page by page, parents, the policies attached to a target and their content, to the management account only', async () => {
      server = await startLoopback({ scenario: twoAccountScenario({ denyingScp: true }) });
      const mgmt = orgs(server.url, source);
      const first = await mgmt.send(new ListAccountsCommand({ MaxResults: 1 }));
      assert.equal(first.Accounts?.length, 1);
      assert.ok(first.NextToken);
      const second = await mgmt.send(new ListAccountsCommand({ MaxResults: 1, NextToken: first.NextToken }));
      assert.deepEqual([...(first.Accounts ?? []), ...(second.Accounts ?? [])].map((a) => a.Id), [A.source, A.destination]);
      assert.equal(second.NextToken, undefined);
      assert.equal(second.Accounts?.[0].Name, 'disaster-recovery');
      const parents = await mgmt.send(new ListParentsCommand({ ChildId: A.destination }));
      assert.deepEqual(parents.Parents, [{ Id: 'r-root', Type: 'ROOT' }]);
      const attached = await mgmt.send(new ListPoliciesForTargetCommand({ TargetId: A.destination, Filter: 'SERVICE_CONTROL_POLICY' }));
      assert.deepEqual(attached.Policies?.map((p) => p.Name), ['deny-replication-writes']);
      const policy = await mgmt.send(new DescribePolicyCommand({ PolicyId: 'p-denyreplica' }));
      assert.match(policy.Policy?.Content ?? '', /s3:ReplicateObject/);
      const member = await awsError(orgs(server.url, destination).send(new ListAccountsCommand({})));
      assert.equal(member.name, 'AccessDeniedException');
      const none = await awsError(mgmt.send(new ListPoliciesForTargetCommand({ TargetId: '000000000000', Filter: 'SERVICE_CONTROL_POLICY' })));
      assert.equal(none.name, 'TargetNotFoundException');
    });
  });

  describe('cross-account replication', () => {
    async function replicate(options: Parameters<typeof twoAccountScenario>[0]) {
      server = await startLoopback({ scenario: twoAccountScenario(options) });
      const client = s3(server.url, source);
      const put = await client.send(new PutObjectCommand({ Bucket: A.sourceBucket, Key: 'data/a.csv', Body: 'a,b' }));
      server.state.replication.completeAll();
      const head = await client.send(new HeadObjectCommand({ Bucket: A.sourceBucket, Key: 'data/a.csv' }));
      const version = server.state.buckets.get(A.sourceBucket)?.objects.get('data/a.csv')?.[0];
      return { put, status: head.ReplicationStatus, failures: version?.replicationFailures ?? [] };
    }

    it('replicates when the destination bucket policy allows the role, and fails with DstPutObjectNotPermitted when it lacks it', async () => {
      assert.equal((await replicate({})).status, 'COMPLETED');
      assert.ok(server.state.buckets.get(A.destinationBucket)?.objects.has('data/a.csv'));
      await server.close();
      const lacking = await replicate({ destinationPolicy: 'lacks-role' });
      assert.equal(lacking.status, 'FAILED');
      assert.equal(lacking.failures[0].reason, 'DstPutObjectNotPermitted');
      assert.deepEqual(lacking.failures[0].missingActions, [`s3:ReplicateObject on arn:aws:s3:::${A.destinationBucket}/data/a.csv (bucket policy)`]);
    });

    it('encrypts replicas with the replica key, and fails with DstKmsKeyInvalidState or DstKmsKeyNotFound when it cannot', async () => {
      const ok = await replicate({ replicaKey: 'Enabled' });
      assert.equal(ok.put.ServerSideEncryption, 'aws:kms');
      assert.equal(ok.status, 'COMPLETED');
      assert.equal(server.state.buckets.get(A.destinationBucket)?.objects.get('data/a.csv')?.[0].kmsKeyArn, replicaKeyArn);
      await server.close();
      assert.equal((await replicate({ replicaKey: 'Disabled' })).failures[0].reason, 'DstKmsKeyInvalidState');
      await server.close();
      assert.equal((await replicate({ replicaKey: 'missing' })).failures[0].reason, 'DstKmsKeyNotFound');
      await server.close();
      const ungranted = await replicate({ replicaKey: 'Enabled', replicaKeyGrantsRole: false });
      assert.equal(ungranted.failures[0].reason, 'DstPutObjectNotPermitted');
      assert.deepEqual(ungranted.failures[0].missingActions, [`kms:Encrypt on ${replicaKeyArn}`]);
    });
  });
});

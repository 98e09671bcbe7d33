/**
 * The multi-account endpoint through an independent client: Debian's AWS CLI (/usr/bin/aws) reading
 * KMS keys and key policies (JSON 1.1), Organizations (JSON 1.1), assuming a role (STS Query) and
 * reading another account's bucket settings. Skipped with a message when the CLI is absent.
 */
import { strict as assert } from 'node:assert';
import { startLoopback, twoAccountScenario, TWO_ACCOUNTS as A, type LoopbackServer } from '../../loopback';
import { awsCli, awsCliAvailable, AWS_CLI, type AwsCli } from './awsCliRunner';

const replicaKeyArn = `arn:aws:kms:${A.destinationRegion}:${A.destination}:key/${A.replicaKeyId}`;

describe('loopback: accounts, KMS and Organizations through the AWS CLI (/usr/bin/aws)', function () {
  this.timeout(90_000);
  let server: LoopbackServer;
  let sourceCli: AwsCli;
  let destinationCli: AwsCli;

  before(async function () {
    if (!awsCliAvailable()) {
      console.warn(`      skipped: ${AWS_CLI} is absent (scripts/setup-tools.sh installs it; CI runs this suite).`);
      this.skip();
    }
    server = await startLoopback({ scenario: twoAccountScenario({ replicaKey: 'Enabled', denyingScp: true }) });
    sourceCli = awsCli(server.url, { accessKeyId: A.sourceKey });
    destinationCli = awsCli(server.url, { accessKeyId: A.destinationKey, region: A.destinationRegion });
  });
  after(async () => {
    sourceCli?.dispose();
    destinationCli?.dispose();
    await server?.close();
  });

  const json = (r: { code: number; stdout: string; stderr: string }): unknown => {
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as unknown;
  };

  it('kms describe-key, get-key-policy, put-key-policy and disable-key', async () => {
    const described = json(await destinationCli.run('kms', 'describe-key', '--key-id', 'alias/dr-replicas')) as { KeyMetadata: Record<string, unknown> };
    assert.equal(described.KeyMetadata.Arn, replicaKeyArn);
    assert.equal(described.KeyMetadata.KeyState, 'Enabled');
    const cross = json(await sourceCli.run('kms', 'describe-key', '--region', A.destinationRegion, '--key-id', replicaKeyArn)) as { KeyMetadata: Record<string, unknown> };
    assert.equal(cross.KeyMetadata.AWSAccountId, A.destination);
    const policy = json(await destinationCli.run('kms', 'get-key-policy', '--key-id', A.replicaKeyId, '--policy-name', 'default')) as { Policy: string };
    assert.match(policy.Policy, /ReplicationRole/);
    const refused = await sourceCli.run('kms', 'get-key-policy', '--region', A.destinationRegion, '--key-id', replicaKeyArn, '--policy-name', 'default');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /AccessDeniedException/);
    const next = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A.destination}:root` }, Action: 'kms:*', Resource: '*' }] });
    const put = await destinationCli.run('kms', 'put-key-policy', '--key-id', A.replicaKeyId, '--policy-name', 'default', '--policy', destinationCli.file('key-policy.json', next));
    assert.equal(put.code, 0, put.stderr);
    assert.equal([...server.state.accounts.get(A.destination)!.kmsKeys.values()][0].policy, next);
    assert.equal((await destinationCli.run('kms', 'disable-key', '--key-id', A.replicaKeyId)).code, 0);
    const missing = await destinationCli.run('kms', 'describe-key', '--key-id', 'alias/nothing');
    assert.match(missing.stderr, /NotFoundException/);
  });

  it('organizations list-accounts (paginated by the CLI), list-parents, list-policies-for-target, describe-policy', async () => {
    const accounts = json(await sourceCli.run('organizations', 'list-accounts', '--page-size', '1')) as { Accounts: { Id: string }[] };
    assert.deepEqual(accounts.Accounts.map((a) => a.Id), [A.source, A.destination]);
    const parents = json(await sourceCli.run('organizations', 'list-parents', '--child-id', A.destination)) as { Parents: { Id: string; Type: string }[] };
    assert.deepEqual(parents.Parents, [{ Id: 'r-root', Type: 'ROOT' }]);
    const policies = json(await sourceCli.run('organizations', 'list-policies-for-target', '--target-id', A.destination, '--filter', 'SERVICE_CONTROL_POLICY')) as { Policies: { Id: string }[] };
    assert.deepEqual(policies.Policies.map((p) => p.Id), ['p-denyreplica']);
    const policy = json(await sourceCli.run('organizations', 'describe-policy', '--policy-id', 'p-denyreplica')) as { Policy: { Content: string } };
    assert.match(policy.Policy.Content, /s3:ReplicateObject/);
    const member = await destinationCli.run('organizations', 'list-accounts', '--region', 'us-east-1');
    assert.match(member.stderr, /AccessDeniedException/);
  });

  it('sts assume-role, then the other account with the session credentials; cross-account bucket reads', async () => {
    const assumed = json(
      await sourceCli.run('sts', 'assume-role', '--role-arn', `arn:aws:iam::${A.destination}:role/${A.auditRole}`, '--role-session-name', 'cli-audit', '--external-id', A.externalId),
    ) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; AssumedRoleUser: { Arn: string } };
    assert.equal(assumed.AssumedRoleUser.Arn, `arn:aws:sts::${A.destination}:assumed-role/${A.auditRole}/cli-audit`);
    const { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey, SessionToken: sessionToken } = assumed.Credentials;
    const session = awsCli(server.url, { accessKeyId, secretAccessKey, sessionToken });
    // The endpoint issued the secret, so it verifies the CLI's signatures (an independent SigV4 implementation).
    const wrongSecret = awsCli(server.url, { accessKeyId, secretAccessKey: 'not-the-secret', sessionToken });
    const noToken = awsCli(server.url, { accessKeyId, secretAccessKey });
    try {
      const me = json(await session.run('sts', 'get-caller-identity')) as { Account: string };
      assert.equal(me.Account, A.destination);
      const own = json(await session.run('s3api', 'get-bucket-versioning', '--bucket', A.destinationBucket)) as { Status: string };
      assert.equal(own.Status, 'Enabled');
      assert.match((await wrongSecret.run('sts', 'get-caller-identity')).stderr, /SignatureDoesNotMatch/);
      assert.match((await wrongSecret.run('s3api', 'get-bucket-versioning', '--bucket', A.destinationBucket)).stderr, /SignatureDoesNotMatch/);
      assert.match((await noToken.run('s3api', 'get-bucket-versioning', '--bucket', A.destinationBucket)).stderr, /InvalidAccessKeyId/);
    } finally {
      session.dispose();
      wrongSecret.dispose();
      noToken.dispose();
    }
    const versioning = json(await sourceCli.run('s3api', 'get-bucket-versioning', '--bucket', A.destinationBucket)) as { Status: string };
    assert.equal(versioning.Status, 'Enabled');
    const payer = json(await sourceCli.run('s3api', 'get-bucket-request-payment', '--bucket', A.destinationBucket)) as { Payer: string };
    assert.equal(payer.Payer, 'BucketOwner');
    const replication = await sourceCli.run('s3api', 'get-bucket-replication', '--bucket', A.destinationBucket);
    assert.match(replication.stderr, /AccessDenied/);
  });
});

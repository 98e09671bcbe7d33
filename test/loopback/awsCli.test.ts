/**
 * Proof that the endpoint speaks AWS: the walkthrough's own commands, run with Debian's AWS CLI
 * (/usr/bin/aws, an independent client) with nothing but --endpoint-url pointing at the endpoint.
 * CI installs awscli (scripts/setup-tools.sh); without it the suite says so and skips.
 */
import { execFile } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLoopback, type LoopbackServer } from '../../loopback';
import { WALKTHROUGH_DIR } from '../../loopback/scenario/walkthrough';
import { cliHome } from './awsCliRunner';
import { correctedWalkthroughConfig, walkthroughFile } from './helpers';

const AWS = '/usr/bin/aws';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('loopback: the walkthrough through the AWS CLI (/usr/bin/aws)', function () {
  // Each CLI run starts a Python interpreter: about a second on a loaded 2-core machine.
  this.timeout(60_000);
  let server: LoopbackServer;
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    if (!existsSync(AWS)) {
      console.warn(`      skipped: ${AWS} is absent. Install Debian's AWS CLI (apt-get install -y awscli, or scripts/setup-tools.sh); CI runs this suite.`);
      this.skip();
    }
    server = await startLoopback({ scenario: { replicationDelayMs: 60_000 } });
    ({ home, env } = cliHome({ retries: true }));
  });
  after(async () => {
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function aws(...args: string[]): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(AWS, ['--endpoint-url', server.url, '--output', 'json', ...args], { env, timeout: 30_000 }, (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  async function ok(...args: string[]): Promise<Record<string, unknown>> {
    const r = await aws(...args);
    assert.equal(r.code, 0, `aws ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
  }

  const file = (name: string) => `file://${join(WALKTHROUGH_DIR, name)}`;

  it('creates both buckets and enables versioning (step 1), following S3 across regions', async () => {
    // Independent commands run side by side: each CLI start costs about a second.
    await Promise.all([
      ok('s3api', 'create-bucket', '--bucket', 'source-bucket'),
      ok('s3api', 'create-bucket', '--bucket', 'destination-bucket', '--region', 'eu-west-1', '--create-bucket-configuration', 'LocationConstraint=eu-west-1'),
    ]);
    await Promise.all([
      ok('s3api', 'put-bucket-versioning', '--bucket', 'source-bucket', '--versioning-configuration', 'Status=Enabled'),
      // Signed for us-east-1: the CLI follows the endpoint's PermanentRedirect to eu-west-1, as with real S3.
      ok('s3api', 'put-bucket-versioning', '--bucket', 'destination-bucket', '--versioning-configuration', 'Status=Enabled'),
    ]);
    assert.deepEqual(await ok('s3api', 'get-bucket-versioning', '--bucket', 'source-bucket'), { Status: 'Enabled' });
    assert.equal(server.state.buckets.get('destination-bucket')?.versioning, 'Enabled');
    assert.equal(server.requestCount('PutBucketVersioning'), 3, 'one redirected attempt, then the retry signed for eu-west-1');
  });

  it('creates the role and its policy from the walkthrough files (step 2)', async () => {
    const role = (await ok('iam', 'create-role', '--role-name', 's3-replication-role', '--assume-role-policy-document', file('trust-policy.json'))) as { Role: { Arn: string } };
    assert.equal(role.Role.Arn, 'arn:aws:iam::123456789012:role/s3-replication-role');
    await ok('iam', 'put-role-policy', '--role-name', 's3-replication-role', '--policy-name', 's3-replication-policy', '--policy-document', file('role-policy.json'));
    const policy = (await ok('iam', 'get-role-policy', '--role-name', 's3-replication-role', '--policy-name', 's3-replication-policy')) as { PolicyDocument: unknown };
    assert.deepEqual(policy.PolicyDocument, JSON.parse(walkthroughFile('role-policy.json')), 'the CLI decodes the URL-encoded document IAM sends');
  });

  it("is refused by put-bucket-replication with S3's InvalidRequest text (step 3)", async () => {
    const [, r] = await Promise.all([
      ok('s3api', 'put-object', '--bucket', 'source-bucket', '--key', 'before-rule.txt', '--body', join(WALKTHROUGH_DIR, 'README.md')),
      aws('s3api', 'put-bucket-replication', '--bucket', 'source-bucket', '--replication-configuration', file('replication-config.json')),
    ]);
    assert.notEqual(r.code, 0);
    assert.match(
      r.stderr,
      /An error occurred \(InvalidRequest\) when calling the PutBucketReplication operation: DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema\. Please refer to S3 Developer Guide for more information\./,
    );
  });

  it('accepts the corrected configuration and reads it back (steps 3-4)', async () => {
    const corrected = join(home, 'replication-config.json');
    writeFileSync(corrected, JSON.stringify(correctedWalkthroughConfig(), null, 2));
    await ok('s3api', 'put-bucket-replication', '--bucket', 'source-bucket', '--replication-configuration', `file://${corrected}`);
    const read = (await ok('s3api', 'get-bucket-replication', '--bucket', 'source-bucket')) as { ReplicationConfiguration: unknown };
    assert.deepEqual(read.ReplicationConfiguration, correctedWalkthroughConfig());
  });

  it('shows the statuses with head-object: none for older objects, PENDING, COMPLETED, REPLICA (step 5)', async () => {
    await ok('s3api', 'put-object', '--bucket', 'source-bucket', '--key', 'after-rule.txt', '--body', join(WALKTHROUGH_DIR, 'README.md'));
    const status = async (bucket: string, key: string, ...extra: string[]) => (await ok('s3api', 'head-object', '--bucket', bucket, '--key', key, ...extra)).ReplicationStatus;
    assert.deepEqual(await Promise.all([status('source-bucket', 'before-rule.txt'), status('source-bucket', 'after-rule.txt')]), [undefined, 'PENDING']);
    server.state.replication.completeAll();
    assert.deepEqual(await Promise.all([status('source-bucket', 'after-rule.txt'), status('destination-bucket', 'after-rule.txt', '--region', 'eu-west-1')]), ['COMPLETED', 'REPLICA']);
  });

  it('reads and sets default encryption (SSE-S3 unless set)', async () => {
    const rule = async () => ((await ok('s3api', 'get-bucket-encryption', '--bucket', 'source-bucket')) as { ServerSideEncryptionConfiguration: { Rules: { ApplyServerSideEncryptionByDefault: Record<string, string> }[] } }).ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault;
    assert.deepEqual(await rule(), { SSEAlgorithm: 'AES256' });
    const kms = { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' } }] };
    await ok('s3api', 'put-bucket-encryption', '--bucket', 'source-bucket', '--server-side-encryption-configuration', JSON.stringify(kms));
    assert.deepEqual(await rule(), kms.Rules[0].ApplyServerSideEncryptionByDefault);
    await ok('s3api', 'put-bucket-encryption', '--bucket', 'source-bucket', '--server-side-encryption-configuration', JSON.stringify({ Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] }));
  });

  it('lists buckets and identifies the caller', async () => {
    const [buckets, caller] = await Promise.all([ok('s3api', 'list-buckets'), ok('sts', 'get-caller-identity')]);
    assert.deepEqual((buckets as { Buckets: { Name: string }[] }).Buckets.map((b) => b.Name), ['destination-bucket', 'source-bucket']);
    assert.equal(caller.Account, '123456789012');
  });
});

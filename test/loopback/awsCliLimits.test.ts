/**
 * The endpoint refuses what IAM and S3 refuse, proven with an independent client: Debian's AWS CLI
 * (/usr/bin/aws) sees the same error codes and texts as the SDK. Skipped with a message when the CLI is
 * absent (CI installs it with scripts/setup-tools.sh).
 */
import { strict as assert } from 'node:assert';
import { startLoopback, type LoopbackServer } from '../../loopback';
import { awsCli, awsCliAvailable, AWS_CLI, type AwsCli } from './awsCliRunner';
import { policyOfSize } from './helpers';

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
const rule = (ID: string) => ({ ID, Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' } });

describe('loopback: IAM and S3 refusals through the AWS CLI (/usr/bin/aws)', function () {
  this.timeout(60_000);
  let server: LoopbackServer;
  let cli: AwsCli;

  before(async function () {
    if (!awsCliAvailable()) {
      console.warn(`      skipped: ${AWS_CLI} is absent. Install Debian's AWS CLI (apt-get install -y awscli, or scripts/setup-tools.sh); CI runs this suite.`);
      this.skip();
    }
    server = await startLoopback({
      scenario: {
        roles: [{ name: 'r', trustPolicy: TRUST, inlinePolicies: { first: policyOfSize(6_000) } }],
        buckets: [
          { name: 'src', versioning: 'Enabled' },
          { name: 'dst', versioning: 'Enabled' },
        ],
      },
    });
    cli = awsCli(server.url);
  });
  after(async () => {
    cli?.dispose();
    await server?.close();
  });

  /** The CLI failed with this error code, and its message includes `text`. */
  async function refused(args: string[], code: string, text: string): Promise<void> {
    const r = await cli.run(...args);
    assert.notEqual(r.code, 0, `aws ${args.slice(0, 2).join(' ')} succeeded`);
    assert.match(r.stderr, new RegExp(`\\(${code}\\) when calling`), r.stderr);
    assert.ok(r.stderr.includes(text), r.stderr);
  }

  it('put-role-policy: an invalid Version is MalformedPolicyDocument', async () => {
    const doc = cli.file('bad-version.json', policyOfSize(300).replace('2012-10-17', '2012-10-18'));
    await refused(['iam', 'put-role-policy', '--role-name', 'r', '--policy-name', 'bad', '--policy-document', doc], 'MalformedPolicyDocument', 'Syntax errors in policy.');
  });

  it('put-role-policy: one policy over 10,240 characters, and the role\'s policies together over it, are LimitExceeded', async () => {
    const big = cli.file('big.json', policyOfSize(10_241));
    await refused(['iam', 'put-role-policy', '--role-name', 'r', '--policy-name', 'big', '--policy-document', big], 'LimitExceeded', 'Maximum policy size of 10240 bytes exceeded for role r');
    // 6,000 already inline: 4,241 more is over the aggregate, 4,240 fits.
    const over = cli.file('over.json', policyOfSize(4_241));
    await refused(['iam', 'put-role-policy', '--role-name', 'r', '--policy-name', 'second', '--policy-document', over], 'LimitExceeded', 'Maximum policy size of 10240 bytes exceeded for role r');
    const fits = cli.file('fits.json', policyOfSize(4_240, 8));
    const ok = await cli.run('iam', 'put-role-policy', '--role-name', 'r', '--policy-name', 'second', '--policy-document', fits);
    assert.equal(ok.code, 0, ok.stderr);
  });

  it('update-assume-role-policy: a trust policy over 2,048 characters is LimitExceeded', async () => {
    const trust = JSON.parse(TRUST) as { Statement: Record<string, unknown>[] };
    trust.Statement[0].Sid = 'T'.repeat(2_049 - TRUST.length - '"Sid":"",'.length);
    const doc = cli.file('trust.json', JSON.stringify(trust));
    await refused(['iam', 'update-assume-role-policy', '--role-name', 'r', '--policy-document', doc], 'LimitExceeded', 'Cannot exceed quota for ACLSizePerRole: 2048');
  });

  it('create-policy and attach-role-policy work, and a managed policy over 6,144 characters is LimitExceeded', async () => {
    const small = cli.file('managed.json', policyOfSize(500));
    const created = await cli.run('iam', 'create-policy', '--policy-name', 'doctor', '--path', '/doctor/', '--policy-document', small);
    assert.equal(created.code, 0, created.stderr);
    const arn = (JSON.parse(created.stdout) as { Policy: { Arn: string } }).Policy.Arn;
    assert.equal(arn, 'arn:aws:iam::123456789012:policy/doctor/doctor');
    const attached = await cli.run('iam', 'attach-role-policy', '--role-name', 'r', '--policy-arn', arn);
    assert.equal(attached.code, 0, attached.stderr);
    const listed = await cli.run('iam', 'list-attached-role-policies', '--role-name', 'r');
    assert.deepEqual(JSON.parse(listed.stdout), { AttachedPolicies: [{ PolicyName: 'doctor', PolicyArn: arn }] });
    const big = cli.file('managed-big.json', policyOfSize(6_145));
    await refused(['iam', 'create-policy', '--policy-name', 'big', '--policy-document', big], 'LimitExceeded', 'Cannot exceed quota for PolicySize: 6144');
  });

  it('put-bucket-replication: a non-ASCII rule ID and a 256-character one are InvalidArgument', async () => {
    const nonAscii = cli.file('non-ascii.json', JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/r', Rules: [rule('règle')] }));
    await refused(['s3api', 'put-bucket-replication', '--bucket', 'src', '--replication-configuration', nonAscii], 'InvalidArgument', 'Rule ID must contain only ASCII characters');
    const long = cli.file('long.json', JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/r', Rules: [rule('x'.repeat(256))] }));
    await refused(['s3api', 'put-bucket-replication', '--bucket', 'src', '--replication-configuration', long], 'InvalidArgument', 'ID length should not exceed allowed limit of 255');
    const ok = await cli.run('s3api', 'put-bucket-replication', '--bucket', 'src', '--replication-configuration', cli.file('ok.json', JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/r', Rules: [rule('x'.repeat(255))] })));
    assert.equal(ok.code, 0, ok.stderr);
  });
});

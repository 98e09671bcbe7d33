/**
 * rc-unknown-member and rc-member-type say what the AWS CLI says: the same broken configuration
 * given to Debian's /usr/bin/aws (an independent client, pointed at the loopback endpoint) and to
 * the engine must produce the same "Unknown parameter" and "Invalid type" lines. The CLI validates
 * before sending, so nothing reaches the endpoint. Without /usr/bin/aws the suite says so and skips.
 */
import { execFile } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLoopback, type LoopbackServer } from '../../loopback';
import { cliHome } from './awsCliRunner';
import { analyze } from '../../src/core/analyze';

const AWS = '/usr/bin/aws';

/** Every kind of mistake the two rules report, none of those other rules own (Status, Priority, ...). */
const BROKEN = {
  Role: 5,
  Extra: true,
  Rules: [
    {
      Id: 'one',
      Status: 'Enabled',
      Priority: 1,
      Filter: { And: { Prefix: 1, Tags: [{ Key: 'k', Value: 'v', Extra: 1 }], X: 1 } },
      DeleteMarkerReplication: { Status: 'Disabled', Z: 1 },
      Destination: {
        Bucket: null,
        Account: 123456789012,
        ReplicaKmsKeyID: 'arn:aws:kms:us-east-1:123456789012:key/k',
        EncryptionConfiguration: { ReplicaKmsKeyId: 'x' },
        ReplicationTime: { Status: 'Enabled', Time: { Minutes: 15, Seconds: 1 } },
        Metrics: { Status: 'Enabled', EventThreshold: { Minutes: 15 }, M: 1 },
      },
      SourceSelectionCriteria: { SseKmsEncryptedObjects: 'Enabled', ReplicaModifications: { Status: 'Enabled', Y: 1 } },
      ReplicaKmsKeyID: 'k2',
    },
    { Status: 'Enabled', Filter: 'logs/', Destination: { Bucket: 'arn:aws:s3:::dest', AccessControlTranslation: { Owner: 'Destination', O: 1 } }, DeleteMarkerReplication: [] },
    'third',
  ],
};

describe('rc-unknown-member / rc-member-type against the AWS CLI (/usr/bin/aws)', function () {
  this.timeout(60_000);
  let server: LoopbackServer;
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(async function () {
    if (!existsSync(AWS)) {
      console.warn(`      skipped: ${AWS} is absent. Install Debian's AWS CLI (apt-get install -y awscli, or scripts/setup-tools.sh); CI runs this suite.`);
      this.skip();
    }
    server = await startLoopback({});
    ({ home, env } = cliHome());
  });
  after(async () => {
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function cliLines(file: string): Promise<{ code: number; lines: string[] }> {
    const args = ['--endpoint-url', server.url, 's3api', 'put-bucket-replication', '--bucket', 'source-bucket', '--replication-configuration', `file://${file}`];
    return new Promise((resolve) => {
      execFile(AWS, args, { env, timeout: 30_000 }, (err, _stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, lines: stderr.split('\n').filter((l) => /^(Unknown parameter|Invalid type|Missing required)/.test(l)) });
      });
    });
  }

  it('prints the lines the engine prints, one for one', async () => {
    // 15.0: an integer the CLI reads as a float (JSON.stringify would write 15).
    const text = JSON.stringify(BROKEN, null, 2).replace('"Minutes": 15\n', '"Minutes": 15.0\n');
    assert.ok(text.includes('15.0'));
    const file = join(home, 'broken.json');
    writeFileSync(file, text);
    const { code, lines } = await cliLines(file);
    assert.notEqual(code, 0, 'the CLI refuses the configuration');
    const ours = analyze([{ uri: file, text }])
      .findings.filter((f) => f.ruleId === 'rc-unknown-member' || f.ruleId === 'rc-member-type')
      .map((f) => f.message.slice(0, f.message.indexOf('. The AWS CLI')))
      // Debian's CLI predates the members the newest S3 model added (exclusion filters, multi-Region
      // replica keys); S3 accepts them, so the engine lists them and the old CLI does not.
      .map((line) => line.replace(/, (Not|UseSourceMultiRegionKey)$/, ''));
    // The CLI also reports the missing required members, which other rules report in their own words.
    const cli = lines.filter((l) => !l.startsWith('Missing required'));
    assert.ok(cli.length >= 15, `the CLI printed ${cli.length} lines:\n${lines.join('\n')}`);
    assert.deepEqual([...ours].sort(), [...cli].sort());
  });

  it('accepts what the engine accepts: the valid configuration reaches the endpoint', async () => {
    const text = JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/replication', Rules: [{ ID: 'a', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dest', Account: '123456789012' } }] });
    const file = join(home, 'valid.json');
    writeFileSync(file, text);
    const { lines } = await cliLines(file);
    assert.deepEqual(lines, []);
    assert.deepEqual(analyze([{ uri: file, text }]).findings.filter((f) => f.ruleId === 'rc-unknown-member' || f.ruleId === 'rc-member-type'), []);
  });
});

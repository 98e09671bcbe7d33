/**
 * `s3-replication-doctor status` against the loopback endpoint: each rule's counts and the reasons S3
 * named, as text and JSON, with exit codes scripts and cron jobs can act on.
 */
import { strict as assert } from 'node:assert';
import type { LoopbackServer } from '../../loopback';
import * as aws from '../../src/aws';
import { parseArgs } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import type { StatusJson } from '../../src/cli/status';
import { startTelemetryLoopback } from './telemetryScenario';

const credentials = { accessKeyId: 'AKIDSTATUS', secretAccessKey: 'loopback' };
describe('cli: status', function () {
  this.timeout(60_000);
  let lb: LoopbackServer;

  before(async () => {
    lb = await startTelemetryLoopback(credentials);
  });
  after(() => lb.close());

  async function status(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['status', '--endpoint', lb.url, ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: '/', env: {}, stdoutIsTTY: false, readStdin: () => Promise.reject(new Error('status reads no standard input')) }, { loadAws: () => aws, awsExtras: { credentials, maxAttempts: 1 } });
    return { code, stdout, stderr };
  }

  it('prints each rule\'s counts and the reasons S3 named, and exits 1 when objects failed', async () => {
    const r = await status('--bucket', 'orders');
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'orders (us-east-1), last 24h: 2 failed');
    assert.match(r.stdout, /\n {2}rule invoices → orders-dr: 2 failed, up to 1 pending \(14 B\)\n {4}DstPutObjectNotPermitted × 2: S3 may not write the replica: .* Fix: Repair Replication Role\. Latest: invoices\/2\.pdf\n/);
    assert.match(r.stdout, /\n {2}rule logs → orders-dr: no telemetry \(replication metrics are off/);
    assert.match(r.stdout, /\nFailure events: captured in arn:aws:sqs:us-east-1:123456789012:s3rd-failures-orders, 2 in the window/);
    assert.match(r.stdout, /\nConfiguration: 2 errors, 3 warnings\n/);
    assert.match(r.stdout, /\n {2}error {3}iam-replicate-object: This policy does not allow s3:ReplicateObject on arn:aws:s3:::orders-dr\/invoices\/\*/);
    assert.match(r.stdout, /\n {2}warning rc-failure-events-need-metrics: .*Rule "logs" has no replication metrics enabled/);
    assert.doesNotMatch(r.stdout, /`/, 'plain text, as check prints it');
  });

  it('says a bucket that does not exist was not read, not that it has no replication, and exits 2', async () => {
    const r = await status('--bucket', 'no-such-bucket');
    assert.equal(r.code, 2, r.stdout);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'no-such-bucket, last 24h: replication configuration not read');
    assert.match(r.stdout, /\nCould not read \(the answer is incomplete\):\n {2}\w+ failed \(NoSuchBucket\)/, 'the operation named once');
    const json = JSON.parse((await status('--bucket', 'no-such-bucket', '--format', 'json')).stdout) as StatusJson;
    assert.deepEqual([json.configured, json.replicationRead], [false, false]);
  });

  it('prints JSON for scripts', async () => {
    const r = await status('--bucket', 'orders', '--format', 'json', '--since', '2h');
    const json = JSON.parse(r.stdout) as StatusJson;
    assert.deepEqual([json.bucket, json.since, json.failed, json.configured, json.replicationRead], ['orders', '2h', 2, true, true]);
    assert.doesNotMatch(JSON.stringify(json.rules[0].reasons), /`/, 'reasons in plain text');
    assert.deepEqual(json.rules.map((x) => [x.id, x.telemetry, x.failed]), [['invoices', 'ok', 2], ['logs', 'metrics-off', undefined]]);
    assert.deepEqual(json.rules[0].reasons.map((x) => [x.reason, x.count, x.fix]), [['DstPutObjectNotPermitted', 2, 'repairRole']]);
    const length = json.window ? Date.parse(json.window.end) - Date.parse(json.window.start) : 0;
    assert.ok(length >= 2 * 3600e3 && length < 2 * 3600e3 + 5 * 60e3, `2 h, its start rounded down to a 5-minute period: ${length}`);
    assert.deepEqual(json.problems, []);
  });

  it('exits 0 for a bucket without replication, and 2 when a read is denied (the answer is incomplete)', async () => {
    const quiet = await status('--bucket', 'quiet');
    assert.deepEqual([quiet.code, quiet.stdout.split('\n')[0]], [0, 'quiet (us-east-1), last 24h: no replication configuration']);
    lb.faults.add({ operation: 'GetMetricData', error: 'AccessDenied' });
    const denied = await status('--bucket', 'orders', '--format', 'json');
    const json = JSON.parse(denied.stdout) as StatusJson;
    assert.equal(json.rules[0].failed, undefined);
    assert.match(json.problems[0], /^GetMetricData was denied \(AccessDenied\): .*cloudwatch:GetMetricData/, "the operation named once");
    assert.equal(denied.code, 1, 'the configuration error still decides');
    lb.faults.clear();
  });

  it('checks its arguments', () => {
    assert.throws(() => parseArgs(['status']), /status needs --bucket <name>/);
    assert.throws(() => parseArgs(['status', '--bucket', 'b', '--since', '10x']), /--since needs a duration/);
    assert.throws(() => parseArgs(['status', '--bucket', 'b', '--format', 'sarif']), /text or json/);
    assert.throws(() => parseArgs(['status', '--bucket', 'b', '--fix']), /--fix belongs to the "check" command/);
    assert.throws(() => parseArgs(['check', '--bucket', 'b', 'x.json']), /--bucket belongs to the "status" command/);
    assert.throws(() => parseArgs(['status', '--bucket', 'b', 'file.json']), /takes no files/);
    assert.deepEqual(parseArgs(['status', '--bucket=b', '--profile', 'p', '--region', 'eu-west-1', '--endpoint', 'http://127.0.0.1:4599/']), {
      name: 'status',
      options: { bucket: 'b', since: '24h', sinceMs: 86_400_000, format: 'text', profile: 'p', region: 'eu-west-1', endpoint: 'http://127.0.0.1:4599' },
    });
  });
});

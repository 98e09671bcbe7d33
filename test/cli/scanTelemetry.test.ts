/**
 * `scan --telemetry`: what `status` reports per replication rule (failed objects from the replication
 * metrics, the failure reasons captured from S3's events) joins the scan's output, failed objects are
 * errors; without the flag no telemetry is read. And the reads a scan skips: versioning of a bucket that
 * neither replicates nor receives replicas. And the account map's option.
 */
import { strict as assert } from 'node:assert';
import type { LoopbackServer } from '../../loopback';
import * as aws from '../../src/aws';
import type { ScanFinding } from '../../src/aws/scan';
import { parseArgs, UsageError } from '../../src/cli/args';
import { main } from '../../src/cli/main';
import type { ScanTelemetryJson } from '../../src/cli/scanOutput';
import { startTelemetryLoopback } from './telemetryScenario';

const credentials = { accessKeyId: 'AKIDSCANTELEMETRY', secretAccessKey: 'loopback' };
interface ScanJson {
  summary: { buckets: number; requests: number };
  findings: ScanFinding[];
  telemetry?: ScanTelemetryJson[];
}

describe('cli: scan --telemetry', function () {
  this.timeout(60_000);
  let lb: LoopbackServer;

  before(async () => {
    lb = await startTelemetryLoopback(credentials);
  });
  after(() => lb.close());

  async function scan(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['scan', '--endpoint', lb.url, '--region', 'us-east-1', ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: '/', env: {}, stdoutIsTTY: false, readStdin: async () => Buffer.alloc(0) }, {
      loadScan: () => aws,
      awsExtras: { credentials, maxAttempts: 1 },
    });
    return { code, stdout, stderr };
  }

  it('reports each rule\'s failed objects and captured reasons; failed objects are an error finding', async () => {
    const r = await scan('--telemetry', '--format', 'json');
    const out = JSON.parse(r.stdout) as ScanJson;
    const failed = out.findings.find((f) => f.ruleId === 'scan-replication-failed');
    assert.ok(failed, JSON.stringify(out.findings.map((f) => f.ruleId)));
    assert.deepEqual([failed.bucket, failed.severity], ['orders', 'error']);
    assert.match(failed.message, /^2 object\(s\) failed to replicate under rule invoices → orders-dr in the last 24 h .* DstPutObjectNotPermitted × 2\.$/);
    assert.equal(out.telemetry?.length, 1, 'one replicating bucket');
    const [t] = out.telemetry!;
    assert.equal(t.bucket, 'orders');
    assert.equal(t.failed, 2);
    assert.deepEqual(t.rules.map((x) => [x.id, x.telemetry, x.failed]), [['invoices', 'ok', 2], ['logs', 'metrics-off', undefined]]);
    assert.deepEqual(t.rules[0].reasons.map((x) => [x.reason, x.count]), [['DstPutObjectNotPermitted', 2]]);
    assert.equal(r.code, 1);

    const text = await scan('--telemetry', '--since', '2h');
    assert.match(text.stdout, /\n {2}telemetry: rule invoices → orders-dr: 2 failed/);
    assert.match(text.stdout, /\n {2}telemetry: rule logs → orders-dr: no telemetry \(replication metrics are off/);
    assert.match(text.stdout, /scan-replication-failed .*in the last 2 h/);
  });

  it('reads no telemetry without the flag, and no versioning of a bucket that neither replicates nor receives replicas', async () => {
    const metrics = lb.requestCount('GetMetricData');
    const versioning = lb.requestCount('GetBucketVersioning');
    const r = await scan('--format', 'json');
    const out = JSON.parse(r.stdout) as ScanJson;
    assert.equal(out.summary.buckets, 3);
    assert.equal(out.telemetry, undefined);
    assert.ok(!out.findings.some((f) => f.ruleId === 'scan-replication-failed'));
    assert.equal(lb.requestCount('GetMetricData'), metrics);
    // orders (the source) and orders-dr (read as its destination); not quiet.
    assert.equal(lb.requestCount('GetBucketVersioning') - versioning, 2);
  });

  it('a telemetry read that is denied is said, never a pass', async () => {
    lb.faults.add({ operation: 'GetMetricData', error: 'AccessDenied' });
    try {
      const out = JSON.parse((await scan('--telemetry', '--format', 'json')).stdout) as ScanJson;
      assert.ok(out.findings.some((f) => f.ruleId === 'scan-read-failed' && f.bucket === 'orders' && /^Telemetry not read: GetMetricData/.test(f.message)), JSON.stringify(out.findings));
      assert.ok(!out.findings.some((f) => f.ruleId === 'scan-replication-failed'));
    } finally {
      lb.faults.clear();
    }
  });

  it('parses --telemetry and its window', () => {
    const cmd = parseArgs(['scan', '--telemetry', '--since', '7d']);
    assert.ok(cmd.name === 'scan');
    assert.deepEqual(cmd.options.telemetry, { since: '7d', sinceMs: 7 * 86_400_000 });
    assert.equal((parseArgs(['scan']) as { options: { telemetry?: unknown } }).options.telemetry, undefined);
    assert.throws(() => parseArgs(['scan', '--since', '2h']), UsageError);
    assert.throws(() => parseArgs(['scan', '--telemetry', '--since', 'soon']), /--since needs a duration/);
    assert.throws(() => parseArgs(['check', '--telemetry', 'x.json']), /--telemetry belongs to the "scan" command/);
  });

  it('parses the account map: --account-profile ID=PROFILE, repeated', () => {
    const cmd = parseArgs(['scan', '--account-profile', '444455556666=dest-prod', '--account-profile=111122223333=audit', '--role', 'Audit']);
    assert.ok(cmd.name === 'scan');
    assert.deepEqual(cmd.options.accountProfiles, { '444455556666': 'dest-prod', '111122223333': 'audit' });
    assert.throws(() => parseArgs(['scan', '--account-profile', 'dest-prod']), /ACCOUNT=PROFILE/);
    assert.throws(() => parseArgs(['scan', '--account-profile', '4444=dest']), /ACCOUNT=PROFILE/);
  });
});

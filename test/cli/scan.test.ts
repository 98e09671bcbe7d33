/**
 * `s3-replication-doctor scan` against the two-account loopback: the same findings as the Replication
 * view for each bucket of each account, the other side read through the organization role, accounts
 * listed through Organizations, stable fingerprints, a baseline, and the four output formats.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedOrganization, ORG_AUDIT_ROLE, startLoopback, twoAccountScenario, TWO_ACCOUNTS as A, type LoopbackServer, type TwoAccountOptions } from '../../loopback';
import * as aws from '../../src/aws';
import type { ScanFinding } from '../../src/aws/scan';
import { parseArgs, UsageError } from '../../src/cli/args';
import { main } from '../../src/cli/main';

const credentials = { accessKeyId: A.sourceKey, secretAccessKey: 'x' };
const ORG = ['--role', A.auditRole, '--external-id', A.externalId];

describe('cli: scan', function () {
  this.timeout(60_000);
  let lb: LoopbackServer | undefined;
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'srd-scan-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(async () => {
    await lb?.close();
    lb = undefined;
  });

  async function start(o: TwoAccountOptions = {}): Promise<string> {
    lb = await startLoopback({ scenario: twoAccountScenario(o) });
    return lb.url;
  }
  async function scan(url: string, ...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['scan', '--endpoint', url, '--region', A.sourceRegion, ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: dir, env: {}, stdoutIsTTY: false, readStdin: async () => Buffer.alloc(0) }, { loadScan: () => aws, awsExtras: { credentials, maxAttempts: 1 } });
    return { code, stdout, stderr };
  }
  const json = (stdout: string) => JSON.parse(stdout) as { summary: { accounts: number; buckets: number; suppressed: number; failedAccounts: number }; findings: ScanFinding[] };

  it('a destination bucket policy without the role: error on the source, read through the organization role, exit 1', async () => {
    const url = await start({ destinationPolicy: 'lacks-role' });
    const r = await scan(url, '--org', ...ORG, '--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const out = json(r.stdout);
    assert.deepEqual([out.summary.accounts, out.summary.buckets, out.summary.failedAccounts], [2, 2, 0]);
    const error = out.findings.find((f) => f.ruleId === 'bp-cross-account-required');
    assert.ok(error, JSON.stringify(out.findings.map((f) => f.ruleId)));
    assert.deepEqual([error.account, error.bucket, error.region, error.severity, error.document], [A.source, A.sourceBucket, A.sourceRegion, 'error', `bucket policy of ${A.destinationBucket}`]);
    assert.match(error.fingerprint, /^[0-9a-f]{32}$/);
    assert.ok(!out.findings.some((f) => f.ruleId.startsWith('scan-')), 'everything was readable');
    assert.match(r.stderr, /accounts 2\/2, buckets 2\/2/);
    // The same run again gives the same fingerprints.
    const again = json((await scan(url, '--org', ...ORG, '--format', 'json')).stdout);
    assert.deepEqual(again.findings.map((f) => f.fingerprint).sort(), out.findings.map((f) => f.fingerprint).sort());
  });

  it('a baseline of the accepted findings suppresses them: exit 0, and they are counted', async () => {
    const url = await start({ destinationPolicy: 'lacks-role' });
    const first = await scan(url, '--org', ...ORG, '--format', 'json');
    writeFileSync(join(dir, 'baseline.json'), first.stdout);
    const r = await scan(url, '--org', ...ORG, '--format', 'json', '--baseline', 'baseline.json');
    assert.equal(r.code, 0, r.stdout);
    const out = json(r.stdout);
    assert.deepEqual(out.findings, []);
    assert.equal(out.summary.suppressed, json(first.stdout).findings.length);
    const missing = await scan(url, '--baseline', 'nope.json');
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read the baseline nope\.json/);
  });

  it('a disabled replica key and a Requester Pays destination give their errors', async () => {
    const key = json((await scan(await start({ replicaKey: 'Disabled' }), '--accounts', `${A.source},${A.destination}`, ...ORG, '--format', 'json')).stdout);
    assert.match(key.findings.find((f) => f.ruleId === 'kms-key-state')?.message ?? '', /DstKmsKeyInvalidState/);
    await lb?.close();
    const payer = json((await scan(await start({ requesterPays: true }), ...ORG, '--format', 'json')).stdout);
    assert.ok(payer.findings.some((f) => f.ruleId === 'ls-dest-requester-pays' && f.severity === 'error'));
  });

  it('an account whose role cannot be assumed is a finding of that account, and the others are scanned', async () => {
    const url = await start({ destinationPolicy: 'lacks-role' });
    const r = await scan(url, '--org', '--role', A.auditRole, '--format', 'json');
    const out = json(r.stdout);
    const unreadable = out.findings.find((f) => f.ruleId === 'scan-account-unreadable');
    assert.equal(unreadable?.account, A.destination);
    assert.match(unreadable?.message ?? '', /AssumeRole|AccessDenied/);
    assert.equal(out.summary.buckets, 1, 'the source account was scanned');
    // Without the external id the destination cannot be read either: said, never a silent pass.
    assert.ok(out.findings.some((f) => f.ruleId === 'scan-read-failed' && f.bucket === A.sourceBucket), JSON.stringify(out.findings.map((f) => f.ruleId)));
  });

  it('writes text, SARIF and OCSF', async () => {
    const url = await start({ destinationPolicy: 'lacks-role' });
    const text = await scan(url, ...ORG);
    assert.match(text.stdout, new RegExp(`${A.source} ${A.sourceBucket} \\(${A.sourceRegion}\\)\\n  error   bp-cross-account-required \\[bucket policy of ${A.destinationBucket}\\]`));
    assert.match(text.stdout, /1 account\(s\), 1 bucket\(s\) scanned: 1 error/);

    const sarif = JSON.parse((await scan(url, ...ORG, '--format', 'sarif')).stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; partialFingerprints: Record<string, string>; locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    const [run] = sarif.runs;
    const result = run.results.find((x) => x.ruleId === 'bp-cross-account-required');
    assert.ok(result);
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.equal(result.level, 'error');
    assert.match(result.partialFingerprints['s3ReplicationDoctorScan/v1'], /^[0-9a-f]{32}$/);
    assert.equal(result.locations[0].logicalLocations[0].fullyQualifiedName, `arn:aws:s3:::${A.sourceBucket}`);

    const ocsf = JSON.parse((await scan(url, ...ORG, '--format', 'ocsf')).stdout) as Record<string, unknown>[];
    const event = ocsf.find((e) => (e.finding_info as { types: string[] }).types[0] === 'bp-cross-account-required') as Record<string, unknown> & { cloud: { account: { uid: string } }; resources: { uid: string }[] };
    assert.equal(event.class_uid, 2003);
    assert.equal(event.type_uid, 200301);
    assert.deepEqual(event.compliance, { control: 'bp-cross-account-required', standards: ['S3 Replication Doctor rule catalogue'], status_id: 3, status: 'Fail' });
    assert.equal(event.severity_id, 4);
    assert.equal(event.cloud.account.uid, A.source);
    assert.equal(event.resources[0].uid, `arn:aws:s3:::${A.sourceBucket}`);
    assert.equal(typeof event.time, 'number');
  });

  it('scans every account of a generated organization once, both sides of its cross-account pairs included', async () => {
    lb = await startLoopback({ scenario: generatedOrganization(3, 20) });
    let stdout = '';
    const code = await main(['scan', '--endpoint', lb.url, '--org', '--role', ORG_AUDIT_ROLE, '--format', 'json'], { stdout: (x) => (stdout += x), stderr: () => undefined, cwd: dir, env: {}, stdoutIsTTY: false, readStdin: async () => Buffer.alloc(0) }, { loadScan: () => aws, awsExtras: { credentials: { accessKeyId: 'AKIDMGMT', secretAccessKey: 'x' }, maxAttempts: 1 } });
    const out = json(stdout);
    assert.deepEqual([code, out.summary.accounts, out.summary.buckets, out.summary.failedAccounts], [0, 3, 60, 0]);
    assert.deepEqual(out.findings, [], 'every pair is healthy, the cross-account ones read with the destination account\'s role');
    assert.equal(lb.requestCount('ListAccounts'), 1);
    assert.equal(lb.requestCount('ListBuckets'), 3);
  });

  it('parses its options and refuses what does not belong', () => {
    const cmd = parseArgs(['scan', '--org', '--role', 'Audit', '--format', 'ocsf', '--baseline', 'b.json']);
    assert.equal(cmd.name, 'scan');
    if (cmd.name === 'scan') assert.deepEqual([cmd.options.org, cmd.options.role, cmd.options.format, cmd.options.baseline], [true, 'Audit', 'ocsf', 'b.json']);
    for (const bad of [
      ['scan', '--org', '--accounts', '111122223333'],
      ['scan', '--accounts', '12345'],
      ['scan', 'folder'],
      ['scan', '--fix'],
      ['scan', '--bucket', 'x'],
      ['check', '--org', 'x'],
      ['check', '--format', 'ocsf', 'x'],
      ['scan', '--concurrency', '0'],
    ]) assert.throws(() => parseArgs(bad), UsageError, bad.join(' '));
  });
});

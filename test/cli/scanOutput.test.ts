/**
 * `scan` writes each account's findings when the account is done, not at the end of the run, in every
 * format, and each format's whole output is still one valid document.
 */
import { strict as assert } from 'node:assert';
import type { ScanFinding, ScanOptions, ScanSummary } from '../../src/aws/scan';
import { main } from '../../src/cli/main';

const finding = (account: string, bucket: string, ruleId: string, severity: ScanFinding['severity'] = 'error'): ScanFinding => ({
  account,
  region: 'us-east-1',
  bucket,
  ruleId,
  severity,
  message: `${ruleId} on ${bucket}`,
  fingerprint: `${account}${bucket}${ruleId}`.padEnd(32, '0').slice(0, 32),
});

const SUMMARY: ScanSummary = { accounts: 2, buckets: 3, failedAccounts: 0, calls: 9, requests: 9, peakRequests: 3, meanRequests: 2 };

/** A scan of two accounts that looks at what was written when the first account is done. */
async function run(format: string, summary: ScanSummary = SUMMARY): Promise<{ code: number; stdout: string; afterFirst: string }> {
  let stdout = '';
  let afterFirst = '';
  const scan = async (o: ScanOptions): Promise<ScanSummary> => {
    o.onFinding(finding('111111111111', 'b-2', 'ls-dest-versioning'));
    o.onFinding(finding('111111111111', 'a-1', 'bp-cross-account-required'));
    o.onAccountDone?.('111111111111');
    afterFirst = stdout;
    o.onFinding(finding('222222222222', 'c-3', 'iam-replicate-object', 'warning'));
    o.onAccountDone?.('222222222222');
    return summary;
  };
  const code = await main(['scan', '--format', format], { stdout: (s) => (stdout += s), stderr: () => undefined, cwd: '/', env: {}, stdoutIsTTY: false, readStdin: async () => Buffer.alloc(0) }, { loadScan: () => ({ scan }) as never });
  return { code, stdout, afterFirst };
}

describe('cli: scan output, an account at a time', () => {
  it('text: the first account\'s block is out before the second account is read, sorted by bucket', async () => {
    const r = await run('text');
    assert.equal(r.code, 1);
    assert.equal(r.afterFirst, '111111111111 a-1 (us-east-1)\n  error   bp-cross-account-required: bp-cross-account-required on a-1\n111111111111 b-2 (us-east-1)\n  error   ls-dest-versioning: ls-dest-versioning on b-2\n');
    assert.ok(r.stdout.startsWith(r.afterFirst));
    assert.match(r.stdout, /222222222222 c-3 \(us-east-1\)\n {2}warning iam-replicate-object/);
    assert.match(r.stdout, /2 account\(s\), 3 bucket\(s\) scanned: 2 error\(s\), 1 warning\(s\), 0 info\.\n$/);
  });

  it('text: why SCPs and RCPs were not checked ends the output, said once', async () => {
    const note = 'SCPs and RCPs were not checked: ListParents failed (AccessDenied).';
    const r = await run('text', { ...SUMMARY, guardrailsNote: note });
    assert.ok(r.stdout.endsWith(`0 info.\n${note}\n`), r.stdout);
  });

  it('json: findings stream into one document that ends with the summary', async () => {
    const r = await run('json');
    assert.match(r.afterFirst, /"ruleId":"ls-dest-versioning"/);
    assert.doesNotMatch(r.afterFirst, /iam-replicate-object/);
    const doc = JSON.parse(r.stdout) as { findings: ScanFinding[]; summary: ScanSummary & { suppressed: number } };
    assert.deepEqual(doc.findings.map((f) => f.bucket), ['a-1', 'b-2', 'c-3']);
    assert.deepEqual(doc.summary, { ...SUMMARY, suppressed: 0 });
    assert.ok(!('telemetry' in doc), 'no telemetry key without --telemetry');
  });

  it('sarif: results stream, and the rules written at the end are the ones their indexes name', async () => {
    const r = await run('sarif');
    assert.match(r.afterFirst, /"ruleId":"bp-cross-account-required","ruleIndex":0/);
    const log = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number }[] }[] };
    assert.equal(log.version, '2.1.0');
    const [run0] = log.runs;
    assert.equal(run0.results.length, 3);
    for (const x of run0.results) assert.equal(run0.tool.driver.rules[x.ruleIndex].id, x.ruleId);
  });

  it('ocsf: events stream into one JSON array', async () => {
    const r = await run('ocsf');
    assert.match(r.afterFirst, /^\[\n {2}\{"activity_id":1/);
    const events = JSON.parse(r.stdout) as { class_uid: number; finding_info: { types: string[] } }[];
    assert.deepEqual(events.map((e) => [e.class_uid, e.finding_info.types[0]]), [[2003, 'bp-cross-account-required'], [2003, 'ls-dest-versioning'], [2003, 'iam-replicate-object']]);
  });

  it('an empty scan is still a valid document in every format', async () => {
    for (const format of ['json', 'sarif', 'ocsf']) {
      let stdout = '';
      const code = await main(['scan', '--format', format], { stdout: (s) => (stdout += s), stderr: () => undefined, cwd: '/', env: {}, stdoutIsTTY: false, readStdin: async () => Buffer.alloc(0) }, {
        loadScan: () => ({ scan: async () => ({ ...SUMMARY, accounts: 0, buckets: 0 }) }) as never,
      });
      assert.equal(code, 0);
      assert.doesNotThrow(() => JSON.parse(stdout), `${format}: ${stdout}`);
    }
  });
});

/**
 * `scan --org` over a mixed organization (members with an audit role, replication pairs inside and
 * across accounts, one member that does not trust the management account), and the SARIF and OCSF
 * outputs checked against their specifications: SARIF against the OASIS 2.1.0 JSON schema, OCSF
 * against the attributes the Compliance Finding class requires.
 */
import { Validator } from '@cfworker/json-schema';
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mixedOrganization, orgAccountId, ORG_AUDIT_ROLE, ORG_MANAGEMENT, startLoopback, type LoopbackServer } from '../../loopback';
import * as aws from '../../src/aws';
import type { ScanFinding } from '../../src/aws/scan';
import { main } from '../../src/cli/main';

const SARIF_SCHEMA = JSON.parse(readFileSync(join(__dirname, '../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;

describe('cli: scan --org', function () {
  this.timeout(120_000);
  let lb: LoopbackServer;
  before(async () => {
    lb = await startLoopback({ scenario: mixedOrganization(4, 18, { externalId: 'org-audit', lockedAccounts: [3] }) });
  });
  after(async () => lb.close());

  async function scan(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(['scan', '--org', '--role', ORG_AUDIT_ROLE, '--external-id', 'org-audit', '--endpoint', lb.url, '--region', 'us-east-1', ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd: '/', env: {}, stdoutIsTTY: false, readStdin: async () => Buffer.alloc(0) }, {
      loadScan: () => aws,
      awsExtras: { credentials: { accessKeyId: 'AKIDORGMANAGEMENT', secretAccessKey: 'x' }, maxAttempts: 1 },
    });
    return { code, stdout, stderr };
  }

  it('scans every member with the role, a member it cannot enter is a finding, and the findings match the states', async () => {
    const r = await scan('--format', 'json');
    assert.equal(r.code, 1, r.stderr);
    const { summary, findings } = JSON.parse(r.stdout) as { summary: { accounts: number; failedAccounts: number; buckets: number }; findings: ScanFinding[] };
    assert.equal(summary.accounts, 5, 'the management account and four members');
    assert.equal(summary.failedAccounts, 1);
    assert.deepEqual(findings.filter((f) => f.ruleId === 'scan-account-unreadable').map((f) => f.account), [orgAccountId(3)]);
    assert.ok(!findings.some((f) => f.account === ORG_MANAGEMENT));
    // Progress on stderr, the last line with every account and every listed bucket done.
    const progress = r.stderr.split('\n').filter((l) => l.includes('scan: accounts'));
    assert.match(progress[progress.length - 1], /accounts 5\/5, buckets (\d+)\/\1$/);
    const states = [...lb.state.buckets.values()];
    const expected = (state: string, account: string) => states.filter((b) => b.label === `org: ${state}` && b.owner === account).map((b) => b.name).sort();
    assert.equal(summary.buckets, states.filter((b) => b.owner !== orgAccountId(3)).length, 'every bucket of every reachable account');
    for (const i of [1, 2, 4]) {
      const account = orgAccountId(i);
      const errorsOf = (rule: RegExp) => [...new Set(findings.filter((f) => f.account === account && f.severity === 'error' && rule.test(f.ruleId)).map((f) => f.bucket))].sort();
      assert.deepEqual(errorsOf(/^ls-dest-versioning$/), expected('destination-versioning-off', account), `account ${account}`);
      assert.deepEqual(errorsOf(/^iam-/), expected('role-missing-permission', account), `account ${account}`);
      // Account 2's cross-account destinations are in the locked account 3: unknown, never a pass.
      const lacks = expected('cross-account-lacks-role', account);
      assert.ok(lacks.length > 0);
      assert.deepEqual(errorsOf(/^bp-cross-account-required$/), i === 2 ? [] : lacks, `account ${account}`);
      if (i === 2) for (const b of lacks) assert.ok(findings.some((f) => f.bucket === b && f.ruleId === 'scan-read-failed'), `${b}: ${JSON.stringify(findings.filter((f) => f.bucket === b))}`);
      for (const b of [...expected('healthy', account), ...expected('cross-account-healthy', account)]) {
        assert.ok(!findings.some((f) => f.bucket === b && f.severity === 'error'), `${b} is healthy`);
      }
    }
  });

  it('sarif: valid against the SARIF 2.1.0 schema (and a broken log is not)', async () => {
    const r = await scan('--format', 'sarif', '--include-info');
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as { runs: { results: { level: string }[] }[] };
    assert.ok(log.runs[0].results.length > 10);
    const verdict = new Validator(SARIF_SCHEMA, '4', false).validate(log);
    assert.ok(verdict.valid, JSON.stringify(verdict.errors.slice(0, 5), null, 1));
    log.runs[0].results[0].level = 'fatal';
    assert.equal(new Validator(SARIF_SCHEMA, '4', false).validate(log).valid, false, 'the validation can fail');
  });

  it('ocsf: every event an OCSF 1.x Compliance Finding (class_uid 2003) with the required attributes', async () => {
    const r = await scan('--format', 'ocsf');
    assert.equal(r.code, 1);
    const events = JSON.parse(r.stdout) as Record<string, unknown>[];
    assert.ok(events.length > 10);
    for (const e of events) assertComplianceFinding(e);
    assert.ok(events.some((e) => (e.compliance as { control: string }).control === 'scan-account-unreadable'));
  });
});

/**
 * OCSF 1.x, Findings category (2), Compliance Finding (2003): the attributes the schema marks required
 * for the class, its base event and the objects used (metadata, product, finding_info, compliance,
 * cloud), with the enum values they take.
 */
function assertComplianceFinding(e: Record<string, unknown>): void {
  for (const k of ['activity_id', 'category_uid', 'class_uid', 'type_uid', 'severity_id', 'time', 'metadata', 'finding_info', 'compliance', 'cloud']) assert.ok(e[k] !== undefined, `OCSF event lacks ${k}`);
  assert.equal(e.class_uid, 2003);
  assert.equal(e.category_uid, 2);
  assert.ok([0, 1, 2, 3, 99].includes(e.activity_id as number));
  assert.equal(e.type_uid, 2003 * 100 + (e.activity_id as number));
  assert.ok([0, 1, 2, 3, 4, 5, 6, 99].includes(e.severity_id as number));
  if (e.status_id !== undefined) assert.ok([0, 1, 2, 3, 4, 99].includes(e.status_id as number));
  assert.ok(Number.isInteger(e.time) && (e.time as number) > 1.6e12, 'time is epoch milliseconds');
  const metadata = e.metadata as { version: string; product: { name?: string; vendor_name?: string } };
  assert.match(metadata.version, /^1\.\d+\.\d+$/);
  assert.ok(metadata.product && (metadata.product.name || metadata.product.vendor_name));
  const info = e.finding_info as { uid: string; title: string };
  assert.match(info.uid, /^[0-9a-f]{32}$/);
  assert.ok(typeof info.title === 'string' && info.title.length > 0);
  const compliance = e.compliance as { standards: string[]; status_id: number; control: string };
  assert.ok(Array.isArray(compliance.standards) && compliance.standards.length > 0);
  assert.ok([0, 1, 2, 3, 99].includes(compliance.status_id));
  const cloud = e.cloud as { provider: string; account: { uid: string } };
  assert.equal(cloud.provider, 'AWS');
  assert.match(cloud.account.uid, /^\d{12}$/);
  for (const r of (e.resources ?? []) as { uid: string; type: string }[]) assert.ok(r.uid && r.type);
}

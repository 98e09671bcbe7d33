/**
 * `s3-replication-doctor scan`: the live checks of the Replication view over accounts and organizations,
 * for CI and audits. Findings carry account, Region, bucket, rule id and a stable fingerprint; a baseline
 * (a previous `--format json` output, or a list of fingerprints) suppresses accepted ones. Progress goes
 * to stderr. Exit status as `check`: 1 when an error remains, 2 on usage or I/O errors.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as Aws from '../aws';
import type { ScanFinding, ScanSummary } from '../aws/scan';
import { ruleById } from '../core/rules';
import type { Severity } from '../core/findings';
import type { ScanOptions as ScanArgs } from './args';
import { CliError } from './files';
import type { CliIO } from './io';
import { SARIF_SCHEMA } from './formatSarif';
import { TOOL_NAME, TOOL_VERSION } from './version';

export type ScanLoader = () => Pick<typeof Aws, 'scan'>;

export const loadScanBundle: ScanLoader = () => {
  const file = path.join(__dirname, 'aws.js');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- run-time load of the separate SDK bundle
    return require(file) as typeof Aws;
  } catch (err) {
    throw new CliError(`cannot load the AWS layer (${file}): ${err instanceof Error ? err.message : String(err)}. Reinstall the package.`);
  }
};

/** Fingerprints from a baseline file: a previous `scan --format json` output, or a JSON array of fingerprints. */
export function readBaseline(file: string, cwd: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (err) {
    throw new CliError(`cannot read the baseline ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new CliError(`the baseline ${file} is not JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const list = Array.isArray(data) ? data : (data as { findings?: unknown })?.findings;
  if (!Array.isArray(list)) throw new CliError(`the baseline ${file} holds neither a scan's JSON output ({"findings": [...]}) nor an array of fingerprints`);
  const out = new Set<string>();
  for (const item of list) {
    const fp = typeof item === 'string' ? item : (item as { fingerprint?: unknown })?.fingerprint;
    if (typeof fp === 'string') out.add(fp);
  }
  return out;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function scanText(findings: readonly ScanFinding[], summary: ScanSummary, suppressed: number): string {
  const lines: string[] = [];
  const sorted = [...findings].sort((a, b) => a.account.localeCompare(b.account) || (a.bucket ?? '').localeCompare(b.bucket ?? '') || a.ruleId.localeCompare(b.ruleId));
  let last = '';
  for (const f of sorted) {
    const head = `${f.account}${f.bucket ? ` ${f.bucket}` : ''}${f.region ? ` (${f.region})` : ''}`;
    if (head !== last) lines.push(head);
    last = head;
    lines.push(`  ${f.severity.padEnd(7)} ${f.ruleId}${f.document ? ` [${f.document}]` : ''}: ${f.message}`);
  }
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  lines.push(
    `${summary.accounts} account(s), ${summary.buckets} bucket(s) scanned${summary.failedAccounts ? `, ${summary.failedAccounts} account(s) unreadable` : ''}: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} info${suppressed ? `, ${suppressed} suppressed by the baseline` : ''}.`,
  );
  if (summary.guardrailsNote) lines.push(`SCPs and RCPs not checked: ${summary.guardrailsNote}`);
  return `${lines.join('\n')}\n`;
}

export function scanSarif(findings: readonly ScanFinding[]): string {
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))].sort();
  const rules = ruleIds.map((id) => {
    const rule = ruleById(id);
    return { id, shortDescription: { text: rule?.summary ?? id }, ...(rule?.docUrl ? { helpUri: rule.docUrl } : {}), defaultConfiguration: { level: LEVEL[rule?.severity ?? 'warning'] } };
  });
  const results = findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIds.indexOf(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.message },
    // Live resources have no file: a logical location names the account and bucket.
    locations: [
      {
        logicalLocations: [
          { kind: 'resource', name: f.bucket ?? f.account, fullyQualifiedName: f.bucket ? `arn:aws:s3:::${f.bucket}` : `aws-account:${f.account}` },
        ],
      },
    ],
    partialFingerprints: { 's3ReplicationDoctorScan/v1': f.fingerprint },
    properties: { account: f.account, region: f.region, bucket: f.bucket, document: f.document },
  }));
  const sarif = { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [{ tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, rules } }, results }] };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/**
 * OCSF 1.3 Compliance Finding (class 2003, category Findings), one per finding, as Security Lake and
 * SIEMs ingest them: a rule of the catalogue is a control that failed on a resource (compliance status
 * Fail), the fingerprint is `finding_info.uid`.
 */
export function scanOcsf(findings: readonly ScanFinding[], now: Date = new Date()): string {
  const SEVERITY_ID: Record<Severity, number> = { info: 1, warning: 3, error: 4 };
  const SEVERITY: Record<Severity, string> = { info: 'Informational', warning: 'Medium', error: 'High' };
  const time = now.getTime();
  const events = findings.map((f) => ({
    activity_id: 1,
    activity_name: 'Create',
    category_uid: 2,
    category_name: 'Findings',
    class_uid: 2003,
    class_name: 'Compliance Finding',
    type_uid: 200301,
    type_name: 'Compliance Finding: Create',
    severity_id: SEVERITY_ID[f.severity],
    severity: SEVERITY[f.severity],
    status_id: 1,
    status: 'New',
    time,
    message: f.message,
    finding_info: { uid: f.fingerprint, title: ruleById(f.ruleId)?.summary ?? f.ruleId, desc: f.message, types: [f.ruleId], analytic: { uid: f.ruleId, name: f.ruleId, type_id: 1, type: 'Rule' } },
    compliance: { control: f.ruleId, standards: ['S3 Replication Doctor rule catalogue'], status_id: 3, status: 'Fail' },
    cloud: { provider: 'AWS', account: { uid: f.account, type_id: 10, type: 'AWS Account' }, ...(f.region ? { region: f.region } : {}) },
    resources: [f.bucket ? { uid: `arn:aws:s3:::${f.bucket}`, name: f.bucket, type: 'AWS::S3::Bucket', ...(f.region ? { region: f.region } : {}) } : { uid: f.account, type: 'AWS::::Account' }],
    metadata: { version: '1.3.0', product: { name: TOOL_NAME, vendor_name: TOOL_NAME, version: TOOL_VERSION } },
  }));
  return `${JSON.stringify(events, null, 2)}\n`;
}

export async function runScan(options: ScanArgs, io: CliIO, loadAws: ScanLoader = loadScanBundle, extra: Record<string, unknown> = {}): Promise<number> {
  const baseline = options.baseline ? readBaseline(options.baseline, io.cwd) : new Set<string>();
  const aws = loadAws();
  const findings: ScanFinding[] = [];
  let suppressed = 0;
  let lastProgress = '';
  let lastPrinted = 0;
  let summary: ScanSummary;
  try {
    summary = await aws.scan({
      profile: options.profile,
      region: options.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? 'us-east-1',
      endpoint: options.endpoint,
      accounts: options.accounts,
      org: options.org,
      role: options.role,
      externalId: options.externalId,
      concurrency: options.concurrency,
      ...extra,
      onFinding(f) {
        if (baseline.has(f.fingerprint)) suppressed++;
        else if (f.severity !== 'info' || options.includeInfo) findings.push(f);
      },
      onProgress(p) {
        // When every listed bucket is done, every 500 buckets, and at least every 2 s while anything moves:
        // enough to follow (and for CI to see it is alive), little to scroll.
        const line = `${TOOL_NAME}: scan: accounts ${p.accountsDone}/${p.accountsTotal}, buckets ${p.bucketsDone}/${p.bucketsTotal}\n`;
        const now = Date.now();
        if (line !== lastProgress && (p.bucketsDone === p.bucketsTotal || p.bucketsDone % 500 === 0 || now - lastPrinted >= 2000)) {
          io.stderr(line);
          lastPrinted = now;
        }
        lastProgress = line;
      },
    });
  } catch (err) {
    // No credentials, no organization access: nothing was scanned.
    throw new CliError(`scan failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  switch (options.format) {
    case 'json':
      io.stdout(`${JSON.stringify({ summary: { ...summary, suppressed }, findings }, null, 2)}\n`);
      break;
    case 'sarif':
      io.stdout(scanSarif(findings));
      break;
    case 'ocsf':
      io.stdout(scanOcsf(findings));
      break;
    default:
      io.stdout(scanText(findings, summary, suppressed));
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

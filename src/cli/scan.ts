/**
 * `s3-replication-doctor scan`: the live checks of the Replication view over accounts and organizations,
 * for CI and audits. Findings carry account, Region, bucket, rule id and a stable fingerprint; a baseline
 * (a previous `--format json` output, or a list of fingerprints) suppresses accepted ones. Progress goes
 * to stderr. Exit status as `check`: 1 when an error remains, 2 on usage or I/O errors. Findings are
 * written an account at a time, as each account is done (scanOutput.ts).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as Aws from '../aws';
import type { ScanFinding, ScanSummary } from '../aws/scan';
import type { Severity } from '../core/findings';
import type { ScanOptions as ScanArgs } from './args';
import { CliError } from './files';
import type { CliIO } from './io';
import { scanWriter, telemetryJson, type ScanTelemetryJson, type ScanWriter } from './scanOutput';
import { TOOL_NAME } from './version';

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

export async function runScan(options: ScanArgs, io: CliIO, loadAws: ScanLoader = loadScanBundle, extra: Record<string, unknown> = {}): Promise<number> {
  const baseline = options.baseline ? readBaseline(options.baseline, io.cwd) : new Set<string>();
  const aws = loadAws();
  // Each account's findings wait only until the account is done, then go out (memory: one account's).
  const findings = new Map<string, ScanFinding[]>();
  const telemetry = new Map<string, ScanTelemetryJson[]>();
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let writer: ScanWriter | undefined;
  const out = () => (writer ??= scanWriter(options.format, io.stdout, !!options.telemetry));
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
      ...(options.accountProfiles ? { accountProfiles: options.accountProfiles } : {}),
      concurrency: options.concurrency,
      ...(options.telemetry ? { telemetry: { sinceMs: options.telemetry.sinceMs } } : {}),
      ...extra,
      onFinding(f) {
        if (baseline.has(f.fingerprint)) suppressed++;
        else if (f.severity !== 'info' || options.includeInfo) {
          counts[f.severity]++;
          const list = findings.get(f.account) ?? [];
          list.push(f);
          findings.set(f.account, list);
        }
      },
      onTelemetry(t) {
        const list = telemetry.get(t.account) ?? [];
        list.push(telemetryJson(t));
        telemetry.set(t.account, list);
      },
      onAccountDone(account) {
        out().account(findings.get(account) ?? [], telemetry.get(account) ?? []);
        findings.delete(account);
        telemetry.delete(account);
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
    if (writer) out().end({ accounts: 0, buckets: 0, failedAccounts: 0, calls: 0, requests: 0, peakRequests: 0, meanRequests: 0 }, counts, suppressed);
    throw new CliError(`scan failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  // Anything not handed out with its account (none expected): written before the end, never lost.
  for (const account of new Set([...findings.keys(), ...telemetry.keys()])) out().account(findings.get(account) ?? [], telemetry.get(account) ?? []);
  out().end(summary, counts, suppressed);
  return counts.error > 0 ? 1 : 0;
}

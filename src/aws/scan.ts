/**
 * `scan`: the Replication view's checks without VS Code, over one account, a list of accounts or a whole
 * organization. Each account is read by its own backend (the explorer's SdkBackend: the same reads and,
 * through `liveFindings`, the same rules), all of them sharing the scanning profile's account directory,
 * its connection pool and one request limiter. Findings are handed out as each bucket is done, the end
 * of each account is signalled (`onAccountDone`), and nothing of a finished account is kept, so memory
 * does not grow with the number of accounts. A failure in one
 * account (the role cannot be assumed, ListBuckets denied) is a finding of that account, never an abort.
 */
import { createHash } from 'node:crypto';
import { clearEngineCaches } from '../core/caches';
import type { Finding } from '../core/findings';
import { plainText } from '../core/text';
import { countReasons } from '../core/live/failureEvents';
import { failedCount, sinceText } from '../core/live/telemetry';
import { liveFindings } from './liveFindings';
import { AccountDirectory, type AccountSettings } from './accounts';
import { SdkBackend } from './backend';
import { ClientFactory, type ClientOptions } from './clientFactory';
import { toAwsCallError } from './errors';
import { callerAccount } from './iamService';
import { Limiter } from './limiter';
import { listAccounts } from './organizationsService';
import { parseLiveUri } from './liveUris';
import { limitedScope } from './scope';
import type { AwsFailure, BucketObservations, BucketSummary, LiveBucketState } from './types';

export interface ScanOptions extends ClientOptions {
  region: string;
  /** Accounts to scan; the scanning profile's own account when neither this nor `org` is given. */
  accounts?: string[];
  /** Every active account of the organization (ListAccounts from the management or delegated administrator account). */
  org?: boolean;
  /** Role assumed in every account but the scanning profile's own (required for other accounts unless `accountProfiles` covers them). */
  role?: string;
  externalId?: string;
  accountProfiles?: Record<string, string>;
  /** Requests on the wire at once, across all accounts (default 16). */
  concurrency?: number;
  /** Accounts read at once (default 4). */
  accountConcurrency?: number;
  /**
   * Also read what S3 reports for every bucket that replicates (as `status` does: replication metrics
   * per rule, captured failure events, the last Batch Replication report) over the last `sinceMs`.
   * Off by default: it costs GetMetricData calls per Region and account.
   */
  telemetry?: { sinceMs: number };
  onFinding(finding: ScanFinding): void;
  /** Telemetry of one replicating bucket (with `telemetry`), handed out as soon as it is read. */
  onTelemetry?(telemetry: ScanTelemetry): void;
  /** Every finding and telemetry of the account has been handed out: the CLI writes the account's block. */
  onAccountDone?(account: string): void;
  onProgress?(progress: ScanProgress): void;
}

export interface ScanTelemetry {
  account: string;
  region?: string;
  bucket: string;
  observations: BucketObservations;
}

export interface ScanFinding {
  account: string;
  region?: string;
  bucket?: string;
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  /** What the finding is in: `replication configuration`, `bucket policy of dr-data`, `role crr-role`... */
  document?: string;
  /** Stable across runs and machines: account, bucket, rule, document and the finding's subject. */
  fingerprint: string;
}

export interface ScanProgress {
  accountsDone: number;
  accountsTotal: number;
  bucketsDone: number;
  bucketsTotal: number;
}

export interface ScanSummary {
  accounts: number;
  buckets: number;
  /** Accounts that could not be read at all. */
  failedAccounts: number;
  calls: number;
  /** Requests sent, retries included, and the most in flight at once. */
  requests: number;
  peakRequests: number;
  /** Requests in flight on average over the run (the limit is `concurrency`): how well the scan keeps it busy. */
  meanRequests: number;
  /** Why SCPs and RCPs were not checked (the first reason met), when they were not. */
  guardrailsNote?: string;
}

/** Rule ids of what the scan itself could not read: findings too, so CI sees them. */
export const SCAN_ACCOUNT_FAILED = 'scan-account-unreadable';
export const SCAN_READ_FAILED = 'scan-read-failed';
/** Objects S3 reported FAILED in the telemetry window (with `telemetry`). */
export const SCAN_REPLICATION_FAILED = 'scan-replication-failed';

/** Replicating buckets whose telemetry is read together (GetMetricData takes 500 metrics a call). */
const TELEMETRY_BATCH = 100;

const PAGE = 1000;

export function fingerprintOf(parts: readonly (string | undefined)[]): string {
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\u0000')).digest('hex').slice(0, 32);
}

/** Where a live document came from, in words, and its stable key (the address without the profile). */
function documentOf(uri: string): { label?: string; key: string } {
  const a = parseLiveUri(uri);
  if (!a) return { key: uri };
  switch (a.kind) {
    case 'replication':
      return { label: 'replication configuration', key: `replication:${a.bucket}` };
    case 'bucket-policy':
      return { label: `bucket policy of ${a.bucket}`, key: `bucket-policy:${a.bucket}` };
    default: {
      const rest = uri.slice(uri.indexOf('/', uri.indexOf(':/') + 2));
      return { label: rest.replace(/^\/+/, '').replace(/\.json$/, ''), key: rest };
    }
  }
}

function findingsOf(account: string, live: LiveBucketState, emit: (f: ScanFinding) => void): void {
  const report = liveFindings(live);
  const bucket = live.bucket.name;
  const region = live.bucket.region;
  for (const f of report.findings) {
    const doc = documentOf(f.uri);
    const text = live.documents.find((d) => d.uri === f.uri)?.text ?? '';
    // The text the finding points at, not its offset: a reformatted policy keeps its fingerprints.
    const subject = text.slice(f.offset, f.offset + Math.min(f.length, 200));
    emit({ account, region, bucket, ruleId: f.ruleId, severity: f.severity, message: plainText(f.message), document: doc.label, fingerprint: fingerprintOf([account, bucket, f.ruleId, doc.key, subject]) });
  }
  // What could not be read is said, never taken as a pass.
  const failures: AwsFailure[] = [...live.failures, ...live.destinations.flatMap((d) => d.failures), ...(live.keys ?? []).flatMap((k) => k.failures)];
  const seen = new Set<string>();
  for (const x of failures) {
    const key = `${x.operation}:${x.target ?? ''}:${x.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    emit({
      account,
      region,
      bucket,
      ruleId: SCAN_READ_FAILED,
      severity: 'warning',
      message: `Not checked: ${x.operation}${x.target ? ` on ${x.target}` : ''}${x.via ? ` (${x.via})` : ''} failed with ${x.code}: ${x.message}`,
      fingerprint: fingerprintOf([account, bucket, SCAN_READ_FAILED, key]),
    });
  }
}

/** Failed objects as findings (CI fails on them, as `status` exits 1), reads that failed as unknowns. */
function telemetryFindings(account: string, live: LiveBucketState, o: BucketObservations, sinceMs: number, emit: (f: ScanFinding) => void): void {
  const bucket = live.bucket.name;
  const region = live.bucket.region;
  const events = o.capture?.events ?? [];
  for (const t of o.rules) {
    const failed = failedCount(t);
    const id = t.rule.ruleId;
    if (failed !== undefined && failed > 0) {
      const reasons = countReasons(id ? events.filter((e) => e.ruleId === id) : []);
      const why = reasons.length > 0 ? ` Failure reasons captured: ${reasons.map((r) => `${r.reason} × ${r.count}`).join(', ')}.` : '';
      emit({
        account,
        region,
        bucket,
        ruleId: SCAN_REPLICATION_FAILED,
        severity: 'error',
        message: `${failed.toLocaleString('en-US')} object(s) failed to replicate under rule ${id ?? `#${t.rule.index + 1}`} → ${t.rule.destinationBucket ?? '?'} in the last ${sinceText(sinceMs)} (S3 replication metrics).${why}`,
        document: 'replication configuration',
        fingerprint: fingerprintOf([account, bucket, SCAN_REPLICATION_FAILED, id ?? String(t.rule.index)]),
      });
    }
  }
  const problems = [...o.rules.flatMap((t) => t.problems), ...(o.capture?.failure ? [o.capture.failure] : []), ...(o.batch?.failure ? [o.batch.failure] : []), ...o.failures];
  const seen = new Set<string>();
  for (const x of problems) {
    const key = `${x.operation}:${x.target ?? ''}:${x.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    emit({ account, region, bucket, ruleId: SCAN_READ_FAILED, severity: 'warning', message: `Telemetry not read: ${x.operation}${x.target ? ` on ${x.target}` : ''} failed with ${x.code}: ${x.message}`, fingerprint: fingerprintOf([account, bucket, SCAN_READ_FAILED, key]) });
  }
}

export async function scan(options: ScanOptions): Promise<ScanSummary> {
  const concurrency = options.concurrency ?? 16;
  const telemetry = options.telemetry;
  const requests = new Limiter(concurrency, () => Object.assign(new Error('The request was aborted'), { name: 'AbortError' }));
  const home = new ClientFactory({ ...options, maxSockets: options.maxSockets ?? concurrency, requestLimiter: requests });
  const settings: AccountSettings = { accountProfiles: options.accountProfiles, organizationRole: options.role, organizationExternalId: options.externalId };
  const profileLabel = options.profile ?? 'default credential chain';
  const directory = new AccountDirectory({ home, homeProfileLabel: profileLabel, region: options.region, settings, clientOptions: { ...options, requestLimiter: requests } });
  const control = new Limiter(concurrency * 2, () => new Error('cancelled'));
  const scope = limitedScope(control, new AbortController().signal, 0);
  const summary: ScanSummary = { accounts: 0, buckets: 0, failedAccounts: 0, calls: 0, requests: 0, peakRequests: 0, meanRequests: 0 };
  const progress: ScanProgress = { accountsDone: 0, accountsTotal: 0, bucketsDone: 0, bucketsTotal: 0 };
  const report = () => options.onProgress?.({ ...progress });
  const accountFailure = (account: string, message: string, code: string) => {
    summary.failedAccounts++;
    options.onFinding({ account, ruleId: SCAN_ACCOUNT_FAILED, severity: 'error', message, fingerprint: fingerprintOf([account, SCAN_ACCOUNT_FAILED, code]) });
  };
  /** The scanning profile's account, which reads Organizations for every account scanned. */
  let me: string | undefined;
  try {
    me = await callerAccount(scope, home.sts(options.region), options.region);
    if (!me) throw new Error('GetCallerIdentity returned no account.');
    let accounts = options.accounts ?? [me];
    if (options.org) {
      const listed = await listAccounts(scope, home.organizations(options.region));
      accounts = listed.filter((a) => !a.status || a.status === 'ACTIVE').map((a) => a.id);
    }
    accounts = [...new Set(accounts)];
    progress.accountsTotal = accounts.length;
    report();
    const perAccount = new Limiter(options.accountConcurrency ?? 4, () => new Error('cancelled'));
    await Promise.all(accounts.map((account) => perAccount.run(() => scanAccount(account))));
  } finally {
    summary.calls += control.total;
    summary.peakRequests = requests.peak;
    summary.meanRequests = Math.round(requests.meanActive * 10) / 10;
    summary.requests = requests.total;
    directory.dispose();
    home.dispose();
  }
  return summary;

  async function scanAccount(account: string): Promise<void> {
    summary.accounts++;
    try {
      const lookup = await directory.access(scope, account);
      if (!lookup.ok) return accountFailure(account, `Account ${account} was not scanned: ${lookup.failure.message}`, lookup.failure.code);
      const backend = new SdkBackend({
        region: options.region,
        endpoint: options.endpoint,
        maxAttempts: options.maxAttempts,
        callDeadlineMs: options.callDeadlineMs,
        concurrency,
        clients: lookup.access.clients as ClientFactory,
        directory,
        organizationClients: home,
        organizationAccount: me,
        profileKey: account,
        // A scan reads each bucket once.
        ttlMs: 10 * 60_000,
        unreplicatedVersioning: false,
      });
      try {
        let token: string | undefined;
        do {
          let page;
          try {
            page = await backend.listBuckets(token, PAGE);
          } catch (err) {
            const e = toAwsCallError(err, 'ListBuckets', account, options.region);
            return accountFailure(account, `Account ${account} (${lookup.access.via}): ListBuckets failed with ${e.code}: ${e.message}`, e.code);
          }
          progress.bucketsTotal += page.buckets.length;
          report();
          // Replicating buckets waiting for their telemetry, read a batch at a time and then let go.
          const waiting: LiveBucketState[] = [];
          const observe = async () => {
            const batch = waiting.splice(0);
            if (batch.length === 0 || !telemetry) return;
            const observed = await backend.observe(batch, { sinceMs: telemetry.sinceMs });
            for (const live of batch) {
              const o = observed.get(live.bucket.name);
              if (!o) continue;
              telemetryFindings(account, live, o, telemetry.sinceMs, options.onFinding);
              options.onTelemetry?.({ account, region: live.bucket.region, bucket: live.bucket.name, observations: o });
            }
          };
          await Promise.all(
            page.buckets.map(async (b: BucketSummary) => {
              const live = await backend.bucketState(b);
              // The rules run once the answers already in are handled: a bucket's analysis takes longer
              // than a request, and every reply it kept waiting would hold its place in the limiter.
              await new Promise<void>((resolve) => setImmediate(resolve));
              findingsOf(account, live, options.onFinding);
              if (live.guardrailsNote && !summary.guardrailsNote) summary.guardrailsNote = live.guardrailsNote;
              summary.buckets++;
              progress.bucketsDone++;
              report();
              if (telemetry && live.replication.ok && live.replication.value.configured) {
                waiting.push(live);
                if (waiting.length >= TELEMETRY_BATCH) await observe();
              }
            }),
          );
          await observe();
          token = page.continuationToken;
        } while (token);
      } finally {
        summary.calls += backend.callStats.calls;
        backend.dispose();
      }
    } finally {
      if (account !== (await directory.home(scope).catch(() => undefined))) directory.forget(account);
      // The engine's memo caches hold this account's ARNs and patterns: never needed again.
      clearEngineCaches();
      progress.accountsDone++;
      options.onAccountDone?.(account);
      report();
    }
  }
}

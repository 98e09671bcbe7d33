/**
 * Command-line parsing for `s3-replication-doctor`. Hand-written on purpose: the grammar is tiny,
 * and every mistake must end in one clear sentence (exit 2), never a library's stack trace.
 */
import { DOCUMENT_KINDS, DocumentKind } from '../core/classify';
import { parseRuleArgument } from '../core/projectConfig/ruleSettings';
import { CONFIG_FILE_NAME, RuleSetting } from '../core/projectConfig/types';
import { parseSince } from '../core/live/telemetry';
import { formatFileExtensions } from '../core/formats';

export type OutputFormat = 'text' | 'json' | 'sarif';
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface KindOverride {
  glob: string;
  kind: DocumentKind;
}

/** `github`: GitHub Actions workflow commands (annotations on the pull request's lines), check only. */
export type CheckFormat = OutputFormat | 'github';

export interface CheckOptions {
  paths: string[];
  format: CheckFormat;
  fix: boolean;
  /** `--quiet`: errors only. */
  quiet: boolean;
  /** `--no-info`: errors and warnings, no info findings (explanations). */
  noInfo: boolean;
  /**
   * `--no-warn-ignored`: no warning for a file named on the command line that is not checked (not
   * recognised, or ignored by the configuration), as ESLint's flag of that name.
   */
  noWarnIgnored: boolean;
  /** `-` among the paths: standard input is checked as one document. */
  stdin: boolean;
  /** `--stdin-filename`: the name standard input is checked under (configuration, `--kind`, output). */
  stdinFilename?: string;
  /** Exit 1 when more warnings than this remain (like eslint); unlimited when undefined. */
  maxWarnings?: number;
  /** In the order given; the first matching glob wins, as in the editor's `fileKinds` setting. */
  kinds: KindOverride[];
  /** `--config FILE`: this configuration for every file, instead of each file's nearest one. */
  configFile?: string;
  /** `--no-config`: no configuration file at all (`--rule` still applies). */
  noConfig: boolean;
  /** `--rule ID=SEVERITY`, in the order given; they override the configuration file. */
  rules: RuleSetting[];
}

export interface StatusOptions {
  bucket: string;
  /** Window length in ms, and as the user wrote it (`24h`). */
  sinceMs: number;
  since: string;
  format: Exclude<OutputFormat, 'sarif'>;
  profile?: string;
  region?: string;
  endpoint?: string;
}

export type ScanFormat = OutputFormat | 'ocsf';

export interface ScanOptions {
  format: ScanFormat;
  profile?: string;
  region?: string;
  endpoint?: string;
  accounts?: string[];
  org: boolean;
  role?: string;
  externalId?: string;
  baseline?: string;
  concurrency?: number;
  includeInfo: boolean;
  /** `--account-profile ID=PROFILE`: the profile that reaches each of these accounts (before `--role`). */
  accountProfiles?: Record<string, string>;
  /** `--telemetry`: also read what S3 reports per rule over the last `sinceMs` (`--since`, default 24h). */
  telemetry?: { since: string; sinceMs: number };
}

export type Command =
  | { name: 'help'; topic?: string }
  | { name: 'version' }
  | { name: 'rules'; format: Exclude<OutputFormat, 'sarif'> }
  | { name: 'check'; options: CheckOptions }
  | { name: 'status'; options: StatusOptions }
  | { name: 'scan'; options: ScanOptions };

export class UsageError extends Error {}

const CHECK_USAGE = 's3-replication-doctor check [options] <file|folder>...';
const SCAN_USAGE = 's3-replication-doctor scan [--profile P] [--region R] [--accounts ID,...|--org] [--role NAME] [--account-profile ID=PROFILE]... [--format text|json|sarif|ocsf] [--baseline FILE] [--telemetry [--since 24h]]';
const STATUS_USAGE = 's3-replication-doctor status --bucket <name> [--since 24h] [--format text|json] [--profile P] [--region R] [--endpoint URL]';

const CHECK_HELP = `Checks S3 replication configurations and the IAM policies beside them (role permission policy,
trust policy, bucket and key policies), as JSON documents, inside CloudFormation and CDK
templates (JSON or YAML), Terraform modules and plans. Folders are searched for
${formatFileExtensions().map((x) => `*${x}`).join(', ')} files (node_modules, .git and .terraform are skipped;
cdk.out is read); all files are analysed together so that cross-file problems are found. Other files (package.json, a YAML file that is no template, ...)
are recognised as unrelated and ignored.

Options:
  --format <text|json|sarif|github>  Output format (default: text). sarif is SARIF 2.1.0 for code
                              scanning; github prints GitHub Actions workflow commands (::error …),
                              shown as annotations on the pull request's lines, no code scanning needed.
  --fix                       Apply the safe automatic fixes in place, then report what remains.
  --kind <glob>=<kind>        Treat files matching <glob> as JSON documents of <kind> (repeatable;
                              first match wins; a template named so is read as a plain document).
                              Kinds: ${DOCUMENT_KINDS.join(', ')}.
                              A glob without "/" matches the file name, e.g. --kind '*-role.json=permission-policy'.
  --config <file>             Use this configuration file for every checked file, instead of the
                              nearest ${CONFIG_FILE_NAME} (searched upward from each file,
                              not above the repository root).
  --no-config                 Use no configuration file.
  --rule <id>=<severity>      Set a rule (or a family, e.g. 'iam-*') to off, info, warning or error
                              (repeatable; overrides the configuration file).
  --quiet                     Report errors only.
  --no-info                   Report errors and warnings, not info findings (explanations).
  --max-warnings <n>          Exit 1 when more than <n> warnings remain.
  --no-warn-ignored           No warning for a named file that is not checked (not recognised, or
                              ignored by the configuration).
  --stdin-filename <name>     The file name standard input ("-") is checked as: it decides the
                              configuration, --kind and what the report shows (default: <stdin>).
  --rules                     Print the rule table (id, severity, summary); with --format json, as JSON.
  --version                   Print the version.
  --help                      Print this help.

A path "-" reads one document from standard input (not with --fix): cat x.json | s3-replication-doctor check -
A file named on the command line that is not checked (not recognised as a replication configuration,
IAM policy or template, or ignored by the configuration) is reported as a warning without a rule id,
as ESLint does for a file it does not lint: it counts for --max-warnings, --quiet hides it.

Positions are 1-based lines and columns; columns count UTF-16 code units, like VS Code.
Configuration: the nearest ${CONFIG_FILE_NAME} sets rule severities ("rules"), files not
to check ("ignores", .gitignore patterns) and document kinds ("fileKinds"); see the README.
Precedence: --rule over the file over each rule's default; --kind over the file's fileKinds.

Exit status: 0 no error remains, 1 an error remains (or too many warnings), 2 usage or I/O error.
Severities are the effective ones: a rule set to warning never causes exit 1 by itself.
`;

const STATUS_HELP = `status: what S3 reports about one live bucket's replication, rule by rule: failed operations,
pending operations and bytes, latency (CloudWatch replication metrics), the failure reasons S3 named
(captured failure events, the newest Batch Replication report) with what repairs each, and the
configuration's problems. Credentials and Region as the AWS CLI finds them.
  --bucket <name>             The source bucket (required).
  --since <24h>               Window: minutes (90m), hours (24h), days (7d) or weeks; default 24h.
  --format <text|json>        Output format (default: text).
  --profile <name>            AWS profile (default: the default credential chain).
  --region <region>           Region to start from (the bucket is read in its own Region).
  --endpoint <url>            Send every request to this endpoint (an S3-compatible server, the sandbox).
Exit status: 0 nothing failed in the window, 1 objects failed or the configuration has errors,
2 usage error, or a read failed (AccessDenied…) so the answer is incomplete.
`;

const SCAN_HELP = `scan: the Replication view's live checks over whole accounts: lists the buckets, reads both sides
of every replication pair (the other account through --role or --account-profile) and reports each
finding with account, Region, bucket, rule id and a stable fingerprint.
  --accounts <id,id,...>      Scan these accounts (default: the profile's own account).
  --org                       Scan every active account of the organization (run it from the
                              management or a delegated administrator account).
  --role <name>               Role assumed in every other account (e.g. OrganizationAccountAccessRole
                              or a read-only audit role); also reaches destinations in other accounts.
  --external-id <id>          External id the role's trust policy asks for.
  --account-profile <id=profile>  The profile that reaches this account (repeatable; checked with
                              GetCallerIdentity); accounts without one are reached through --role.
  --format <text|json|sarif|ocsf>  Output format (default: text); ocsf is OCSF 1.3 Compliance Findings (class_uid 2003).
  --baseline <file>           Suppress the findings of a previous --format json output (or a JSON
                              array of fingerprints): accepted findings no longer fail the run.
  --concurrency <n>           Requests in flight at once (default 16).
  --include-info              Report info findings too.
  --telemetry                 Also report what S3 reports per replication rule, as status does
                              (failed objects, pending, latency, captured failure reasons), over
                              --since (default 24h); failed objects are errors (scan-replication-failed).
  --profile <name>            AWS profile of the scanning account (default: the default credential chain).
  --region <region>           Region to start from (each bucket is read in its own Region).
  --endpoint <url>            Send every request to this endpoint (an S3-compatible server, the sandbox).
Progress goes to stderr. Accounts that cannot be read are findings (scan-account-unreadable), never
an abort. Exit status: 0 no error, 1 an error remains, 2 usage or I/O error.
`;

export const USAGE = `Usage: ${CHECK_USAGE}
       ${SCAN_USAGE}
       ${STATUS_USAGE}

${CHECK_HELP}
${STATUS_HELP}
${SCAN_HELP}`;

/** `<command> --help`: that command's usage and options only. */
export function commandHelp(topic: string | undefined): string {
  switch (topic) {
    case 'check':
      return `Usage: ${CHECK_USAGE}\n\n${CHECK_HELP}`;
    case 'status':
      return `Usage: ${STATUS_USAGE}\n\n${STATUS_HELP}`;
    case 'scan':
      return `Usage: ${SCAN_USAGE}\n\n${SCAN_HELP}`;
    default:
      return USAGE;
  }
}

export function parseArgs(argv: readonly string[]): Command {
  const args = expandEquals(argv);
  const paths: string[] = [];
  const kinds: KindOverride[] = [];
  let format: OutputFormat = 'text';
  let fix = false;
  let quiet = false;
  let noInfo = false;
  let noWarnIgnored = false;
  let stdinFilename: string | undefined;
  let maxWarnings: number | undefined;
  let command: string | undefined;
  let wantRules = false;
  let ocsf = false;
  let github = false;
  let onlyPaths = false;
  let configFile: string | undefined;
  let noConfig = false;
  const rules: RuleSetting[] = [];
  const status: { bucket?: string; since?: string; profile?: string; region?: string; endpoint?: string } = {};
  const scan: { accounts?: string; role?: string; 'external-id'?: string; baseline?: string; concurrency?: string; org?: boolean; 'include-info'?: boolean; telemetry?: boolean; 'account-profile'?: string[] } = {};
  const checkOnly: string[] = [];

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`option ${arg} needs a value`);
      return v;
    };
    if (onlyPaths || !arg.startsWith('-') || arg === '-') {
      if (command === undefined && !onlyPaths) command = arg;
      else paths.push(arg);
      continue;
    }
    switch (arg) {
      case '--':
        onlyPaths = true;
        break;
      case '-h':
      case '--help':
        return { name: 'help', topic: command };
      case '-v':
      case '--version':
        return { name: 'version' };
      case '--rules':
        wantRules = true;
        break;
      case '-f':
      case '--format': {
        const v = value();
        if (v === 'ocsf') ocsf = true;
        else if (v === 'github') github = true;
        else format = parseFormat(v);
        break;
      }
      case '--fix':
        fix = true;
        checkOnly.push(arg);
        break;
      case '-q':
      case '--quiet':
        quiet = true;
        checkOnly.push(arg);
        break;
      case '--no-info':
        noInfo = true;
        checkOnly.push(arg);
        break;
      case '--no-warn-ignored':
        noWarnIgnored = true;
        checkOnly.push(arg);
        break;
      case '--stdin-filename':
        stdinFilename = value();
        checkOnly.push(arg);
        break;
      case '--max-warnings':
        maxWarnings = parseCount(value());
        checkOnly.push(arg);
        break;
      case '--kind':
        kinds.push(parseKind(value()));
        checkOnly.push(arg);
        break;
      case '--bucket':
      case '--since':
      case '--profile':
      case '--region':
      case '--endpoint':
        status[arg.slice(2) as keyof typeof status] = value();
        break;
      case '--accounts':
      case '--role':
      case '--external-id':
      case '--baseline':
      case '--concurrency':
        scan[arg.slice(2) as 'accounts' | 'role' | 'external-id' | 'baseline' | 'concurrency'] = value();
        break;
      case '--account-profile':
        (scan['account-profile'] ??= []).push(value());
        break;
      case '--org':
      case '--include-info':
      case '--telemetry':
        scan[arg.slice(2) as 'org' | 'include-info' | 'telemetry'] = true;
        break;
      case '-c':
      case '--config':
        configFile = value();
        checkOnly.push(arg);
        break;
      case '--no-config':
        noConfig = true;
        checkOnly.push(arg);
        break;
      case '--rule': {
        const parsed = parseRuleArgument(value());
        if (!parsed.setting) throw new UsageError(parsed.error ?? 'invalid --rule');
        rules.push(parsed.setting);
        checkOnly.push(arg);
        break;
      }
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }

  if (github && command !== 'check') throw new UsageError('--format github belongs to the "check" command');
  if (wantRules) {
    if (format === 'sarif') throw new UsageError('--rules prints text or json, not sarif');
    // `--rules check x` would otherwise print the table and exit 0 without checking x.
    if (command !== undefined || paths.length > 0) throw new UsageError(`--rules prints the rule table and takes no command or files (got "${[command, ...paths].filter(Boolean).join(' ')}")`);
    return { name: 'rules', format };
  }
  if (command === undefined) throw new UsageError('missing command: use "check <file|folder>...", "scan" or "status --bucket <name>"');
  const scanOnly = Object.keys(scan);
  if (command === 'scan') return { name: 'scan', options: scanOptions(scan, status, ocsf ? 'ocsf' : format, paths, checkOnly) };
  if (ocsf) throw new UsageError('--format ocsf belongs to the "scan" command');
  if (scanOnly.length > 0) throw new UsageError(`--${scanOnly[0]} belongs to the "scan" command`);
  if (command === 'status') return { name: 'status', options: statusOptions(status, format, paths, checkOnly) };
  if (command !== 'check') throw new UsageError(`unknown command "${command}": use "check", "scan" or "status"`);
  const statusOnly = Object.keys(status);
  if (statusOnly.length > 0) throw new UsageError(`--${statusOnly[0]} belongs to the "status" command`);
  if (paths.length === 0) throw new UsageError('no files or folders to check (use "-" for standard input)');
  if (configFile !== undefined && noConfig) throw new UsageError('--config and --no-config exclude each other');
  const dashes = paths.filter((p) => p === '-').length;
  if (dashes > 1) throw new UsageError('standard input ("-") can be named once');
  if (dashes === 1 && fix) throw new UsageError('--fix writes files in place and cannot write standard input back; check a file instead');
  if (stdinFilename !== undefined && dashes === 0) throw new UsageError('--stdin-filename names standard input: add "-" to the paths');
  const files = paths.filter((p) => p !== '-');
  return {
    name: 'check',
    options: { paths: files, format: github ? 'github' : format, fix, quiet, noInfo, noWarnIgnored, stdin: dashes === 1, ...(stdinFilename !== undefined ? { stdinFilename } : {}), maxWarnings, kinds, configFile, noConfig, rules },
  };
}

function statusOptions(o: { bucket?: string; since?: string; profile?: string; region?: string; endpoint?: string }, format: OutputFormat, extra: string[], checkOnly: string[]): StatusOptions {
  if (checkOnly.length > 0) throw new UsageError(`${checkOnly[0]} belongs to the "check" command`);
  if (extra.length > 0) throw new UsageError(`status takes no files ("${extra[0]}"): name the bucket with --bucket`);
  if (!o.bucket) throw new UsageError('status needs --bucket <name>');
  if (format === 'sarif') throw new UsageError('status prints text or json, not sarif');
  const since = o.since ?? '24h';
  const sinceMs = parseSince(since);
  if (sinceMs === undefined) throw new UsageError(`--since needs a duration such as 90m, 24h or 7d (at least a minute, at most 455 days), got "${since}"`);
  if (o.endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(o.endpoint)) throw new UsageError(`--endpoint needs an http(s) URL, got "${o.endpoint}"`);
  return { bucket: o.bucket, since, sinceMs, format, profile: o.profile, region: o.region, endpoint: o.endpoint?.replace(/\/$/, '') };
}

function scanOptions(
  o: { accounts?: string; role?: string; 'external-id'?: string; baseline?: string; concurrency?: string; org?: boolean; 'include-info'?: boolean; telemetry?: boolean; 'account-profile'?: string[] },
  common: { bucket?: string; since?: string; profile?: string; region?: string; endpoint?: string },
  format: ScanFormat,
  extra: string[],
  checkOnly: string[],
): ScanOptions {
  if (checkOnly.length > 0) throw new UsageError(`${checkOnly[0]} belongs to the "check" command`);
  if (extra.length > 0) throw new UsageError(`scan takes no files ("${extra[0]}")`);
  if (common.bucket !== undefined) throw new UsageError('--bucket belongs to the "status" command');
  if (common.since !== undefined && !o.telemetry) throw new UsageError('--since sets the window of --telemetry (scan) or of status');
  let telemetry: ScanOptions['telemetry'];
  if (o.telemetry) {
    const since = common.since ?? '24h';
    const sinceMs = parseSince(since);
    if (sinceMs === undefined) throw new UsageError(`--since needs a duration such as 90m, 24h or 7d (at least a minute, at most 455 days), got "${since}"`);
    telemetry = { since, sinceMs };
  }
  if (o.org && o.accounts !== undefined) throw new UsageError('--accounts and --org exclude each other');
  let accountProfiles: Record<string, string> | undefined;
  for (const pair of o['account-profile'] ?? []) {
    const m = /^(\d{12})=(\S+)$/.exec(pair);
    if (!m) throw new UsageError(`--account-profile needs ACCOUNT=PROFILE (a 12-digit account id and a profile name), got "${pair}"`);
    (accountProfiles ??= {})[m[1]] = m[2];
  }
  let accounts: string[] | undefined;
  if (o.accounts !== undefined) {
    accounts = o.accounts.split(',').map((a) => a.trim()).filter((a) => a);
    const bad = accounts.find((a) => !/^\d{12}$/.test(a));
    if (bad !== undefined || accounts.length === 0) throw new UsageError(`--accounts needs 12-digit account ids separated by commas, got "${bad ?? o.accounts}"`);
  }
  if (o.role !== undefined && !/^[\w+=,.@/-]{1,512}$/.test(o.role)) throw new UsageError(`--role needs a role name (or path/name), got "${o.role}"`);
  let concurrency: number | undefined;
  if (o.concurrency !== undefined) {
    concurrency = Number(o.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UsageError(`--concurrency needs a whole number from 1 to 256, got "${o.concurrency}"`);
  }
  if (common.endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(common.endpoint)) throw new UsageError(`--endpoint needs an http(s) URL, got "${common.endpoint}"`);
  return {
    format,
    profile: common.profile,
    region: common.region,
    endpoint: common.endpoint?.replace(/\/$/, ''),
    accounts,
    org: !!o.org,
    role: o.role,
    externalId: o['external-id'],
    baseline: o.baseline,
    concurrency,
    includeInfo: !!o['include-info'],
    ...(accountProfiles ? { accountProfiles } : {}),
    ...(telemetry ? { telemetry } : {}),
  };
}

/** `--format=json` → `--format json`; only for long options, so paths containing `=` are untouched. */
function expandEquals(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 2 && !out.includes('--')) out.push(a.slice(0, eq), a.slice(eq + 1));
    else out.push(a);
  }
  return out;
}

function parseFormat(v: string): OutputFormat {
  const f = FORMATS.find((x) => x === v);
  if (!f) throw new UsageError(`unknown format "${v}": use ${FORMATS.join(', ')}`);
  return f;
}

function parseCount(v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`--max-warnings needs a whole number, got "${v}"`);
  return Number(v);
}

function parseKind(v: string): KindOverride {
  // The kind never contains "=", a glob might: split at the last one.
  const eq = v.lastIndexOf('=');
  const glob = v.slice(0, eq);
  const kind = DOCUMENT_KINDS.find((k) => k === v.slice(eq + 1));
  if (eq <= 0 || !kind) {
    throw new UsageError(`--kind needs <glob>=<kind> with a kind among ${DOCUMENT_KINDS.join(', ')}; got "${v}"`);
  }
  return { glob, kind };
}

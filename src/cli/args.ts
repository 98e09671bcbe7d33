/**
 * Command-line parsing for `s3-replication-doctor`. Hand-written on purpose: the grammar is tiny,
 * and every mistake must end in one clear sentence (exit 2), never a library's stack trace.
 */
import { DOCUMENT_KINDS, DocumentKind } from '../core/classify';

export type OutputFormat = 'text' | 'json' | 'sarif';
const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface KindOverride {
  glob: string;
  kind: DocumentKind;
}

export interface CheckOptions {
  paths: string[];
  format: OutputFormat;
  fix: boolean;
  quiet: boolean;
  /** Exit 1 when more warnings than this remain (like eslint); unlimited when undefined. */
  maxWarnings?: number;
  /** In the order given; the first matching glob wins, as in the editor's `fileKinds` setting. */
  kinds: KindOverride[];
}

export type Command =
  | { name: 'help' }
  | { name: 'version' }
  | { name: 'rules'; format: Exclude<OutputFormat, 'sarif'> }
  | { name: 'check'; options: CheckOptions };

export class UsageError extends Error {}

export const USAGE = `Usage: s3-replication-doctor check [options] <file|folder>...

Checks S3 replication configurations and the IAM policies beside them (role permission policy,
trust policy, bucket and key policies). Folders are searched for *.json files (node_modules and
.git are skipped); all files are analysed together so that cross-file problems are found.
Other JSON (package.json, tsconfig.json, ...) is recognised as unrelated and ignored.

Options:
  --format <text|json|sarif>  Output format (default: text). sarif is SARIF 2.1.0 for code scanning.
  --fix                       Apply the safe automatic fixes in place, then report what remains.
  --kind <glob>=<kind>        Treat files matching <glob> as <kind> (repeatable; first match wins).
                              Kinds: ${DOCUMENT_KINDS.join(', ')}.
                              A glob without "/" matches the file name, e.g. --kind '*-role.json=permission-policy'.
  --quiet                     Report errors only.
  --max-warnings <n>          Exit 1 when more than <n> warnings remain.
  --rules                     Print the rule table (id, severity, summary); with --format json, as JSON.
  --version                   Print the version.
  --help                      Print this help.

Positions are 1-based lines and columns; columns count UTF-16 code units, like VS Code.
Exit status: 0 no error remains, 1 an error remains (or too many warnings), 2 usage or I/O error.
`;

export function parseArgs(argv: readonly string[]): Command {
  const args = expandEquals(argv);
  const paths: string[] = [];
  const kinds: KindOverride[] = [];
  let format: OutputFormat = 'text';
  let fix = false;
  let quiet = false;
  let maxWarnings: number | undefined;
  let command: string | undefined;
  let wantRules = false;
  let onlyPaths = false;

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
        return { name: 'help' };
      case '-v':
      case '--version':
        return { name: 'version' };
      case '--rules':
        wantRules = true;
        break;
      case '-f':
      case '--format':
        format = parseFormat(value());
        break;
      case '--fix':
        fix = true;
        break;
      case '-q':
      case '--quiet':
        quiet = true;
        break;
      case '--max-warnings':
        maxWarnings = parseCount(value());
        break;
      case '--kind':
        kinds.push(parseKind(value()));
        break;
      default:
        throw new UsageError(`unknown option ${arg}`);
    }
  }

  if (wantRules) {
    if (format === 'sarif') throw new UsageError('--rules prints text or json, not sarif');
    return { name: 'rules', format };
  }
  if (command === undefined) throw new UsageError('missing command: use "check <file|folder>..."');
  if (command !== 'check') throw new UsageError(`unknown command "${command}": the only command is "check"`);
  if (paths.length === 0) throw new UsageError('no files or folders to check');
  return { name: 'check', options: { paths, format, fix, quiet, maxWarnings, kinds } };
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

/**
 * The `check` command: collect and read files, analyse them (streamed, or all together for
 * `--fix`, which fixes them first), print the report, and decide the exit status.
 */
import { analyze } from '../core/analyze';
import { DocumentInput, JsonDocument } from '../core/document';
import { Finding } from '../core/findings';
import { promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { expectedAs, formatFileExtensions, isWellFormed, prepareFormats, referencedFiles } from '../core/formats';
import { isTerraformFile } from '../core/formats/terraform';
import { globMatches } from '../core/glob';
import { FileSettings } from '../core/projectConfig/types';
import { CheckOptions, KindOverride } from './args';
import { isConfigFile, resolveConfigs } from './config';
import { CliError, SourceFile, collectFiles, decode, readSource, textEncoding } from './files';
import { runFixLoop, preferredFix } from './fixLoop';
import { formatGithub } from './formatGithub';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { CliIO, useColor } from './io';
import { CheckedFile, CheckReport, countBySeverity, displayPath, NotChecked, PlacedFinding, placeFindings, portableRelativePath } from './report';
import { checkStreaming } from './streamCheck';
import { writeFixed } from './writeFile';

/** Enough parallel reads to hide latency, few enough to stay far from the open-file limit. */
const READ_CONCURRENCY = 32;

/** The name standard input is checked under when `--stdin-filename` gives none (ESLint's too). */
export const STDIN_NAME = '<stdin>';

/** Standard input as one more file: never written back (`--fix` refuses `-`), its name from `--stdin-filename`. */
async function readStdinSource(options: CheckOptions, io: CliIO): Promise<SourceFile> {
  const bytes = await io.readStdin().catch((err: unknown) => {
    throw new CliError(`cannot read standard input: ${err instanceof Error ? err.message : String(err)}`);
  });
  return { path: resolve(io.cwd, options.stdinFilename ?? STDIN_NAME), bytes, readOnly: true, ...decode(bytes), writable: false };
}

/** How a file is read: standard input from memory, anything else from disk. */
type Reader = (path: string) => Promise<SourceFile>;

export async function runCheck(options: CheckOptions, io: CliIO): Promise<number> {
  const show = (file: string) => displayPath(io.cwd, file);
  const collected = options.paths.length > 0 ? await collectFiles(options.paths, io.cwd, formatFileExtensions()) : { files: [], named: new Set<string>() };
  const named = new Set(collected.named);
  // A Terraform module is its folder: the other `.tf` files of a `.tf` file named alone are read with it.
  collected.files.push(...(await moduleSiblings(collected.files)));
  // Files a module reads (`file("policy.json")`) are checked as the module uses them, even when not named.
  collected.files.push(...(await moduleReferences(collected.files)));
  // Our own configuration named as a file to check: validated (its problems reported), not analysed.
  const files = collected.files.filter((f) => !isConfigFile(f));
  const stdin = options.stdin ? await readStdinSource(options, io) : undefined;
  if (stdin) {
    named.add(stdin.path);
    if (!files.includes(stdin.path)) files.push(stdin.path);
  }
  // Named files that hold nothing: said so, not "not recognised".
  const empty = new Set<string>();
  const read: Reader = async (path) => {
    const source = path === stdin?.path ? stdin : await readSource(path, show(path));
    if (named.has(path) && source.text.trim() === '') empty.add(path);
    return source;
  };
  const configs = await resolveConfigs(files, collected.files.filter(isConfigFile), options, io.cwd, show);
  const settings = (uri: string) => configs.settingsFor(uri);
  const kindOf = (path: string) => forcedKind(options.kinds, portableRelativePath(io.cwd, path) ?? path) ?? configs.kindFor(path);
  // Without --fix nothing needs every text at once: stream, and keep only what cross-file rules need.
  const run: CheckRun = options.fix
    ? await checkAndFix(files, kindOf, settings, show, io, read)
    : { ...(await checkStreaming(files, kindOf, show, { settings, read })), notes: [], unwritable: [], fixed: new Map(), writeFailed: false };
  const texts = new Map(configs.loaded.map((c) => [c.uri, c.text]));
  // A broken configuration first: it changes what every other line of the report means.
  const all = [
    ...placeFindings(
      configs.loaded.flatMap((c) => c.problems),
      texts,
      () => false,
    ),
    ...run.findings,
  ];
  const shown = all.filter((f) => (options.quiet ? f.severity === 'error' : !(options.noInfo && f.severity === 'info')));
  const notChecked: NotChecked[] = [];
  for (const f of run.files) {
    if (!named.has(f.path)) continue;
    const ignoredBy = configs.ignoredBy(f.path);
    if (ignoredBy !== undefined) {
      const config = configs.configOf(f.path)?.loaded.uri ?? '';
      notChecked.push({ path: f.path, message: `File not checked: ignored by "${ignoredBy}" in ${show(config)}. Use --no-config to check it anyway, or --no-warn-ignored to hide this warning.` });
    } else if (f.kind === 'unrelated') {
      const why = notRecognised({ uri: f.path, text: '' }, empty.has(f.path));
      // --kind names kinds of JSON documents: no help for a YAML file that is no template.
      const hint = why.plain ? 'Use --kind to say what it is, or --no-warn-ignored to hide this warning.' : 'Use --no-warn-ignored to hide this warning.';
      notChecked.push({ path: f.path, message: `File not checked: ${why.text}. ${hint}` });
    }
  }
  const report: CheckReport = {
    cwd: io.cwd,
    files: run.files.map((f) => ({ ...f, ignored: configs.ignoredBy(f.path) !== undefined })),
    findings: shown,
    // Warnings, as ESLint's for a file it does not lint: hidden with the other warnings by --quiet.
    notChecked: options.quiet || options.noWarnIgnored ? [] : notChecked,
  };
  const notes = run.notes;
  if (!options.quiet) notes.push(...run.unwritable);

  if (options.format === 'text') {
    io.stdout(formatText(report, { color: useColor(io) }));
  } else {
    for (const [uri, n] of run.fixed) notes.unshift(`Fixed ${n} problem${n === 1 ? '' : 's'} in ${show(uri)}`);
    io.stdout(options.format === 'json' ? formatJson(report) : options.format === 'github' ? formatGithub(report) : formatSarif(report));
  }

  // --quiet hides warnings but, as before, they still count for --max-warnings (info never counts).
  const counts = countBySeverity(all, options.noWarnIgnored ? [] : notChecked);
  const tooManyWarnings = options.maxWarnings !== undefined && counts.warning > options.maxWarnings;
  if (tooManyWarnings) notes.push(`${counts.warning} warnings, more than --max-warnings ${options.maxWarnings}.`);
  for (const n of notes) io.stderr(`s3-replication-doctor: ${n}\n`);

  if (run.writeFailed) return 2;
  return counts.error > 0 || tooManyWarnings ? 1 : 0;
}

async function moduleSiblings(files: readonly string[]): Promise<string[]> {
  const have = new Set(files);
  const out: string[] = [];
  for (const folder of new Set(files.filter((f) => isTerraformFile(f)).map((f) => dirname(f)))) {
    const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const full = join(folder, e.name);
      if (e.isFile() && isTerraformFile(full) && !have.has(full)) {
        have.add(full);
        out.push(full);
      }
    }
  }
  return out.sort();
}

/** Existing files the Terraform modules among `files` read with `file()` and that are not among them. */
async function moduleReferences(files: readonly string[]): Promise<string[]> {
  const have = new Set(files);
  const modules = await Promise.all(
    files.filter((f) => isTerraformFile(f)).map(async (uri) => ({ uri, text: await fs.readFile(uri, 'utf8').catch(() => undefined) })),
  );
  const out: string[] = [];
  for (const uri of await referencedFiles(modules.filter((m): m is { uri: string; text: string } => m.text !== undefined))) {
    if (have.has(uri) || !(await fs.stat(uri).catch(() => undefined))?.isFile()) continue;
    have.add(uri);
    out.push(uri);
  }
  return out;
}

interface CheckRun {
  files: CheckedFile[];
  findings: PlacedFinding[];
  /** What `--fix` has to say, always said. */
  notes: string[];
  /** Files `--fix` leaves alone (they do not decode cleanly, or are read-only); said unless `--quiet`. */
  unwritable: string[];
  /** Fixes written, per file, in the order they were written. */
  fixed: Map<string, number>;
  writeFailed: boolean;
}

/** `--fix`: every file in memory, fixed pass after pass, written back, then analysed together. */
async function checkAndFix(
  files: string[],
  kindOf: (path: string) => DocumentInput['kind'],
  settings: (uri: string) => FileSettings,
  show: (path: string) => string,
  io: CliIO,
  read: Reader,
): Promise<CheckRun> {
  const sources = await mapLimit(files, READ_CONCURRENCY, read);
  const byPath = new Map(sources.map((s) => [s.path, s]));
  const inputs: DocumentInput[] = sources.map((s) => ({ uri: s.path, text: s.text, kind: kindOf(s.path), encoding: textEncoding(s), tooLarge: s.tooLarge }));
  // Parsers in WebAssembly (HCL) load only when a file of their format is there.
  await prepareFormats(inputs.filter((i) => i.kind === undefined));
  const notes: string[] = [];
  const fixed = new Map<string, number>();
  let writeFailed = false;

  // Read-only files are not fixed at all: their fixes would only be computed to be thrown away.
  const result = runFixLoop(inputs, (uri) => byPath.get(uri)?.writable === true && byPath.get(uri)?.readOnly !== true, { settings });
  for (const uri of result.refused) {
    notes.push(`${show(uri)}: some fixes not applied because they would have made the file invalid. This is a bug; please report it.`);
  }
  for (const [uri, text] of result.texts) {
    const source = byPath.get(uri) as SourceFile;
    try {
      const outcome = await writeFixed(source, text, show(uri));
      if (outcome === 'written') {
        inputs[inputs.findIndex((i) => i.uri === uri)].text = text;
        fixed.set(uri, result.applied.get(uri) ?? 0);
      } else if (outcome === 'read-only') {
        notes.push(`${show(uri)}: read-only, so --fix leaves it alone.`);
      } else {
        notes.push(`${show(uri)}: changed on disk while being fixed; that change is kept and the file is not fixed. Run again.`);
      }
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      io.stderr(`s3-replication-doctor: ${err.message}\n`);
      writeFailed = true;
    }
  }

  const analysis = analyze(inputs, { settings });
  const docs = new Map(analysis.documents.map((d) => [d.uri, d]));
  const canRewrite = (uri: string) => byPath.get(uri)?.writable === true && docs.has(uri) && isWellFormed(docs.get(uri) as JsonDocument);
  const isFixable = (f: Finding) => preferredFix(f) !== undefined && canRewrite(f.uri);
  const texts = new Map(analysis.documents.map((d) => [d.uri, d.text]));
  const unwritable: string[] = [];
  for (const s of sources) {
    const hasFixes = analysis.findings.some((f) => f.uri === s.path && preferredFix(f));
    if (!s.writable && hasFixes) unwritable.push(`${show(s.path)}: not valid ${s.encoding === 'utf8' ? 'UTF-8' : 'UTF-16'}, so --fix leaves it alone.`);
    else if (s.readOnly && hasFixes) unwritable.push(`${show(s.path)}: read-only, so --fix leaves it alone.`);
  }
  return {
    files: analysis.documents.map((d) => ({ path: d.uri, kind: d.kind, fixed: fixed.get(d.uri) ?? 0 })),
    findings: placeFindings(analysis.findings, texts, isFixable),
    notes,
    unwritable,
    fixed,
    writeFailed,
  };
}

/** Why a file named on the command line was not recognised, in terms of what it could have been; `plain` when --kind could help. */
function notRecognised(file: { uri: string; text: string }, empty: boolean): { text: string; plain: boolean } {
  const { plain, formats } = expectedAs(file);
  if (empty) return { text: 'it is empty (the AWS CLI refuses an empty document too)', plain };
  const others = formats.length > 0 ? ` (nor as a ${formats.join(' or ')})` : '';
  if (plain) return { text: `not recognised as a replication configuration or an IAM policy (permission, trust, bucket or key policy)${others}`, plain };
  return { text: `not recognised as a ${formats.join(' or ')}`, plain };
}

/** Same meaning as the editor's `fileKinds` setting: the first matching glob decides. */
export function forcedKind(overrides: readonly KindOverride[], relativePath: string): DocumentInput['kind'] {
  return overrides.find((o) => globMatches(o.glob, relativePath))?.kind;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * The `check` command: collect and read files, optionally fix them, analyse them all together,
 * print the report, and decide the exit status.
 */
import { analyze } from '../core/analyze';
import { DocumentInput } from '../core/document';
import { Finding } from '../core/findings';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatFileExtensions, prepareFormats } from '../core/formats';
import { isTerraformFile } from '../core/formats/terraform';
import { globMatches } from '../core/glob';
import { CheckOptions, KindOverride } from './args';
import { isConfigFile, resolveConfigs } from './config';
import { CliError, SourceFile, collectFiles, readSource, textEncoding } from './files';
import { runFixLoop, preferredFix } from './fixLoop';
import { formatJson } from './formatJson';
import { formatSarif } from './formatSarif';
import { formatText } from './formatText';
import { CliIO, useColor } from './io';
import { CheckReport, countBySeverity, displayPath, placeFindings, portableRelativePath } from './report';
import { writeFixed } from './writeFile';

/** Enough parallel reads to hide latency, few enough to stay far from the open-file limit. */
const READ_CONCURRENCY = 32;

export async function runCheck(options: CheckOptions, io: CliIO): Promise<number> {
  const show = (file: string) => displayPath(io.cwd, file);
  const collected = await collectFiles(options.paths, io.cwd, formatFileExtensions());
  const { named } = collected;
  // A Terraform module is its folder: the other `.tf` files of a `.tf` file named alone are read with it.
  collected.files.push(...(await moduleSiblings(collected.files)));
  // Our own configuration named as a file to check: validated (its problems reported), not analysed.
  const files = collected.files.filter((f) => !isConfigFile(f));
  const configs = await resolveConfigs(files, collected.files.filter(isConfigFile), options, io.cwd, show);
  const settings = (uri: string) => configs.settingsFor(uri);
  const sources = await mapLimit(files, READ_CONCURRENCY, (f) => readSource(f, show(f)));
  const byPath = new Map(sources.map((s) => [s.path, s]));
  const inputs: DocumentInput[] = sources.map((s) => ({
    uri: s.path,
    text: s.text,
    kind: forcedKind(options.kinds, portableRelativePath(io.cwd, s.path) ?? s.path) ?? configs.kindFor(s.path),
    encoding: textEncoding(s),
    tooLarge: s.tooLarge,
  }));
  // Parsers in WebAssembly (HCL) load only when a file of their format is there.
  await prepareFormats(inputs.filter((i) => i.kind === undefined));
  const notes: string[] = [];
  const fixed = new Map<string, number>();
  let writeFailed = false;

  if (options.fix) {
    // Read-only files are not fixed at all: their fixes would only be computed to be thrown away.
    const result = runFixLoop(inputs, (uri) => byPath.get(uri)?.writable === true && byPath.get(uri)?.readOnly !== true, { settings });
    for (const uri of result.refused) {
      notes.push(`${show(uri)}: some fixes not applied because they would have made the JSON invalid. This is a bug; please report it.`);
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
  }

  const analysis = analyze(inputs, { settings });
  const docs = new Map(analysis.documents.map((d) => [d.uri, d]));
  const canRewrite = (uri: string) => byPath.get(uri)?.writable === true && docs.get(uri)?.syntaxErrors.length === 0;
  const isFixable = (f: Finding) => preferredFix(f) !== undefined && canRewrite(f.uri);
  const texts = new Map(analysis.documents.map((d) => [d.uri, d.text]));
  for (const c of configs.loaded) texts.set(c.uri, c.text);
  // A broken configuration first: it changes what every other line of the report means.
  const all = [
    ...placeFindings(
      configs.loaded.flatMap((c) => c.problems),
      texts,
      () => false,
    ),
    ...placeFindings(analysis.findings, texts, isFixable),
  ];
  const report: CheckReport = {
    cwd: io.cwd,
    files: analysis.documents.map((d) => ({ path: d.uri, kind: d.kind, fixed: fixed.get(d.uri) ?? 0, ignored: configs.ignoredBy(d.uri) !== undefined })),
    findings: options.quiet ? all.filter((f) => f.severity === 'error') : all,
  };

  if (!options.quiet) {
    for (const d of analysis.documents) {
      const ignoredBy = configs.ignoredBy(d.uri);
      if (ignoredBy !== undefined) {
        if (named.has(d.uri)) {
          const config = configs.configOf(d.uri)?.loaded.uri ?? '';
          notes.push(`${show(d.uri)}: ignored by "${ignoredBy}" in ${show(config)}, so not checked. Use --no-config to check it anyway.`);
        }
        continue;
      }
      if (d.kind === 'unrelated' && named.has(d.uri)) {
        notes.push(`${show(d.uri)}: not recognised as a replication configuration or IAM policy, so not checked. Use --kind to say what it is.`);
      }
    }
    if (options.fix) {
      for (const s of sources) {
        const hasFixes = analysis.findings.some((f) => f.uri === s.path && preferredFix(f));
        if (!s.writable && hasFixes) {
          notes.push(`${show(s.path)}: not valid ${s.encoding === 'utf8' ? 'UTF-8' : 'UTF-16'}, so --fix leaves it alone.`);
        } else if (s.readOnly && hasFixes) {
          notes.push(`${show(s.path)}: read-only, so --fix leaves it alone.`);
        }
      }
    }
  }

  if (options.format === 'text') {
    io.stdout(formatText(report, { color: useColor(io) }));
  } else {
    for (const [uri, n] of fixed) notes.unshift(`Fixed ${n} problem${n === 1 ? '' : 's'} in ${show(uri)}`);
    io.stdout(options.format === 'json' ? formatJson(report) : formatSarif(report));
  }

  const counts = countBySeverity(all);
  const tooManyWarnings = options.maxWarnings !== undefined && counts.warning > options.maxWarnings;
  if (tooManyWarnings) notes.push(`${counts.warning} warnings, more than --max-warnings ${options.maxWarnings}.`);
  for (const n of notes) io.stderr(`s3-replication-doctor: ${n}\n`);

  if (writeFailed) return 2;
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

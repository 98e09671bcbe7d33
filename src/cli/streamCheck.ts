/**
 * `check` without `--fix`, in bounded memory: files are read a few at a time and each is analysed
 * as soon as it is read, its findings placed (lines and columns) and its text released. Only the
 * replication configurations and the templates stay, for the cross-file rules; the policies they
 * may concern are read again at the end and checked with them (see `core/streamAnalysis.ts`). The
 * report is the one an analysis of all files at once gives.
 */
import { AnalyzeOptions } from '../core/analyze';
import { DocumentInput } from '../core/document';
import { Finding } from '../core/findings';
import { StreamingAnalysis } from '../core/streamAnalysis';
import { SourceFile, readSource, textEncoding } from './files';
import { preferredFix } from './fixLoop';
import { CheckedFile, PlacedFinding, placeFindings } from './report';

/** Files read ahead of the analysis: enough to hide disk latency, few enough to bound memory. */
const READ_AHEAD = 16;

export interface StreamedCheck {
  files: CheckedFile[];
  /** In report order: by file path, then position. */
  findings: PlacedFinding[];
}

interface Entry {
  file: CheckedFile;
  writable: boolean;
  syntaxOk: boolean;
  placed: PlacedFinding[];
}

/**
 * @param kindOf the kind `--kind` or a configuration forces for a file, if any
 * @param show how a path is shown in messages
 */
export async function checkStreaming(
  paths: readonly string[],
  kindOf: (path: string) => DocumentInput['kind'],
  show: (path: string) => string,
  options: Pick<AnalyzeOptions, 'settings'> & { read?: (path: string) => Promise<SourceFile> } = {},
): Promise<StreamedCheck> {
  const read = options.read ?? ((p: string) => readSource(p, show(p)));
  const session = new StreamingAnalysis({ settings: options.settings });
  const entries = new Map<string, Entry>();
  const input = (s: SourceFile): DocumentInput => ({ uri: s.path, text: s.text, kind: kindOf(s.path), encoding: textEncoding(s), tooLarge: s.tooLarge });
  const fixable = (ok: (uri: string) => boolean) => (f: Finding) => preferredFix(f) !== undefined && ok(f.uri);

  await inOrder(paths, read, (source) => {
    const { doc, findings } = session.add(input(source));
    const syntaxOk = doc?.syntaxErrors.length === 0;
    entries.set(source.path, {
      // A file kept whole (a template) gets its kind and findings from the analysis at the end.
      file: { path: source.path, kind: doc?.kind ?? 'template', fixed: 0 },
      writable: source.writable,
      syntaxOk,
      placed: doc ? placeFindings(findings, new Map([[doc.uri, doc.text]]), fixable(() => source.writable && syntaxOk)) : [],
    });
  });

  await session.prepare();
  const again: DocumentInput[] = [];
  await inOrder(session.recheck(), read, (source) => {
    again.push(input(source));
    const entry = entries.get(source.path);
    if (entry) entry.writable = source.writable;
  });
  const final = session.finish(again);
  const texts = new Map(final.documents.map((d) => [d.uri, d.text]));
  const byUri = new Map<string, Finding[]>(final.documents.map((d) => [d.uri, []]));
  for (const f of final.findings) byUri.get(f.uri)?.push(f);
  for (const d of final.documents) {
    const entry = entries.get(d.uri);
    if (!entry) continue;
    // A file changed between the two reads is reported as it is now.
    entry.file.kind = d.kind;
    entry.syntaxOk = d.syntaxErrors.length === 0;
  }
  const ok = (uri: string) => entries.get(uri)?.writable === true && entries.get(uri)?.syntaxOk === true;
  for (const d of final.documents) {
    const entry = entries.get(d.uri);
    if (entry) entry.placed = placeFindings(byUri.get(d.uri) ?? [], texts, fixable(ok));
  }

  const ordered = [...entries.values()];
  // The engine's order of findings: by URI (compared as `analyze` does), each file's in position order.
  const byPath = [...ordered].sort((a, b) => (a.file.path === b.file.path ? 0 : a.file.path < b.file.path ? -1 : 1));
  return { files: ordered.map((e) => e.file), findings: byPath.flatMap((e) => e.placed) };
}

/**
 * Reads `items` with a bounded read-ahead and hands each result to `use` in the order of `items`
 * (the analysis must see files in the order given, as `analyze` would).
 */
async function inOrder<T, R>(items: readonly T[], read: (item: T) => Promise<R>, use: (result: R) => void): Promise<void> {
  const pending: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    while (next < items.length && pending.length < READ_AHEAD) {
      const p = read(items[next++]);
      // Seen when its turn comes; until then a failure must not count as unhandled.
      p.catch(() => undefined);
      pending.push(p);
    }
  };
  fill();
  while (pending.length > 0) {
    const result = await (pending.shift() as Promise<R>);
    fill();
    use(result);
  }
}

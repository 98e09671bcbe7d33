/**
 * `--fix`: applies preferred fixes pass after pass, re-analysing all files together in between
 * (a fix can reveal or settle another finding), until nothing changes. Pure: texts in, texts out;
 * writing to disk is `writeFile.ts`'s job.
 */
import { parseTree, ParseError } from 'jsonc-parser';
import { AnalyzeOptions, analyze } from '../core/analyze';
import { DocumentInput, JsonDocument } from '../core/document';
import { Finding, Fix, TextEdit } from '../core/findings';
import { applyNonOverlapping } from '../core/fixes';
import { isWellFormed, parsesAs } from '../core/formats';

export const MAX_FIX_PASSES = 10;

export interface FixResult {
  /** Final text per URI, for the files that changed. */
  texts: Map<string, string>;
  /** Fixes applied per URI, over all passes. */
  applied: Map<string, number>;
  /** Files whose fixes were dropped because they would have broken the JSON (a rule bug). */
  refused: string[];
}

/** The fix `--fix` applies for a finding: only one marked preferred, never a guess among alternatives. */
export function preferredFix(f: Finding): Fix | undefined {
  return f.fixes?.find((x) => x.preferred);
}

/**
 * @param inputs every file of the run (all are context for cross-file rules)
 * @param canFix whether a file may be rewritten at all (e.g. it decoded cleanly)
 * @param options passed to `analyze` (tests give their own rules)
 */
export function runFixLoop(inputs: readonly DocumentInput[], canFix: (uri: string) => boolean, options: AnalyzeOptions = {}): FixResult {
  // Unchanged files go back in as parsed documents, so a pass only re-parses what it rewrote.
  let current: (DocumentInput | JsonDocument)[] = [...inputs];
  const originals = new Map(inputs.map((i) => [i.uri, i.text]));
  const applied = new Map<string, number>();
  const refused = new Set<string>();

  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const { documents, findings } = analyze(current, options);
    current = [...documents];
    const byUri = groupFixes(findings);
    let changed = false;
    for (const [i, doc] of documents.entries()) {
      const fixes = byUri.get(doc.uri);
      if (!fixes || refused.has(doc.uri) || !canFix(doc.uri) || !isWellFormed(doc)) continue;
      const result = applyNonOverlapping(doc.text, fixes);
      const next = matchLineEndings(originals.get(doc.uri) ?? doc.text, result.text);
      if (next === doc.text) continue;
      if (!(parsesAs(doc, next) ?? parsesCleanly(next))) {
        refused.add(doc.uri);
        continue;
      }
      current[i] = { ...inputs[i], text: next };
      applied.set(doc.uri, (applied.get(doc.uri) ?? 0) + result.applied);
      changed = true;
    }
    if (!changed) break;
  }

  const texts = new Map<string, string>();
  for (const c of current) if (c.text !== originals.get(c.uri)) texts.set(c.uri, c.text);
  return { texts, applied, refused: [...refused] };
}

/** Preferred fixes per document with their edits computed once and checked, so a faulty fix is skipped, not fatal. */
function groupFixes(findings: readonly Finding[]): Map<string, Fix[]> {
  const out = new Map<string, Fix[]>();
  for (const f of findings) {
    const fix = preferredFix(f);
    if (!fix) continue;
    let edits: TextEdit[];
    try {
      edits = fix.edits();
    } catch {
      continue;
    }
    if (edits.length === 0) continue;
    const list = out.get(f.uri) ?? [];
    list.push({ title: fix.title, preferred: true, edits: () => edits });
    out.set(f.uri, list);
  }
  return out;
}

function parsesCleanly(text: string): boolean {
  const errors: ParseError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  return errors.length === 0;
}

/**
 * Fixes are formatted with the document's detected line ending, but a fix's literal content may
 * carry `\n`; a file that used CRLF throughout must stay CRLF throughout.
 */
export function matchLineEndings(original: string, fixed: string): string {
  const lf = original.split('\n').length - 1;
  const crlf = original.split('\r\n').length - 1;
  if (crlf === 0 || crlf !== lf) return fixed;
  return fixed.replace(/\r?\n/g, '\r\n');
}

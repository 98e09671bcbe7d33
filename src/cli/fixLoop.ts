/**
 * `--fix`: applies preferred fixes pass after pass, re-analysing all files together in between
 * (a fix can reveal or settle another finding), until nothing changes. Each pass applies every
 * fix that does not overlap another at once and re-analyses once, so 100,000 findings cost a few
 * passes, not 100,000. Fixes write in each file's own line endings and indentation (the engine
 * detects them). Pure: texts in, texts out; writing to disk is `writeFile.ts`'s job.
 */
import { AnalyzeOptions, analyze } from '../core/analyze';
import { DocumentInput, JsonDocument } from '../core/document';
import { Finding, Fix } from '../core/findings';
import { applyNonOverlapping } from '../core/fixes';
import { parsesAs } from '../core/formats';
import { limitNesting } from '../core/nesting';
import { parseJsonText } from '../core/syntax';

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
      // Trailing commas apart (each has its fix), a document that does not parse in its own syntax is left alone.
      if (!fixes || refused.has(doc.uri) || doc.broken || !canFix(doc.uri) || parsesAs(doc, doc.text) === false) continue;
      // Every fix that does not overlap another, in one pass; the rest wait for the next pass.
      const result = applyNonOverlapping(doc.text, fixes);
      const next = result.text;
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

/** Preferred fixes per document, each once (one "convert all" fix serves many findings). */
function groupFixes(findings: readonly Finding[]): Map<string, Fix[]> {
  const out = new Map<string, Set<Fix>>();
  for (const f of findings) {
    const fix = preferredFix(f);
    if (!fix) continue;
    const set = out.get(f.uri);
    if (set) set.add(fix);
    else out.set(f.uri, new Set([fix]));
  }
  return new Map([...out].map(([uri, set]) => [uri, [...set]]));
}

function parsesCleanly(text: string): boolean {
  // A byte order mark is read as a space, as `parseDocument` reads it (the encoding rule reports it).
  const nesting = limitNesting(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text);
  if (nesting.problems.length > 0) return false;
  return !parseJsonText(nesting.text).broken;
}

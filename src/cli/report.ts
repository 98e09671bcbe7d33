/**
 * The CLI's view of an analysis: findings placed at 1-based lines and columns, plus what was
 * checked and fixed. Every output format renders this one structure.
 */
import * as path from 'node:path';
import { DocumentKind } from '../core/classify';
import { Finding, Severity } from '../core/findings';
import { LineIndex } from '../core/lines';
import { ownCopy } from '../core/strings';
import { plainText } from '../core/text';

/** 1-based, columns in UTF-16 code units (VS Code's and SARIF's `utf16CodeUnits`); `path` absolute. */
export interface Place {
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface PlacedFinding {
  ruleId: string;
  severity: Severity;
  /** Plain text (what a terminal shows). */
  message: string;
  /** The message as the engine wrote it, in markdown, when that differs (SARIF carries both). */
  markdown?: string;
  /** `--fix` would apply a fix for it. */
  fixable: boolean;
  at: Place;
  related: (Place & { message: string })[];
}

export interface CheckedFile {
  path: string;
  kind: DocumentKind;
  /** Fixes `--fix` applied and wrote to this file. */
  fixed: number;
  /** Matched an `ignores` pattern of its configuration: read as context, not checked. */
  ignored?: boolean;
}

/**
 * A file named on the command line that was not checked (not recognised, or ignored by the
 * configuration). Reported as a warning without a rule id, as ESLint reports a file it does not lint.
 */
export interface NotChecked {
  path: string;
  message: string;
}

export interface CheckReport {
  cwd: string;
  files: CheckedFile[];
  findings: PlacedFinding[];
  /** Shown as warnings; empty with `--quiet` or `--no-warn-ignored`. */
  notChecked: NotChecked[];
}

/** @param texts the text of every file a finding or related location points into */
export function placeFindings(findings: readonly Finding[], texts: ReadonlyMap<string, string>, isFixable: (f: Finding) => boolean): PlacedFinding[] {
  const indexes = new Map<string, LineIndex>();
  const placeOf = (uri: string, offset: number, length: number): Place => {
    let index = indexes.get(uri);
    if (!index) {
      index = new LineIndex(texts.get(uri) ?? '');
      indexes.set(uri, index);
    }
    const start = index.positionAt(offset);
    const end = index.positionAt(offset + length);
    return { path: uri, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };
  return findings.map((f) => {
    // Messages quote the document (an action, an ARN): copies, so a report outlives the texts it quotes.
    const message = ownCopy(plainText(f.message));
    return {
      ruleId: f.ruleId,
      severity: f.severity,
      message,
      ...(message !== f.message ? { markdown: ownCopy(f.message) } : {}),
      fixable: isFixable(f),
      at: placeOf(f.uri, f.offset, f.length),
      related: (f.related ?? []).map((r) => ({ ...placeOf(r.uri, r.offset, r.length), message: ownCopy(plainText(r.message)) })),
    };
  });
}

/** The path as the user would type it from where they ran the command: relative, unless the absolute one is shorter. */
export function displayPath(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  if (rel === '') return path.basename(file);
  return rel.length <= file.length ? rel : file;
}

/** Forward-slash relative path, or undefined when the file lies outside `cwd`. */
export function portableRelativePath(cwd: string, file: string): string | undefined {
  const rel = path.relative(cwd, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** Counts of the report's findings; files named but not checked count as warnings. */
export function countBySeverity(findings: readonly PlacedFinding[], notChecked: readonly NotChecked[] = []): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: notChecked.length, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/**
 * The engine's output model. Everything here is plain data (plus lazily computed fix edits) so the
 * same findings feed the editor, the CLI and the bucket explorer.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Evidence level from the rule catalogue: V seen in a real AWS response, D documented, U unverified. */
export type Evidence = 'V' | 'D' | 'U';

/** A replacement of `length` characters at `offset` (UTF-16 code units) by `content`. */
export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

export interface Fix {
  title: string;
  /** The one obvious, safe repair for the finding; editors offer it first and `--fix` applies it. */
  preferred?: boolean;
  /**
   * Edits for the finding's own document. Cheap fixes hold them already; fixes that take work
   * (several steps over a large text, a policy merge) compute them here, on demand: a 1,000-rule
   * document with a finding per rule must not pay that on every keystroke.
   */
  edits(): TextEdit[];
  /**
   * The same edits, computed a piece at a time for the fixes that can take long (converting every
   * rule of a 1,000-rule configuration): the editor runs the pieces between other work instead of
   * blocking. Yields between pieces; returns what `edits()` returns.
   */
  editsStepwise?(): Generator<void, TextEdit[], void>;
  /**
   * Offset of the object or array this fix adds members to or removes members from. Two such
   * fixes on one container are never applied in the same pass (each assumes the separators it
   * sees), even when their edits do not overlap.
   */
  container?: number;
  /**
   * On an embedded document: the edits are already for the source file (a declared fact changed
   * where the file declares it), not for the document's API-shaped JSON.
   */
  inSource?: boolean;
}

export interface Location {
  /** Document URI or path, exactly as given to the engine. */
  uri: string;
  offset: number;
  length: number;
}

export interface RelatedLocation extends Location {
  message: string;
}

export interface Finding extends Location {
  ruleId: string;
  severity: Severity;
  message: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

export function severityRank(s: Severity): number {
  return s === 'error' ? 2 : s === 'warning' ? 1 : 0;
}

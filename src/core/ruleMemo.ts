/**
 * A rule's findings on a document it checked without looking at anything else. The live view and
 * `scan` analyse each bucket with the documents around it, and a role is shared by every bucket that
 * replicates through it: its policy and trust documents (the same parsed objects, from the read
 * cache) were checked again for each bucket, rule by rule, although most rules read only the
 * document itself. Whether a rule looked further is observed, not declared: its context records
 * whether it read the workspace (`DocumentContext`). What a rule found without reading it depends on
 * the document alone, so it is remembered with the document object and replayed, with the
 * policy-evaluation work it cost charged again so the evaluation budget runs out where it would have.
 */
import { registerCache } from './caches';
import type { JsonDocument } from './document';
import type { Finding } from './findings';
import { loadedIamData, type IamData } from './iam/data';
import type { Rule } from './rule';

interface Memo {
  findings: readonly Finding[];
  /** Statement matches the check spent (iam/budget.ts). */
  spent: number;
  /** The IAM reference the findings were made with: another one (`useIamDataDirectory`) makes them stale. */
  data: IamData | undefined;
}

let memos = new WeakMap<JsonDocument, Map<Rule, Memo>>();
registerCache(() => (memos = new WeakMap()));

export function recalled(doc: JsonDocument, rule: Rule): Memo | undefined {
  const memo = memos.get(doc)?.get(rule);
  return memo && memo.data === loadedIamData() ? memo : undefined;
}

export function remember(doc: JsonDocument, rule: Rule, findings: readonly Finding[], spent: number): void {
  let byRule = memos.get(doc);
  if (!byRule) memos.set(doc, (byRule = new Map()));
  byRule.set(rule, { findings, spent, data: loadedIamData() });
}

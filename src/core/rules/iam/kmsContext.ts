/**
 * `iam-kms-context-prefix-mismatch`: a KMS grant for replication restricted by the encryption
 * context S3 passes to KMS. For SSE-KMS objects S3 sets `kms:EncryptionContext:aws:s3:arn` to the
 * object's ARN (the bucket's ARN with S3 Bucket Keys): `kms:Decrypt` with the source object ARN,
 * `kms:Encrypt` with the replica's ARN in the destination. A pattern there that does not cover the
 * keys a rule replicates makes KMS refuse those objects, and they fail to replicate.
 */
import { arnCovers, hasPolicyVariable, s3ObjectArn, s3Parts } from '../../iam/arn';
import { compile, matches } from '../../iam/pattern';
import { actionApplies } from '../../iam/evaluate';
import { parseOperator } from '../../iam/conditions';
import { ConditionEntry, StatementView } from '../../iam/policy';
import { RolePolicyAnalysis } from '../../iam/roleCheck';
import { replaceSpanFix } from '../../fixes';
import { JsonDocument } from '../../document';
import { Fix } from '../../findings';
import { listText, PendingFinding } from './common';

const CONTEXT_KEY = 'kms:encryptioncontext:aws:s3:arn';
/** Operators that allow only what their patterns match (negated ones exclude instead). */
const POSITIVE = new Set(['StringEquals', 'StringLike', 'StringEqualsIgnoreCase', 'ArnEquals', 'ArnLike']);

interface Side {
  action: 'kms:Encrypt' | 'kms:Decrypt';
  /** What the object ARNs are: the replicas (destination) or the source objects. */
  what: string;
  /** Object ARN patterns the role's replication reads or writes, by bucket. */
  needs: Map<string, Set<string>>;
}

function add(map: Map<string, Set<string>>, bucket: string, arn: string): void {
  const set = map.get(bucket) ?? new Set<string>();
  set.add(arn);
  map.set(bucket, set);
}

/** Object ARNs the analysed configurations replicate: from the sources, and into the destinations. */
function sides(a: RolePolicyAnalysis): Side[] {
  const encrypt: Side = { action: 'kms:Encrypt', what: 'the replicas', needs: new Map() };
  const decrypt: Side = { action: 'kms:Decrypt', what: 'the source objects', needs: new Map() };
  for (const c of a.configs) {
    for (const rule of c.rules) {
      // A configuration that does not replicate SSE-KMS objects makes S3 use no key at all.
      if (!a.inferred && !rule.sseKms) continue;
      if (rule.destination) add(encrypt.needs, rule.destination.bucket, s3ObjectArn(c.partition, rule.destination.bucket, rule.prefix));
      for (const source of a.sources ?? []) add(decrypt.needs, source, s3ObjectArn(c.partition, source, rule.prefix));
    }
  }
  return [encrypt, decrypt];
}

function contextEntries(s: StatementView): ConditionEntry[] {
  return s.conditions.filter((e) => {
    const op = parseOperator(e.operator);
    return e.key.toLowerCase() === CONTEXT_KEY && op !== undefined && POSITIVE.has(op.base) && op.set === undefined;
  });
}

export function kmsContextFindings(a: RolePolicyAnalysis): PendingFinding[] {
  const out: PendingFinding[] = [];
  for (const side of sides(a)) {
    if (side.needs.size === 0) continue;
    for (const s of a.view.statements) {
      if (s.effect !== 'Allow' || !actionApplies(s, side.action)) continue;
      for (const entry of contextEntries(s)) {
        const finding = check(a.view.doc, side, entry);
        if (finding) out.push(finding);
      }
    }
  }
  return out;
}

function check(doc: JsonDocument, side: Side, entry: ConditionEntry): PendingFinding | undefined {
  const patterns = entry.values;
  if (patterns.length === 0 || patterns.some((p) => hasPolicyVariable(p))) return undefined;
  const uncovered: string[] = [];
  let judged = false;
  for (const [bucket, arns] of side.needs) {
    // Only the buckets this condition talks about: a role may hold one KMS statement per destination.
    const mine = patterns.filter((p) => {
      const parts = s3Parts(p);
      return parts !== undefined && matches(compile(parts.bucket), bucket);
    });
    if (mine.length === 0) continue;
    // A bucket ARN is the context with S3 Bucket Keys; whether the bucket uses them is iam-kms-context-bucket-key's question.
    if (mine.some((p) => s3Parts(p)?.object === undefined)) continue;
    judged = true;
    for (const arn of arns) if (!mine.some((p) => arnCovers(p, arn))) uncovered.push(arn);
  }
  if (!judged || uncovered.length === 0) return undefined;
  const values = listText(patterns.map((p) => `"${p}"`));
  const wanted = listText(uncovered.map((u) => `\`${u}\``));
  return {
    ruleId: 'iam-kms-context-prefix-mismatch',
    severity: 'warning',
    offset: entry.valueNode.offset,
    length: entry.valueNode.length,
    message:
      `\`${side.action}\` is allowed here only when the encryption context \`kms:EncryptionContext:aws:s3:arn\` matches ${values}, ` +
      `but S3 passes each object's ARN, and ${side.what} (${wanted}) do not match it: ` +
      `KMS refuses those objects and they fail to replicate. Make the pattern cover the keys the rule replicates (or the rule's filter match the pattern).`,
    fixes: fixFor(doc, entry, uncovered),
  };
}

/** With one pattern and one uncovered need, the pattern can be replaced; which side is right is the user's call. */
function fixFor(doc: JsonDocument, entry: ConditionEntry, uncovered: string[]): (Fix | undefined)[] | undefined {
  const node = entry.valueNode.type === 'array' && entry.valueNode.children?.length === 1 ? entry.valueNode.children[0] : entry.valueNode;
  if (node.type !== 'string' || entry.values.length !== 1 || uncovered.length !== 1) return undefined;
  return [replaceSpanFix(doc, node.offset, node.length, JSON.stringify(uncovered[0]), `Change the pattern to "${uncovered[0]}"`)];
}

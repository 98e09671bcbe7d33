/**
 * What live-state rules share: the facts about the configuration's source bucket and about each
 * rule's destination, and where a finding about the source bucket is anchored.
 */
import { JsonDocument } from '../../document';
import { BucketFacts, bucketFacts } from '../../facts';
import { anchorForMissing, keyNode } from '../../json';
import { Rule, RuleContext } from '../../rule';
import { ConfigRule, configRules, Span } from '../config/shape';

/** Defines a rule that needs live facts; the engine skips it for plain files. */
export function liveRule(def: Omit<Rule, 'kinds' | 'live'>): Rule {
  return { ...def, kinds: ['replication-config'], live: true };
}

export function sourceFacts(ctx: RuleContext): BucketFacts | undefined {
  return bucketFacts(ctx.workspace.facts, ctx.doc.live?.sourceBucket);
}

export function destinationFacts(ctx: RuleContext, rule: ConfigRule): BucketFacts | undefined {
  return bucketFacts(ctx.workspace.facts, rule.bucketName);
}

/** Findings about the source bucket sit on the configuration's `Role` key, else on its start. */
export function sourceAnchor(doc: JsonDocument): Span {
  const role = keyNode(doc.config, 'Role');
  if (role) return { offset: role.offset, length: role.length };
  return doc.config ? anchorForMissing(doc.config) : { offset: 0, length: 1 };
}

/** Each distinct destination bucket once (at its first rule), with its facts when known. */
export function eachDestination(ctx: RuleContext, visit: (rule: ConfigRule, facts: BucketFacts) => void): void {
  const seen = new Set<string>();
  for (const rule of configRules(ctx.doc)) {
    const name = rule.bucketName;
    if (!name || seen.has(name)) continue;
    seen.add(name);
    const facts = destinationFacts(ctx, rule);
    if (facts) visit(rule, facts);
  }
}

/** Both owners known and different. */
export function crossAccount(source: BucketFacts | undefined, destination: BucketFacts | undefined): boolean {
  return !!source?.ownerAccount && !!destination?.ownerAccount && source.ownerAccount !== destination.ownerAccount;
}

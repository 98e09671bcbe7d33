/**
 * Rules to the same destination where one filter contains the other (every key the narrower rule
 * matches, the broader one matches too): S3 applies only the higher priority there. Partial
 * overlaps of independent tags are left alone: whether they meet depends on how objects are tagged.
 *
 * Cost: rules are grouped by destination and sorted by prefix, and a stack of ancestor prefixes is
 * kept while walking them, so a rule is only compared with rules whose prefix is a prefix of its own
 * and whose tag set is a subset of its own (looked up by tag signature, not by scanning).
 */
import { Node } from 'jsonc-parser';
import { stringValue } from '../../json';
import { DOCS } from '../../sources';
import { priorityPlan } from './priorities';
import { configRule, ConfigRule, configRules, isV2, propValue, ruleLabel } from './shape';

/** Beyond this many comparisons the configuration is pathological; the rule is advice, so it stops. */
const COMPARISON_BUDGET = 20_000;
/** Tag sets larger than this only look for subsumers with no tags or the very same tags. */
const MAX_SUBSET_TAGS = 4;

interface Candidate {
  rule: ConfigRule;
  priority: number;
  prefix: string;
  /** Sorted `key=value` pairs, and their signature (joined). */
  tags: string[];
  sig: string;
}

/** Rules sharing one prefix on the ancestor stack; the map is made only once a second rule arrives. */
interface Level {
  prefix: string;
  only: Candidate;
  bySignature?: Map<string, Candidate[]>;
}

const NO_TAGS: string[] = [];

function tagPairs(rule: ConfigRule): string[] {
  const tags = rule.tags;
  if (tags.length === 0) return NO_TAGS;
  const pairs: string[] = [];
  for (let i = 0; i < tags.length; i++) {
    const { key, value } = tags[i];
    if (key !== undefined && value !== undefined) pairs.push(`${key}=${value}`);
  }
  return pairs.length > 1 ? pairs.sort() : pairs;
}

const signature = (pairs: readonly string[]): string => (pairs.length === 0 ? '' : pairs.length === 1 ? pairs[0] : pairs.join('\u0000'));

/** Signatures of the subsets of a tag set: the tag sets a subsuming rule may have. */
const UNTAGGED = [''];
const NO_CANDIDATES: Candidate[] = [];

function subsetSignatures(tags: readonly string[]): string[] {
  if (tags.length === 0) return UNTAGGED;
  if (tags.length > MAX_SUBSET_TAGS) return tags.length ? ['', signature(tags)] : [''];
  const out: string[] = [];
  for (let mask = 0; mask < 1 << tags.length; mask++) out.push(signature(tags.filter((_, i) => mask & (1 << i))));
  return out;
}

function higher(a: Candidate | undefined, b: Candidate): Candidate {
  return a && a.priority >= b.priority ? a : b;
}

export const priorityOverlapSameDestination = configRule({
  id: 'rc-priority-overlap-same-destination',
  severity: 'info',
  evidence: 'D',
  summary: 'Nested rules to one destination: only the higher-priority rule applies where both match.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    const plan = priorityPlan(ctx.doc);
    const groups = new Map<string, Candidate[]>();
    const rules = configRules(ctx.doc);
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      const priority = plan.value.get(rule.node);
      const dest = rule.bucketName ?? stringValue(rule.bucketNode);
      if (priority === undefined || !dest || !isV2(rule) || rule.status !== 'Enabled') continue;
      const tags = tagPairs(rule);
      const c = { rule, priority, prefix: rule.prefix, tags, sig: signature(tags) };
      const g = groups.get(dest);
      if (g) g.push(c);
      else groups.set(dest, [c]);
    }

    /** Per rule: a higher-priority rule containing it (it never applies), or one inside it (it loses there). */
    const dead = new Map<Candidate, Candidate>();
    const shadowed = new Map<Candidate, Candidate>();
    let budget = COMPARISON_BUDGET;
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      // Fewer tags first among equal prefixes, so a containing rule is always walked before the contained.
      group.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : a.tags.length - b.tags.length));
      const stack: Level[] = [];
      for (let g = 0; g < group.length; g++) {
        const cur = group[g];
        while (stack.length && !cur.prefix.startsWith(stack[stack.length - 1].prefix)) stack.pop();
        const subsets = subsetSignatures(cur.tags);
        const compare = (outer: Candidate) => {
          if (budget-- <= 0) return;
          if (outer.priority > cur.priority) dead.set(cur, higher(dead.get(cur), outer));
          else if (outer.priority < cur.priority) shadowed.set(outer, higher(shadowed.get(outer), cur));
        };
        for (let l = 0; l < stack.length; l++) {
          const level = stack[l];
          if (!level.bySignature) {
            if (subsets.includes(level.only.sig)) compare(level.only);
            continue;
          }
          for (let s = 0; s < subsets.length; s++) {
            const outers = level.bySignature.get(subsets[s]) ?? NO_CANDIDATES;
            for (let o = 0; o < outers.length; o++) compare(outers[o]);
          }
        }
        const top = stack[stack.length - 1];
        if (!top || top.prefix !== cur.prefix) {
          stack.push({ prefix: cur.prefix, only: cur });
          continue;
        }
        top.bySignature ??= new Map([[top.only.sig, [top.only]]]);
        const list = top.bySignature.get(cur.sig);
        if (list) list.push(cur);
        else top.bySignature.set(cur.sig, [cur]);
      }
    }

    const priorityNode = (c: Candidate) => propValue(c.rule.r.Priority) as Node;
    const report = (c: Candidate, other: Candidate, message: string) => {
      const o = priorityNode(other);
      ctx.report({
        node: priorityNode(c),
        message,
        related: [{ uri: ctx.doc.uri, offset: o.offset, length: o.length, message: `${ruleLabel(other.rule)}, priority ${other.priority}` }],
      });
    };
    for (const [c, winner] of dead) {
      report(c, winner, `Everything this rule matches, ${ruleLabel(winner.rule)} (priority ${winner.priority}) matches too, for the same destination: S3 applies only that rule, so this one never takes effect.`);
    }
    for (const [c, inner] of shadowed) {
      if (dead.has(c)) continue;
      report(
        c,
        inner,
        `Where ${ruleLabel(inner.rule)} (priority ${inner.priority}) also matches, S3 applies only that rule for this destination: ` +
          'this rule\'s delete-marker, storage-class, RTC and encryption settings do not apply there.',
      );
    }
  },
});

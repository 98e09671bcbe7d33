/**
 * Rules to the same destination whose filters can match the same key: S3 applies only the
 * higher-priority one there. Grouped by destination and sorted by prefix, so a 1,000-rule
 * configuration with disjoint prefixes costs a sort, not a million comparisons.
 */
import { Node } from 'jsonc-parser';
import { member, stringValue } from '../../json';
import { DOCS } from '../../sources';
import { priorityPlan } from './priorities';
import { configRule, ConfigRule, configRules, effectivePrefix, isV2, ruleLabel } from './shape';

/** Beyond this many pair checks the configuration is pathological; the rule is advice, so it stops. */
const COMPARISON_BUDGET = 50_000;
const MAX_OBJECT_TAGS = 10;

interface Candidate {
  rule: ConfigRule;
  priority: number;
  prefix: string;
  tags: ReadonlyMap<string, string>;
}

const NO_TAGS: ReadonlyMap<string, string> = new Map();

function tagMap(rule: ConfigRule): ReadonlyMap<string, string> {
  if (rule.tags.length === 0) return NO_TAGS;
  const tags = new Map<string, string>();
  for (const { node: t } of rule.tags) {
    const k = stringValue(member(t, 'Key'));
    const v = stringValue(member(t, 'Value'));
    if (k !== undefined && v !== undefined) tags.set(k, v);
  }
  return tags;
}

/** One object can carry both tag sets: no key with two values, and at most ten keys in all. */
function tagsCompatible(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  let union = a.size;
  for (const [k, v] of b) {
    const other = a.get(k);
    if (other === undefined) union++;
    else if (other !== v) return false;
  }
  return union <= MAX_OBJECT_TAGS;
}

export const priorityOverlapSameDestination = configRule({
  id: 'rc-priority-overlap-same-destination',
  severity: 'info',
  evidence: 'D',
  summary: 'Overlapping rules to one destination: only the higher-priority rule applies where both match.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    const plan = priorityPlan(ctx.doc);
    const groups = new Map<string, Candidate[]>();
    for (const rule of configRules(ctx.doc)) {
      const priority = plan.value.get(rule.node);
      const dest = rule.bucketName ?? stringValue(rule.bucketNode);
      if (priority === undefined || !dest || !isV2(rule) || rule.status !== 'Enabled') continue;
      const c = { rule, priority, prefix: effectivePrefix(rule), tags: tagMap(rule) };
      const g = groups.get(dest);
      if (g) g.push(c);
      else groups.set(dest, [c]);
    }

    const winners = new Map<Candidate, Candidate[]>();
    let budget = COMPARISON_BUDGET;
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      group.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
      // Keys starting with p sort in one block right after p, so each scan stops at the first non-match.
      for (let i = 0; i < group.length && budget > 0; i++) {
        const a = group[i];
        for (let j = i + 1; j < group.length && group[j].prefix.startsWith(a.prefix) && budget-- > 0; j++) {
          const b = group[j];
          if (a.priority === b.priority || !tagsCompatible(a.tags, b.tags)) continue;
          const [low, high] = a.priority < b.priority ? [a, b] : [b, a];
          const list = winners.get(low);
          if (list) list.push(high);
          else winners.set(low, [high]);
        }
      }
    }

    for (const [low, highs] of winners) {
      const top = highs.reduce((x, y) => (y.priority > x.priority ? y : x));
      const node = member(low.rule.node, 'Priority') as Node;
      ctx.report({
        node,
        message:
          `This rule overlaps ${ruleLabel(top.rule)} (priority ${top.priority}) on the same destination. Where both match, S3 applies only the higher priority, ` +
          'so this rule\'s delete-marker, storage-class, RTC and encryption settings do not apply there.',
        related: highs.slice(0, 5).map((h) => {
          const p = member(h.rule.node, 'Priority') as Node;
          return { uri: ctx.doc.uri, offset: p.offset, length: p.length, message: `${ruleLabel(h.rule)}, priority ${h.priority}` };
        }),
      });
    }
  },
});

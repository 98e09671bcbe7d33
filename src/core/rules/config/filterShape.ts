/** How a rule selects objects: Filter vs rule-level Prefix, and the one-child shape of `Filter`. */
import { Node } from 'jsonc-parser';
import { JsonDocument } from '../../document';
import { Fix } from '../../findings';
import { multiFix, raw, removeFix, setValueFix } from '../../fixes';
import { anchorForMissing, canonicalJson, elements, isObject, keyNode, member, plain, properties, propertyKey, stringValue } from '../../json';
import { DOCS } from '../../sources';
import { priorityPlan } from './priorities';
import { S3_TEXT } from './s3Text';
import { configRule, ConfigRule, configRules, eachRule, isV1, isV2, JsonPath, objectMember, propKey, propValue } from './shape';

const FILTER_KINDS = ['Prefix', 'Tag', 'And'] as const;

export const ruleNeedsPrefixOrFilter = configRule({
  id: 'rc-rule-needs-prefix-or-filter',
  severity: 'error',
  evidence: 'V',
  summary: 'Every rule needs a `Filter` (V2) or a rule-level `Prefix` (V1).',
  docUrl: DOCS.API_RULE,
  check(ctx) {
    const rules = configRules(ctx.doc);
    const v1Config = rules.some((r) => isV1(r)) && !rules.some((r) => isV2(r));
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i];
      if (rule.r.Filter !== undefined || rule.r.Prefix !== undefined) continue;
      const steps: { path: JsonPath; value: unknown }[] = [{ path: [...rule.path, 'Filter'], value: {} }];
      if (rule.r.Priority === undefined) steps.push({ path: [...rule.path, 'Priority'], value: priorityPlan(ctx.doc).fresh.get(rule.node) ?? 1 });
      if (rule.r.DeleteMarkerReplication === undefined) steps.push({ path: [...rule.path, 'DeleteMarkerReplication'], value: { Status: 'Disabled' } });
      // A rule without Priority or DeleteMarkerReplication in an all-V1 document is meant to be V1.
      const preferV1 = v1Config && steps.length === 3;
      ctx.report({
        ...anchorForMissing(rule.node),
        message:
          `This rule has neither \`Filter\` nor a rule-level \`Prefix\`, so it does not say which objects it replicates. S3 answers ${S3_TEXT.malformedXml}. ` +
          'Add `"Filter": {}` to replicate every object (V2 schema).',
        fixes: [
          multiFix(ctx.doc, steps, 'Add "Filter": {} (all objects, V2) with Priority and DeleteMarkerReplication Disabled', !preferV1),
          setValueFix(ctx.doc, [...rule.path, 'Prefix'], '', 'Add "Prefix": "" (all objects, V1 schema like the other rules)', preferV1),
        ],
      });
    }
  },
});

/** The fix that moves a rule-level prefix into the rule's Filter, when the move is unambiguous. */
function movePrefixFix(doc: JsonDocument, rule: ConfigRule, prefix: string): Fix | undefined {
  const { filter, and, path: rulePath } = rule;
  if (!filter) return undefined;
  const removePrefix = { path: [...rulePath, 'Prefix'], value: undefined };
  const existing = stringValue(member(filter, 'Prefix')) ?? stringValue(member(and, 'Prefix'));
  if (prefix === '' || existing === prefix) return multiFix(doc, [removePrefix], 'Remove the redundant rule-level "Prefix"', true);
  if (existing !== undefined) return undefined;
  const keys = properties(filter).map(propertyKey);
  const title = 'Move "Prefix" into "Filter"';
  if (keys.length === 0) return multiFix(doc, [removePrefix, { path: [...rulePath, 'Filter', 'Prefix'], value: prefix }], title, true);
  if (keys.length === 1 && keys[0] === 'And' && and) return multiFix(doc, [removePrefix, { path: [...rulePath, 'Filter', 'And', 'Prefix'], value: prefix }], title, true);
  if (keys.length === 1 && keys[0] === 'Tag') {
    const tag = member(filter, 'Tag');
    if (!tag) return undefined;
    return multiFix(doc, [removePrefix, { path: [...rulePath, 'Filter'], value: { And: { Prefix: prefix, Tags: [raw(doc.text, tag)] } } }], title, true);
  }
  return undefined;
}

export const rulePrefixAndFilter = configRule({
  id: 'rc-rule-prefix-and-filter',
  severity: 'warning',
  evidence: 'U',
  summary: 'A rule has either `Filter` or a rule-level `Prefix`, not both.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const prefixKey = propKey(rule.r.Prefix);
      if (!prefixKey || rule.r.Filter === undefined) return;
      const prefix = stringValue(propValue(rule.r.Prefix));
      const move = prefix !== undefined ? movePrefixFix(ctx.doc, rule, prefix) : undefined;
      ctx.report({
        node: prefixKey,
        message:
          'This rule has both a rule-level `Prefix` (V1 schema) and a `Filter` (V2). They belong to different schema versions and S3 is expected to refuse the pair ' +
          'as malformed. Keep only the `Filter`, with the prefix in `Filter.Prefix`.',
        fixes: [move ?? removeFix(ctx.doc, [...rule.path, 'Prefix'], 'Remove the rule-level "Prefix" (keep the Filter\'s)')],
      });
    }, 'RulePrefix');
  },
});

/** Filter rebuilt with Prefix and tags under `And`; undefined when prefixes conflict or unknown keys would be lost. */
function mergedFilter(text: string, filter: Node): unknown {
  if (properties(filter).some((p) => !(FILTER_KINDS as readonly (string | undefined)[]).includes(propertyKey(p)))) return undefined;
  const and = objectMember(filter, 'And');
  // Only Prefix and Tags are carried over: anything else in `And` (an exclusion `Not`) would be lost.
  if (properties(and).some((p) => propertyKey(p) !== 'Prefix' && propertyKey(p) !== 'Tags')) return undefined;
  const prefixes = new Set([stringValue(member(filter, 'Prefix')), stringValue(member(and, 'Prefix'))].filter((p): p is string => p !== undefined));
  if (prefixes.size > 1) return undefined;
  const tagNodes = [member(filter, 'Tag'), ...elements(member(and, 'Tags'))].filter(isObject);
  const seen = new Set<string>();
  const tags: unknown[] = [];
  for (const t of tagNodes) {
    // Tags are copied as written; two that mean the same are kept once.
    const key = canonicalJson(plain(t));
    if (!seen.has(key)) tags.push(raw(text, t));
    seen.add(key);
  }
  const [prefix] = [...prefixes];
  if (tags.length === 0) return { Prefix: prefix ?? '' };
  if (tags.length === 1 && prefix === undefined) return { Tag: tags[0] };
  return { And: prefix === undefined ? { Tags: tags } : { Prefix: prefix, Tags: tags } };
}

export const filterOneChild = configRule({
  id: 'rc-filter-one-child',
  severity: 'error',
  evidence: 'D',
  summary: '`Filter` holds exactly one of `Prefix`, `Tag`, `And`; combine them with `And`.',
  docUrl: DOCS.API_FILTER,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const filter = rule.filter;
      const { Prefix, Tag, And } = rule.f;
      // The newest S3 model adds `Not` (objects to exclude) as a fourth, equally exclusive child.
      const not = keyNode(filter, 'Not');
      if (!filter || (Prefix ? 1 : 0) + (Tag ? 1 : 0) + (And ? 1 : 0) + (not ? 1 : 0) < 2) return;
      const present = [...FILTER_KINDS.filter((k) => rule.f[k]), ...(not ? ['Not'] : [])];
      const title = 'Combine them under "And"';
      const merged = mergedFilter(ctx.doc.text, filter);
      ctx.report({
        node: propKey(rule.r.Filter),
        message: `\`Filter\` has ${present.join(' and ')} side by side; S3 accepts exactly one of \`Prefix\`, \`Tag\`, \`And\` or \`Not\`. Put them together under \`And: {"Prefix": ..., "Tags": [...], "Not": ...}\`.`,
        fixes: merged === undefined ? undefined : [setValueFix(ctx.doc, [...rule.path, 'Filter'], merged, title, true)],
      });
    });
  },
});

export const filterAndSingle = configRule({
  id: 'rc-filter-and-single',
  severity: 'info',
  evidence: 'U',
  summary: '`And` with a single predicate is unnecessary; use `Filter.Prefix` or `Filter.Tag`.',
  docUrl: DOCS.API_FILTER,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const filter = rule.filter;
      const and = objectMember(filter, 'And');
      if (!filter || !and) return;
      const prefix = member(and, 'Prefix');
      const tags = elements(member(and, 'Tags'));
      // An exclusion (`Not`) beside the one predicate is a second predicate: `And` is needed then.
      if (keyNode(and, 'Not')) return;
      const single = (prefix !== undefined && tags.length === 0) || (prefix === undefined && tags.length === 1);
      if (!single) return;
      const onlyAnd = properties(filter).length === 1;
      const title = prefix ? 'Use "Filter": {"Prefix": ...}' : 'Use "Filter": {"Tag": ...}';
      ctx.report({
        node: keyNode(filter, 'And'),
        message: '`And` is meant for combining several predicates; with one it only adds nesting. Use `Filter.Prefix` or `Filter.Tag` directly.',
        fixes: onlyAnd
          ? [setValueFix(ctx.doc, [...rule.path, 'Filter'], prefix ? { Prefix: raw(ctx.doc.text, prefix) } : { Tag: raw(ctx.doc.text, tags[0]) }, title)]
          : undefined,
      });
    }, 'And');
  },
});

export const filterEmptyAllObjects = configRule({
  id: 'rc-filter-empty-all-objects',
  severity: 'info',
  evidence: 'V',
  summary: 'An empty filter or empty prefix replicates every object in the bucket.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (rule.prefix !== '' || rule.tags.length > 0) return;
      const filter = propValue(rule.r.Filter);
      let node: Node | undefined;
      if (isObject(filter)) {
        const children = properties(filter);
        const prefix = member(filter, 'Prefix');
        if (children.length === 0) node = filter;
        else if (children.length === 1 && stringValue(prefix) === '') node = prefix;
      } else if (isV1(rule) && stringValue(propValue(rule.r.Prefix)) === '') {
        node = propValue(rule.r.Prefix);
      }
      if (node) ctx.report({ node, message: 'This rule replicates every object in the bucket.' });
    });
  },
});

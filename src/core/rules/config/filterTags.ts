/** Tag filters: well-formed tags, tag sets an object can actually carry, and what tag rules cannot do. */
import { Node } from 'jsonc-parser';
import { removeFix, setValueFix } from '../../fixes';
import { anchorForMissing, elements, keyNode, member, stringValue } from '../../json';
import { DOCS } from '../../sources';
import { S3_TEXT } from './s3Text';
import { relatedList } from '../../related';
import { configRule, duplicates, eachRule, pathIn, propKey, propValue, reportOnce, TagSite } from './shape';

const MAX_KEY = 128;
const MAX_VALUE = 256;
const MAX_TAGS = 10;

export const filterTagKeyValue = configRule({
  id: 'rc-filter-tag-key-value',
  severity: 'error',
  evidence: 'D',
  summary: 'Every filter tag has a non-empty `Key` and a `Value`.',
  docUrl: DOCS.API_FILTER,
  check(ctx) {
    eachRule(ctx, (rule) => {
      for (let i = 0; i < rule.tags.length; i++) {
        const site = rule.tags[i];
        if (site.value !== undefined && site.key) continue;
        const key = member(site.node, 'Key');
        const missing = ['Key', 'Value'].filter((k) => member(site.node, k) === undefined && keyNode(site.node, k) === undefined);
        if (missing.length > 0) {
          ctx.report({
            ...anchorForMissing(site.node),
            message: `This tag has no \`${missing.join('` or `')}\`; S3 requires both and rejects the configuration. Write \`{"Key": "...", "Value": "..."}\`.`,
          });
        } else if (stringValue(key) === '') {
          ctx.report({ node: key, message: 'The tag `Key` is empty; S3 requires at least one character and rejects the configuration.' });
        }
      }
    }, 'Tags');
  },
});

export const filterTagDupKeys = configRule({
  id: 'rc-filter-tag-dup-keys',
  severity: 'warning',
  evidence: 'U',
  summary: '`And.Tags` names each tag key once.',
  docUrl: DOCS.API_FILTER,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (rule.tags.length < 2) return;
      for (const sites of duplicates(rule.tags, (s) => s.key)) {
        const k = sites[0].key;
        const values = new Set(sites.map((s) => stringValue(member(s.node, 'Value'))));
        const keyNodes = sites.map((s) => member(s.node, 'Key') as Node);
        const firstValue = stringValue(member(sites[0].node, 'Value'));
        sites.forEach((site, i) => {
          const identical = i > 0 && stringValue(member(site.node, 'Value')) === firstValue;
          ctx.report({
            node: keyNodes[i],
            message:
              `The tag key "${k}" appears ${sites.length} times; S3-compatible services refuse duplicate tag keys.` +
              (values.size > 1 ? ' An object holds one value per key, so this rule can never match as written.' : ' Keep it once.'),
            related: relatedList(keyNodes, (n) => ({ uri: ctx.doc.uri, offset: n.offset, length: n.length, message: 'same tag key' }), { skip: i }),
            fixes: identical ? [removeFix(ctx.doc, pathIn(rule, ...site.rel), 'Remove the repeated tag', true)] : undefined,
          });
        });
      }
    }, 'Tags');
  },
});

export const filterTagUnmatchableLength = configRule({
  id: 'rc-filter-tag-unmatchable-length',
  severity: 'warning',
  evidence: 'D',
  summary: 'A tag key over 128 or value over 256 characters can never match an object.',
  docUrl: DOCS.UG_TAG,
  check(ctx) {
    const check = (site: TagSite, part: 'Key' | 'Value', max: number, value: string | undefined): void => {
      // Code points, as S3 counts them; the UTF-16 length is an upper bound that settles most cases.
      if (value === undefined || value.length <= max || [...value].length <= max) return;
      ctx.report({
        node: member(site.node, part),
        message: `This tag ${part.toLowerCase()} has ${[...value].length} characters; S3 object tags allow at most ${max}, so no object can carry it and the rule never matches.`,
      });
    };
    eachRule(ctx, (rule) => {
      for (let i = 0; i < rule.tags.length; i++) {
        const site = rule.tags[i];
        check(site, 'Key', MAX_KEY, site.key);
        check(site, 'Value', MAX_VALUE, site.value);
      }
    }, 'Tags');
  },
});

export const filterTooManyTags = configRule({
  id: 'rc-filter-too-many-tags',
  severity: 'warning',
  evidence: 'D',
  summary: 'More than 10 tags in `And.Tags` can never all be on one object.',
  docUrl: DOCS.UG_TAG,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const count = elements(member(rule.and, 'Tags')).length;
      if (count <= MAX_TAGS) return;
      ctx.report({
        node: keyNode(rule.and, 'Tags'),
        message: `This filter requires all ${count} tags, but an S3 object holds at most ${MAX_TAGS}: the rule can never match. Reduce the tag set.`,
      });
    }, 'And');
  },
});

export const tagFilterNoDeleteMarkers = configRule({
  id: 'rc-tag-filter-no-delete-markers',
  severity: 'error',
  evidence: 'D',
  summary: 'Delete-marker replication is not supported for rules with a tag filter.',
  docUrl: DOCS.UG_DM,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (rule.dmStatus !== 'Enabled') return;
      const status = propValue(rule.dm.Status);
      ctx.report({
        node: status,
        message:
          `This rule filters by tag and enables delete-marker replication, which S3 does not support: it rejects the configuration with ${S3_TEXT.tagNoDeleteMarkers} ` +
          '(wording as reported by emulators). Set it to "Disabled", or drop the tag filter.',
        fixes: [setValueFix(ctx.doc, [...rule.path, 'DeleteMarkerReplication', 'Status'], 'Disabled', 'Change to "Disabled"', true)],
      });
    }, 'Tags');
  },
});

export const tagFilterTagAtUpload = configRule({
  id: 'rc-tag-filter-tag-at-upload',
  severity: 'info',
  evidence: 'D',
  summary: 'Tag-filtered rules replicate objects tagged at upload; tagging later does not trigger replication.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    reportOnce(
      ctx,
      (rule) => (rule.tags.length > 0 ? (propKey(rule.f.Tag) ?? keyNode(rule.and, 'Tags')) : undefined),
      'Only objects that carry these tags when written replicate; tagging an object later does not (use Batch Replication for those).',
      undefined,
      'Tags',
    );
  },
});

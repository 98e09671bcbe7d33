/**
 * V1 rules (rule-level `Prefix`, no `Filter`): the elements S3 refuses in them, their single
 * destination, and the deprecation. Each offers the conversion to V2, which keeps V1's behaviour.
 */
import { Node } from 'jsonc-parser';
import { removeFix } from '../../fixes';
import { keyNode } from '../../json';
import { DOCS } from '../../sources';
import { convertToV2Fix } from './convert';
import { S3_TEXT } from './s3Text';
import { configRule, eachRule, isV1, objectAt, propKey, rulesWith } from './shape';

export const v1NoPriority = configRule({
  id: 'rc-v1-no-priority',
  severity: 'error',
  evidence: 'V',
  summary: 'A V1 rule (rule-level `Prefix`) cannot carry `Priority`.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (!isV1(rule) || !propKey(rule.r.Priority)) return;
      ctx.report({
        node: propKey(rule.r.Priority),
        message: `This rule has no \`Filter\`, so S3 reads it as the V1 schema, where \`Priority\` is not allowed: ${S3_TEXT.priorityForbidden}. Remove \`Priority\`, or convert the rule to V2.`,
        fixes: [removeFix(ctx.doc, [...rule.path, 'Priority'], 'Remove "Priority"', true), convertToV2Fix(ctx.doc, [rule], false)],
      });
    }, 'V1');
  },
});

export const v1NoDeleteMarker = configRule({
  id: 'rc-v1-no-delete-marker',
  severity: 'error',
  evidence: 'V',
  summary: 'A V1 rule cannot carry `DeleteMarkerReplication`.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (!isV1(rule) || !propKey(rule.r.DeleteMarkerReplication)) return;
      ctx.report({
        node: propKey(rule.r.DeleteMarkerReplication),
        message:
          `This V1 rule (rule-level \`Prefix\`, no \`Filter\`) carries \`DeleteMarkerReplication\`: ${S3_TEXT.deleteMarkerForbidden}. ` +
          'V1 replicates delete markers automatically; convert the rule to V2 to choose, or remove the element.',
        fixes: [removeFix(ctx.doc, [...rule.path, 'DeleteMarkerReplication'], 'Remove "DeleteMarkerReplication"', true), convertToV2Fix(ctx.doc, [rule], false)],
      });
    }, 'V1');
  },
});

export const v1NoReplicaModifications = configRule({
  id: 'rc-v1-no-replica-modifications',
  severity: 'error',
  evidence: 'D',
  summary: 'Replica modification sync needs a V2 rule (`Filter`).',
  docUrl: DOCS.UG_RMS,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const criteria = objectAt(rule.node, ['SourceSelectionCriteria']);
      if (!isV1(rule)) return;
      const key = keyNode(criteria, 'ReplicaModifications');
      if (!key) return;
      ctx.report({
        node: key,
        message: '`ReplicaModifications` is not allowed in a V1 rule (rule-level `Prefix`, no `Filter`); S3 rejects the configuration. Convert the rule to V2.',
        fixes: [convertToV2Fix(ctx.doc, [rule], true)],
      });
    }, 'V1');
  },
});

export const v1RtcNeedsV2 = configRule({
  id: 'rc-v1-rtc-needs-v2',
  severity: 'warning',
  evidence: 'U',
  summary: 'Replication Time Control and metrics belong to V2 rules (`Filter`).',
  docUrl: DOCS.UG_RTC,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const key = propKey(rule.d.ReplicationTime) ?? propKey(rule.d.Metrics);
      if (!isV1(rule) || !key) return;
      ctx.report({
        node: key,
        message: `AWS describes configurations using Replication Time Control or metrics as the V2 schema, but this rule is V1 (rule-level \`Prefix\`). Convert it to V2 so S3 does not refuse it.`,
        fixes: [convertToV2Fix(ctx.doc, [rule], true)],
      });
    }, 'V1');
  },
});

export const v1PrefixDeprecated = configRule({
  id: 'rc-v1-prefix-deprecated',
  severity: 'info',
  evidence: 'D',
  summary: 'Rule-level `Prefix` (V1 schema) is deprecated; prefer `Filter`.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (!isV1(rule)) return;
      ctx.report({
        node: propKey(rule.r.Prefix),
        message: 'Rule-level `Prefix` is the deprecated V1 schema: no tag filters, and delete markers replicate implicitly. Prefer `Filter.Prefix` (V2).',
        fixes: [convertToV2Fix(ctx.doc, [rule], false)],
      });
    }, 'V1');
  },
});

export const v1SingleDestination = configRule({
  id: 'rc-v1-single-destination',
  severity: 'error',
  evidence: 'V',
  summary: 'V1 rules can target only one destination bucket.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    const v1 = rulesWith(ctx.doc, 'V1');
    let first: { bucket: string; node: Node } | undefined;
    // One fix for every finding: it converts them all, whichever finding it is applied from.
    let convertAll: ReturnType<typeof convertToV2Fix> | undefined;
    for (const rule of v1) {
      const node = rule.bucketNode;
      if (!node || node.type !== 'string') continue;
      const bucket = node.value as string;
      if (!first) {
        first = { bucket, node };
        continue;
      }
      if (bucket === first.bucket) continue;
      ctx.report({
        node,
        message: `V1 rules (rule-level \`Prefix\`) can replicate to one bucket only, and this one differs from the first rule's: S3 answers ${S3_TEXT.singleDestination}. Convert the rules to V2.`,
        related: [{ uri: ctx.doc.uri, offset: first.node.offset, length: first.node.length, message: 'first V1 destination' }],
        fixes: [(convertAll ??= convertToV2Fix(ctx.doc, v1, true))],
      });
    }
  },
});

/** `Status` members: required on every rule, and exactly `Enabled` or `Disabled` wherever they occur. */
import { Node } from 'jsonc-parser';
import { Fix } from '../../findings';
import { setValueFix } from '../../fixes';
import { anchorForMissing, member } from '../../json';
import { DOCS } from '../../sources';
import { misspelledAs } from './members';
import { configRule, ConfigRule, eachRule, objectMember, propObject, propValue } from './shape';

type StatusValue = 'Enabled' | 'Disabled';

export const ruleStatusRequired = configRule({
  id: 'rc-rule-status-required',
  severity: 'error',
  evidence: 'D',
  summary: 'Every rule needs `Status` (`Enabled` or `Disabled`).',
  docUrl: DOCS.API_RULE,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (rule.status !== undefined || propValue(rule.r.Status) !== undefined) return;
      if (misspelledAs(ctx.doc, rule.node, 'ReplicationRule', 'Status')) return;
      const path = [...rule.path, 'Status'];
      ctx.report({
        ...anchorForMissing(rule.node),
        message: 'This rule has no `Status`: S3 rejects the configuration. Add `"Status": "Enabled"` (or `"Disabled"` to stage the rule).',
        fixes: [setValueFix(ctx.doc, path, 'Enabled', 'Add "Status": "Enabled"', true), setValueFix(ctx.doc, path, 'Disabled', 'Add "Status": "Disabled"')],
      });
    });
  },
});


/** The enum value a user evidently meant: a case or whitespace slip, or a boolean. */
export function intendedStatus(node: Node): StatusValue | undefined {
  if (node.type === 'boolean') return node.value ? 'Enabled' : 'Disabled';
  if (node.type !== 'string') return undefined;
  const v = (node.value as string).trim().toLowerCase();
  if (v === 'enabled' || v === 'true') return 'Enabled';
  if (v === 'disabled' || v === 'false') return 'Disabled';
  return undefined;
}

export const ruleStatusEnum = configRule({
  id: 'rc-rule-status-enum',
  severity: 'error',
  evidence: 'D',
  summary: 'Every `Status` is exactly `Enabled` or `Disabled` (case-sensitive).',
  docUrl: DOCS.API_RULE,
  check(ctx) {
    const check = (rule: ConfigRule, status: Node | undefined, label: string, rel: string[]): void => {
      if (!status || (status.type === 'string' && (status.value === 'Enabled' || status.value === 'Disabled'))) return;
      const intended = intendedStatus(status);
      const fixes: (Fix | undefined)[] | undefined = intended ? [setValueFix(ctx.doc, [...rule.path, ...rel, 'Status'], intended, `Change to "${intended}"`, true)] : undefined;
      ctx.report({
        node: status,
        message:
          `The ${label} \`Status\` must be exactly "Enabled" or "Disabled" (case-sensitive); S3 rejects any other value.` +
          (intended ? ` Did you mean "${intended}"?` : ''),
        fixes,
      });
    };
    const valid = (s: string | undefined) => s === 'Enabled' || s === 'Disabled';
    const statusIn = (obj: Node | undefined) => (obj ? member(obj, 'Status') : undefined);
    eachRule(ctx, (rule) => {
      if (!valid(rule.status)) check(rule, propValue(rule.r.Status), 'rule', []);
      if (!valid(rule.dmStatus)) check(rule, propValue(rule.dm.Status), 'DeleteMarkerReplication', ['DeleteMarkerReplication']);
      if (rule.r.ExistingObjectReplication) check(rule, statusIn(propObject(rule.r.ExistingObjectReplication)), 'ExistingObjectReplication', ['ExistingObjectReplication']);
      if (rule.criteria) {
        check(rule, statusIn(objectMember(rule.criteria, 'SseKmsEncryptedObjects')), 'SseKmsEncryptedObjects', ['SourceSelectionCriteria', 'SseKmsEncryptedObjects']);
        check(rule, statusIn(objectMember(rule.criteria, 'ReplicaModifications')), 'ReplicaModifications', ['SourceSelectionCriteria', 'ReplicaModifications']);
      }
      if (!valid(rule.rtcStatus)) check(rule, propValue(rule.rt.Status), 'ReplicationTime', ['Destination', 'ReplicationTime']);
      if (!valid(rule.metricsStatus)) check(rule, propValue(rule.m.Status), 'Metrics', ['Destination', 'Metrics']);
    });
  },
});


import { setValueFix } from '../../fixes';
import { Rule } from '../../rule';
import { DOCS, S3_DEV_GUIDE_SENTENCE } from '../../sources';
import { eachRule, isV2, propKey } from './shape';

// One string for every rule's finding (a configuration of a thousand rules may lack it on each).
const MESSAGE =
  'This rule uses `Filter` (the V2 schema) but has no `DeleteMarkerReplication`. put-bucket-replication fails with ' +
  `InvalidRequest: "DeleteMarkerReplication must be specified for this version of Cross Region Replication configuration schema. ${S3_DEV_GUIDE_SENTENCE}" ` +
  'Add `"DeleteMarkerReplication": {"Status": "Disabled"}` (or `Enabled` to mirror deletes, not allowed with tag filters).';

export const v2DeleteMarkerRequired: Rule = {
  id: 'rc-v2-delete-marker-required',
  severity: 'error',
  evidence: 'V',
  kinds: ['replication-config'],
  summary: 'A rule with `Filter` (V2 schema) must say `DeleteMarkerReplication`; S3 rejects it otherwise.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (!isV2(rule) || rule.r.DeleteMarkerReplication !== undefined) return;
      ctx.report({
        // On the rule's `Filter` key: that is what makes the rule V2 and so what demands the member.
        node: propKey(rule.r.Filter),
        message: MESSAGE,
        fixes: () => [
          setValueFix(ctx.doc, [...rule.path, 'DeleteMarkerReplication'], { Status: 'Disabled' }, 'Add "DeleteMarkerReplication": {"Status": "Disabled"}', true),
          // Tag-filtered rules cannot replicate delete markers: S3 refuses Enabled there.
          ...(rule.tags.length > 0
            ? []
            : [setValueFix(ctx.doc, [...rule.path, 'DeleteMarkerReplication'], { Status: 'Enabled' }, 'Add "DeleteMarkerReplication": {"Status": "Enabled"} (replicate delete markers)')]),
        ],
      });
    });
  },
};

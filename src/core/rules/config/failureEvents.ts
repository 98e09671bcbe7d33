/**
 * Replication failure events are sent only for rules with replication metrics: a bucket whose
 * notification configuration subscribes to `s3:Replication:OperationFailedReplication` gets nothing
 * for a rule without `Metrics`, and RTC threshold events need RTC. The subscription comes from a
 * notification configuration file beside the configuration, or from the live bucket's.
 */
import { getNodeValue } from 'jsonc-parser';
import type { ReplicationEventTargets } from '../../facts';
import { setValueFix } from '../../fixes';
import { member, stringValue } from '../../json';
import { FAILED_EVENT, replicationEventTargets } from '../../live/notifications';
import type { RuleContext } from '../../rule';
import { DOCS } from '../../sources';
import { configRule, configRules, pathIn, propKey } from './shape';

/** The bucket a `--cli-input-json`-style file names (`{"Bucket": …, "ReplicationConfiguration": …}`). */
function bucketOf(root: unknown): string | undefined {
  return root && typeof root === 'object' && typeof (root as { Bucket?: unknown }).Bucket === 'string' ? (root as { Bucket: string }).Bucket : undefined;
}

/** Event destinations of the source bucket: live facts when the configuration came from AWS, else the notification files beside it. */
function subscriptions(ctx: RuleContext): ReplicationEventTargets | undefined {
  const source = ctx.doc.live?.sourceBucket;
  if (source) return ctx.workspace.facts?.buckets[source]?.replicationEvents;
  const bucket = stringValue(member(ctx.doc.root, 'Bucket'));
  const out: ReplicationEventTargets = { failed: [], threshold: [] };
  for (const doc of ctx.workspace.documents) {
    if (doc.kind !== 'notification-config' || !doc.root) continue;
    const value: unknown = getNodeValue(doc.root);
    const other = bucketOf(value);
    // Both name their bucket and the names differ: that file is about another bucket.
    if (bucket && other && bucket !== other) continue;
    const t = replicationEventTargets(value);
    out.failed.push(...t.failed);
    out.threshold.push(...t.threshold);
  }
  return out;
}

const named = (targets: string[]) => targets.slice(0, 2).map((t) => `\`${t}\``).join(', ') + (targets.length > 2 ? ` and ${targets.length - 2} more` : '');

export const failureEventsNeedMetrics = configRule({
  id: 'rc-failure-events-need-metrics',
  severity: 'warning',
  evidence: 'D',
  summary: 'Replication failure events (`s3:Replication:OperationFailedReplication`) are sent only for rules with `Metrics` enabled; threshold events also need RTC.',
  docUrl: DOCS.UG_MET_EVENTS,
  check(ctx) {
    const subs = subscriptions(ctx);
    if (!subs || (subs.failed.length === 0 && subs.threshold.length === 0)) return;
    for (const rule of configRules(ctx.doc)) {
      if (rule.status !== 'Enabled') continue;
      const name = rule.id ? `Rule "${rule.id}"` : `Rule ${rule.index + 1}`;
      const anchor = propKey(rule.d.Metrics) ?? propKey(rule.r.Destination) ?? rule.node;
      if (subs.failed.length > 0 && rule.metricsStatus !== 'Enabled') {
        const v1 = rule.r.Prefix !== undefined && rule.r.Filter === undefined;
        // With RTC present the RTC rules' own fixes keep metrics and RTC in step.
        const fixable = !v1 && rule.rtc === undefined;
        ctx.report({
          node: anchor,
          message:
            `The bucket sends \`${FAILED_EVENT}\` events to ${named(subs.failed)}, but ${name} has no replication metrics enabled: S3 sends no failure events for it, so its FAILED objects go unreported. ` +
            (v1 ? 'Metrics need a V2 rule (with `Filter`).' : 'Enable `"Metrics": {"Status": "Enabled"}` on its destination (CloudWatch bills replication metrics as custom metrics).'),
          fixes: fixable ? [setValueFix(ctx.doc, pathIn(rule, 'Destination', 'Metrics'), { Status: 'Enabled' }, 'Enable replication metrics ("Metrics": {"Status": "Enabled"})', true)] : undefined,
        });
        continue;
      }
      if (subs.threshold.length > 0 && rule.rtcStatus !== 'Enabled') {
        ctx.report({
          node: anchor,
          message: `The bucket subscribes ${named(subs.threshold)} to Replication Time Control threshold events, but ${name} has no RTC enabled: S3 sends no threshold events for it (failure events need only metrics).`,
        });
      }
    }
  },
});

/** Delete markers and existing objects: what V2 rules replicate of deletes, and the element S3 no longer takes. */
import { removeFix } from '../../fixes';
import { DOCS } from '../../sources';
import { S3_TEXT } from './s3Text';
import { configRule, ConfigRule, eachRule, isV2, propKey, propValue, reportOnce } from './shape';

export const deleteMarkerDefaultOff = configRule({
  id: 'rc-delete-marker-default-off',
  severity: 'info',
  evidence: 'D',
  summary: 'With `DeleteMarkerReplication` Disabled, deletes are not mirrored to the destination.',
  docUrl: DOCS.UG_DM,
  check(ctx) {
    const disabled = (rule: ConfigRule) => {
      return isV2(rule) && rule.dmStatus === 'Disabled' ? propValue(rule.dm.Status) : undefined;
    };
    reportOnce(
      ctx,
      disabled,
      'Deletes in the source do not reach the destination: the delete marker stays in the source. Deletes of a specific version and lifecycle deletes never replicate.',
      undefined,
      'DeleteMarkerReplication',
    );
  },
});

export const deleteMarkerRtcSla = configRule({
  id: 'rc-delete-marker-rtc-sla',
  severity: 'info',
  evidence: 'D',
  summary: 'Delete-marker replication is outside the 15-minute RTC guarantee.',
  docUrl: DOCS.UG_DM,
  check(ctx) {
    const withRtc = (rule: ConfigRule) => {
      return rule.dmStatus === 'Enabled' && rule.rtcStatus === 'Enabled' ? propValue(rule.dm.Status) : undefined;
    };
    reportOnce(ctx, withRtc, 'Replication Time Control\'s 15-minute guarantee does not cover delete markers.', undefined, 'DeleteMarkerReplication');
  },
});

export const existingObjectReplication = configRule({
  id: 'rc-existing-object-replication',
  severity: 'error',
  evidence: 'V',
  summary: '`ExistingObjectReplication` is no longer accepted; use S3 Batch Replication for existing objects.',
  docUrl: DOCS.UG_BATCH,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const key = propKey(rule.r.ExistingObjectReplication);
      if (!key) return;
      ctx.report({
        node: key,
        message:
          `S3 no longer supports \`ExistingObjectReplication\` in the configuration and answers ${S3_TEXT.malformedXml}. ` +
          'Remove it; objects that already exist are replicated with S3 Batch Replication (a one-time Batch Operations job).',
        fixes: [removeFix(ctx.doc, [...rule.path, 'ExistingObjectReplication'], 'Remove "ExistingObjectReplication" (use Batch Replication for existing objects)', true)],
      });
    }, 'ExistingObjectReplication');
  },
});

/**
 * Replication Time Control (`Destination.ReplicationTime`) and replication metrics
 * (`Destination.Metrics`): which members S3 requires, the only value it accepts (15 minutes), and
 * how the two must agree.
 */
import { Node } from 'jsonc-parser';
import { multiFix, removeFix, setValueFix } from '../../fixes';
import { keyNode, member, stringValue } from '../../json';
import { DOCS } from '../../sources';
import { configRule, ConfigRule, eachRule, JsonPath, pathIn, propKey, propObject, Props, propValue, reportOnce } from './shape';

const MINUTES = 15;

function rtcPath(rule: ConfigRule): JsonPath {
  return pathIn(rule, 'Destination', 'ReplicationTime');
}

function metricsPath(rule: ConfigRule): JsonPath {
  return pathIn(rule, 'Destination', 'Metrics');
}

function validStatus(props: Props<'Status'>): 'Enabled' | 'Disabled' | undefined {
  const s = stringValue(propValue(props.Status));
  return s === 'Enabled' || s === 'Disabled' ? s : undefined;
}

export const rtcRequiresMetrics = configRule({
  id: 'rc-rtc-requires-metrics',
  severity: 'error',
  evidence: 'D',
  summary: 'Replication Time Control (`ReplicationTime`) needs `Metrics` on the same destination.',
  docUrl: DOCS.UG_RTC,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const key = propKey(rule.d.ReplicationTime);
      if (!key || propKey(rule.d.Metrics)) return;
      const disabled = validStatus(rule.rt) === 'Disabled';
      const metrics = disabled ? { Status: 'Disabled' } : { Status: 'Enabled', EventThreshold: { Minutes: MINUTES } };
      const shown = disabled ? '{"Status": "Disabled"}' : `{"Status": "Enabled", "EventThreshold": {"Minutes": ${MINUTES}}}`;
      ctx.report({
        node: key,
        message:
          'Replication Time Control (`ReplicationTime`) is set without replication `Metrics`: S3 rejects the configuration with `InvalidRequest` ' +
          `(RTC needs metrics with the same status). Add \`"Metrics": ${shown}\` to the destination.`,
        fixes: [
          setValueFix(ctx.doc, metricsPath(rule), metrics, `Add "Metrics": ${shown}`, true),
          removeFix(ctx.doc, rtcPath(rule), 'Remove "ReplicationTime" (no Replication Time Control)'),
        ],
      });
    }, 'ReplicationTime');
  },
});

export const rtcMetricsSameStatus = configRule({
  id: 'rc-rtc-metrics-same-status',
  severity: 'error',
  evidence: 'D',
  summary: '`ReplicationTime.Status` and `Metrics.Status` must be equal.',
  docUrl: DOCS.UG_RTC,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const rtcStatus = validStatus(rule.rt);
      const metricsStatus = validStatus(rule.m);
      if (!rtcStatus || !metricsStatus || rtcStatus === metricsStatus) return;
      const rtcNode = propValue(rule.rt.Status) as Node;
      // RTC on and metrics off: turn metrics on (RTC needs them). RTC off and metrics on: a metrics-only
      // destination is a documented setup, so drop the disabled RTC rather than start paying for it.
      const fixes = rtcStatus === 'Enabled'
        ? [setValueFix(ctx.doc, [...metricsPath(rule), 'Status'], 'Enabled', 'Enable metrics', true), setValueFix(ctx.doc, [...rtcPath(rule), 'Status'], 'Disabled', 'Disable Replication Time Control')]
        : [removeFix(ctx.doc, rtcPath(rule), 'Remove the disabled "ReplicationTime" (keep metrics only)', true), setValueFix(ctx.doc, [...rtcPath(rule), 'Status'], 'Enabled', 'Enable Replication Time Control')];
      ctx.report({
        node: propValue(rule.m.Status),
        message: `\`Metrics\` is ${metricsStatus} but \`ReplicationTime\` is ${rtcStatus}: S3 rejects the configuration with \`InvalidRequest\` (both must have the same status).`,
        related: [{ uri: ctx.doc.uri, offset: rtcNode.offset, length: rtcNode.length, message: `ReplicationTime is ${rtcStatus}` }],
        fixes,
      });
    }, 'ReplicationTime');
  },
});

export const rtcFieldsRequired = configRule({
  id: 'rc-rtc-fields-required',
  severity: 'error',
  evidence: 'D',
  summary: '`ReplicationTime` needs `Status` and `Time.Minutes`.',
  docUrl: DOCS.UG_RTC,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const time = propObject(rule.rt.Time);
      if (!rule.rtc || (rule.rt.Status && rule.rt.Time && (!time || keyNode(time, 'Minutes')))) return;
      const steps: { path: JsonPath; value: unknown }[] = [];
      const missing: string[] = [];
      if (!propKey(rule.rt.Status)) {
        missing.push('`Status`');
        steps.push({ path: [...rtcPath(rule), 'Status'], value: validStatus(rule.m) ?? 'Enabled' });
      }
      let anchor = propKey(rule.d.ReplicationTime);
      if (!propKey(rule.rt.Time)) {
        missing.push('`Time`');
        steps.push({ path: [...rtcPath(rule), 'Time'], value: { Minutes: MINUTES } });
      } else if (time?.type === 'object' && !keyNode(time, 'Minutes')) {
        missing.push('`Time.Minutes`');
        steps.push({ path: [...rtcPath(rule), 'Time', 'Minutes'], value: MINUTES });
        if (missing.length === 1) anchor = propKey(rule.rt.Time);
      }
      if (missing.length === 0) return;
      ctx.report({
        node: anchor,
        message: `\`ReplicationTime\` lacks ${missing.join(' and ')}: S3 rejects it with \`InvalidArgument\`. Write \`"ReplicationTime": {"Status": "Enabled", "Time": {"Minutes": ${MINUTES}}}\`.`,
        fixes: [multiFix(ctx.doc, steps, `Add ${missing.join(' and ').replace(/`/g, '"')}`, true)],
      });
    }, 'ReplicationTime');
  },
});

/** A Minutes member that must be exactly 15. */
function checkMinutes(node: Node | undefined): boolean {
  return node === undefined || (node.type === 'number' && node.value === MINUTES);
}

export const rtcMinutes15 = configRule({
  id: 'rc-rtc-minutes-15',
  severity: 'error',
  evidence: 'D',
  summary: '`ReplicationTime.Time.Minutes` must be 15.',
  docUrl: DOCS.UG_RTC,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const node = member(propObject(rule.rt.Time), 'Minutes');
      if (checkMinutes(node)) return;
      ctx.report({
        node,
        message: `Replication Time Control has a fixed 15-minute target: S3 rejects any other \`Minutes\` with \`InvalidArgument\`. Use ${MINUTES}.`,
        fixes: [setValueFix(ctx.doc, [...rtcPath(rule), 'Time', 'Minutes'], MINUTES, `Change to ${MINUTES}`, true)],
      });
    }, 'ReplicationTime');
  },
});

export const metricsStatusRequired = configRule({
  id: 'rc-metrics-status-required',
  severity: 'error',
  evidence: 'D',
  summary: '`Metrics` needs `Status`.',
  docUrl: DOCS.UG_MET,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (!rule.metrics || propKey(rule.m.Status)) return;
      const status = validStatus(rule.rt) ?? 'Enabled';
      ctx.report({
        node: propKey(rule.d.Metrics),
        message: '`Metrics` has no `Status`: S3 rejects it with `InvalidArgument`. Add `"Status": "Enabled"`.',
        fixes: [setValueFix(ctx.doc, [...metricsPath(rule), 'Status'], status, `Add "Status": "${status}"`, true)],
      });
    }, 'Metrics');
  },
});

export const metricsThreshold15 = configRule({
  id: 'rc-metrics-threshold-15',
  severity: 'error',
  evidence: 'D',
  summary: '`Metrics.EventThreshold.Minutes` must be 15.',
  docUrl: DOCS.UG_MET,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const threshold = propObject(rule.m.EventThreshold);
      if (!threshold) return;
      const node = member(threshold, 'Minutes');
      if (node !== undefined && checkMinutes(node)) return;
      ctx.report({
        node: node ?? propKey(rule.m.EventThreshold),
        message: `The metrics event threshold must be exactly ${MINUTES} minutes: S3 rejects ${node ? 'any other value' : 'a threshold without `Minutes`'} with \`InvalidArgument\`.`,
        fixes: [setValueFix(ctx.doc, [...metricsPath(rule), 'EventThreshold', 'Minutes'], MINUTES, node ? `Change to ${MINUTES}` : `Add "Minutes": ${MINUTES}`, true)],
      });
    }, 'Metrics');
  },
});

export const metricsThresholdWithRtc = configRule({
  id: 'rc-metrics-threshold-with-rtc',
  severity: 'error',
  evidence: 'D',
  summary: 'With RTC enabled, `Metrics` needs `EventThreshold` (15 minutes).',
  docUrl: DOCS.UG_RTC,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (!rule.metrics || validStatus(rule.rt) !== 'Enabled' || propKey(rule.m.EventThreshold)) return;
      ctx.report({
        node: propKey(rule.d.Metrics),
        message: `Replication Time Control is enabled but \`Metrics\` has no \`EventThreshold\`: S3 rejects it with \`InvalidArgument\`. Add \`"EventThreshold": {"Minutes": ${MINUTES}}\`.`,
        fixes: [setValueFix(ctx.doc, [...metricsPath(rule), 'EventThreshold'], { Minutes: MINUTES }, `Add "EventThreshold": {"Minutes": ${MINUTES}}`, true)],
      });
    }, 'Metrics');
  },
});

export const metricsThresholdWithoutRtc = configRule({
  id: 'rc-metrics-threshold-without-rtc',
  severity: 'info',
  evidence: 'U',
  summary: '`EventThreshold` only matters with RTC enabled.',
  docUrl: DOCS.UG_MET,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const key = propKey(rule.m.EventThreshold);
      if (!key || validStatus(rule.rt) === 'Enabled') return;
      ctx.report({
        node: key,
        message: 'The event threshold only applies with Replication Time Control enabled; S3-compatible services refuse it otherwise. Drop it on metrics-only rules.',
        fixes: [removeFix(ctx.doc, [...metricsPath(rule), 'EventThreshold'], 'Remove "EventThreshold"')],
      });
    }, 'Metrics');
  },
});

export const rtcScope = configRule({
  id: 'rc-rtc-scope',
  severity: 'info',
  evidence: 'D',
  summary: 'What the RTC 15-minute guarantee covers and excludes.',
  docUrl: DOCS.UG_RTC,
  check(ctx) {
    reportOnce(
      ctx,
      (rule) => (validStatus(rule.rt) === 'Enabled' ? propKey(rule.d.ReplicationTime) : undefined),
      'RTC\'s 15-minute guarantee covers live replication only, and not traffic above the 1 Gbps default quota or S3 request-rate guidance.',
      undefined,
      'ReplicationTime',
    );
  },
});


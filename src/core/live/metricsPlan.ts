/**
 * Turning on replication metrics for one rule of a live configuration: the document as read with
 * `Destination.Metrics` enabled, written through the put-configuration plan (its preview, its
 * checks, its keeping of every other rule). Metrics are what make S3 publish per-rule telemetry and
 * send failure events; CloudWatch bills them.
 */
import { parseDocument } from '../document';
import { Step, applySteps } from '../edit/steps';
import { member, stringValue } from '../json';
import { configRules } from '../rules/config/shape';

export const METRICS_COST =
  'Replication metrics are CloudWatch custom metrics, billed as such (four per rule: failed and pending operations, pending bytes, latency); failure events need them too.';

export interface MetricsEdit {
  /** The configuration with metrics enabled on the rule; absent when refused. */
  text?: string;
  refused?: string;
  /** What else changes, for the confirmation. */
  notes: string[];
  ruleId?: string;
}

/** The live configuration text (as the CLI prints it) with metrics enabled on the rule at `index`. */
export function withMetricsEnabled(text: string, index: number): MetricsEdit {
  const doc = parseDocument({ uri: 'replication.json', text, kind: 'replication-config' });
  const rule = configRules(doc).find((r) => r.index === index);
  if (!rule) return { refused: `The configuration has no rule #${index + 1} any more; refresh the bucket.`, notes: [] };
  const name = rule.id ? `rule "${rule.id}"` : `rule #${index + 1}`;
  if (rule.metricsStatus === 'Enabled') return { text, notes: [], ruleId: rule.id };
  if (rule.r.Prefix !== undefined && rule.r.Filter === undefined) return { refused: `Replication metrics need a V2 rule (with "Filter"); ${name} is a V1 rule (rule-level "Prefix").`, notes: [], ruleId: rule.id };
  const path = [...rule.path, 'Destination'];
  const notes: string[] = [];
  const steps: Step[] = [];
  if (rule.rtc) {
    if (rule.rtcStatus === 'Enabled') return { refused: `${name} has Replication Time Control enabled but metrics off, which S3 refuses; fix the configuration first.`, notes: [], ruleId: rule.id };
    // A disabled RTC next to enabled metrics is refused by S3 (both must have the same status): a metrics-only destination is the documented setup.
    steps.push({ path: [...path, 'ReplicationTime'], value: undefined });
    notes.push(`The disabled "ReplicationTime" of ${name} is removed: S3 requires metrics and Replication Time Control to have the same status.`);
  }
  steps.push({ path: [...path, 'Metrics'], value: { Status: 'Enabled' } });
  // Edited in place, in the text's own layout; every other member stays as it was.
  const out = applySteps(doc, steps)?.text;
  if (out === undefined) return { refused: `The configuration of ${name} could not be edited in place; refresh the bucket.`, notes: [], ruleId: rule.id };
  return { text: out, notes, ruleId: rule.id ?? stringValue(member(rule.node, 'ID')) };
}

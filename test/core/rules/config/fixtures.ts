/** Configuration builders and assertions shared by the config and live rule tests. */
import { strict as assert } from 'node:assert';
import { AnalyzeOptions } from '../../../../src/core/analyze';
import { Finding, Severity } from '../../../../src/core/findings';
import { applyNonOverlapping } from '../../../../src/core/fixes';
import { findings, json, spanText } from '../../../helpers';

export const ROLE = 'arn:aws:iam::123456789012:role/replication';

/** A valid V2 rule; `extra` overrides or adds members (`undefined` removes one). */
export function v2Rule(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return strip({
    ID: 'rule-1',
    Status: 'Enabled',
    Priority: 1,
    Filter: { Prefix: 'logs/' },
    DeleteMarkerReplication: { Status: 'Disabled' },
    Destination: { Bucket: 'arn:aws:s3:::dest' },
    ...extra,
  });
}

/** A valid V1 rule (rule-level Prefix). */
export function v1Rule(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return strip({ ID: 'v1', Status: 'Enabled', Prefix: 'logs/', Destination: { Bucket: 'arn:aws:s3:::dest' }, ...extra });
}

function strip(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export function config(rules: unknown[], top: Record<string, unknown> = {}): string {
  return json(strip({ Role: ROLE, Rules: rules, ...top }));
}

/** The one finding of `ruleId`, checked for the text it points at and its severity. */
export function expectOne(text: string, ruleId: string, span: string, severity?: Severity, options: AnalyzeOptions = {}): Finding {
  const fs = findings(text, ruleId, options);
  assert.equal(fs.length, 1, `expected one ${ruleId}, got ${fs.length}: ${fs.map((f) => spanText(text, f)).join(', ')}`);
  assert.equal(spanText(text, fs[0]), span);
  if (severity) assert.equal(fs[0].severity, severity);
  return fs[0];
}

export function expectNone(text: string, ruleId: string, options: AnalyzeOptions = {}): void {
  const fs = findings(text, ruleId, options);
  assert.deepEqual(fs.map((f) => `${spanText(text, f)}: ${f.message}`), []);
}

/** Offset of the `nth` occurrence of `needle`, for asserting which of several equal spans a finding is on. */
export function offsetOf(text: string, needle: string, nth = 0): number {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" #${nth} not in text`);
  }
  return at;
}

/** Errors and warnings only: what a clean configuration must not have. */
export function problems(text: string, options: AnalyzeOptions = {}): string[] {
  return findings(text, undefined, options)
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.ruleId} at ${JSON.stringify(spanText(text, f))}`);
}

/** Applies preferred fixes (of `ruleId`, or of all rules) repeatedly, as `--fix` does, until nothing changes. */
export function fixAll(text: string, ruleId?: string, options: AnalyzeOptions = {}): string {
  for (let round = 0; round < 10; round++) {
    const fixes = findings(text, ruleId, options).flatMap((f) => f.fixes?.filter((x) => x.preferred) ?? []);
    const next = applyNonOverlapping(text, fixes).text;
    if (next === text) return text;
    text = next;
  }
  assert.fail('fixes did not converge in 10 rounds');
}

/** Helpers for the IAM rule tests: policies as JSON, findings of one rule in a set of documents, fixes applied string to string. */
import { strict as assert } from 'node:assert';
import { analyze, AnalyzeOptions } from '../../../../src/core/analyze';
import { DocumentInput } from '../../../../src/core/document';
import { Finding } from '../../../../src/core/findings';
import { applyTextEdits } from '../../../../src/core/fixes';
import { json } from '../../../helpers';

export const ROLE_ARN = 'arn:aws:iam::111122223333:role/replication';

export function policyText(statements: unknown[], extra: object = {}): string {
  return json({ Version: '2012-10-17', ...extra, Statement: statements });
}

export function configText(rules: unknown[], role = ROLE_ARN): string {
  return json({ Role: role, Rules: rules });
}

/** A complete V2 rule to `dest`, with overrides. */
export function rule(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { ID: 'r', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dest' }, ...over };
}

/** The role policy AWS documents for live replication (source `src`, destination `dest`). */
export function fullRolePolicy(dest = ['dest']): unknown[] {
  return [
    { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: 'arn:aws:s3:::src' },
    { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'], Resource: 'arn:aws:s3:::src/*' },
    { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'], Resource: dest.map((d) => `arn:aws:s3:::${d}/*`) },
  ];
}

export function findingsOf(inputs: DocumentInput[], uri: string, ruleId?: string, options: AnalyzeOptions = {}): Finding[] {
  return analyze(inputs, options).findings.filter((f) => f.uri === uri && (!ruleId || f.ruleId === ruleId));
}

/** Applies fix `fixIndex` of the only `ruleId` finding on `uri`; the finding must be gone afterwards. Returns the new text. */
export function applyFixIn(inputs: DocumentInput[], uri: string, ruleId: string, fixIndex = 0, options: AnalyzeOptions = {}): string {
  const found = findingsOf(inputs, uri, ruleId, options);
  assert.equal(found.length, 1, `expected one ${ruleId} on ${uri}, got ${found.length}: ${found.map((f) => f.message).join(' | ')}`);
  const fix = found[0].fixes?.[fixIndex];
  assert.ok(fix, `${ruleId} has no fix #${fixIndex}`);
  const doc = inputs.find((i) => i.uri === uri);
  assert.ok(doc);
  const text = applyTextEdits(doc.text, fix.edits());
  const again = inputs.map((i) => (i.uri === uri ? { ...i, text } : i));
  assert.deepEqual(findingsOf(again, uri, ruleId, options).map((f) => f.message), [], `${ruleId} still reported after "${fix.title}"`);
  return text;
}

/** Errors and warnings only, as `ruleId` strings: what must stay clean after a fix. */
export function problems(inputs: DocumentInput[], uri: string): string[] {
  return findingsOf(inputs, uri)
    .filter((f) => f.severity !== 'info')
    .map((f) => f.ruleId)
    .sort();
}

export function span(text: string, f: { offset: number; length: number }): string {
  return text.slice(f.offset, f.offset + f.length);
}

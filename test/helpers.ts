/** Test helpers over the engine: findings of one rule, and a fix applied string-to-string. */
import { strict as assert } from 'node:assert';
import { analyze, AnalyzeOptions } from '../src/core/analyze';
import { DocumentInput } from '../src/core/document';
import { Finding } from '../src/core/findings';
import { applyTextEdits } from '../src/core/fixes';

export function findings(text: string, ruleId?: string, options: AnalyzeOptions = {}): Finding[] {
  const all = analyze([{ uri: 'test.json', text }], options).findings;
  return ruleId ? all.filter((f) => f.ruleId === ruleId) : all;
}

export function findingsIn(inputs: DocumentInput[], ruleId?: string, options: AnalyzeOptions = {}): Finding[] {
  const all = analyze(inputs, options).findings;
  return ruleId ? all.filter((f) => f.ruleId === ruleId) : all;
}

/** The text the finding points at. */
export function spanText(text: string, f: { offset: number; length: number }): string {
  return text.slice(f.offset, f.offset + f.length);
}

/** Applies fix `fixIndex` of the only finding of `ruleId` and checks the result no longer has it. */
export function applyFix(text: string, ruleId: string, fixIndex = 0, options: AnalyzeOptions = {}): string {
  const fs = findings(text, ruleId, options);
  assert.equal(fs.length, 1, `expected exactly one ${ruleId} finding, got ${fs.length}`);
  const fix = fs[0].fixes?.[fixIndex];
  assert.ok(fix, `${ruleId} has no fix #${fixIndex}`);
  const out = applyTextEdits(text, fix.edits());
  assert.deepEqual(findings(out, ruleId, options), [], `${ruleId} still reported after "${fix.title}"`);
  return out;
}

/** JSON.stringify with 2-space indent, the shape most fixtures are written in. */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

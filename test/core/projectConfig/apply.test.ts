/**
 * The configuration as the engine applies it, through `analyze`'s `settings`: the one path every
 * consumer (CLI, --fix, editor) takes.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { DocumentInput } from '../../../src/core/document';
import { applySettings } from '../../../src/core/projectConfig/apply';
import { FileSettings, RuleLayer } from '../../../src/core/projectConfig/types';
import { Rule } from '../../../src/core/rule';
import { ALL_RULES } from '../../../src/core/rules';

const DIR = join(__dirname, '../../../../shared/examples/seed-walkthrough');
const file = (name: string): DocumentInput => ({ uri: name, text: readFileSync(join(DIR, name), 'utf8') });
const WALKTHROUGH = [file('replication-config.json'), file('role-policy.json'), file('trust-policy.json')];
const layer = (o: Record<string, string>): RuleLayer => Object.entries(o).map(([pattern, severity]) => ({ pattern, severity }) as RuleLayer[number]);
const summary = (uri: string, inputs = WALKTHROUGH, settings?: (uri: string) => FileSettings | undefined) =>
  analyze(inputs, { settings })
    .findings.filter((f) => f.uri === uri && f.severity !== 'info')
    .map((f) => `${f.severity} ${f.ruleId}`)
    .sort();

describe('project configuration applied by the engine', () => {
  it('without settings, the walkthrough has its catalogue findings (the baseline the other cases change)', () => {
    assert.deepEqual(summary('replication-config.json'), ['error rc-rtc-requires-metrics', 'error rc-v2-delete-marker-required']);
    assert.deepEqual(summary('role-policy.json'), ['warning iam-get-object-version-tagging']);
  });

  it('replaces severities and drops findings of rules set to off, per file', () => {
    const settings = (uri: string): FileSettings | undefined =>
      uri === 'replication-config.json' ? { rules: [layer({ 'rc-v2-delete-marker-required': 'warning', 'rc-rtc-requires-metrics': 'off' })] } : undefined;
    assert.deepEqual(summary('replication-config.json', WALKTHROUGH, settings), ['warning rc-v2-delete-marker-required']);
    assert.deepEqual(summary('role-policy.json', WALKTHROUGH, settings), ['warning iam-get-object-version-tagging'], 'another file keeps its own settings');
  });

  it('raises every finding of a rule to the level set, info variants included (as ESLint does)', () => {
    const settings = (): FileSettings => ({ rules: [layer({ 'iam-*': 'error' })] });
    const found = analyze(WALKTHROUGH, { settings }).findings.filter((f) => f.uri === 'role-policy.json');
    assert.ok(found.length >= 2, found.map((f) => f.ruleId).join());
    assert.ok(found.every((f) => f.severity === 'error'));
    assert.ok(found.some((f) => f.ruleId === 'iam-replicate-tags-optional'), 'an info rule raised to error');
  });

  it('does not check an ignored file, but still reads it as context for the others', () => {
    const settings = (uri: string): FileSettings => ({ ignored: uri === 'replication-config.json', rules: [] });
    const { findings } = analyze(WALKTHROUGH, { settings });
    assert.deepEqual(findings.filter((f) => f.uri === 'replication-config.json'), []);
    // The role's missing permission is found from the (ignored) configuration's rules, and says so.
    const tagging = findings.filter((f) => f.uri === 'role-policy.json' && f.ruleId === 'iam-get-object-version-tagging');
    assert.equal(tagging.length, 1);
    assert.deepEqual(tagging[0].related?.map((r) => r.uri), ['replication-config.json']);
  });

  it('does not run a rule set to off at all', () => {
    let runs = 0;
    const counting: Rule = { ...ALL_RULES.find((r) => r.id === 'rc-rule-id-missing')!, check: () => void runs++ };
    analyze(WALKTHROUGH, { rules: [counting], settings: () => ({ rules: [layer({ 'rc-*': 'off' })] }) });
    assert.equal(runs, 0);
    analyze(WALKTHROUGH, { rules: [counting], settings: () => ({ rules: [layer({ 'rc-*': 'off' }), layer({ 'rc-rule-id-missing': 'info' })] }) });
    assert.equal(runs, 1, 'a higher layer turned it back on');
  });

  it('applies a template file\'s settings to the documents found inside it', () => {
    const uri = '/repo/infra/walkthrough.template.json';
    const text = readFileSync(join(__dirname, '../formats/cloudformation/fixtures/walkthrough.template.json'), 'utf8');
    const ids = (settings?: (u: string) => FileSettings | undefined) => analyze([{ uri, text }], { settings }).findings.filter((f) => f.severity === 'error').map((f) => f.ruleId).sort();
    const baseline = ids();
    assert.ok(baseline.includes('rc-v2-delete-marker-required'), `baseline: the walkthrough errors, on the template: ${baseline.join()}`);
    const off = ids((u) => (u === uri ? { rules: [layer({ 'rc-v2-delete-marker-required': 'off' })] } : undefined));
    assert.deepEqual(off, baseline.filter((id) => id !== 'rc-v2-delete-marker-required'));
    assert.deepEqual(analyze([{ uri, text }], { settings: (u) => (u === uri ? { ignored: true, rules: [] } : undefined) }).findings, []);
  });

  it('leaves findings of files without settings as they are, and keeps unchanged findings identical', () => {
    const { findings } = analyze(WALKTHROUGH);
    const same = applySettings(findings, () => ({ rules: [] }));
    assert.equal(same.length, findings.length);
    assert.ok(same.every((f, i) => f === findings[i]));
    assert.deepEqual(applySettings(findings, () => undefined), findings);
  });
});

import { strict as assert } from 'node:assert';
import { effectiveSeverity, parseRuleArgument, ruleLayerFromObject } from '../../../src/core/projectConfig/ruleSettings';
import { RuleLayer } from '../../../src/core/projectConfig/types';

const layer = (o: Record<string, string>): RuleLayer => Object.entries(o).map(([pattern, severity]) => ({ pattern, severity }) as RuleLayer[number]);

describe('project configuration: rule settings and their precedence', () => {
  it('keeps the reported severity where no layer names the rule', () => {
    assert.equal(effectiveSeverity([], 'iam-list-bucket', 'error'), 'error');
    assert.equal(effectiveSeverity([layer({ 'rc-*': 'off' })], 'iam-list-bucket', 'warning'), 'warning');
  });

  it('within a layer: an exact id beats a family, a longer family a shorter one, whatever the order', () => {
    const l = layer({ 'iam-list-bucket': 'info', 'iam-*': 'off', 'iam-kms-*': 'error' });
    assert.equal(effectiveSeverity([l], 'iam-list-bucket', 'error'), 'info');
    assert.equal(effectiveSeverity([l], 'iam-kms-decrypt-source', 'warning'), 'error');
    assert.equal(effectiveSeverity([l], 'iam-replicate-object', 'error'), 'off');
    assert.equal(effectiveSeverity([layer({ 'iam-*': 'info', 'iam-kms-*': 'error', 'iam-k*': 'off' })], 'iam-kms-decrypt-source', 'warning'), 'error');
  });

  it('across layers: the highest layer that names the rule decides, even by family over a lower exact id', () => {
    const file = layer({ 'iam-list-bucket': 'error', 'rc-rule-id-missing': 'off' });
    const cli = layer({ 'iam-*': 'warning' });
    assert.equal(effectiveSeverity([file, cli], 'iam-list-bucket', 'error'), 'warning');
    assert.equal(effectiveSeverity([file, cli], 'rc-rule-id-missing', 'info'), 'off', 'a lower layer still decides what the higher does not name');
    assert.equal(effectiveSeverity([cli, file], 'iam-list-bucket', 'error'), 'error');
  });

  it('parses --rule arguments, refusing unknown ids and bad severities with what to write', () => {
    assert.deepEqual(parseRuleArgument('iam-*=off'), { setting: { pattern: 'iam-*', severity: 'off' } });
    assert.deepEqual(parseRuleArgument(' rc-rule-id-missing = error '), { setting: { pattern: 'rc-rule-id-missing', severity: 'error' } });
    assert.match(parseRuleArgument('rc-rule-id-missing').error ?? '', /needs <rule-id>=<severity>/);
    assert.match(parseRuleArgument('=off').error ?? '', /needs <rule-id>=<severity>/);
    assert.match(parseRuleArgument('IAM-LIST-BUCKET=off').error ?? '', /Rule ids are lower case: "iam-list-bucket"/);
    assert.match(parseRuleArgument('iam-list-bucket=').error ?? '', /"" is not a severity/);
  });

  it('reads the editor setting (an object), keeping valid entries and listing the rest', () => {
    const { layer: l, problems } = ruleLayerFromObject({ 'rc-rule-id-missing': 'off', 'iam-*': 'bogus', 'no-such-rule': 'info' });
    assert.deepEqual(l, [
      { pattern: 'rc-rule-id-missing', severity: 'off' },
      { pattern: 'no-such-rule', severity: 'info' },
    ]);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /"bogus" is not a severity for "iam-\*"/);
    assert.match(problems[1], /"no-such-rule" is not a rule/);
    assert.deepEqual(ruleLayerFromObject(undefined), { layer: [], problems: [] });
    assert.deepEqual(ruleLayerFromObject(['off']).problems, ['must be an object of rule id → severity']);
  });
});

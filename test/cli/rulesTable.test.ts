import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRulesMarkdown, formatRulesText, ruleRows, withRulesTable } from '../../src/cli/rulesTable';
import { ALL_RULES } from '../../src/core/rules';

describe('rule table (--rules and the README)', () => {
  it('has one row per registered rule, in registry order', () => {
    assert.deepEqual(ruleRows().map((r) => r.id), ALL_RULES.map((r) => r.id));
  });

  it('renders Markdown whose cells never split, and text with aligned columns', () => {
    const rows = [
      { id: 'a-rule', severity: 'error', summary: 'Uses `a|b` and\nwraps', docUrl: 'https://docs.aws.amazon.com/x', live: false },
      { id: 'live-rule-long', severity: 'info', summary: 'Live.', docUrl: 'https://docs.aws.amazon.com/y', live: true },
    ];
    const md = formatRulesMarkdown(rows).trimEnd().split('\n');
    assert.equal(md.length, 4);
    assert.equal(md[2], '| [`a-rule`](https://docs.aws.amazon.com/x) | error | Uses `a\\|b` and wraps |');
    assert.equal(md[3], '| [`live-rule-long`](https://docs.aws.amazon.com/y) | info | Live. *(live)* |');
    const text = formatRulesText(rows).trimEnd().split('\n');
    assert.deepEqual(text.map((l) => l.indexOf(l.split(/\s{2,}/)[1])), [16, 16, 16]);
    assert.match(text[2], /Live\. \(live only\)$/);
  });

  it('replaces only what stands between the README markers', () => {
    const readme = 'intro\n<!-- rules-table:start -->\nold\n<!-- rules-table:end -->\noutro\n';
    assert.equal(withRulesTable(readme, '| new |\n'), 'intro\n<!-- rules-table:start -->\n| new |\n<!-- rules-table:end -->\noutro\n');
    assert.equal(withRulesTable('no markers', 'x'), undefined);
  });

  it('README.md lists every rule as the registry does (run `npm run docs` after changing rules)', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    assert.equal(readme, withRulesTable(readme, formatRulesMarkdown(ruleRows())));
  });
});

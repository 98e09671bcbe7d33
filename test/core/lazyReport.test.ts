/**
 * A report's `fixes` and `related` given as functions: built only for findings that are kept. A
 * finding about a value a Terraform module does not resolve (the priority the provider fills in) is
 * dropped before they are built; a kept one has them, moved to the module's file like any other.
 */
import { strict as assert } from 'node:assert';
import { analyze } from '../../src/core/analyze';
import { setValueFix } from '../../src/core/fixes';
import { member } from '../../src/core/json';
import { Rule } from '../../src/core/rule';
import { configRules } from '../../src/core/rules/config/shape';
import { inputsOf, withParser } from './formats/terraform/helpers';
import { moduleFiles } from './formats/terraform/module';

const RULE = `id       = "logs"
    status   = "Enabled"

    filter {
      prefix = "logs/"
    }

    delete_marker_replication {
      status = "Disabled"
    }

    destination {
      bucket = aws_s3_bucket.destination.arn
    }`;

function probe(at: 'Priority' | 'ID', calls: { fixes: number; related: number }): Rule {
  return {
    id: 'rc-test-probe',
    severity: 'warning',
    evidence: 'U',
    kinds: ['replication-config'],
    summary: 'test',
    docUrl: 'https://example.com',
    check(ctx) {
      for (const rule of configRules(ctx.doc)) {
        const node = member(rule.node, at);
        if (!node) continue;
        ctx.report({
          node,
          message: `about \`${at}\``,
          fixes: () => {
            calls.fixes++;
            return [setValueFix(ctx.doc, [...rule.path, 'ID'], 'renamed', 'Rename', true)];
          },
          related: () => {
            calls.related++;
            return [{ uri: ctx.doc.uri, offset: node.offset, length: node.length, message: 'here' }];
          },
        });
      }
    },
  };
}

describe('reports with fixes and related locations built on demand', () => {
  withParser();
  const inputs = inputsOf(moduleFiles({ style: 'standalone', policy: 'document', rules: [RULE] }));

  it('builds neither for a finding about a value the module does not write (dropped)', () => {
    const calls = { fixes: 0, related: 0 };
    const { findings } = analyze(inputs, { rules: [probe('Priority', calls)] });
    assert.deepEqual(findings, []);
    assert.deepEqual(calls, { fixes: 0, related: 0 });
  });

  it('builds both once for a kept finding, placed and written in the module', () => {
    const calls = { fixes: 0, related: 0 };
    const { findings } = analyze(inputs, { rules: [probe('ID', calls)] });
    assert.equal(findings.length, 1);
    assert.deepEqual(calls, { fixes: 1, related: 1 });
    const [f] = findings;
    const text = inputs.find((i) => i.uri === f.uri)?.text ?? '';
    assert.equal(text.slice(f.offset, f.offset + f.length), '"logs"');
    assert.equal(f.related?.[0].uri, f.uri);
    assert.equal(text.slice(f.related?.[0].offset, (f.related?.[0].offset ?? 0) + (f.related?.[0].length ?? 0)), '"logs"');
    assert.deepEqual(f.fixes?.map((x) => x.title), ['Rename']);
    const edits = f.fixes?.[0].edits() ?? [];
    assert.equal(edits.length, 1);
    assert.match(edits[0].content, /renamed/);
  });
});

/**
 * The fuzz's checker catches what it claims to: rules whose fixes do each harm of issue 17's table
 * (two of them with jsonc-parser's `modify`, which the fixes used before) must raise that counter.
 */
import { strict as assert } from 'node:assert';
import { applyEdits, modify } from 'jsonc-parser';
import { Fix, TextEdit } from '../../src/core/findings';
import { Rule, RuleContext } from '../../src/core/rule';
import { Counter, checkDocument, emptyStats } from './check';

const POLICY_ONE_LINE = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}]}';
const POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n  ], // keep-me\n  "Extra": 1\n}\n';

/** A rule on permission policies reporting one finding at `{` with the fix `make` builds. */
function ruleWith(make: (ctx: RuleContext) => Fix): Rule {
  return {
    id: 'test-rule',
    severity: 'error',
    evidence: 'U',
    kinds: ['permission-policy'],
    summary: 'test',
    docUrl: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
    check(ctx) {
      ctx.report({ offset: 0, length: 1, message: 'test', fixes: [make(ctx)] });
    },
  };
}

/** A fix with jsonc-parser's own `modify`, as the fixes were written before. */
function jsoncFix(text: string, path: (string | number)[], value: unknown): Fix {
  return { title: 'jsonc', preferred: true, edits: () => modify(text, path, value, { formattingOptions: { tabSize: 2, insertSpaces: true } }) };
}

function counters(text: string, rule: Rule): Record<Counter, number> {
  const stats = emptyStats();
  checkDocument({ target: { uri: 'p.json', text, kind: 'permission-policy' }, context: [], recipe: ['test'] }, 0, stats, { rules: [rule] });
  return stats.counts;
}

function span(offset: number, length: number, content: string, preferred = true): Fix {
  const edits: TextEdit[] = [{ offset, length, content }];
  return { title: 'span', preferred, edits: () => edits };
}

describe('fuzz checker', () => {
  it('a comment outside the fixed node lost (jsonc modify removing the member after it)', () => {
    const c = counters(POLICY, ruleWith((ctx) => jsoncFix(ctx.doc.text, ['Extra'], undefined)));
    assert.equal(c.commentLost, 1);
  });

  it('a whole one-line document reformatted (jsonc modify removing "Principal")', () => {
    const c = counters(POLICY_ONE_LINE, ruleWith((ctx) => jsoncFix(ctx.doc.text, ['Statement', 0, 'Principal'], undefined)));
    assert.equal(c.reformat, 1);
    assert.equal(c.commentLost, 0);
  });

  it("a repeated key's twin dropped along with the member next to it", () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}], "Sid": "a", "Sid": "b"}';
    const from = text.indexOf(', "Sid": "a"');
    const c = counters(text, ruleWith(() => span(from, text.length - 1 - from, '')));
    assert.equal(c.duplicateLost, 1);
  });

  it('edits that throw, reach past the end, or change nothing', () => {
    const throwing = counters(POLICY, ruleWith(() => ({ title: 't', edits: () => { throw new Error('boom'); } })));
    assert.equal(throwing.editsThrow, 1);
    assert.equal(counters(POLICY, ruleWith(() => span(POLICY.length - 1, 5, ''))).applyThrows, 1);
    assert.equal(counters(POLICY, ruleWith(() => span(1, 1, POLICY[1]))).noop, 1);
  });

  it('invalid JSON from a preferred fix, and --fix refusing the file for it', () => {
    const c = counters(POLICY, ruleWith(() => span(0, 1, '[')));
    assert.equal(c.invalidPreferred, 1);
    // The editor's "fix all" would write it; --fix refuses the file.
    assert.equal(c.fixLoopBreaks, 2);
  });

  it('a preferred fix after which the finding is still reported, and one that changes the text again', () => {
    // Adds a member that is not what the finding is about: the finding stays, and the same fix is offered again.
    const c = counters(POLICY, ruleWith((ctx) => span(ctx.doc.text.lastIndexOf('}'), 0, ', "More": 1\n')));
    assert.equal(c.stillReported, 1);
    assert.equal(c.changesAgain, 1);
  });

  it('--fix leaving a whitespace-only line', () => {
    // Removes the last member but leaves its indentation on a line of its own.
    const c = counters(POLICY, {
      ...ruleWith(() => span(0, 0, '')),
      check(ctx) {
        const t = ctx.doc.text;
        const from = t.indexOf(', // keep-me\n  "Extra"');
        if (from >= 0) ctx.report({ offset: 0, length: 1, message: 'test', fixes: [span(from, t.indexOf('\n}') - from, ' // keep-me\n  ')] });
      },
    });
    assert.equal(c.blankLine, 1);
    assert.equal(c.invalidPreferred, 0);
  });

  it('a rule that throws', () => {
    const c = counters(POLICY, { ...ruleWith(() => span(0, 0, '')), check: () => { throw new Error('rule bug'); } });
    assert.equal(c.ruleThrows, 1);
  });

  it('jsonc modify on a clean case passes: the checker does not cry wolf', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": []\n}\n';
    const c = counters(text, ruleWith((ctx) => ({ ...jsoncFix(ctx.doc.text, ['Statement'], [{ Effect: 'Allow' }]), preferred: false })));
    assert.deepEqual(Object.entries(c).filter(([, n]) => n > 0), []);
    assert.ok(applyEdits(text, jsoncFix(text, ['Statement'], [{ Effect: 'Allow' }]).edits()).includes('"Effect"'));
  });
});

/**
 * One minimal document per example of issue 17's first table: each shape that made the engine or a
 * fix throw, lose text, reformat or not settle, checked to do none of that now.
 */
import { strict as assert } from 'node:assert';
import { ParseError, parseTree } from 'jsonc-parser';
import { runFixLoop } from '../../src/cli/fixLoop';
import { analyze } from '../../src/core/analyze';
import { DocumentKind } from '../../src/core/classify';
import { parseDocument } from '../../src/core/document';
import { Finding, Fix } from '../../src/core/findings';
import { applyNonOverlapping, applyTextEdits, removeFix, setValueFix } from '../../src/core/fixes';
import { MAX_NESTING } from '../../src/core/nesting';
import { Rule } from '../../src/core/rule';
import { jsonComments } from '../../src/core/rules/document/jsonComments';

function findingsOf(text: string, kind?: DocumentKind): Finding[] {
  return analyze([{ uri: 'doc.json', text, kind }]).findings;
}

function fixOf(text: string, ruleId: string, title: string | RegExp, kind?: DocumentKind): { finding: Finding; fix: Fix } {
  for (const finding of findingsOf(text, kind)) {
    if (finding.ruleId !== ruleId) continue;
    const fix = finding.fixes?.find((f) => (typeof title === 'string' ? f.title === title : title.test(f.title)));
    if (fix) return { finding, fix };
  }
  assert.fail(`no ${ruleId} fix "${String(title)}" in ${JSON.stringify(findingsOf(text, kind).map((f) => [f.ruleId, f.fixes?.map((x) => x.title)]))}`);
}

function parses(text: string): boolean {
  const errors: ParseError[] = [];
  parseTree(text, errors);
  return errors.length === 0;
}

describe('fix safety: the shapes of issue 17', () => {
  describe('parse never throws', () => {
    it('arrays nested 10,000 deep: a located json-syntax finding instead of a stack overflow', () => {
      const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
      const text = `{"Role": "arn:aws:iam::123456789012:role/r", "Rules": ${deep}}`;
      const syntax = findingsOf(text).filter((f) => f.ruleId === 'json-syntax');
      assert.equal(syntax.length, 1);
      assert.match(syntax[0].message, /^Nested deeper than 1,000 levels/);
      // On the bracket that opens level 1,001 (the root object is level 1).
      assert.equal(syntax[0].offset, text.indexOf('[') + MAX_NESTING - 1);
      assert.doesNotThrow(() => runFixLoop([{ uri: 'doc.json', text }], () => true));
    });

    it('1,000 levels are read as they are; an unclosed deep document is refused the same way', () => {
      const ok = `{"Rules": ${'['.repeat(MAX_NESTING - 1)}${']'.repeat(MAX_NESTING - 1)}, "Role": "arn:aws:iam::123456789012:role/r"}`;
      assert.deepEqual(parseDocument({ uri: 'a.json', text: ok }).syntaxErrors, []);
      const unclosed = parseDocument({ uri: 'b.json', text: `{"Rules": ${'{"a":'.repeat(50_000)}` });
      assert.ok(unclosed.syntaxErrors.some((e) => e.message.startsWith('Nested deeper')));
    });

    it('no fix nests a document deeper than it can be read', () => {
      // The root and a rule nested 999 deep make 1,000 levels: wrapping the rule in a list would make 1,001.
      const nested = (n: number) => `{"Role": "arn:aws:iam::123456789012:role/r", "Rules": ${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`;
      const text = nested(MAX_NESTING - 1);
      assert.deepEqual(parseDocument({ uri: 'a.json', text }).syntaxErrors, []);
      const wrap = (t: string) => findingsOf(t).flatMap((f) => f.fixes ?? []).find((f) => f.title === 'Wrap the rule in a list');
      assert.equal(wrap(text), undefined);
      // One level less fits exactly: offered, and the result is read as it is.
      const fits = wrap(nested(MAX_NESTING - 2));
      assert.ok(fits, 'offered when it fits');
      assert.deepEqual(parseDocument({ uri: 'b.json', text: applyTextEdits(nested(MAX_NESTING - 2), fits.edits()) }).syntaxErrors, []);
      assert.ok(wrap(nested(8)), 'offered when shallow');
    });
  });

  describe('computing a fix never throws', () => {
    it('Set "Effect": "Allow" on a policy with a duplicate Statement key (the first a string)', () => {
      const text = '{"Version": "2012-10-17", "Statement": "x", "Statement": [{"Action": "s3:GetObject", "Resource": "*"}]}';
      const { fix } = fixOf(text, 'iam-effect', 'Set "Effect": "Allow"', 'permission-policy');
      assert.equal(applyTextEdits(text, fix.edits()), '{"Version": "2012-10-17", "Statement": "x", "Statement": [{"Action": "s3:GetObject", "Resource": "*", "Effect": "Allow"}]}');
    });
  });

  describe('applying a fix never throws', () => {
    it('Add "Metrics" on a document with U+3000 and mixed line endings', () => {
      const text = '{\r\n  "Role": "arn:aws:iam::123456789012:role/r",\n  "Rules": [\r\n    {\r\n      "ID": "\u3000a",\n      "Status": "Enabled",\r\n      "Priority": 1,\r\n      "Filter": {},\n      "DeleteMarkerReplication": {"Status": "Disabled"},\r\n      "Destination": {"Bucket": "arn:aws:s3:::d", "ReplicationTime": {"Status": "Enabled", "Time": {"Minutes": 15}}}\r\n    }\r\n  ]\r\n}\r\n';
      const { fix } = fixOf(text, 'rc-rtc-requires-metrics', /^Add "Metrics"/);
      const out = applyTextEdits(text, fix.edits());
      assert.ok(parses(out));
      assert.deepEqual(findingsOf(out).filter((f) => f.ruleId === 'rc-rtc-requires-metrics'), []);
    });

    it('U+3000 used as whitespace is a syntax error: structural fixes are not offered, nothing throws', () => {
      const text = '{\r\n  "Role": "arn:aws:iam::123456789012:role/r",\n  "Rules": [{"ID": "a", "Status": "Enabled", "Priority": 1,\u3000"Filter": {}, "DeleteMarkerReplication": {"Status": "Disabled"}, "Destination": {"Bucket": "arn:aws:s3:::d", "ReplicationTime": {"Status": "Enabled", "Time": {"Minutes": 15}}}}]\r\n}';
      const findings = findingsOf(text);
      assert.ok(findings.some((f) => f.ruleId === 'json-syntax'));
      assert.deepEqual(findings.filter((f) => f.ruleId === 'rc-rtc-requires-metrics').flatMap((f) => f.fixes ?? []), []);
      assert.equal(runFixLoop([{ uri: 'doc.json', text }], () => true).texts.size, 0);
    });

    it('an edit past the end of the text, or overlapping another, is never applied', () => {
      const text = '{"a": 1}';
      const past: Fix = { title: 'past', preferred: true, edits: () => [{ offset: 5, length: 10, content: '' }] };
      assert.deepEqual(applyNonOverlapping(text, [past]), { text, applied: 0, skipped: 1 });
    });
  });

  describe('a preferred fix never yields invalid JSON', () => {
    it('Remove comment on a CR-only file does not cut into the next line', () => {
      const text = '{\r"Version": "2012-10-17", // c\r"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]\r}\r';
      const { fix } = fixOf(text, 'json-comments', 'Remove comment');
      assert.equal(applyTextEdits(text, fix.edits()), '{\r"Version": "2012-10-17",\r"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]\r}\r');
    });

    it('Remove comment leaves no whitespace-only line', () => {
      const text = '{\n  "Version": "2012-10-17",\n  // c\n  "Statement": []\n}';
      const { fix } = fixOf(text, 'json-comments', 'Remove comment');
      assert.equal(applyTextEdits(text, fix.edits()), '{\n  "Version": "2012-10-17",\n  "Statement": []\n}');
    });
  });

  const RTC_CONFIG = (destinations: string) =>
    `{\n  "Role": "arn:aws:iam::123456789012:role/r",\n  "Rules": [\n    {\n      "ID": "a",\n      "Status": "Enabled",\n      "Priority": 1,\n      "Filter": {},\n      "DeleteMarkerReplication": {"Status": "Disabled"},\n${destinations}\n    }\n  ]\n}\n`;
  const SECOND = '      "Destination": {\n        "Bucket": "arn:aws:s3:::second",\n        "Metrics": {"Status": "Enabled", "EventThreshold": {"Minutes": 15}}, // keep-me\n        "ReplicationTime": {"Status": "Disabled", "Time": {"Minutes": 15}}\n      }';
  const REMOVE_RTC = 'Remove the disabled "ReplicationTime" (keep metrics only)';

  describe('comments and members outside the fixed node survive', () => {
    it('removing ReplicationTime keeps the comment at the end of the line before it', () => {
      const text = RTC_CONFIG(SECOND);
      const { fix } = fixOf(text, 'rc-rtc-metrics-same-status', REMOVE_RTC);
      const out = applyTextEdits(text, fix.edits());
      assert.equal(out, text.replace(', // keep-me\n        "ReplicationTime": {"Status": "Disabled", "Time": {"Minutes": 15}}', ' // keep-me'));
    });

    it('removing ReplicationTime from one of two Destination members leaves the other byte for byte', () => {
      const first = '      "Destination": {"Bucket": "arn:aws:s3:::first", "ReplicationTime": {"Status": "Disabled", "Time": {"Minutes": 15}}, "Metrics": {"Status": "Enabled"}},';
      const text = RTC_CONFIG(`${first}\n${SECOND}`);
      const { fix } = fixOf(text, 'rc-rtc-metrics-same-status', REMOVE_RTC);
      const out = applyTextEdits(text, fix.edits());
      assert.ok(out.includes(first), 'the first Destination changed');
      assert.ok(!out.includes('"Status": "Disabled", "Time": {"Minutes": 15}}\n'), 'the second still has its ReplicationTime');
    });

    it('a member whose key is written twice is not removed (which one would be ambiguous)', () => {
      const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "*"}]}';
      const doc = parseDocument({ uri: 'p.json', text, kind: 'permission-policy' });
      assert.equal(removeFix(doc, ['Statement', 0, 'Principal'], 'Remove "Principal"'), undefined);
      assert.ok(removeFix(doc, ['Statement', 0, 'Action'], 'Remove "Action"'), 'a key written once is removed');
    });
  });

  describe('repeated keys and copied values', () => {
    it('a member under the earlier of two "Rules" keys is not moved by a path that names the later one', () => {
      const text = '{"Role": "arn:aws:iam::123456789012:role/r", "Rules": [{"Key": "k1"}], "Rules": [{"Key": "k2"}]}';
      const moves = findingsOf(text).flatMap((f) => (f.fixes ?? []).filter((x) => x.title.startsWith('Move')).map((x) => ({ at: f.offset, fix: x })));
      assert.deepEqual(moves.map((m) => m.at), [text.lastIndexOf('"Key"')]);
      assert.equal(applyTextEdits(text, moves[0].fix.edits()), '{"Role": "arn:aws:iam::123456789012:role/r", "Rules": [{"Key": "k1"}], "Rules": [{"Filter": {"Tag": {"Key": "k2"}}}]}');
    });

    it('a value copied to a new depth keeps its empty lines empty', () => {
      const text =
        '{\n  "Role": "arn:aws:iam::123456789012:role/r",\n  "Rules": [\n    {\n      "ID": "r1",\n      "Status": "Enabled",\n      "Priority": 1,\n      "Filter": {\n        "Prefix": "p/",\n        "Tag":\n{\n          "Key": "k",\n\n          "Value": "v"\n        }\n      },\n      "DeleteMarkerReplication": {"Status": "Disabled"},\n      "Destination": {"Bucket": "arn:aws:s3:::d"}\n    }\n  ]\n}\n';
      const { fix } = fixOf(text, 'rc-filter-one-child', 'Combine them under "And"');
      const out = applyTextEdits(text, fix.edits());
      assert.ok(out.includes('"Key": "k",\n\n'), out);
      assert.ok(!/\n[ \t]+\n/.test(out), JSON.stringify(out));
    });
  });

  describe('no fix reformats text it does not change', () => {
    it('Remove "Principal" keeps a one-line policy on one line', () => {
      const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}';
      const { fix } = fixOf(text, 'iam-principal-not-allowed', 'Remove "Principal"', 'permission-policy');
      assert.equal(applyTextEdits(text, fix.edits()), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}');
    });

    it("inserted blocks follow the file's indentation and line endings, whatever the editor's settings", () => {
      const walkthroughStyle = '{\r\n"Role": "arn:aws:iam::123456789012:role/r",\r\n"Rules": [\r\n{\r\n"ID": "a",\r\n"Status": "Enabled",\r\n"Priority": 1,\r\n"Filter": {\r\n"Prefix": ""\r\n},\r\n"Destination": {\r\n"Bucket": "arn:aws:s3:::d"\r\n}\r\n}\r\n]\r\n}\r\n';
      const doc = parseDocument({ uri: 'c.json', text: walkthroughStyle, formatting: { tabSize: 4, insertSpaces: true } });
      const fix = setValueFix(doc, ['Rules', 0, 'DeleteMarkerReplication'], { Status: 'Disabled' }, 'Add');
      assert.ok(fix);
      assert.equal(
        applyTextEdits(walkthroughStyle, fix.edits()),
        walkthroughStyle.replace('"arn:aws:s3:::d"\r\n}\r\n}', '"arn:aws:s3:::d"\r\n},\r\n"DeleteMarkerReplication": {\r\n"Status": "Disabled"\r\n}\r\n}'),
      );
    });
  });

  describe('idempotent', () => {
    const DUP_ACTION =
      '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "s3:ListBucket",\n      "Action": ["s3:GetObjectVersionAcl", "s3:GetObjectVersionForReplication"],\n      "Resource": "arn:aws:s3:::source-bucket"\n    }\n  ]\n}\n';

    it('Move "s3:GetObjectVersionAcl" on duplicate Action keys: gone after the fix, the twin untouched, nothing more to do', () => {
      const { finding, fix } = fixOf(DUP_ACTION, 'iam-resource-level-mismatch', /^Move "s3:GetObjectVersionAcl"/);
      assert.equal(finding.offset, DUP_ACTION.indexOf('"s3:GetObjectVersionAcl"'));
      const once = applyTextEdits(DUP_ACTION, fix.edits());
      assert.ok(once.includes('"Action": "s3:ListBucket",'));
      const after = findingsOf(once).filter((f) => f.ruleId === 'iam-resource-level-mismatch');
      assert.ok(!after.some((f) => once.slice(f.offset, f.offset + f.length) === '"s3:GetObjectVersionAcl"'), 'still reported');
      assert.ok(!after.flatMap((f) => f.fixes ?? []).some((f) => f.title === fix.title), 'offered again');
    });

    it('an action listed twice: every copy moves, so the finding does not survive in the other', () => {
      const text = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["s3:ListBucket", "s3:GetObject", "s3:ListBucket"],\n      "Resource": "arn:aws:s3:::src/*"\n    }\n  ]\n}\n';
      const { fix } = fixOf(text, 'iam-resource-level-mismatch', 'Move "s3:ListBucket" to a new statement on arn:aws:s3:::src', 'permission-policy');
      const once = applyTextEdits(text, fix.edits());
      assert.equal(
        once,
        '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["s3:GetObject"],\n      "Resource": "arn:aws:s3:::src/*"\n    },\n    {\n      "Effect": "Allow",\n      "Action": [\n        "s3:ListBucket"\n      ],\n      "Resource": "arn:aws:s3:::src"\n    }\n  ]\n}\n',
      );
      assert.deepEqual(findingsOf(once, 'permission-policy').filter((f) => f.ruleId === 'iam-resource-level-mismatch'), []);
      // Only copies of one action: the statement's Resource changes instead, and both copies are then fine.
      const twice = text.replace('"s3:GetObject", ', '');
      const change = fixOf(twice, 'iam-resource-level-mismatch', 'Change the Resource to arn:aws:s3:::src', 'permission-policy').fix;
      const changed = applyTextEdits(twice, change.edits());
      assert.equal(changed, twice.replace('"arn:aws:s3:::src/*"', '"arn:aws:s3:::src"'));
      assert.deepEqual(findingsOf(changed, 'permission-policy').filter((f) => f.ruleId === 'iam-resource-level-mismatch'), []);
    });

    it('--fix settles: a second run changes nothing', () => {
      const once = runFixLoop([{ uri: 'p.json', text: DUP_ACTION }], () => true).texts.get('p.json');
      assert.ok(once && parses(once));
      assert.equal(runFixLoop([{ uri: 'p.json', text: once }], () => true).texts.size, 0);
    });

    it('no fix is offered that changes nothing', () => {
      const doc = parseDocument({ uri: 'c.json', text: '{"Role": "arn:aws:iam::123456789012:role/r", "Rules": [{"Status": "Enabled"}]}' });
      assert.equal(setValueFix(doc, ['Rules', 0, 'Status'], 'Enabled', 'Enable'), undefined);
      assert.equal(removeFix(doc, ['Rules', 0, 'Priority'], 'Remove "Priority"'), undefined);
      for (const f of findingsOf(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'allow', Action: 's3:*', Resource: '*' }] }))) {
        for (const fix of f.fixes ?? []) assert.ok(fix.edits().length > 0, `${f.ruleId} "${fix.title}" has no edits`);
      }
    });
  });

  describe('linear', () => {
    it('--fix removes 10,000 line comments in the passes it needs, not one per comment', () => {
      const lines = ['{', '  "Version": "2012-10-17",', '  "Statement": ['];
      for (let i = 0; i < 10_000; i++) lines.push(`    // note ${i}`);
      lines.push('    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}', '  ]', '}', '');
      let analyses = 0;
      const counting: Rule = { id: 'count', severity: 'info', evidence: 'U', kinds: ['permission-policy'], summary: '', docUrl: '', check: () => void analyses++ };
      const result = runFixLoop([{ uri: 'p.json', text: lines.join('\n') }], () => true, { rules: [jsonComments, counting] });
      assert.equal(result.applied.get('p.json'), 10_000);
      assert.equal(result.texts.get('p.json'), '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}\n  ]\n}\n');
      // One pass removes them all, one more finds nothing left.
      assert.equal(analyses, 2);
    });
  });
});

import { strict as assert } from 'node:assert';
import { parseTree } from 'jsonc-parser';
import { applyNonOverlapping, applyTextEdits, checkedEdits } from '../../../src/core/edit/apply';
import { Editable, appendEdits, cut, insertFirstEdits, removeEdits, setEdits } from '../../../src/core/edit/jsonEdits';
import { JsonPath } from '../../../src/core/edit/path';
import { raw } from '../../../src/core/edit/serialize';
import { Step, applySteps, stepsEdits } from '../../../src/core/edit/steps';
import { TextEdit } from '../../../src/core/findings';
import { detectStyle } from '../../../src/core/format';

function at(text: string): Editable {
  const root = parseTree(text);
  return { text, root, style: detectStyle(text, root) };
}

function apply(text: string, edits: TextEdit[] | undefined): string {
  assert.ok(edits, 'no edits');
  return applyTextEdits(text, edits);
}

const set = (text: string, path: JsonPath, value: unknown) => apply(text, setEdits(at(text), path, value));
const remove = (text: string, path: JsonPath) => apply(text, removeEdits(at(text), path));

describe('JSON edits', () => {
  describe('set', () => {
    it('replaces a value and nothing else', () => {
      const text = '{\n  "Status": "enabled", // was typed by hand\n  "ID": "a"\n}\n';
      assert.equal(set(text, ['Status'], 'Enabled'), '{\n  "Status": "Enabled", // was typed by hand\n  "ID": "a"\n}\n');
    });

    it('adds a member in the indentation of its siblings: 2, 4, tabs, none', () => {
      for (const indent of ['  ', '    ', '\t', '']) {
        const text = `{\n${indent}"a": 1\n}`;
        assert.equal(set(text, ['b'], { c: true }), `{\n${indent}"a": 1,\n${indent}"b": {\n${indent}${indent}"c": true\n${indent}}\n}`, JSON.stringify(indent));
      }
    });

    it("writes the file's line ending: CRLF, CR-only, and the dominant one of a mixed file", () => {
      assert.equal(set('{\r\n  "a": 1\r\n}\r\n', ['b'], { c: 1 }), '{\r\n  "a": 1,\r\n  "b": {\r\n    "c": 1\r\n  }\r\n}\r\n');
      assert.equal(set('{\r  "a": 1\r}\r', ['b'], 2), '{\r  "a": 1,\r  "b": 2\r}\r');
      assert.equal(set('{\r\n  "a": 1,\n  "z": 0\r\n}\r\n', ['b'], 2), '{\r\n  "a": 1,\n  "z": 0,\r\n  "b": 2\r\n}\r\n');
    });

    it('keeps a one-line document on one line, and a minified one minified', () => {
      assert.equal(set('{"a": 1, "b": {"c": 2}}', ['b', 'd'], [1, 2]), '{"a": 1, "b": {"c": 2, "d": [1, 2]}}');
      assert.equal(set('{"a":1}', ['b'], { c: 'x' }), '{"a":1,"b":{"c":"x"}}');
    });

    it('fills an empty object in the layout around it', () => {
      assert.equal(set('{\n  "Filter": {}\n}', ['Filter', 'Prefix'], 'logs/'), '{\n  "Filter": {\n    "Prefix": "logs/"\n  }\n}');
      assert.equal(set('{"Filter": {}}', ['Filter', 'Prefix'], 'logs/'), '{"Filter": {"Prefix": "logs/"}}');
    });

    it('leaves a comment that ends the last line on that line', () => {
      assert.equal(set('{\n  "a": 1 // keep-me\n}', ['b'], 2), '{\n  "a": 1, // keep-me\n  "b": 2\n}');
    });

    it('creates the members leading to the value', () => {
      assert.equal(set('{\n  "a": 1\n}', ['b', 'c', 'd'], 1), '{\n  "a": 1,\n  "b": {\n    "c": {\n      "d": 1\n    }\n  }\n}');
    });

    it('a repeated key: the last occurrence is changed (the one AWS reads), its twin stays byte for byte', () => {
      const text = '{\n  "Statement": "x",\n  "Statement": [{"Action": "s3:GetObject"}]\n}';
      assert.equal(set(text, ['Statement', 0, 'Effect'], 'Allow'), '{\n  "Statement": "x",\n  "Statement": [{"Action": "s3:GetObject", "Effect": "Allow"}]\n}');
    });

    it('cannot go through a string, or past the end of a list', () => {
      assert.equal(setEdits(at('{"Statement": "x"}'), ['Statement', 0, 'Effect'], 'Allow'), undefined);
      assert.equal(setEdits(at('{"a": [1]}'), ['a', 3], 2), undefined);
    });

    it('nothing to do when the value is already there', () => {
      assert.deepEqual(setEdits(at('{"a": {"b": [1, "x"]}}'), ['a'], { b: [1, 'x'] }), []);
    });

    it('does not write what JSON cannot hold', () => {
      assert.equal(setEdits(at('{"a": 1}'), ['a'], Number.POSITIVE_INFINITY), undefined);
    });

    it('copied text is written as it was: 1e400, escapes and comments survive', () => {
      const text = '{\n  "Rules": {"Priority": 1e400, "ID": "caf\\u00e9" /* c */}\n}';
      const rules = parseTree(text)?.children?.[0]?.children?.[1];
      assert.ok(rules);
      assert.equal(set(text, ['Rules'], [raw(text, rules)]), '{\n  "Rules": [{"Priority": 1e400, "ID": "caf\\u00e9" /* c */}]\n}');
    });

    it('adds a first member where AWS examples put Version', () => {
      assert.equal(apply('{\n  "Statement": []\n}', insertFirstEdits(at('{\n  "Statement": []\n}'), [], 'Version', '2012-10-17')), '{\n  "Version": "2012-10-17",\n  "Statement": []\n}');
      assert.equal(apply('{"Statement": []}', insertFirstEdits(at('{"Statement": []}'), [], 'Version', '2012-10-17')), '{"Version": "2012-10-17", "Statement": []}');
    });
  });

  describe('remove', () => {
    it('a member on its own line takes its line with it (no blank line is left)', () => {
      assert.equal(remove('{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}', ['b']), '{\n  "a": 1,\n  "c": 3\n}');
      assert.equal(remove('{\n  "a": 1,\n  "b": 2\n}', ['b']), '{\n  "a": 1\n}');
      assert.equal(remove('{\r  "a": 1,\r  "b": 2\r}', ['b']), '{\r  "a": 1\r}');
      assert.equal(remove('{\r\n  "a": 1,\r\n  "b": 2,\r\n  "c": 3\r\n}', ['b']), '{\r\n  "a": 1,\r\n  "c": 3\r\n}');
    });

    it('on one line: the member and one separator', () => {
      assert.equal(remove('{"a": 1, "b": 2, "c": 3}', ['b']), '{"a": 1, "c": 3}');
      assert.equal(remove('{"a": 1, "b": 2}', ['b']), '{"a": 1}');
      assert.equal(remove('{"a": 1, "b": 2}', ['a']), '{"b": 2}');
      assert.equal(remove('["x", "y"]', [0]), '["y"]');
      assert.equal(remove('{"a": 1}', ['a']), '{}');
      assert.equal(remove('{\n  "a": 1\n}', ['a']), '{}');
    });

    it('comments before and after the member stay where they were', () => {
      const text = '{\n  "Metrics": {"Status": "Enabled"}, // keep-me\n  "ReplicationTime": {"Status": "Disabled"}\n}';
      assert.equal(remove(text, ['ReplicationTime']), '{\n  "Metrics": {"Status": "Enabled"} // keep-me\n}');
      assert.equal(remove('{\n  "a": 1,\n  "b": 2, // about b\n  "c": 3\n}', ['b']), '{\n  "a": 1,\n  // about b\n  "c": 3\n}');
      assert.equal(remove('{"a": 1, /* x */ "b": 2}', ['b']), '{"a": 1 /* x */}');
    });

    it('a key written twice is ambiguous: not removed', () => {
      assert.equal(removeEdits(at('{"a": 1, "a": 2}'), ['a']), undefined);
    });

    it('nothing to do when the member is not there', () => {
      assert.deepEqual(removeEdits(at('{"a": 1}'), ['b']), []);
      assert.deepEqual(removeEdits(at('{"a": 1}'), ['b', 'c']), []);
    });
  });

  describe('append', () => {
    it('in the layout of the list', () => {
      assert.equal(apply('{"Action": ["a"]}', appendEdits(at('{"Action": ["a"]}'), ['Action'], 'b')), '{"Action": ["a", "b"]}');
      const lines = '{\n\t"Statement": [\n\t\t{"Sid": "A"}\n\t]\n}';
      assert.equal(apply(lines, appendEdits(at(lines), ['Statement'], { Sid: 'B' })), '{\n\t"Statement": [\n\t\t{"Sid": "A"},\n\t\t{\n\t\t\t"Sid": "B"\n\t\t}\n\t]\n}');
    });
  });

  describe('cut (removing a span such as a comment)', () => {
    it('takes the whole line when nothing else is on it, whatever its line ending', () => {
      for (const eol of ['\n', '\r\n', '\r']) {
        const text = `{${eol}  // note${eol}  "a": 1${eol}}`;
        const start = text.indexOf('//');
        assert.equal(applyTextEdits(text, [cut(text, start, start + 7)]), `{${eol}  "a": 1${eol}}`, JSON.stringify(eol));
      }
    });

    it('at the end of a line: the comment and the blanks before it; the next line is intact', () => {
      const text = '{\r  "a": 1 // note\r}';
      const start = text.indexOf('//');
      assert.equal(applyTextEdits(text, [cut(text, start, start + 7)]), '{\r  "a": 1\r}');
    });

    it('two comments sharing a line overlap rather than leave a blank line between them', () => {
      const text = '{\n  /*a*/ /*b*/\n  "x": 1\n}';
      const a = cut(text, text.indexOf('/*a*/'), text.indexOf('/*a*/') + 5);
      const b = cut(text, text.indexOf('/*b*/'), text.indexOf('/*b*/') + 5);
      assert.equal(checkedEdits(text, [a, b]), undefined);
      const adjacent = '{\n  /*a*//*b*/\n  "x": 1\n}';
      const a2 = cut(adjacent, 4, 9);
      const b2 = cut(adjacent, 9, 14);
      assert.equal(checkedEdits(adjacent, [a2, b2]), undefined);
      assert.equal(applyTextEdits(adjacent, [a2]), '{\n  /*b*/\n  "x": 1\n}');
    });
  });

  describe('several dependent steps', () => {
    const steps: Step[] = [
      { path: ['Rules', 0, 'Prefix'], value: undefined },
      { path: ['Rules', 0, 'Filter'], value: { Prefix: 'p/' } },
      { path: ['Rules', 0, 'Priority'], value: 1 },
    ];

    it('give the same text as applying them one by one, as edits of the original that name only what they change', () => {
      const text = '{\n"Role": "r", // the role\n"Rules": [\n{\n"ID": "x", /* keep */\n"Prefix": "p/"\n}\n]\n}\n';
      const edits = stepsEdits(at(text), steps);
      assert.ok(edits);
      const expected = '{\n"Role": "r", // the role\n"Rules": [\n{\n"ID": "x", /* keep */\n"Filter": {\n"Prefix": "p/"\n},\n"Priority": 1\n}\n]\n}\n';
      assert.equal(applyTextEdits(text, edits), expected);
      assert.equal(applySteps(at(text), steps)?.text, expected);
      // Nothing before the rule is touched.
      assert.ok(edits.every((e) => e.offset > text.indexOf('"ID"')));
    });

    it('fail as a whole when one step cannot be made', () => {
      assert.equal(stepsEdits(at('{"Rules": ["x"]}'), [{ path: ['Rules', 0, 'Filter'], value: {} }]), undefined);
    });
  });

  describe('applying many fixes at once', () => {
    it('takes every fix that does not conflict in one pass: 1,000 comment removals, one call', () => {
      const lines = ['{'];
      for (let i = 0; i < 1000; i++) lines.push(`  // note ${i}`);
      lines.push('  "a": 1', '}');
      const text = lines.join('\n');
      const fixes = [...text.matchAll(/\/\/ note \d+/g)].map((m) => ({ title: 'Remove comment', edits: () => [cut(text, m.index, m.index + m[0].length)] }));
      const result = applyNonOverlapping(text, fixes);
      assert.equal(result.applied, 1000);
      assert.equal(result.text, '{\n  "a": 1\n}');
    });

    it('two fixes adding to the same object wait for separate passes', () => {
      const text = '{\n  "a": 1\n}';
      const root = parseTree(text);
      const fixes = ['b', 'c'].map((k) => ({ title: k, edits: () => setEdits(at(text), [k], 1) ?? [], container: root?.offset }));
      const result = applyNonOverlapping(text, fixes);
      assert.equal(result.applied, 1);
      assert.equal(result.text, '{\n  "a": 1,\n  "b": 1\n}');
    });

    it('skips edits that overlap, reach past the end or throw, instead of failing', () => {
      const text = '{"a": 1}';
      const result = applyNonOverlapping(text, [
        { title: 'past the end', edits: () => [{ offset: 7, length: 5, content: '' }] },
        { title: 'overlapping itself', edits: () => [{ offset: 1, length: 3, content: '' }, { offset: 2, length: 1, content: '' }] },
        {
          title: 'throws',
          edits: () => {
            throw new Error('boom');
          },
        },
        { title: 'fine', edits: () => [{ offset: 6, length: 1, content: '2' }] },
      ]);
      assert.deepEqual(result, { text: '{"a": 2}', applied: 1, skipped: 3 });
      assert.throws(() => applyTextEdits(text, [{ offset: 7, length: 5, content: '' }]));
    });
  });
});

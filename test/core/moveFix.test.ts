/** moveValueFix and member removal: a member moves or goes, every comment and every other line stays. */
import { strict as assert } from 'node:assert';
import { findNodeAtLocation } from 'jsonc-parser';
import { parseDocument } from '../../src/core/document';
import { applyTextEdits, moveValueFix, removeFix } from '../../src/core/fixes';

function move(text: string, from: (string | number)[], to: (string | number)[]): string {
  const doc = parseDocument({ uri: 'x.json', text, kind: 'replication-config' });
  const value = findNodeAtLocation(doc.root!, from);
  assert.ok(value);
  const fix = moveValueFix(doc, to, value, 'move');
  assert.ok(fix);
  return applyTextEdits(text, fix.edits());
}

function remove(text: string, path: (string | number)[]): string {
  const fix = removeFix(parseDocument({ uri: 'x.json', text }), path, 'remove');
  assert.ok(fix);
  return applyTextEdits(text, fix.edits());
}

describe('removing a member', () => {
  it('removes a middle member with its line and comma', () => {
    assert.equal(remove('{\n  "a": 1, // one\n  "b": 2,\n  "c": 3\n}', ['b']), '{\n  "a": 1, // one\n  "c": 3\n}');
  });
  it('removes the last member and the comma before it, keeping the comment after that comma', () => {
    assert.equal(remove('{\n  "a": 1, // one\n  "b": 2\n}', ['b']), '{\n  "a": 1 // one\n}');
  });
  it('removes the first member of a one-line object', () => {
    assert.equal(remove('{"a": 1, "b": 2}', ['a']), '{"b": 2}');
  });
  it('removes the only member', () => {
    assert.equal(remove('{\n  "a": 1\n}', ['a']), '{}');
  });
  it('keeps a comment between the member and its comma', () => {
    assert.equal(remove('{"a": 1 /* keep */, "b": 2}', ['a']), '{/* keep */"b": 2}');
  });
});

describe('moveValueFix', () => {
  it('carries an object value over as written, re-indented to its new depth, comments included', () => {
    const text = [
      '{',
      '  "Rules": [',
      '    {',
      '      "Metrics": {',
      '        "Status": "Enabled" // watch it',
      '      },',
      '      "Destination": {',
      '        "Bucket": "arn:aws:s3:::dest"',
      '      }',
      '    }',
      '  ]',
      '}',
    ].join('\n');
    assert.equal(
      move(text, ['Rules', 0, 'Metrics'], ['Rules', 0, 'Destination', 'Metrics']),
      [
        '{',
        '  "Rules": [',
        '    {',
        '      "Destination": {',
        '        "Bucket": "arn:aws:s3:::dest",',
        '        "Metrics": {',
        '          "Status": "Enabled" // watch it',
        '        }',
        '      }',
        '    }',
        '  ]',
        '}',
      ].join('\n'),
    );
  });

  it('puts a comment that ended the previous line back on that line', () => {
    const text = '{\n  "D": {\n    "Bucket": "x", // the bucket\n    "Key": "k"\n  }\n}';
    assert.equal(move(text, ['D', 'Key'], ['D', 'E', 'Key']), '{\n  "D": {\n    "Bucket": "x", // the bucket\n    "E": {\n      "Key": "k"\n    }\n  }\n}');
  });

  it('keeps CRLF line endings', () => {
    const text = '{\r\n  "D": {\r\n    "Bucket": "x",\r\n    "Key": "k"\r\n  }\r\n}';
    const out = move(text, ['D', 'Key'], ['D', 'E', 'Key']);
    assert.ok(!/[^\r]\n/.test(out), out);
    assert.deepEqual(JSON.parse(out), { D: { Bucket: 'x', E: { Key: 'k' } } });
  });
});

import { strict as assert } from 'node:assert';
import { parseTree } from 'jsonc-parser';
import { detectStyle, dominantEol } from '../../src/core/format';

function style(text: string, fallback?: { tabSize: number; insertSpaces: boolean }) {
  return detectStyle(text, parseTree(text), fallback);
}

const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] };

describe('style detection', () => {
  describe('indentation', () => {
    it('no indentation: members start lines without any (the walkthrough files)', () => {
      const text = JSON.stringify(POLICY, null, 2).replace(/\n +/g, '\n');
      assert.equal(style(text).indent, '');
      assert.equal(style(text).multiline, true);
    });

    it('2 and 4 spaces', () => {
      assert.equal(style(JSON.stringify(POLICY, null, 2)).indent, '  ');
      assert.equal(style(JSON.stringify(POLICY, null, 4)).indent, '    ');
    });

    it('tabs', () => {
      assert.equal(style(JSON.stringify(POLICY, null, '\t')).indent, '\t');
    });

    it('CRLF files: the same units', () => {
      assert.equal(style(JSON.stringify(POLICY, null, 4).replace(/\n/g, '\r\n')).indent, '    ');
      assert.equal(style(JSON.stringify(POLICY, null, '\t').replace(/\n/g, '\r\n')).indent, '\t');
    });

    it('lines inside comments do not count', () => {
      const text = '{\n"Version": "2012-10-17", /* a comment\n      over two lines */\n"Statement": []\n}';
      assert.equal(style(text).indent, '');
    });

    it('the most frequent step wins over an odd line', () => {
      const text = '{\n  "a": {\n    "b": 1,\n    "c": 2\n  },\n  "d": {\n         "e": 1\n  }\n}';
      assert.equal(style(text).indent, '  ');
    });

    it("a one-line document has no indentation to copy: the editor's setting fills in", () => {
      const text = JSON.stringify(POLICY);
      assert.equal(style(text).multiline, false);
      assert.equal(style(text, { tabSize: 4, insertSpaces: true }).indent, '    ');
      assert.equal(style(text, { tabSize: 4, insertSpaces: false }).indent, '\t');
    });

    it("the file's own indentation wins over the editor's setting", () => {
      assert.equal(style(JSON.stringify(POLICY, null, 2), { tabSize: 4, insertSpaces: false }).indent, '  ');
      assert.equal(style(JSON.stringify(POLICY, null, 2).replace(/\n +/g, '\n'), { tabSize: 4, insertSpaces: true }).indent, '');
    });
  });

  describe('line endings', () => {
    it('LF, CRLF and CR-only', () => {
      assert.equal(dominantEol('{\n}\n'), '\n');
      assert.equal(dominantEol('{\r\n}\r\n'), '\r\n');
      assert.equal(dominantEol('{\r"a": 1\r}\r'), '\r');
    });

    it('mixed: the most frequent; a tie goes to the first', () => {
      assert.equal(dominantEol('{\r\n"a": 1,\n"b": 2\r\n}\r\n'), '\r\n');
      assert.equal(dominantEol('{\n"a": 1\r\n}'), '\n');
      assert.equal(dominantEol('{"a": 1}'), undefined);
    });
  });

  it('spacing after the colon', () => {
    assert.equal(style(JSON.stringify(POLICY)).colon, ':');
    assert.equal(style(JSON.stringify(POLICY)).comma, ',');
    assert.equal(style(JSON.stringify(POLICY, null, 2)).colon, ': ');
    assert.equal(style('{"a" : 1}').colon, ' : ');
  });
});

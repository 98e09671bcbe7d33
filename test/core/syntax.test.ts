import { strict as assert } from 'node:assert';
import { parseJsonText, pythonJsonMessage } from '../../src/core/syntax';

const CONFIG = '{"Role":"arn:aws:iam::123456789012:role/r","Rules":[{"ID":"a","Status":"Enabled","Priority":1,"Filter":{},"Destination":{"Bucket":"arn:aws:s3:::d"}}]}';
const at = (text: string, marker: string) => text.indexOf(marker);

describe('JSON syntax problems', () => {
  describe("Python's json message (what the AWS CLI prints for a structure parameter), from the tokens before the problem", () => {
    // Each row was checked against /usr/bin/aws put-bucket-replication by hand (2.9.19, Python 3.11).
    const rows: [string, string, string][] = [
      ['a comment opening an object', CONFIG.replace('{"Role"', '{ /* c */ "Role"'), 'Expecting property name enclosed in double quotes'],
      ['a comment after a comma in an object', CONFIG.replace('"Priority":1,', '"Priority":1, // c\n'), 'Expecting property name enclosed in double quotes'],
      ['a comment after a key', CONFIG.replace('"Priority":1,', '"Priority" /* c */ :1,'), "Expecting ':' delimiter"],
      ['a comment after a colon', CONFIG.replace('"Priority":1,', '"Priority": /* c */ 1,'), 'Expecting value'],
      ['a comment after a value', CONFIG.replace('"Priority":1,', '"Priority":1 /* c */,'), "Expecting ',' delimiter"],
      ['a comment opening a list', CONFIG.replace('"Rules":[', '"Rules":[ // c\n'), 'Expecting value'],
      ['a comment after the document', `${CONFIG} // end\n`, 'Extra data'],
    ];
    for (const [name, text, message] of rows) {
      it(name, () => assert.equal(pythonJsonMessage(text, text.search(/\/[/*]/)), message));
    }

    it('an earlier comment is the problem Python meets first: nothing is claimed about a later one', () => {
      const text = CONFIG.replace('"Role"', '/* a */ "Role"').replace('"Priority":1,', '"Priority":1 /* b */,');
      assert.equal(pythonJsonMessage(text, at(text, '/* b */')), undefined);
      const afterComma = CONFIG.replace(':::d"}}]}', ':::d"},}]} // end');
      assert.equal(pythonJsonMessage(afterComma, at(afterComma, '// end')), undefined);
    });

    it('on syntax errors between tokens, and at the end of a cut-off file', () => {
      const message = (text: string) => parseJsonText(text).problems.find((p) => p.kind !== 'trailing-comma')?.python;
      assert.equal(message(CONFIG.replace('"Priority":1,', '"Priority":1 ')), "Expecting ',' delimiter");
      assert.equal(message(CONFIG.replace('"Priority":1,', "'Priority':1,")), 'Expecting property name enclosed in double quotes');
      assert.equal(message(CONFIG.replace('"Priority":1,', '"Priority":tru,')), 'Expecting value');
      assert.equal(message(`${CONFIG}}`), 'Extra data');
      assert.equal(message(CONFIG.slice(0, at(CONFIG, '"Priority":') + 11)), 'Expecting value');
      assert.equal(message(CONFIG.slice(0, at(CONFIG, '"Priority":') + 10)), "Expecting ':' delimiter");
      assert.equal(message(`${CONFIG.slice(0, at(CONFIG, '"Priority":') + 12)}\n`), "Expecting ',' delimiter");
      assert.equal(message(CONFIG.slice(0, at(CONFIG, '"Enabled"') + 4)), 'Unterminated string starting at');
      // Inside a token (a bad escape) Python words it its own way: not guessed.
      assert.equal(message(CONFIG.replace('"ID":"a"', '"ID":"\\q"')), undefined);
    });
  });

  describe('one located problem for each mistake', () => {
    it('a trailing comma is one problem on the comma, and the rest of the document parses', () => {
      for (const [text, container] of [
        [CONFIG.replace('"arn:aws:s3:::d"}', '"arn:aws:s3:::d",}'), 'object'],
        [CONFIG.replace('}}]}', '}},\n]}'), 'array'],
      ] as const) {
        const parsed = parseJsonText(text);
        assert.deepEqual(parsed.problems.map((p) => [p.kind, p.container, text.slice(p.offset, p.offset + p.length)]), [['trailing-comma', container, ',']]);
        assert.equal(parsed.broken, false);
        assert.equal(parsed.root?.type, 'object');
      }
    });

    it('a truncated file is one problem from the cut to the end, not one per bracket left open', () => {
      const text = `${CONFIG.slice(0, at(CONFIG, ',"Filter"'))}\n`;
      const parsed = parseJsonText(text);
      assert.equal(parsed.problems.length, 1);
      assert.equal(parsed.problems[0].kind, 'truncated');
      assert.match(parsed.problems[0].message, /3 brackets are still open/);
      assert.equal(parsed.broken, true);
    });
  });
});

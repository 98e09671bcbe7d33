/**
 * A fix's block looks as if the file's author typed it: the file's indentation (none, 2, 4, a tab)
 * and line ending, whatever the editor's settings say (the editor passes its tab size and spaces; a
 * 4-space editor once wrote 4-space blocks into files without indentation).
 */
import { strict as assert } from 'node:assert';
import { FormattingOptions } from 'jsonc-parser';
import { analyze } from '../../src/core/analyze';
import { applyTextEdits } from '../../src/core/fixes';

const RULE = { ID: 'all', Status: 'Enabled', Priority: 1, Filter: { Prefix: 'logs/' }, Destination: { Bucket: 'arn:aws:s3:::destination' } };
const BEFORE = { Role: 'arn:aws:iam::123456789012:role/replication', Rules: [RULE] };
const AFTER = { ...BEFORE, Rules: [{ ...RULE, DeleteMarkerReplication: { Status: 'Disabled' } }] };

/** `value` laid out with `indent` per level (`''`: one member per line, none indented) and `eol`. */
function layout(value: unknown, indent: string, eol: string): string {
  const text = indent === '' ? JSON.stringify(value, null, 1).replace(/\n +/g, '\n') : JSON.stringify(value, null, indent);
  return `${text.replace(/\n/g, eol)}${eol}`;
}

const STYLES: [string, string][] = [
  ['no indentation', ''],
  ['2 spaces', '  '],
  ['4 spaces', '    '],
  ['tabs', '\t'],
];
const EDITORS: [string, FormattingOptions | undefined][] = [
  ['the CLI (no editor settings)', undefined],
  ['an editor set to 4 spaces', { tabSize: 4, insertSpaces: true }],
  ['an editor set to tabs', { tabSize: 4, insertSpaces: false }],
];

describe("fixes keep the file's indentation and line endings", () => {
  for (const [styleName, indent] of STYLES) {
    for (const eol of ['\n', '\r\n']) {
      for (const [editorName, formatting] of EDITORS) {
        it(`${styleName}, ${eol === '\n' ? 'LF' : 'CRLF'}, from ${editorName}`, () => {
          const text = layout(BEFORE, indent, eol);
          const finding = analyze([{ uri: 'replication.json', text, formatting }]).findings.find((f) => f.ruleId === 'rc-v2-delete-marker-required');
          const fix = finding?.fixes?.find((x) => x.preferred);
          assert.ok(fix, 'the preferred fix is offered');
          assert.equal(applyTextEdits(text, fix.edits()), layout(AFTER, indent, eol));
        });
      }
    }
  }
});

import { strict as assert } from 'node:assert';
import { yamlRemove, yamlRename, yamlSet, yamlStyle } from '../../../src/core/embedded/writers/yaml';
import { Tagged } from '../../../src/core/embedded/writers/value';
import { parseYamlSource } from '../../../src/core/embedded/parsers/yaml';

const DOC = [
  'Top:',
  '  # a comment that must stay',
  '  Rule:',
  '    Id: one   # trailing comment',
  '    Status: Enabled',
  '    Filter: {Prefix: logs/}',
  '  List:',
  '    - a',
  '    - b: 1',
  '      c: 2',
  '  Flow: [x, y]',
  'Next: 1',
  '',
].join('\n');

function parses(text: string): void {
  assert.deepEqual(parseYamlSource(text).errors, [], text);
}

describe('YAML writer: minimal edits that keep the rest of the file', () => {
  it('adds a member after the last one, in the block\'s indentation, with a nested block', () => {
    const out = yamlSet(DOC, ['Top', 'Rule', 'DeleteMarkerReplication'], { Status: 'Disabled' }) as string;
    parses(out);
    assert.ok(out.includes('    Filter: {Prefix: logs/}\n    DeleteMarkerReplication:\n      Status: Disabled\n  List:'), out);
    assert.ok(out.includes('# a comment that must stay') && out.includes('# trailing comment'));
  });

  it('adds a member to a flow map inline', () => {
    const out = yamlSet(DOC, ['Top', 'Rule', 'Filter', 'Tag'], { Key: 'k', Value: 'v' }) as string;
    parses(out);
    assert.ok(out.includes('Filter: {Prefix: logs/, Tag: {Key: k, Value: v}}'), out);
  });

  it('replaces a scalar and keeps its line\'s comment', () => {
    const out = yamlSet(DOC, ['Top', 'Rule', 'Id'], 'two') as string;
    assert.ok(out.includes('    Id: two   # trailing comment'), out);
  });

  it('turns a scalar into a block list under its key', () => {
    const out = yamlSet('A:\n  Action: s3:GetObject\n', ['A', 'Action'], ['s3:GetObject', 's3:PutObject']) as string;
    parses(out);
    assert.equal(out, 'A:\n  Action:\n    - s3:GetObject\n    - s3:PutObject\n');
  });

  it('appends to block and flow lists, maps as list items', () => {
    const block = yamlSet(DOC, ['Top', 'List', 2], { d: 3, e: 'x' }) as string;
    parses(block);
    assert.ok(block.includes('      c: 2\n    - d: 3\n      e: x\n  Flow:'), block);
    const flow = yamlSet(DOC, ['Top', 'Flow', 2], 'z') as string;
    assert.ok(flow.includes('Flow: [x, y, z]'), flow);
  });

  it('removes a member with its lines, and only those', () => {
    const out = yamlRemove(DOC, ['Top', 'Rule', 'Status']) as string;
    parses(out);
    assert.equal(out, DOC.replace('    Status: Enabled\n', ''));
  });

  it('removes a list item that spans lines', () => {
    const out = yamlRemove(DOC, ['Top', 'List', 1]) as string;
    parses(out);
    assert.equal(out, DOC.replace('    - b: 1\n      c: 2\n', ''));
  });

  it('moves the next member onto a "- " line when the first member of a list item goes', () => {
    const text = 'S:\n  - Effect: Allow\n    Action: x\n';
    assert.equal(yamlRemove(text, ['S', 0, 'Effect']), 'S:\n  - Action: x\n');
  });

  it('leaves an empty map, not a dangling key, when the last member goes', () => {
    const out = yamlRemove('A:\n  B:\n    C: 1\n', ['A', 'B', 'C']) as string;
    parses(out);
    assert.equal(out, 'A:\n  B: {}\n');
  });

  it('renames a key in place', () => {
    assert.ok((yamlRename(DOC, ['Top', 'Rule', 'Id'], 'ID') as string).includes('    ID: one   # trailing comment'));
  });

  it('writes references as short-form tags and quotes what YAML would misread', () => {
    const out = yamlSet('A:\n  B: 1\n', ['A', 'R'], [new Tagged('!Sub', 'Fn::Sub', 'arn:aws:s3:::${Bucket}/*'), 'true', '2012-10-17', '*']) as string;
    parses(out);
    assert.equal(out, "A:\n  B: 1\n  R:\n    - !Sub 'arn:aws:s3:::${Bucket}/*'\n    - 'true'\n    - '2012-10-17'\n    - '*'\n");
  });

  it('follows the file\'s indentation and line endings', () => {
    const text = 'A:\r\n    B:\r\n        C: 1\r\n';
    assert.deepEqual(yamlStyle(text), { unit: '    ', eol: '\r\n' });
    assert.equal(yamlSet(text, ['A', 'B', 'D'], { E: 2 }), 'A:\r\n    B:\r\n        C: 1\r\n        D:\r\n            E: 2\r\n');
  });

  it('refuses a path whose parent does not exist', () => {
    assert.equal(yamlSet(DOC, ['Nope', 'X', 'Y'], 1), undefined);
    assert.equal(yamlRemove(DOC, ['Top', 'Nope']), undefined);
  });
});

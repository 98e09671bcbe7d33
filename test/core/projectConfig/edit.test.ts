/** "Turn off this rule" edits the project file and keeps everything else of it. */
import { strict as assert } from 'node:assert';
import { applyTextEdits } from '../../../src/core/edit/apply';
import { parseProjectConfig } from '../../../src/core/projectConfig/parse';
import { newConfigWithRuleOff, ruleOffEdits } from '../../../src/core/projectConfig/edit';

function turnOff(text: string, id: string): string | undefined {
  const edits = ruleOffEdits(text, id);
  return edits && applyTextEdits(text, edits);
}

describe('project configuration: turning a rule off', () => {
  it('writes a new file that the configuration parser reads as that rule off', () => {
    const text = newConfigWithRuleOff('rc-rule-id-missing');
    assert.equal(text, '{\n  "rules": {\n    "rc-rule-id-missing": "off"\n  }\n}\n');
    const loaded = parseProjectConfig('/repo/.s3-replication-doctor.json', text);
    assert.deepEqual(loaded.problems, []);
    assert.equal(turnOff('', 'x'), newConfigWithRuleOff('x'), 'an empty file is written whole');
  });

  it('adds the rule to "rules", keeping comments, other members and the file\'s indentation', () => {
    const text = '{\n    // team decision, see ADR-12\n    "rules": {\n        "iam-*": "warning"\n    },\n    "ignores": ["sandbox/"]\n}\n';
    assert.equal(
      turnOff(text, 'rc-rule-id-missing'),
      '{\n    // team decision, see ADR-12\n    "rules": {\n        "iam-*": "warning",\n        "rc-rule-id-missing": "off"\n    },\n    "ignores": ["sandbox/"]\n}\n',
    );
  });

  it('adds "rules" when the file has none, in CRLF when the file uses it', () => {
    assert.equal(turnOff('{\r\n  "ignores": ["a/"]\r\n}\r\n', 'x'), '{\r\n  "ignores": ["a/"],\r\n  "rules": {\r\n    "x": "off"\r\n  }\r\n}\r\n');
  });

  it('replaces the rule\'s severity when it is set, and changes nothing when it is off already', () => {
    assert.equal(turnOff('{ "rules": { "x": "error", "y": "info" } }', 'x'), '{ "rules": { "x": "off", "y": "info" } }');
    assert.deepEqual(ruleOffEdits('{ "rules": { "x": "off" } }', 'x'), []);
  });

  it('refuses a file it cannot edit safely', () => {
    assert.equal(ruleOffEdits('{ "rules": [] }', 'x'), undefined);
    assert.equal(ruleOffEdits('[1, 2]', 'x'), undefined);
    assert.equal(ruleOffEdits('{ "rules": { "x": ', 'x'), undefined);
  });
});

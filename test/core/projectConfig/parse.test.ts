import { strict as assert } from 'node:assert';
import { applyTextEdits } from '../../../src/core/fixes';
import { parseProjectConfig } from '../../../src/core/projectConfig/parse';
import { CONFIG_INVALID, CONFIG_UNKNOWN_RULE } from '../../../src/core/projectConfig/types';

const URI = '/repo/.s3-replication-doctor.json';

/** Problems as `ruleId severity "text at the location": message`, the way a reader checks them. */
function problems(text: string): string[] {
  return parseProjectConfig(URI, text).problems.map((p) => `${p.ruleId} ${p.severity} ${text.slice(p.offset, p.offset + p.length)}: ${p.message}`);
}

function fixed(text: string): string {
  const [p, ...rest] = parseProjectConfig(URI, text).problems;
  assert.equal(rest.length, 0, 'one problem expected');
  const fix = p.fixes?.[0];
  assert.ok(fix, `no fix for: ${p.message}`);
  return applyTextEdits(text, fix.edits());
}

describe('project configuration: reading .s3-replication-doctor.json', () => {
  it('reads rules, ignores and fileKinds in file order, with comments (JSONC, like tsconfig.json)', () => {
    const loaded = parseProjectConfig(
      URI,
      `{
  // quieter in this repository
  "$schema": "./node_modules/s3-replication-doctor/schemas/s3-replication-doctor-config.schema.json",
  "rules": { "iam-*": "warning", "rc-rule-id-missing": "off" },
  /* legacy templates */
  "ignores": ["legacy/", "**/*.generated.json"],
  "fileKinds": { "roles/*.json": "permission-policy", "trust/*.json": "trust-policy" }
}`,
    );
    assert.deepEqual(loaded.problems, []);
    assert.equal(loaded.applied, true);
    assert.deepEqual(loaded.config, {
      rules: [
        { pattern: 'iam-*', severity: 'warning' },
        { pattern: 'rc-rule-id-missing', severity: 'off' },
      ],
      ignores: ['legacy/', '**/*.generated.json'],
      fileKinds: [
        { glob: 'roles/*.json', kind: 'permission-policy' },
        { glob: 'trust/*.json', kind: 'trust-policy' },
      ],
    });
  });

  it('applies nothing of a file that is not JSON, and says where it breaks', () => {
    const text = '{\n  "rules": { "rc-rule-id-missing": "off", }\n}';
    const loaded = parseProjectConfig(URI, text);
    assert.equal(loaded.applied, false);
    assert.deepEqual(loaded.config.rules, []);
    assert.equal(loaded.problems.length, 1);
    const [p] = loaded.problems;
    assert.equal(p.ruleId, CONFIG_INVALID);
    assert.equal(p.severity, 'error');
    assert.equal(text.slice(p.offset, p.offset + 1), '}', 'at the brace after the trailing comma');
    assert.equal(p.message, 'Not valid JSON (a comma before a closing bracket; JSON allows no trailing comma): nothing in .s3-replication-doctor.json applies until this is fixed.');
    assert.match(parseProjectConfig(URI, '{"rules" {}}').problems[0].message, /^Not valid JSON \(colon expected\)/);
  });

  it('wants one object at the top', () => {
    assert.deepEqual(problems('["rules"]'), [
      'config-invalid error ["rules"]: .s3-replication-doctor.json must hold one JSON object, e.g. {"rules": {"rc-rule-id-missing": "off"}}.',
    ]);
    assert.equal(parseProjectConfig(URI, '').problems.length, 1);
    assert.equal(parseProjectConfig(URI, '   ').applied, false);
  });

  it('warns about an unknown rule id with the closest one, and applies every other entry', () => {
    const text = '{"rules": {"iam-list-buckett": "off", "rc-rule-id-missing": "off"}}';
    const loaded = parseProjectConfig(URI, text);
    assert.deepEqual(problems(text), [
      'config-unknown-rule warning "iam-list-buckett": "iam-list-buckett" is not a rule of S3 Replication Doctor; did you mean "iam-list-bucket"? "s3-replication-doctor --rules" lists them.',
    ]);
    assert.ok(loaded.config.rules.some((r) => r.pattern === 'rc-rule-id-missing' && r.severity === 'off'));
    assert.equal(fixed(text), '{"rules": {"iam-list-bucket": "off", "rc-rule-id-missing": "off"}}');
  });

  it('says when an id is nothing like a rule, without a guess', () => {
    assert.deepEqual(problems('{"rules": {"no-console": "off"}}'), [
      'config-unknown-rule warning "no-console": "no-console" is not a rule of S3 Replication Doctor. "s3-replication-doctor --rules" lists them.',
    ]);
  });

  it('knows rule families, and says which exist when one matches nothing', () => {
    assert.deepEqual(problems('{"rules": {"iam-kms-*": "error", "rc-v1-*": "off"}}'), []);
    const [p] = problems('{"rules": {"iamm-*": "off"}}');
    assert.match(p, /^config-unknown-rule warning "iamm-\*": "iamm-\*" matches no rule; did you mean "iam-\*"\? Families: json-\*, rc-\*, iam-\*/);
    assert.deepEqual(problems('{"rules": {"*": "off"}}').map((x) => x.split(':')[0]), ['config-invalid error "*"']);
    assert.match(problems('{"rules": {"iam*-x*": "off"}}')[0], /neither a rule id nor a family of rules/);
  });

  it('refuses severities that are not off, info, warning or error, with what to write instead', () => {
    const cases: [string, RegExp, string | undefined][] = [
      ['"warn"', /"warn" is ESLint's spelling; here it is "warning"\./, '"warning"'],
      ['"Error"', /Severities are lower case: "error", not "Error"\./, '"error"'],
      ['"erorr"', /"erorr" is not a severity for "rc-rule-id-missing": use "off", "info", "warning" or "error" \(did you mean "error"\?\)\./, '"error"'],
      ['2', /2 is not a severity .*ESLint's numbers 0, 1 and 2 are not used here/, '"error"'],
      ['0', /0 is not a severity/, '"off"'],
      ['["error", {"max": 1}]', /Rules take no options here, so no ESLint-style \["error", \.\.\.\] array/, undefined],
      ['true', /must be a string/, undefined],
    ];
    for (const [value, message, replacement] of cases) {
      const text = `{"rules": {"rc-rule-id-missing": ${value}}}`;
      const loaded = parseProjectConfig(URI, text);
      assert.deepEqual(loaded.config.rules, [], `${value} must not apply`);
      const [p] = loaded.problems;
      assert.equal(p.ruleId, CONFIG_INVALID);
      assert.equal(p.severity, 'error');
      assert.equal(text.slice(p.offset, p.offset + p.length), value, 'located on the value');
      assert.match(p.message, message);
      if (replacement) assert.equal(fixed(text), `{"rules": {"rc-rule-id-missing": ${replacement}}}`);
      else assert.equal(p.fixes, undefined);
    }
  });

  it('points at unknown top-level members, naming ESLint and cfn-lint equivalents', () => {
    assert.deepEqual(problems('{"ignore": []}'), [
      'config-invalid error "ignore": Unknown member "ignore": use "ignores" instead; .s3-replication-doctor.json takes "$schema", "rules", "ignores", "fileKinds".',
    ]);
    assert.equal(fixed('{"ignore": []}'), '{"ignores": []}');
    assert.match(problems('{"ignorePatterns": []}')[0], /use "ignores" instead/);
    assert.match(problems('{"ignore_checks": ["E3012"]}')[0], /use "rules" with "off", e.g\. \{"rules": \{"rc-rule-id-missing": "off"\}\} instead/);
    assert.match(problems('{"overrides": []}')[0], /the nearest file applies/);
    assert.match(problems('{"colour": 1}')[0], /^config-invalid error "colour": Unknown member "colour": \.s3-replication-doctor\.json takes/);
  });

  it('checks ignores: an array of non-empty patterns with / separators and no negation', () => {
    assert.deepEqual(problems('{"ignores": "legacy/"}').map((p) => p.split(': ')[1]), ['"ignores" must be an array of glob patterns, e.g. ["legacy/", "**/*.generated.json"].']);
    const text = '{"ignores": ["ok/", "", "!keep.json", "win\\\\dows.json", 3]}';
    const loaded = parseProjectConfig(URI, text);
    assert.deepEqual(loaded.config.ignores, ['ok/']);
    assert.deepEqual(
      loaded.problems.map((p) => p.message),
      [
        'An ignore pattern must not be empty.',
        'Negated patterns ("!…") are not supported: narrow the patterns that ignore instead.',
        'Use "/" in ignore patterns, also on Windows.',
        'Each entry of "ignores" is a glob pattern string.',
      ],
    );
  });

  it('checks fileKinds values against the document kinds, with the closest kind', () => {
    const text = '{"fileKinds": {"a/*.json": "trust-polcy", "b/*.json": "bucket-policy", "": "unrelated"}}';
    const loaded = parseProjectConfig(URI, text);
    assert.deepEqual(loaded.config.fileKinds, [{ glob: 'b/*.json', kind: 'bucket-policy' }]);
    assert.match(loaded.problems[0].message, /^"trust-polcy" is not a document kind; did you mean "trust-policy"\? Kinds: replication-config, /);
    assert.equal(loaded.problems[1].message, 'A glob must not be empty.');
    assert.match(problems('{"fileKinds": ["a"]}')[0], /"fileKinds" must be an object of glob → kind/);
  });

  it('warns about a key set twice; the last one applies, as in JSON.parse', () => {
    const text = '{"rules": {"rc-rule-id-missing": "off", "rc-rule-id-missing": "error"}}';
    const loaded = parseProjectConfig(URI, text);
    assert.deepEqual(loaded.config.rules, [{ pattern: 'rc-rule-id-missing', severity: 'error' }]);
    const [p] = loaded.problems;
    assert.equal(p.severity, 'warning');
    assert.equal(p.offset, text.indexOf('"rc-rule-id-missing"'), 'on the first, overridden one');
    assert.match(p.message, /set again further down; only the last one applies/);
  });

  it('never throws, whatever the text', () => {
    for (const text of ['{', '}', '{"rules":', '{"rules": {"a": }}', '\u0000', '{"rules": null, "ignores": null, "fileKinds": null, "$schema": 1}', '{"rules": {"": ""}}']) {
      const loaded = parseProjectConfig(URI, text);
      assert.ok(loaded.problems.length > 0, `${JSON.stringify(text)} has a problem`);
      for (const p of loaded.problems) {
        assert.ok(p.offset >= 0 && p.offset + p.length <= Math.max(text.length, 1), `${JSON.stringify(text)}: problem inside the text`);
        assert.ok([CONFIG_INVALID, CONFIG_UNKNOWN_RULE].includes(p.ruleId));
      }
    }
  });
});

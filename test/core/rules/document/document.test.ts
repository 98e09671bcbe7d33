import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { DocumentInput, MAX_DOCUMENT_CHARS, MAX_POLICY_CHARS } from '../../../../src/core/document';
import { Finding } from '../../../../src/core/findings';
import { applyTextEdits } from '../../../../src/core/fixes';
import { spanText } from '../../../helpers';
import {
  BUCKET_POLICY,
  CONFIG,
  CONFIG_TRAILING_COMMA_ARRAY,
  CONFIG_TRAILING_COMMA_OBJECT,
  CONFIG_TRUNCATED,
  PERMISSION_POLICY,
} from './fixtures';

function run(input: Omit<DocumentInput, 'uri'>): Finding[] {
  return analyze([{ uri: 'test.json', ...input }]).findings;
}
const of = (fs: Finding[], rule: string) => fs.filter((f) => f.ruleId === rule);

describe('document rules: what the AWS CLI does with the bytes of the file', () => {
  describe('json-encoding', () => {
    it('a UTF-8 byte order mark on a configuration: the CLI error, on the first character', () => {
      const fs = run({ text: CONFIG, encoding: 'utf8bom' });
      const [bom] = of(fs, 'json-encoding');
      assert.equal(bom.severity, 'error');
      assert.equal(bom.offset, 0);
      assert.ok(bom.message.includes(`"Error parsing parameter '--replication-configuration': Expected: '=', received: '\uFEFF'"`), bom.message);
      // The rest of the document is still checked: the mark does not hide real problems.
      assert.deepEqual(of(fs, 'json-syntax'), []);
    });

    it('a byte order mark left in the text is the same finding, and the text still parses', () => {
      const fs = run({ text: `\uFEFF${CONFIG}` });
      assert.equal(of(fs, 'json-encoding').length, 1);
      assert.deepEqual(of(fs, 'json-syntax'), []);
      assert.ok(fs.some((f) => f.ruleId.startsWith('rc-')), 'the configuration rules ran');
    });

    it('on a bucket policy S3 refuses it (error); on an IAM policy it is a warning, since IAM\'s answer is not observed', () => {
      const bucket = of(run({ text: BUCKET_POLICY, encoding: 'utf8bom' }), 'json-encoding');
      assert.equal(bucket[0].severity, 'error');
      assert.match(bucket[0].message, /first byte must be '\{'/);
      const role = of(run({ text: PERMISSION_POLICY, encoding: 'utf8bom' }), 'json-encoding');
      assert.equal(role[0].severity, 'warning');
      assert.match(role[0].message, /sends it to IAM/);
    });

    it('UTF-16 is an error for every kind: the CLI cannot decode it', () => {
      for (const text of [CONFIG, PERMISSION_POLICY]) {
        const [f] = of(run({ text, encoding: 'utf16le' }), 'json-encoding');
        assert.equal(f.severity, 'error');
        assert.match(f.message, /text contents could not be decoded/);
      }
    });

    it('says nothing about plain UTF-8', () => {
      assert.deepEqual(of(run({ text: CONFIG, encoding: 'utf8' }), 'json-encoding'), []);
      assert.deepEqual(of(run({ text: CONFIG }), 'json-encoding'), []);
    });
  });

  describe('json-syntax', () => {
    it('a trailing comma in an object is one finding on the comma, with the CLI\'s message and a fix', () => {
      const text = CONFIG_TRAILING_COMMA_OBJECT;
      const fs = run({ text });
      const syntax = of(fs, 'json-syntax');
      assert.equal(syntax.length, 1);
      assert.equal(spanText(text, syntax[0]), ',');
      assert.match(syntax[0].message, /^Trailing comma: .*last member of an object/);
      assert.match(syntax[0].message, /Invalid JSON: Expecting property name enclosed in double quotes/);
      const fixed = applyTextEdits(text, syntax[0].fixes?.[0]?.edits() ?? []);
      assert.equal(fixed, CONFIG);
      assert.ok(syntax[0].fixes?.[0]?.preferred);
    });

    it('a trailing comma in an array says what Python says there', () => {
      const [f] = of(run({ text: CONFIG_TRAILING_COMMA_ARRAY }), 'json-syntax');
      assert.match(f.message, /last element of an array.*Invalid JSON: Expecting value"/);
    });

    it('with only trailing commas, every other rule still runs on the complete tree', () => {
      const text = CONFIG_TRAILING_COMMA_OBJECT.replace(',"DeleteMarkerReplication":{"Status":"Disabled"}', '');
      const rules = new Set(run({ text }).map((f) => f.ruleId));
      assert.ok(rules.has('json-syntax'));
      assert.ok(rules.has('rc-v2-delete-marker-required'), [...rules].join(', '));
    });

    it('a truncated file is one finding in all, at the cut, naming the brackets left open', () => {
      const text = CONFIG_TRUNCATED;
      const fs = run({ text });
      assert.equal(fs.length, 1, fs.map((f) => `${f.ruleId}: ${f.message}`).join('\n'));
      const [f] = fs;
      assert.equal(f.ruleId, 'json-syntax');
      assert.equal(f.offset, text.lastIndexOf('"'));
      assert.equal(f.offset + f.length, text.length);
      assert.match(f.message, /ends inside a string, before its JSON is complete.*3 brackets are still open \(`\{` on line 1, `\[` on line 1, `\{` on line 1\)/);
      assert.match(f.message, /refuses the file before calling S3/);
    });

    it('a file cut between members points at its end', () => {
      const text = `${CONFIG.slice(0, CONFIG.indexOf(',"Filter"'))}\n`;
      const fs = run({ text });
      assert.equal(fs.length, 1);
      assert.match(fs[0].message, /^The file ends before its JSON is complete/);
    });

    it('another error is reported once, the first, and nothing else runs on the broken tree', () => {
      const text = CONFIG.replace('"Status":"Enabled","Priority"', '"Status":"Enabled" "Priority"');
      const fs = run({ text });
      assert.deepEqual(fs.map((f) => f.ruleId), ['json-syntax']);
      assert.match(fs[0].message, /^Comma expected\. /);
    });

    it('for a policy, says that the CLI sends the text as it is and the service refuses it', () => {
      const text = PERMISSION_POLICY.replace('"Resource":"arn:aws:s3:::source/*"}', '"Resource":"arn:aws:s3:::source/*",}');
      const [f] = of(run({ text }), 'json-syntax');
      assert.match(f.message, /sends a policy file's text to IAM as it is .*MalformedPolicyDocument/);
      assert.doesNotMatch(f.message, /before calling/);
    });
  });

  describe('json-comments', () => {
    it('a comment inside a configuration is an error: the CLI refuses the file', () => {
      const text = CONFIG.replace('"Rules":', '/* two destinations */ "Rules":');
      const [f] = of(run({ text }), 'json-comments');
      assert.equal(f.severity, 'error');
      assert.equal(spanText(text, f), '/* two destinations */');
      assert.match(f.message, /^Block comment: .*"Error parsing parameter '--replication-configuration': Invalid JSON: Expecting property name enclosed in double quotes"/);
      assert.equal(applyTextEdits(text, f.fixes?.[0]?.edits() ?? []).replace(' "Rules"', '"Rules"'), CONFIG);
    });

    it('a comment before the `{` makes the CLI read shorthand syntax', () => {
      const [f] = of(run({ text: `// staging\n${CONFIG}` }), 'json-comments');
      assert.match(f.message, /^Line comment: .*does not start with `\{`.*Expected: '=', received: …/);
    });

    it('in a policy, the CLI passes the comment on and the service refuses it', () => {
      const role = of(run({ text: `// replication role\n${PERMISSION_POLICY}` }), 'json-comments')[0];
      assert.equal(role.severity, 'error');
      assert.match(role.message, /sends a policy file's text to IAM as it is, comments included.*MalformedPolicyDocument/);
      const bucket = of(run({ text: `// destination\n${BUCKET_POLICY}` }), 'json-comments')[0];
      assert.match(bucket.message, /to S3 .*MalformedPolicy \("Policies must be valid JSON/);
    });
  });

  describe('json-too-large', () => {
    it('a configuration over the limit gets one finding and no analysis', () => {
      const padding = ' '.repeat(MAX_DOCUMENT_CHARS);
      const fs = run({ text: CONFIG.replace('"Rules"', `${padding}"Rules"`) });
      assert.deepEqual(fs.map((f) => f.ruleId), ['json-too-large']);
      assert.equal(fs[0].offset, 0);
      assert.match(fs[0].message, /^This replication configuration is 8\.0 MB .*S3 accepts at most 2 MB/);
    });

    it('a policy over its own limit likewise, beside a configuration that is still checked', () => {
      const big = PERMISSION_POLICY.replace('"Statement"', `${' '.repeat(MAX_POLICY_CHARS)}"Statement"`);
      const { findings } = analyze([
        { uri: 'policy.json', text: big },
        { uri: 'config.json', text: CONFIG },
      ]);
      const policy = findings.filter((f) => f.uri === 'policy.json');
      assert.deepEqual(policy.map((f) => f.ruleId), ['json-too-large']);
      assert.match(policy[0].message, /^This policy is 1\.0 MB .*far over every policy size AWS accepts/);
      assert.ok(findings.some((f) => f.uri === 'config.json'));
    });

    it('other JSON over the limit stays silent, as any JSON we do not check', () => {
      const lock = `{"name":"x","lockfileVersion":3,"packages":{"a":"${'x'.repeat(MAX_DOCUMENT_CHARS)}"}}`;
      assert.deepEqual(run({ text: lock }), []);
    });

    it('a file the CLI did not read whole is reported from its beginning', () => {
      const fs = run({ text: CONFIG.slice(0, 80), tooLarge: { size: 30_000_000, unit: 'bytes', limit: MAX_DOCUMENT_CHARS } });
      assert.deepEqual(fs.map((f) => f.ruleId), ['json-too-large']);
      assert.match(fs[0].message, /is 29 MB \(30,000,000 bytes\)/);
    });
  });
});

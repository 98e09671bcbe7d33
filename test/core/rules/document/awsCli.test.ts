/**
 * The document rules quote the AWS CLI; here Debian's AWS CLI (/usr/bin/aws, an independent
 * client) reads the same files through `file://`, and what it prints must be what the findings
 * say. The endpoint is a closed port: a file the CLI refuses fails before any request ("Error
 * parsing parameter"), a file it passes on fails to connect. CI installs awscli
 * (scripts/setup-tools.sh); without it the suite says so and skips.
 */
import { execFile } from 'node:child_process';
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../../src/core/analyze';
import { TextEncoding } from '../../../../src/core/document';
import { CONFIG, CONFIG_TRAILING_COMMA_OBJECT, CONFIG_TRUNCATED, PERMISSION_POLICY } from './fixtures';

const AWS = '/usr/bin/aws';
const PASSED_ON = /Could not connect to the endpoint URL/;

interface Case {
  name: string;
  text: string;
  encoding?: TextEncoding;
  /** The AWS CLI command and parameter that reads the file. */
  command: string[];
  /** What the AWS CLI prints; null: it sends the request (the text reaches the service as it is). */
  cli: RegExp | null;
  /** The finding of this rule must contain `quote` (the part of the CLI's output it cites). */
  rule: string;
  quote: string | RegExp;
}

const PUT_CONFIG = ['s3api', 'put-bucket-replication', '--bucket', 'source', '--replication-configuration'];
const PUT_ROLE_POLICY = ['iam', 'put-role-policy', '--role-name', 'replication', '--policy-name', 'p', '--policy-document'];
const REFUSED = "Error parsing parameter '--replication-configuration': ";

const CASES: Case[] = [
  {
    name: 'a configuration with a UTF-8 byte order mark',
    text: CONFIG,
    encoding: 'utf8bom',
    command: PUT_CONFIG,
    cli: /Error parsing parameter '--replication-configuration': Expected: '=', received: '\uFEFF'/,
    rule: 'json-encoding',
    quote: `${REFUSED}Expected: '=', received: '\uFEFF'`,
  },
  {
    name: 'a UTF-16 configuration',
    text: CONFIG,
    encoding: 'utf16le',
    command: PUT_CONFIG,
    cli: /Unable to load paramfile .*text contents could not be decoded/,
    rule: 'json-encoding',
    quote: 'text contents could not be decoded',
  },

  {
    name: 'a configuration with a trailing comma in an object',
    text: CONFIG_TRAILING_COMMA_OBJECT,
    command: PUT_CONFIG,
    cli: /Invalid JSON: Expecting property name enclosed in double quotes/,
    rule: 'json-syntax',
    quote: `${REFUSED}Invalid JSON: Expecting property name enclosed in double quotes`,
  },

  {
    name: 'a truncated configuration',
    text: CONFIG_TRUNCATED,
    command: PUT_CONFIG,
    cli: /Error parsing parameter '--replication-configuration': Invalid JSON: Unterminated string starting at: /,
    rule: 'json-syntax',
    quote: `${REFUSED}Invalid JSON: Unterminated string starting at"`,
  },
  // Python's message depends on the token before the problem; test/core/syntax.test.ts has the table (checked against this CLI by hand).
  ...pythonCase('a configuration with a comment inside', CONFIG.replace('"Rules":', '/* two destinations */ "Rules":'), 'json-comments', 'Expecting property name enclosed in double quotes'),
  ...pythonCase('a configuration cut off after a value', `${CONFIG.slice(0, CONFIG.indexOf('"Priority":') + 12)}\n`, 'json-syntax', "Expecting ',' delimiter"),
  ...pythonCase('a configuration with a comment after a value', CONFIG.replace('"Priority":1,', '"Priority":1 // first\n,'), 'json-comments', "Expecting ',' delimiter"),
  {
    name: 'a configuration starting with a comment',
    text: `// staging\n${CONFIG}`,
    command: PUT_CONFIG,
    cli: /Error parsing parameter '--replication-configuration': Expected: '=', received: /,
    rule: 'json-comments',
    quote: `${REFUSED}Expected: '=', received: `,
  },
  {
    name: 'a role policy with a comment',
    text: `// replication role\n${PERMISSION_POLICY}`,
    command: PUT_ROLE_POLICY,
    cli: null,
    rule: 'json-comments',
    quote: /sends a policy file's text to IAM as it is, comments included/,
  },


];

/** A configuration Python's json refuses with `message`, which the finding must quote exactly. */
function pythonCase(name: string, text: string, rule: string, message: string): Case[] {
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [{ name, text, command: PUT_CONFIG, cli: new RegExp(`${REFUSED}Invalid JSON: ${escaped}: line \\d+ column \\d+`), rule, quote: `${REFUSED}Invalid JSON: ${message}"` }];
}

function bytes(text: string, encoding: TextEncoding | undefined): Buffer {
  if (encoding === 'utf8bom') return Buffer.from(`\uFEFF${text}`, 'utf8');
  if (encoding === 'utf16le') return Buffer.from(`\uFEFF${text}`, 'utf16le');
  return Buffer.from(text, 'utf8');
}

describe('document rules agree with the AWS CLI (/usr/bin/aws)', function () {
  // Each CLI run starts a Python interpreter: about a second on a loaded 2-core machine.
  this.timeout(120_000);
  let home: string;
  let env: NodeJS.ProcessEnv;

  before(function () {
    if (!existsSync(AWS)) {
      console.warn(`      skipped: ${AWS} is absent. Install Debian's AWS CLI (apt-get install -y awscli, or scripts/setup-tools.sh); CI runs this suite.`);
      this.skip();
    }
    home = mkdtempSync(join(tmpdir(), 'document-cli-'));
    writeFileSync(join(home, 'config'), '');
    writeFileSync(join(home, 'credentials'), '');
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    env = {
      ...base,
      // The CLI reads file:// in the locale's encoding; CI and developers' machines use UTF-8.
      LC_ALL: 'C.UTF-8',
      HOME: home,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'document-cli',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONFIG_FILE: join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
      AWS_MAX_ATTEMPTS: '1',
      AWS_PAGER: '',
    };
  });
  after(() => {
    if (home) rmSync(home, { recursive: true, force: true });
  });

  function aws(args: string[]): Promise<string> {
    return new Promise((resolve) => {
      execFile(AWS, ['--endpoint-url', 'http://127.0.0.1:1', '--cli-connect-timeout', '2', ...args], { env, timeout: 60_000 }, (_err, stdout, stderr) =>
        resolve(`${stdout}${stderr}`),
      );
    });
  }

  // All runs up front, two at a time (one per core): one after the other they took half a minute.
  const outputs: Promise<string>[] = [];
  before(function () {
    if (!home) return;
    for (const [i, c] of CASES.entries()) {
      const file = join(home, `case-${i}.json`);
      writeFileSync(file, bytes(c.text, c.encoding));
      const previous = outputs[i - 2] ?? Promise.resolve('');
      outputs.push(previous.then(() => aws([...c.command, `file://${file}`])));
    }
  });

  for (const [i, c] of CASES.entries()) {
    it(c.name, async () => {
      const file = join(home, `case-${i}.json`);
      const out = await outputs[i];
      if (c.cli) {
        assert.match(out, c.cli);
        assert.doesNotMatch(out, PASSED_ON, 'the CLI sent a request');
      } else {
        assert.match(out, PASSED_ON, `the CLI refused the file itself:\n${out}`);
      }
      const findings = analyze([{ uri: file, text: c.text, encoding: c.encoding }]).findings.filter((f) => f.ruleId === c.rule);
      assert.equal(findings.length, 1, `one ${c.rule} finding`);
      if (typeof c.quote === 'string') assert.ok(findings[0].message.includes(c.quote), `${findings[0].message}\n  does not quote\n${c.quote}`);
      else assert.match(findings[0].message, c.quote);
    });
  }
});

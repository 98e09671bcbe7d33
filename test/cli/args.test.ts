import { strict as assert } from 'node:assert';
import { USAGE, UsageError, commandHelp, parseArgs } from '../../src/cli/args';

describe('cli arguments', () => {
  it('parses check with every option, in either --opt value or --opt=value form', () => {
    const cmd = parseArgs([
      'check', '--format=sarif', '--fix', '--quiet', '--max-warnings', '3', '--kind', 'a/*.json=trust-policy', '--kind=x=y.json=key-policy',
      '--config', 'ci/rules.json', '--rule', 'iam-*=warning', '--rule=rc-rule-id-missing=off', 'one', 'two',
    ]);
    assert.deepEqual(cmd, {
      name: 'check',
      options: {
        paths: ['one', 'two'],
        format: 'sarif',
        fix: true,
        quiet: true,
        noInfo: false,
        noWarnIgnored: false,
        stdin: false,
        maxWarnings: 3,
        kinds: [
          { glob: 'a/*.json', kind: 'trust-policy' },
          { glob: 'x=y.json', kind: 'key-policy' },
        ],
        configFile: 'ci/rules.json',
        noConfig: false,
        rules: [
          { pattern: 'iam-*', severity: 'warning' },
          { pattern: 'rc-rule-id-missing', severity: 'off' },
        ],
      },
    });
  });

  it('takes --no-config, and -c as --config', () => {
    const none = parseArgs(['check', '--no-config', '.']);
    assert.equal(none.name === 'check' && none.options.noConfig, true);
    const short = parseArgs(['check', '-c', 'x.json', '.']);
    assert.equal(short.name === 'check' && short.options.configFile, 'x.json');
  });

  it('takes everything after -- as a path, even when it looks like an option', () => {
    const cmd = parseArgs(['check', '--', '--fix', '--format=json']);
    assert.equal(cmd.name, 'check');
    assert.deepEqual(cmd.name === 'check' && cmd.options.paths, ['--fix', '--format=json']);
    assert.equal(cmd.name === 'check' && cmd.options.fix, false);
  });

  it('takes - for standard input once, with --stdin-filename, --no-info and --no-warn-ignored', () => {
    const cmd = parseArgs(['check', '--no-info', '--no-warn-ignored', '--stdin-filename', 'infra/role.json', '-', 'other.json']);
    assert.equal(cmd.name, 'check');
    if (cmd.name !== 'check') return;
    assert.deepEqual(cmd.options.paths, ['other.json']);
    assert.deepEqual([cmd.options.stdin, cmd.options.stdinFilename, cmd.options.noInfo, cmd.options.noWarnIgnored], [true, 'infra/role.json', true, true]);
    const only = parseArgs(['check', '-']);
    assert.deepEqual(only.name === 'check' && [only.options.paths, only.options.stdin], [[], true]);
  });

  it('answers --help, --version and --rules without a command', () => {
    assert.deepEqual(parseArgs(['--help']), { name: 'help', topic: undefined });
    assert.deepEqual(parseArgs(['check', 'x', '--version']), { name: 'version' });
    assert.deepEqual(parseArgs(['--rules', '--format', 'json']), { name: 'rules', format: 'json' });
  });

  it('<command> --help prints that command\'s usage and options only; --help alone prints all', () => {
    assert.deepEqual(parseArgs(['scan', '--org', '--help']), { name: 'help', topic: 'scan' });
    const scan = commandHelp('scan');
    assert.match(scan, /^Usage: s3-replication-doctor scan \[--profile P\]/);
    assert.match(scan, /--org +Scan every active account/);
    assert.match(scan, /--profile <name> +AWS profile of the scanning account/, 'the options it shares with status are described here too');
    assert.doesNotMatch(scan, /--bucket|--fix|^status:/m);
    const status = commandHelp('status');
    assert.match(status, /^Usage: s3-replication-doctor status --bucket <name>/);
    assert.doesNotMatch(status, /--org|--fix/);
    const check = commandHelp('check');
    assert.match(check, /^Usage: s3-replication-doctor check \[options\] <file\|folder>\.\.\.\n\nChecks S3 replication/);
    assert.doesNotMatch(check, /--org|--bucket/);
    for (const part of [scan, status, check]) assert.ok(USAGE.includes(part.slice(part.indexOf('\n\n') + 2).trimEnd()), 'each part is in the full help');
  });

  const usageErrors: [string[], RegExp][] = [
    [[], /missing command/],
    [['lint', 'x'], /unknown command "lint"/],
    [['check'], /no files or folders/],
    [['check', '--bogus', 'x'], /unknown option --bogus/],
    [['check', '--format', 'xml', 'x'], /unknown format "xml"/],
    [['check', 'x', '--format'], /--format needs a value/],
    [['check', '--max-warnings', '-1', 'x'], /whole number/],
    [['check', '--kind', 'policy.json', 'x'], /<glob>=<kind>/],
    [['check', '--kind', '*.json=role', 'x'], /kind among replication-config/],
    [['--rules', '--format', 'sarif'], /not sarif/],
    [['--rules', 'check', 'x'], /--rules prints the rule table and takes no command or files \(got "check x"\)/],
    [['check', 'x', '--rules'], /takes no command or files/],
    [['check', '-', '-'], /standard input \("-"\) can be named once/],
    [['check', '--fix', '-'], /cannot write standard input back/],
    [['check', '--stdin-filename', 'a.json', 'x'], /add "-" to the paths/],
    [['check', '--config', 'a.json', '--no-config', 'x'], /--config and --no-config exclude each other/],
    [['check', '--rule', 'rc-rule-id-missing', 'x'], /--rule needs <rule-id>=<severity>/],
    [['check', '--rule', 'rc-rule-id-mising=off', 'x'], /not a rule of S3 Replication Doctor; did you mean "rc-rule-id-missing"\?/],
    [['check', '--rule', 'rc-rule-id-missing=warn', 'x'], /"warn" is ESLint's spelling; here it is "warning"/],
    [['check', '--rule', 'rc-rule-id-missing=fatal', 'x'], /"fatal" is not a severity/],
    [['check', '--rule', 'nope-*=off', 'x'], /"nope-\*" matches no rule/],
    [['check', '--rule', 'i*m-*=off', 'x'], /neither a rule id nor a family/],
  ];
  for (const [argv, message] of usageErrors) {
    it(`rejects ${JSON.stringify(argv)} as a usage error`, () => {
      assert.throws(() => parseArgs(argv), (err: unknown) => err instanceof UsageError && message.test(err.message));
    });
  }
});

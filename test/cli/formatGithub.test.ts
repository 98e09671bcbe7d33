/** `check --format github`: workflow commands GitHub Actions turns into annotations on the lines. */
import { strict as assert } from 'node:assert';
import { parseArgs } from '../../src/cli/args';
import { formatGithub } from '../../src/cli/formatGithub';
import { CheckReport } from '../../src/cli/report';
import { CONFIG_MISSING_DELETE_MARKER, TempTree, runCli } from './helpers';

describe('cli: --format github', () => {
  it('prints one ::error line per finding, file relative to the working folder, then the summary; exit codes as text', async () => {
    const tree = new TempTree({ 'infra/replication.json': CONFIG_MISSING_DELETE_MARKER, 'package.json': '{"name": "x"}' });
    try {
      const r = await runCli(['check', '--format', 'github', '--no-info', 'infra', 'package.json'], tree.root);
      assert.equal(r.code, 1, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      const error = lines.find((l) => l.startsWith('::error '));
      assert.match(error ?? '', /^::error file=infra\/replication\.json,line=\d+,col=\d+,endColumn=\d+,title=rc-v2-delete-marker-required::This rule uses Filter /);
      assert.ok(lines.some((l) => /^::warning file=package\.json,line=1,col=1,title=File not checked::/.test(l)), 'a named file not checked is a warning, as in the text format');
      assert.deepEqual(lines.slice(-2), ['✖ 2 problems (1 error, 1 warning, 0 info), 1 fixable with --fix', '1 file checked (1 replication configuration), 1 ignored (not a replication configuration or policy)']);
    } finally {
      tree.cleanup();
    }
  });

  it('escapes what would end a command or a property, and says related places in the message', () => {
    const report: CheckReport = {
      cwd: '/repo',
      files: [{ path: '/repo/a,b.json', kind: 'replication-config', fixed: 0 }],
      notChecked: [],
      findings: [
        {
          ruleId: 'rc-x',
          severity: 'info',
          message: '100% sure:\nsecond line',
          fixable: false,
          at: { path: '/repo/a,b.json', line: 2, column: 3, endLine: 4, endColumn: 1 },
          related: [{ path: '/repo/c.json', line: 7, column: 1, endLine: 7, endColumn: 5, message: 'needs it' }],
        },
      ],
    };
    const [line] = formatGithub(report).split('\n');
    assert.equal(line, '::notice file=a%2Cb.json,line=2,col=3,endLine=4,title=rc-x::100%25 sure:%0Asecond line (c.json:7:1: needs it)');
  });

  it('belongs to check', () => {
    assert.throws(() => parseArgs(['scan', '--format', 'github']), /--format github belongs to the "check" command/);
    assert.throws(() => parseArgs(['status', '--bucket', 'b', '--format', 'github']), /belongs to the "check" command/);
    const check = parseArgs(['check', '--format=github', 'x.json']);
    assert.equal(check.name === 'check' && check.options.format, 'github');
  });
});

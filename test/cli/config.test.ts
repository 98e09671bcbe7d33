/**
 * `check` with `.s3-replication-doctor.json`, `--config`, `--no-config` and `--rule`, on folders
 * written here. Every tree has a `.git` at its root so that no file above the temp folder can apply.
 */
import { strict as assert } from 'node:assert';
import { CLEAN_CONFIG, CONFIG_MISSING_DELETE_MARKER, TempTree, runCli, walkthroughFile } from './helpers';

const CONFIG = '.s3-replication-doctor.json';
const REPO = { '.git/HEAD': 'ref: refs/heads/main\n' };
const WALKTHROUGH_FILES = {
  'replication-config.json': walkthroughFile('replication-config.json'),
  'role-policy.json': walkthroughFile('role-policy.json'),
  'trust-policy.json': walkthroughFile('trust-policy.json'),
};

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
  message: string;
}

async function jsonCheck(tree: TempTree, args: string[], cwd = tree.root): Promise<{ code: number; findings: JsonFinding[]; stderr: string }> {
  const run = await runCli(['check', '--format', 'json', ...args], cwd);
  return { code: run.code, stderr: run.stderr, findings: (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings };
}

/** `severity code` of the findings in one file, above info, sorted. */
const problemsIn = (findings: JsonFinding[], file: string) =>
  findings
    .filter((f) => f.file === file && f.severity !== 'info')
    .map((f) => `${f.severity} ${f.code}`)
    .sort();

describe('cli check with a configuration file', () => {
  let tree: TempTree;
  afterEach(() => tree?.cleanup());

  it('applies the nearest .s3-replication-doctor.json: severities replaced, off rules gone, exit code from what remains', async () => {
    tree = new TempTree({
      ...REPO,
      'infra/bad.json': CONFIG_MISSING_DELETE_MARKER,
      [CONFIG]: '{"rules": {"rc-v2-delete-marker-required": "warning", "rc-rule-id-missing": "off"}}',
    });
    const before = await jsonCheck(tree, ['--no-config', 'infra']);
    assert.equal(before.code, 1);
    assert.deepEqual(problemsIn(before.findings, 'infra/bad.json'), ['error rc-v2-delete-marker-required']);

    // Run from the sub-folder: the file is found upward from the checked file, not from the cwd.
    const run = await runCli(['check', 'bad.json'], tree.path('infra'));
    assert.equal(run.code, 0, 'a warning does not fail the run');
    assert.match(run.stdout, /bad\.json:\d+:\d+ +warning +This rule uses Filter.*rc-v2-delete-marker-required/);
    assert.equal(run.stderr, '');

    const strict = await runCli(['check', '--max-warnings', '0', 'bad.json'], tree.path('infra'));
    assert.equal(strict.code, 1, '--max-warnings counts the effective warnings');
  });

  it('takes only the nearest file (no merging with files further up), and none above the repository root', async () => {
    tree = new TempTree({
      [CONFIG]: '{"rules": {"rc-v2-delete-marker-required": "off"}}',
      'repo/.git/HEAD': 'ref: refs/heads/main\n',
      'repo/a.json': CONFIG_MISSING_DELETE_MARKER,
      'repo/team/.s3-replication-doctor.json': '{"rules": {"rc-rule-id-missing": "off"}}',
      'repo/team/b.json': CONFIG_MISSING_DELETE_MARKER,
      'loose/c.json': CONFIG_MISSING_DELETE_MARKER,
    });
    const { findings } = await jsonCheck(tree, ['repo', 'loose']);
    assert.deepEqual(problemsIn(findings, 'repo/a.json'), ['error rc-v2-delete-marker-required'], 'the file above repo/ (its .git) does not apply');
    assert.deepEqual(problemsIn(findings, 'repo/team/b.json'), ['error rc-v2-delete-marker-required'], 'team/ has its own file, which does not say off');
    assert.deepEqual(problemsIn(findings, 'loose/c.json'), [], 'outside a repository the search goes up to the file above');
  });

  it('--rule overrides the file (by id or family), and works without any file', async () => {
    tree = new TempTree({ ...REPO, 'bad.json': CONFIG_MISSING_DELETE_MARKER, [CONFIG]: '{"rules": {"rc-v2-delete-marker-required": "off"}}' });
    const back = await jsonCheck(tree, ['--rule', 'rc-*=error', '.']);
    assert.equal(back.code, 1);
    assert.ok(problemsIn(back.findings, 'bad.json').includes('error rc-v2-delete-marker-required'));
    assert.ok(back.findings.filter((f) => f.code.startsWith('rc-')).every((f) => f.severity === 'error'), 'info rules raised to error too');

    const none = await jsonCheck(tree, ['--no-config', '--rule', 'rc-v2-delete-marker-required=info', '.']);
    assert.equal(none.code, 0);
    assert.deepEqual(
      none.findings.filter((f) => f.code === 'rc-v2-delete-marker-required').map((f) => f.severity),
      ['info'],
    );
  });

  it('--config names a file used for every checked file, its globs relative to its own folder', async () => {
    tree = new TempTree({
      ...REPO,
      'ci/strict.json': '{"rules": {"rc-v2-delete-marker-required": "off"}, "ignores": ["/infra/legacy/"]}',
      'infra/legacy/old.json': CONFIG_MISSING_DELETE_MARKER,
      'infra/new.json': CONFIG_MISSING_DELETE_MARKER,
      [CONFIG]: '{"rules": {"rc-v2-delete-marker-required": "error"}}',
    });
    const run = await jsonCheck(tree, ['--config', 'ci/strict.json', 'infra']);
    assert.deepEqual(problemsIn(run.findings, 'infra/new.json'), [], 'the named file, not the nearest one');
    assert.equal(run.code, 0);
    // "/infra/legacy/" is anchored to ci/, so it matches nothing here.
    assert.ok(run.findings.some((f) => f.file === 'infra/legacy/old.json'));

    const missing = await runCli(['check', '--config', 'ci/none.json', 'infra'], tree.root);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 's3-replication-doctor: cannot read configuration ci/none.json: no such file\n');
  });

  it('does not check ignored files but reads them as context, and says so in the summary and for named files', async () => {
    tree = new TempTree({ ...REPO, ...WALKTHROUGH_FILES, [CONFIG]: '{"ignores": ["replication-config.json"]}' });
    const run = await runCli(['check', '.'], tree.root);
    assert.doesNotMatch(run.stdout, /^replication-config\.json$/m, 'no findings under the ignored file');
    // The role's finding comes from the ignored configuration's rule, and points at it.
    assert.match(run.stdout, /role-policy\.json:\d+:\d+ +warning .*iam-get-object-version-tagging\n +replication-config\.json:5:7 +rule "replicate-all" needs/);
    assert.match(run.stdout, /2 files checked \(1 permission policy, 1 trust policy\), 1 skipped by the configuration's ignores/);
    assert.equal(run.code, 0);

    const named = await runCli(['check', 'replication-config.json'], tree.root);
    assert.equal(named.code, 0);
    assert.equal(named.stderr, '');
    assert.match(named.stdout, new RegExp(`^ {2}replication-config\\.json:1:1 {2}warning {2}File not checked: ignored by "replication-config\\.json" in ${CONFIG.replace(/\./g, '\\.')}\\. Use --no-config to check it anyway`, 'm'));
    assert.equal((await runCli(['check', '--no-config', 'replication-config.json'], tree.root)).code, 1);
  });

  it('reports a configuration mistake where it is, keeps checking with the rest of the file, and exits 1 for it', async () => {
    tree = new TempTree({
      ...REPO,
      'bad.json': CONFIG_MISSING_DELETE_MARKER,
      [CONFIG]: '{\n  "rules": {\n    "rc-v2-delete-marker-required": "warn",\n    "rc-rule-id-mising": "off",\n    "rc-filter-empty-all-objects": "off"\n  }\n}\n',
    });
    const run = await runCli(['check', '.'], tree.root);
    assert.equal(run.code, 1);
    const lines = run.stdout.split('\n');
    assert.equal(lines[0], CONFIG, 'the configuration first');
    assert.match(lines[1], /^ {2}\.s3-replication-doctor\.json:3:37 +error +"warn" is ESLint's spelling; here it is "warning"\. +config-invalid$/);
    assert.match(lines[2], /^ {2}\.s3-replication-doctor\.json:4:5 +warning +"rc-rule-id-mising" is not a rule of S3 Replication Doctor; did you mean "rc-rule-id-missing"\?.* config-unknown-rule$/);
    assert.match(run.stdout, /bad\.json:\d+:\d+ +error .*rc-v2-delete-marker-required/, 'the broken entry does not apply');
    assert.doesNotMatch(run.stdout, /rc-filter-empty-all-objects/, 'the valid entry does');
  });

  it('applies nothing of a configuration that is not JSON, and points at the break', async () => {
    tree = new TempTree({ ...REPO, 'bad.json': CONFIG_MISSING_DELETE_MARKER, [CONFIG]: '{"rules": {"rc-v2-delete-marker-required": "off",}}' });
    const { code, findings } = await jsonCheck(tree, ['.']);
    assert.equal(code, 1);
    assert.deepEqual(
      findings.filter((f) => f.file === CONFIG).map((f) => `${f.line}:${f.column} ${f.code} ${f.message}`),
      ['1:50 config-invalid Not valid JSON (a comma before a closing bracket; JSON allows no trailing comma): nothing in .s3-replication-doctor.json applies until this is fixed.'],
    );
    assert.deepEqual(problemsIn(findings, 'bad.json'), ['error rc-v2-delete-marker-required']);
  });

  it('pins kinds with fileKinds (relative to its folder); --kind on the command line comes first', async () => {
    tree = new TempTree({ ...REPO, 'iam/role.json': '{"Version": "2012-10-17"}', [CONFIG]: '{"fileKinds": {"iam/*.json": "permission-policy"}}' });
    const run = await runCli(['check', 'iam/role.json'], tree.root);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /1 file checked \(1 permission policy\)/);
    const cli = await runCli(['check', '--kind', 'role.json=unrelated', 'iam/role.json'], tree.root);
    assert.match(cli.stdout, /0 files checked, 1 ignored/);
  });

  it('--fix applies no fix of a rule that is off, and leaves ignored files alone', async () => {
    tree = new TempTree({
      ...REPO,
      'a.json': CONFIG_MISSING_DELETE_MARKER,
      'legacy/b.json': CONFIG_MISSING_DELETE_MARKER,
      [CONFIG]: '{"ignores": ["legacy/"]}',
    });
    const fixed = await runCli(['check', '--fix', '.'], tree.root);
    assert.equal(fixed.code, 0, fixed.stdout);
    assert.match(tree.read('a.json'), /DeleteMarkerReplication/);
    assert.equal(tree.read('legacy/b.json'), CONFIG_MISSING_DELETE_MARKER);

    tree.write('a.json', CONFIG_MISSING_DELETE_MARKER);
    const off = await runCli(['check', '--fix', '--rule', 'rc-v2-delete-marker-required=off', 'a.json'], tree.root);
    assert.equal(off.code, 0);
    assert.equal(tree.read('a.json'), CONFIG_MISSING_DELETE_MARKER, 'an off rule fixes nothing');
  });

  it('validates a configuration file named on the command line, without checking it as a document', async () => {
    tree = new TempTree({ ...REPO, 'cfg.json': CLEAN_CONFIG, [CONFIG]: '{"rule": {}}' });
    const run = await jsonCheck(tree, [CONFIG]);
    assert.equal(run.code, 1);
    assert.deepEqual(run.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.code}`), [`${CONFIG}:1:2 config-invalid`]);
    assert.match(run.findings[0].message, /Unknown member "rule": use "rules" instead/);
    assert.equal(run.stderr, '');
  });

  it('puts configuration problems into SARIF with their own rule entries', async () => {
    tree = new TempTree({ ...REPO, 'cfg.json': CLEAN_CONFIG, [CONFIG]: '{"rules": {"rc-rule-id-mising": "off"}}' });
    const run = await runCli(['check', '--format', 'sarif', '.'], tree.root);
    const sarif = JSON.parse(run.stdout) as { runs: { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const [result] = sarif.runs[0].results;
    assert.equal(result.ruleId, 'config-unknown-rule');
    assert.equal(result.level, 'warning');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, '.s3-replication-doctor.json');
    assert.match(sarif.runs[0].tool.driver.rules[0].shortDescription.text, /names a rule that does not exist/);
    assert.equal(run.code, 0);
  });

  it('documents the options in --help', async () => {
    tree = new TempTree();
    const help = (await runCli(['--help'], tree.root)).stdout;
    assert.match(help, /--config <file> +Use this configuration file for every checked file/);
    assert.match(help, /--no-config +Use no configuration file\./);
    assert.match(help, /--rule <id>=<severity> +Set a rule \(or a family, e\.g\. 'iam-\*'\) to off, info, warning or error/);
    assert.match(help, /Precedence: --rule over the file over each rule's default/);
  });
});

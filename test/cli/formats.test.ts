import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { formatSarif } from '../../src/cli/formatSarif';
import { formatText } from '../../src/cli/formatText';
import { CheckReport } from '../../src/cli/report';
import { ALL_RULES } from '../../src/core/rules';
import { CONFIG_MISSING_DELETE_MARKER, TempTree, runCli, walkthroughFile } from './helpers';

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
}

/** The parts of SARIF we emit; typed for reading only, every property is still checked at run time. */
interface SarifLocation {
  id?: number;
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  };
  message?: { text: string };
}
interface SarifRule {
  id: string;
  shortDescription: { text: string; markdown?: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
}
interface SarifLog {
  $schema: string;
  version: string;
  runs: { tool: { driver: { name: string; version: string; informationUri?: string; rules: SarifRule[] } }; columnKind: string; results: SarifResult[] }[];
}

/** The properties SARIF 2.1.0 requires (and GitHub code scanning reads), checked structurally. */
function assertValidSarif(log: SarifLog): void {
  assert.equal(log.version, '2.1.0');
  assert.equal(typeof log.$schema, 'string');
  assert.ok(Array.isArray(log.runs) && log.runs.length === 1);
  const run = log.runs[0];
  const driver = run.tool?.driver;
  assert.equal(driver.name, 's3-replication-doctor');
  assert.match(driver.version, /^\d+\.\d+\.\d+/);
  // No public home page: no informationUri rather than a placeholder (optional in SARIF 2.1.0).
  assert.equal(driver.informationUri, undefined);
  assert.equal(run.columnKind, 'utf16CodeUnits');
  const ids = driver.rules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  for (const rule of driver.rules) {
    assert.equal(typeof rule.id, 'string');
    assert.equal(typeof rule.shortDescription.text, 'string');
    if (rule.helpUri !== undefined) assert.match(rule.helpUri, /^https:\/\/docs\.aws\.amazon\.com\//);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  }
  const assertLocation = (loc: SarifLocation) => {
    const { artifactLocation, region } = loc.physicalLocation;
    assert.equal(typeof artifactLocation.uri, 'string');
    assert.ok(!artifactLocation.uri.includes('\\'));
    if (artifactLocation.uriBaseId !== undefined) assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
    else assert.match(artifactLocation.uri, /^file:\/\//);
    for (const [k, v] of Object.entries(region)) assert.ok(Number.isInteger(v) && v >= 1, k);
    assert.equal(Object.keys(region).length, 4);
    assert.ok(region.endLine > region.startLine || (region.endLine === region.startLine && region.endColumn >= region.startColumn));
  };
  for (const result of run.results) {
    assert.equal(driver.rules[result.ruleIndex].id, result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.equal(typeof result.message.text, 'string');
    assert.ok(result.locations.length >= 1);
    result.locations.forEach(assertLocation);
    for (const related of result.relatedLocations ?? []) {
      assertLocation(related);
      assert.equal(typeof related.message?.text, 'string');
      assert.ok(Number.isInteger(related.id));
    }
  }
}

/** A report built by hand: related locations and every severity, whatever the rules do today. */
function handMadeReport(cwd: string): CheckReport {
  const place = (file: string, line: number, column: number) => ({ path: join(cwd, file), line, column, endLine: line, endColumn: column + 4 });
  return {
    cwd,
    files: [
      { path: join(cwd, 'a b#1.json'), kind: 'replication-config', fixed: 0 },
      { path: join(cwd, 'p.json'), kind: 'permission-policy', fixed: 0 },
    ],
    findings: [
      {
        ruleId: ALL_RULES[0].id,
        severity: 'error',
        message: 'first',
        fixable: false,
        at: place('a b#1.json', 3, 5),
        related: [{ ...place('p.json', 7, 9), message: 'the other one' }],
      },
      { ruleId: ALL_RULES[0].id, severity: 'info', message: 'second', fixable: true, at: place('p.json', 1, 1), related: [] },
    ],
    notChecked: [{ path: join(cwd, 'package.json'), message: 'File not checked: not recognised.' }],
  };
}

describe('cli output formats', () => {
  let tree: TempTree;
  afterEach(() => tree?.cleanup());

  it('json: 1-based lines, columns in UTF-16 code units across CRLF, relative paths with /', async () => {
    // The emoji before "Filter" on the same line counts 2 columns, as in VS Code.
    const text = '{\r\n"Role": "arn:aws:iam::123456789012:role/r",\r\n"Rules": [\r\n{"ID": "😀", "Filter": {"Prefix": "a/"}, "Status": "Enabled", "Priority": 1, "Destination": {"Bucket": "arn:aws:s3:::d"}}\r\n]\r\n}\r\n';
    tree = new TempTree({ 'dir/cfg.json': text });
    const run = await runCli(['check', '--format', 'json', '.'], tree.root);
    const out = JSON.parse(run.stdout) as { findings: JsonFinding[] };
    assert.deepEqual(Object.keys(out), ['findings']);
    const f = out.findings.find((x) => x.code === 'rc-v2-delete-marker-required');
    assert.ok(f);
    assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']);
    const col = '{"ID": "😀", '.length + 1;
    assert.deepEqual([f.file, f.line, f.column, f.endLine, f.endColumn, f.severity], ['dir/cfg.json', 4, col, 4, col + '"Filter"'.length, 'error']);
    assert.ok(out.findings.every((x) => ['error', 'warning', 'info'].includes(x.severity)));
  });

  it('json: an empty list when nothing is wrong', async () => {
    tree = new TempTree({ 'package.json': '{}' });
    const run = await runCli(['check', '--format', 'json', '.'], tree.root);
    assert.deepEqual(JSON.parse(run.stdout), { findings: [] });
  });

  it('sarif: a valid 2.1.0 log for the walkthrough, with the rules that fired and their doc links', async () => {
    tree = new TempTree({
      'infra/replication-config.json': walkthroughFile('replication-config.json'),
      'infra/role-policy.json': walkthroughFile('role-policy.json'),
    });
    const run = await runCli(['check', '--format', 'sarif', 'infra'], tree.root);
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout) as SarifLog;
    assertValidSarif(log);
    const result = log.runs[0].results.find((r) => r.ruleId === 'rc-v2-delete-marker-required');
    assert.ok(result);
    assert.equal(result.level, 'error');
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'infra/replication-config.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 8, startColumn: 1, endLine: 8, endColumn: 9 },
    });
    const rule = log.runs[0].tool.driver.rules.find((r) => r.id === 'rc-v2-delete-marker-required');
    assert.match(rule?.helpUri ?? '', /^https:\/\/docs\.aws\.amazon\.com\//);
    const firedIds = new Set(log.runs[0].results.map((r) => r.ruleId));
    assert.deepEqual(new Set(log.runs[0].tool.driver.rules.map((r) => r.id)), firedIds);
    // SARIF's text is plain (code scanning shows it as is); the summary's markdown rides along in markdown.
    assert.deepEqual(rule?.shortDescription, {
      text: 'A rule with Filter (V2 schema) must say DeleteMarkerReplication; S3 rejects it otherwise.',
      markdown: 'A rule with `Filter` (V2 schema) must say `DeleteMarkerReplication`; S3 rejects it otherwise.',
    });
    for (const r of [...log.runs[0].tool.driver.rules.map((x) => x.shortDescription), ...log.runs[0].results.map((x) => x.message)]) assert.ok(!r.text.includes('`'), r.text);
  });

  it('sarif: related locations, notes for info, escaped URIs, absolute file URIs outside the folder', () => {
    const cwd = join(__dirname, 'somewhere');
    const report = handMadeReport(cwd);
    report.findings.push({ ...report.findings[1], at: { ...report.findings[1].at, path: '/elsewhere/x.json' } });
    const log = JSON.parse(formatSarif(report)) as SarifLog;
    assertValidSarif(log);
    const [first, second, outside] = log.runs[0].results;
    assert.equal(first.locations[0].physicalLocation.artifactLocation.uri, 'a%20b%231.json');
    assert.deepEqual(first.relatedLocations, [
      {
        id: 0,
        physicalLocation: { artifactLocation: { uri: 'p.json', uriBaseId: '%SRCROOT%' }, region: { startLine: 7, startColumn: 9, endLine: 7, endColumn: 13 } },
        message: { text: 'the other one' },
      },
    ]);
    assert.equal(second.level, 'note');
    assert.equal(outside.locations[0].physicalLocation.artifactLocation.uri, 'file:///elsewhere/x.json');
    // A named file that was not checked is no result: a tool execution notification, with its place.
    const run = log.runs[0] as unknown as { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; locations: SarifLocation[] }[] }[] };
    assert.equal(run.invocations[0].executionSuccessful, true);
    const [note] = run.invocations[0].toolExecutionNotifications;
    assert.deepEqual([note.level, note.message.text, note.locations[0].physicalLocation.artifactLocation.uri], ['warning', 'File not checked: not recognised.', 'package.json']);
    assert.equal(log.runs[0].results.length, 3);
  });

  it('text: related locations indented under their finding, a summary with counts and fixables', () => {
    const out = formatText(handMadeReport('/repo'), { color: false });
    assert.equal(
      out,
      [
        'package.json',
        '  package.json:1:1  warning  File not checked: not recognised.',
        '',
        'a b#1.json',
        `  a b#1.json:3:5  error    first  ${ALL_RULES[0].id}`,
        '      p.json:7:9  the other one',
        '',
        'p.json',
        `  p.json:1:1  info     second  ${ALL_RULES[0].id}`,
        '',
        '✖ 3 problems (1 error, 1 warning, 1 info), 1 fixable with --fix',
        '2 files checked (1 replication configuration, 1 permission policy)',
        '',
      ].join('\n'),
    );
  });

  it('text: says which files were fixed before the remaining findings', async () => {
    tree = new TempTree({ 'cfg.json': CONFIG_MISSING_DELETE_MARKER });
    const run = await runCli(['check', '--fix', '.'], tree.root);
    assert.match(run.stdout, /^Fixed 1 problem in cfg\.json\n\n/);
  });
});

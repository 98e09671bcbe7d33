import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TempTree, runCli } from './helpers';

const FIXTURES = join(__dirname, '../core/formats/cloudformation/fixtures');
const WALKTHROUGH_YAML = readFileSync(join(FIXTURES, 'walkthrough.yaml'), 'utf8');
const WALKTHROUGH_JSON = readFileSync(join(FIXTURES, 'walkthrough.template.json'), 'utf8');

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  severity: string;
  code: string;
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } };
}

const WORKFLOW = 'name: ci\non:\n  push:\n    branches: [main]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n';

/** 1-based line of the first line of `text` matching `pattern`. */
function lineOf(text: string, pattern: RegExp): number {
  return text.split('\n').findIndex((l) => pattern.test(l)) + 1;
}

describe('cli check on CloudFormation and CDK templates', () => {
  let tree: TempTree;
  afterEach(() => tree?.cleanup());

  it('walks YAML, .template and cdk.out files (not node_modules), and counts a template as one file', async () => {
    tree = new TempTree({
      'infra/stack.yaml': WALKTHROUGH_YAML,
      'cdk.out/App.template.json': WALKTHROUGH_JSON,
      'legacy/stack.template': WALKTHROUGH_YAML,
      '.github/workflows/ci.yml': WORKFLOW,
      'node_modules/dep/stack.yaml': WALKTHROUGH_YAML,
      'notes.txt': WALKTHROUGH_YAML,
    });
    const run = await runCli(['check', '--format', 'json', '.'], tree.root);
    assert.equal(run.code, 1);
    const files = [...new Set((JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.file))].sort();
    assert.deepEqual(files, ['cdk.out/App.template.json', 'infra/stack.yaml', 'legacy/stack.template']);
    const text = await runCli(['check', '.'], tree.root);
    assert.match(text.stdout, /\n3 files checked \(3 templates\), 1 ignored \(not a replication configuration or policy\)\n$/);
    assert.equal(text.stderr, '', 'a YAML file found by walking is ignored quietly');

    tree.cleanup();
    tree = new TempTree({ 'stack.yaml': WALKTHROUGH_YAML });
    assert.match((await runCli(['check', 'stack.yaml'], tree.root)).stdout, /\n1 file checked \(1 template\)\n$/);
  });

  it('reports findings at the template lines that cause them, in text, JSON and SARIF', async () => {
    tree = new TempTree({ 'stack.yaml': WALKTHROUGH_YAML });
    const filterLine = lineOf(WALKTHROUGH_YAML, /^\s+Filter:/);
    const tagsLine = lineOf(WALKTHROUGH_YAML, /s3:GetObjectVersionForReplication/) - 1;
    const ruleLine = lineOf(WALKTHROUGH_YAML, /- Id: replicate-all/);

    const text = await runCli(['check', 'stack.yaml'], tree.root);
    assert.match(text.stdout, new RegExp(`^ {2}stack\\.yaml:${filterLine}:13 +error +This rule uses Filter .*rc-v2-delete-marker-required$`, 'm'));

    const json = (JSON.parse((await runCli(['check', '--format', 'json', 'stack.yaml'], tree.root)).stdout) as { findings: JsonFinding[] }).findings;
    const dm = json.find((f) => f.code === 'rc-v2-delete-marker-required');
    assert.deepEqual(dm && [dm.file, dm.line, dm.column], ['stack.yaml', filterLine, 13]);

    const sarif = JSON.parse((await runCli(['check', '--format', 'sarif', 'stack.yaml'], tree.root)).stdout) as {
      runs: { results: { ruleId: string; locations: SarifLocation[]; relatedLocations?: SarifLocation[] }[] }[];
    };
    const tagging = sarif.runs[0].results.find((r) => r.ruleId === 'iam-get-object-version-tagging');
    assert.ok(tagging, 'the role policy finding is reported');
    const at = tagging.locations[0].physicalLocation;
    assert.equal(at.artifactLocation.uri, 'stack.yaml');
    assert.equal(at.region.startLine, tagsLine, 'on the statement’s Action list');
    const related = tagging.relatedLocations?.[0].physicalLocation;
    assert.equal(related?.artifactLocation.uri, 'stack.yaml', 'the related rule is in the same template');
    assert.equal(related?.region.startLine, ruleLine);
  });

  it('says why a named YAML file was not checked, as a warning without a rule id, without suggesting --kind', async () => {
    tree = new TempTree({ 'ci.yml': WORKFLOW, 'role.json': '{"Version": "2012-10-17"}' });
    const run = await runCli(['check', 'ci.yml', 'role.json'], tree.root);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /^ {2}ci\.yml:1:1 {2}warning {2}File not checked: not recognised as a CloudFormation template\. Use --no-warn-ignored to hide this warning\.$/m);
    assert.match(run.stdout, /role\.json:1:1 {2}warning {2}File not checked: not recognised as a replication configuration or an IAM policy \(permission, trust, bucket or key policy\) \(nor as a Terraform plan or CloudFormation template\)\. Use --kind/);
    assert.match(run.stdout, /0 files checked, 2 ignored/);
    assert.match(run.stdout, /\(0 errors, 2 warnings, 0 info\)/);
  });

  it('--kind reads a template-looking JSON file as the plain document it names', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }], Resources: { Type: 'AWS::S3::Bucket' } });
    tree = new TempTree({ 'p.json': policy });
    const auto = await runCli(['check', 'p.json'], tree.root);
    assert.match(auto.stdout, /1 file checked \(1 template\)/);
    const forced = await runCli(['check', '--kind', 'p.json=permission-policy', 'p.json'], tree.root);
    assert.match(forced.stdout, /1 file checked \(1 permission policy\)/);
  });

  it('--fix rewrites a YAML template in YAML, keeping its comments, and a JSON template in JSON', async () => {
    tree = new TempTree({ 'stack.yaml': WALKTHROUGH_YAML, 'cdk.out/App.template.json': WALKTHROUGH_JSON });
    const run = await runCli(['check', '--fix', '.'], tree.root);
    assert.match(run.stdout, /Fixed 4 problems in stack\.yaml/);
    assert.match(run.stdout, /Fixed 4 problems in cdk\.out\/App\.template\.json/);
    const yaml = tree.read('stack.yaml');
    assert.ok(yaml.includes('# the one rule'), 'comments kept');
    assert.match(yaml, /\n {12}DeleteMarkerReplication:\n {14}Status: Disabled\n/);
    const json = JSON.parse(tree.read('cdk.out/App.template.json')) as { Resources: { SourceBucket: { Properties: { ReplicationConfiguration: { Rules: { DeleteMarkerReplication: unknown }[] } } } } };
    assert.deepEqual(json.Resources.SourceBucket.Properties.ReplicationConfiguration.Rules[0].DeleteMarkerReplication, { Status: 'Disabled' });
    const again = await runCli(['check', '--format', 'json', '.'], tree.root);
    const left = (JSON.parse(again.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.code);
    for (const id of ['rc-v2-delete-marker-required', 'rc-rtc-requires-metrics', 'iam-get-object-version-tagging']) assert.ok(!left.includes(id), id);
  });

  it('reports broken YAML in a template as a located error and leaves the file alone with --fix', async () => {
    const broken = WALKTHROUGH_YAML.replace('      BucketName: walkthrough-source\n', '      BucketName: walkthrough-source\n     Oops: [\n');
    tree = new TempTree({ 'stack.yaml': broken });
    const run = await runCli(['check', '--fix', '--format', 'json', 'stack.yaml'], tree.root);
    assert.equal(run.code, 1);
    const syntax = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings.filter((f) => f.code === 'yaml-syntax');
    assert.ok(syntax.length >= 1);
    assert.equal(syntax[0].severity, 'error');
    assert.equal(tree.read('stack.yaml'), broken, 'not rewritten');
  });
});

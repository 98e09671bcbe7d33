/** The CLI on Terraform: modules in folders (not `.terraform/`), SARIF into `.tf` files, `--fix` in HCL, plans in CI. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { moduleFiles } from '../core/formats/terraform/module';
import { TempTree, runCli } from './helpers';

const MODULE = moduleFiles({ style: 'standalone', policy: 'document', sourceActions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl'] });
MODULE['replication.tf'] = MODULE['replication.tf'].replace(/\n\s*delete_marker_replication \{\n\s*status = "Disabled"\n\s*\}\n/, '\n');

function prefixed(files: Record<string, string>, folder: string): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [`${folder}/${k}`, v]));
}

describe('cli check on Terraform', function () {
  this.timeout(60_000);
  let tree: TempTree;
  afterEach(() => tree?.cleanup());

  it('walks *.tf as one module per folder (skipping .terraform/), reports in SARIF at the .tf lines', async () => {
    tree = new TempTree({ ...prefixed(MODULE, 'infra'), 'infra/.terraform/modules/vendored/main.tf': MODULE['replication.tf'] });
    const run = await runCli(['check', '--format', 'sarif', '.'], tree.root);
    assert.equal(run.code, 1, run.stderr);
    const sarif = JSON.parse(run.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const results = sarif.runs[0].results;
    const dm = results.filter((r) => r.ruleId === 'rc-v2-delete-marker-required');
    assert.equal(dm.length, 1, 'the copy under .terraform/ is not read');
    assert.equal(dm[0].locations[0].physicalLocation.artifactLocation.uri, 'infra/replication.tf');
    const line = MODULE['replication.tf'].split('\n').findIndex((l) => l.includes('filter {')) + 1;
    assert.equal(dm[0].locations[0].physicalLocation.region.startLine, line);
    assert.ok(results.some((r) => r.ruleId === 'iam-get-object-version-tagging' && r.locations[0].physicalLocation.artifactLocation.uri === 'infra/policy.tf'));
  });

  it('--fix writes HCL into the module and the next check passes', async () => {
    tree = new TempTree(prefixed(MODULE, 'infra'));
    const fixed = await runCli(['check', '--fix', 'infra'], tree.root);
    assert.equal(fixed.code, 0, fixed.stdout + fixed.stderr);
    const replication = readFileSync(join(tree.root, 'infra/replication.tf'), 'utf8');
    assert.match(replication, /delete_marker_replication \{\n\s+status = "Disabled"\n\s+\}/);
    assert.match(readFileSync(join(tree.root, 'infra/policy.tf'), 'utf8'), /"s3:GetObjectVersionTagging"/);
    const again = await runCli(['check', 'infra'], tree.root);
    assert.equal(again.code, 0, again.stdout);
  });

  it('reads the whole module when one .tf file is named', async () => {
    tree = new TempTree(prefixed(MODULE, 'infra'));
    const run = await runCli(['check', '--format', 'json', 'infra/replication.tf'], tree.root);
    const findings = (JSON.parse(run.stdout) as { findings: { file: string; code: string }[] }).findings;
    // The role and its policy are in other files: without them the role's grants could not be checked.
    assert.ok(findings.some((f) => f.code === 'iam-get-object-version-tagging' && f.file === 'infra/policy.tf'));
    assert.ok(findings.some((f) => f.code === 'rc-v2-delete-marker-required' && f.file === 'infra/replication.tf'));
  });

  it('reads the JSON file a module reads with file() when only the module is named, and reports it there', async () => {
    const files = moduleFiles({ style: 'standalone', policy: 'file', sourceActions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl'] });
    const policy = files['replication-policy.json'];
    delete files['replication-policy.json'];
    for (const [name, text] of Object.entries(files)) files[name] = text.replace('${path.module}/replication-policy.json', '${path.module}/../policies/replication.json');
    tree = new TempTree({ ...prefixed(files, 'infra'), 'policies/replication.json': policy });
    const run = await runCli(['check', '--format', 'json', 'infra'], tree.root);
    const findings = (JSON.parse(run.stdout) as { findings: { file: string; code: string }[] }).findings;
    assert.ok(
      findings.some((f) => f.code === 'iam-get-object-version-tagging' && f.file === 'policies/replication.json'),
      JSON.stringify(findings.map((f) => `${f.file}: ${f.code}`)),
    );
  });

  it('checks a plan in JSON before apply, naming the resource address', async () => {
    const plan = readFileSync(join(__dirname, '../core/formats/terraform/fixtures/plan/walkthrough.plan.json'), 'utf8');
    tree = new TempTree({ 'plan.json': plan });
    const run = await runCli(['check', '--format', 'json', 'plan.json'], tree.root);
    assert.equal(run.code, 1);
    const findings = (JSON.parse(run.stdout) as { findings: { file: string; code: string; message: string }[] }).findings;
    const dm = findings.find((f) => f.code === 'rc-v2-delete-marker-required');
    assert.ok(dm);
    assert.equal(dm.file, 'plan.json');
    assert.match(dm.message, /^aws_s3_bucket_replication_configuration\.replication: /);
  });
});

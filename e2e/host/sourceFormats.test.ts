/**
 * Replication written where most users write it: a Terraform module of two plain `.tf` files (no
 * Terraform extension installed, so VS Code knows them only by their extension) and a CloudFormation
 * template in YAML with short-form intrinsics, in folders beside the walkthrough
 * (e2e/fixtures/source-formats). The installed extension loads the HCL grammar from its package,
 * reads the module across its files, and its quick fixes write HCL and YAML in the file's layout.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { openValidated, ours, preferredFix, problems, revert, ruleId, validated } from './support';


/** Applies the preferred fix, waits for the re-check, and returns the text the fix left. */
async function applyPreferred(doc: vscode.TextDocument, rule: string): Promise<{ title: string; text: string }> {
  const fix = await preferredFix(doc, rule);
  assert.equal(await vscode.workspace.applyEdit(fix.edit as vscode.WorkspaceEdit), true, `applyEdit refused "${fix.title}"`);
  await validated(doc);
  return { title: fix.title, text: doc.getText() };
}

describe('replication in a Terraform module and a CloudFormation YAML template', () => {
  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments) await revert(doc);
  });

  it('a plain .tf file gets its module\'s problems, the role policy in the other file checked against the rule', async () => {
    const main = await openValidated('terraform/main.tf');
    const iam = await openValidated('terraform/iam.tf');
    assert.deepEqual(problems(main.uri), ['error rc-v2-delete-marker-required @ line 37'], `main.tf (language id ${main.languageId})`);
    assert.deepEqual(problems(iam.uri), ['error iam-replicate-object @ line 33']);
    const missing = ours(iam.uri).find((d) => ruleId(d) === 'iam-replicate-object');
    assert.match(missing?.message ?? '', /s3:ReplicateObject on arn:aws:s3:::tf-e2e-destination\/logs\/\*/);
    assert.deepEqual(
      missing?.relatedInformation?.map((r) => `${r.location.uri.path.split('/').pop()}:${r.location.range.start.line + 1} ${r.message}`),
      ['main.tf:42 rule "logs" needs s3:ReplicateObject'],
      'the related location points at the rule\'s destination in the other file',
    );
  });

  it('main.tf: the quick fix adds delete_marker_replication as an HCL block in the file\'s layout, and the error goes', async () => {
    const doc = await openValidated('terraform/main.tf');
    const before = doc.getText();
    const { title, text } = await applyPreferred(doc, 'rc-v2-delete-marker-required');
    assert.equal(title, 'Add delete_marker_replication { status = "Disabled" }');
    const destinationEnd = '      storage_class = "STANDARD"\n    }\n';
    assert.equal(text, before.replace(destinationEnd, `${destinationEnd}\n    delete_marker_replication {\n      status = "Disabled"\n    }\n`));
    assert.deepEqual(problems(doc.uri), []);
  });

  it('iam.tf: the quick fix adds a policy-document statement with lists, aligned as terraform fmt aligns it, and the error goes', async () => {
    const doc = await openValidated('terraform/iam.tf');
    const before = doc.getText();
    const { text } = await applyPreferred(doc, 'iam-replicate-object');
    const lastStatementEnd = '    resources = ["${aws_s3_bucket.destination.arn}/*"]\n  }\n';
    const added = '\n  statement {\n    effect    = "Allow"\n    actions   = ["s3:ReplicateObject"]\n    resources = ["arn:aws:s3:::tf-e2e-destination/logs/*"]\n  }\n';
    assert.equal(text, before.replace(lastStatementEnd, lastStatementEnd + added));
    assert.deepEqual(problems(doc.uri), []);
  });

  it('CloudFormation YAML: the circular dependency is an error, and the metrics fix writes YAML under the rule and keeps its comments', async () => {
    const doc = await openValidated('cloudformation/replication.yaml');
    assert.deepEqual(problems(doc.uri), ['error cfn-circular-dependency @ line 47', 'error rc-rtc-requires-metrics @ line 21']);
    const before = doc.getText();
    const { text } = await applyPreferred(doc, 'rc-rtc-requires-metrics');
    const rtc = '                Time:\n                  Minutes: 15\n';
    assert.equal(text, before.replace(rtc, `${rtc}              Metrics:\n                Status: Enabled\n                EventThreshold:\n                  Minutes: 15\n`));
    assert.match(text, /Prefix: "" {3}# every object/);
    assert.deepEqual(problems(doc.uri), ['error cfn-circular-dependency @ line 51']);
  });
});

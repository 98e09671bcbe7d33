/**
 * Each walkthrough problem's preferred quick fix, executed the way the lightbulb does (code action
 * provider + applyEdit): the result is the documented fix, nothing of the user's content is lost, the
 * diagnostic goes away and no new problem appears.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { openValidated, preferredFix, problems, revert, validated } from './support';

type Json = Record<string, unknown>;
interface Policy {
  Statement: { Effect: string; Action: string | string[]; Resource: string | string[] }[];
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/** The parsed original with `path` set to `value`: what a fix that only adds one member must produce. */
function withMember(original: Json, path: (string | number)[], value: unknown): Json {
  const copy = structuredClone(original);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

interface Case {
  file: string;
  rule: string;
  /** Asserts the fixed document against the original, both parsed. */
  expect(before: Json, after: Json): void;
}

const CASES: Case[] = [
  {
    file: 'replication-config.json',
    rule: 'rc-v2-delete-marker-required',
    expect: (before, after) => assert.deepEqual(after, withMember(before, ['Rules', 0, 'DeleteMarkerReplication'], { Status: 'Disabled' })),
  },
  {
    file: 'replication-config.json',
    rule: 'rc-rtc-requires-metrics',
    expect: (before, after) =>
      assert.deepEqual(after, withMember(before, ['Rules', 0, 'Destination', 'Metrics'], { Status: 'Enabled', EventThreshold: { Minutes: 15 } })),
  },
  {
    file: 'role-policy.json',
    rule: 'iam-get-object-version-tagging',
    expect: (before, after) => {
      const grants = (p: Json, action: string, resource: string) =>
        (p as unknown as Policy).Statement.some((s) => s.Effect === 'Allow' && list(s.Action).includes(action) && list(s.Resource).includes(resource));
      assert.ok(grants(after, 's3:GetObjectVersionTagging', 'arn:aws:s3:::source-bucket/*'), 'the fixed policy does not allow it on source-bucket/*');
      // Nothing the policy granted before is lost.
      for (const s of (before as unknown as Policy).Statement) {
        for (const a of list(s.Action)) for (const r of list(s.Resource)) assert.ok(grants(after, a, r), `the fix dropped ${a} on ${r}`);
      }
    },
  },
];


describe('quick fixes on the walkthrough', () => {
  afterEach(async () => {
    for (const doc of vscode.workspace.textDocuments) await revert(doc);
  });

  for (const c of CASES) {
    it(`${c.file}: the preferred fix for ${c.rule}`, async () => {
      const doc = await openValidated(c.file);
      const before = doc.getText();
      const problemsBefore = problems(doc.uri);
      const fix = await preferredFix(doc, c.rule);

      assert.equal(await vscode.workspace.applyEdit(fix.edit as vscode.WorkspaceEdit), true, `applyEdit refused "${fix.title}"`);
      await validated(doc);

      c.expect(JSON.parse(before) as Json, JSON.parse(doc.getText()) as Json);
      assert.deepEqual(
        problems(doc.uri),
        problemsBefore.filter((p) => !p.includes(` ${c.rule} `)),
        'after the fix, its diagnostic should be gone and nothing new reported',
      );
    });
  }

  it('"Fix All Auto-Fixable Problems in This File" clears both configuration errors at once', async () => {
    const doc = await openValidated('replication-config.json');
    const before = JSON.parse(doc.getText()) as Json;
    await vscode.commands.executeCommand('s3ReplicationDoctor.fixAll');
    await validated(doc);
    assert.deepEqual(problems(doc.uri), []);
    const both = withMember(
      withMember(before, ['Rules', 0, 'DeleteMarkerReplication'], { Status: 'Disabled' }),
      ['Rules', 0, 'Destination', 'Metrics'],
      { Status: 'Enabled', EventThreshold: { Minutes: 15 } },
    );
    assert.deepEqual(JSON.parse(doc.getText()), both);
  });
});

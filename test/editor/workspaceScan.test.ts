/**
 * The workspace scan's pre-filter and schedule (issue: the extension read up to 5,000 JSON files of
 * any workspace, AWS or not). The pre-filter must never drop a file the engine reads as ours: it is
 * checked against `readDocument` (what the editor's store keeps) on the real-world corpus, the
 * project's fixtures and the walkthrough, and on keys written with escapes.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { decodeBytes } from '../../src/core/encoding';
import { readDocument } from '../../src/core/formats';
import { awsLookingName, describeCost, mayBeAws, ScanFile, scanFiles, scanOrder, ScanHooks } from '../../src/editor/workspaceScan';

const ROOT = join(__dirname, '..', '..');
const SHARED = join(ROOT, '..', 'shared');
const SCANNED = /\.(json|ya?ml|template|tf)$/i;

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules') continue;
    if (statSync(path).isDirectory()) walk(path, out);
    else if (SCANNED.test(name)) out.push(path);
  }
  return out;
}

const isOurs = (path: string, text: string) => readDocument({ uri: path, text }).kind !== 'unrelated';

describe('editor: workspace scan pre-filter', () => {
  it('never drops a file the engine reads as ours: the corpus, the fixtures and the walkthrough', function () {
    this.timeout(60_000);
    const files = [join(SHARED, 'corpus'), join(SHARED, 'examples'), join(ROOT, 'test'), join(ROOT, 'e2e', 'fixtures')].flatMap((d) => walk(d));
    assert.ok(files.length > 2_000, `the corpus is there: ${files.length} files`);
    let ours = 0;
    let unrelated = 0;
    let unrelatedDropped = 0;
    const missed: string[] = [];
    for (const path of files) {
      const { text } = decodeBytes(readFileSync(path));
      const kept = mayBeAws(path, text);
      if (isOurs(path, text)) {
        ours++;
        if (!kept) missed.push(relative(ROOT, path));
      } else {
        unrelated++;
        if (!kept) unrelatedDropped++;
      }
    }
    assert.deepEqual(missed, [], 'files of ours the pre-filter would drop');
    assert.ok(ours > 2_000, `${ours} files of ours`);
    // It is a filter, not a pass-through: most unrelated files of the corpus are dropped unparsed.
    assert.ok(unrelated > 20 && unrelatedDropped / unrelated > 0.5, `${unrelatedDropped} of ${unrelated} unrelated files dropped`);
  });

  it('lets through every marker, with keys written with escapes, templates, plans and Terraform files; drops package.json-like files', () => {
    const cases: [string, string][] = [
      ['a.json', '{"Role": "arn:aws:iam::111122223333:role/r", "Rules": []}'],
      ['a.json', '{"ReplicationConfiguration": {}}'],
      ['a.json', '{"\\u0053tatement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'],
      ['a.json', '{"Rol\\u0065": "arn:aws:iam::111122223333:role/r"}'],
      ['a.json', '{"Role": {"AssumeRolePolicyDocument": {"Statement": []}}}'],
      ['a.json', '{"QueueConfigurations": [{"Events": ["s3:ObjectCreated:*"], "QueueArn": "arn:aws:sqs:us-east-1:111122223333:q"}]}'],
      ['a.json', '{"EventBridgeConfiguration": {}}'],
      ['a.yaml', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}\n'],
      ['a.yaml', 'Resources:\n  B:\n    Type: AWS::S3::Bucket\n'],
      ['plan.json', '{"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {}}'],
      ['main.tf', 'provider "google" {}\n'],
    ];
    for (const [path, text] of cases) {
      assert.ok(isOurs(path, text) || path.endsWith('.tf'), `the case is one the engine reads: ${text}`);
      assert.ok(mayBeAws(path, text), text);
    }
    const unrelated = JSON.stringify({ name: 'web', version: '1.0.0', scripts: { build: 'vite build' }, dependencies: { react: '18.0.0' }, eslintConfig: { rules: {} } });
    assert.ok(!mayBeAws('package.json', unrelated));
    assert.ok(!mayBeAws('k8s.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n'));
  });

  it('tells AWS-looking file names from others', () => {
    for (const p of ['/w/main.tf', '/w/stack.template', '/w/cdk.json', '/w/sam/template.yaml', '/w/x.cfn.yml', '/w/s3-replication-policy.json', '/w/trust.json', '/w/policies/read-only-policy.json', '/w/.s3-replication-doctor.json', '/w/cloudformation/app.yaml']) {
      assert.ok(awsLookingName(p), p);
    }
    for (const p of ['/w/package.json', '/w/tsconfig.json', '/w/src/i18n/en.json', '/w/.github/workflows/ci.yml', '/w/templates/page.json']) assert.ok(!awsLookingName(p), p);
  });
});

/** A workspace in memory: paths to texts, read as bytes. */
function workspace(files: Record<string, string>): { list: ScanFile[]; hooks: ScanHooks; kept: string[]; reads: string[]; turns: () => number } {
  const kept: string[] = [];
  const reads: string[] = [];
  let turns = 0;
  const hooks: ScanHooks = {
    load: async (f) => {
      reads.push(f.path);
      return { bytes: new TextEncoder().encode(files[f.path]) };
    },
    keep: (f, text) => {
      const ours = isOurs(f.path, text);
      if (ours) kept.push(f.path);
      return ours;
    },
    cancelled: () => false,
    yieldTurn: async () => {
      turns++;
      await new Promise((r) => setImmediate(r));
    },
  };
  return { list: Object.keys(files).map((path) => ({ uri: `file://${path}`, path })), hooks, kept, reads, turns: () => turns };
}

const web = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`/w/src/data/item-${i}.json`, JSON.stringify({ id: i, title: `Item ${i}`, tags: ['a', 'b'] })]));
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });

describe('editor: workspace scan schedule', () => {
  it('stops early in a workspace with nothing about AWS, and says how much it left unread', async () => {
    const ws = workspace(web(1_000));
    const cost = await scanFiles(ws.list, ws.hooks, { quietLimit: 100, batchSize: 8 });
    assert.equal(cost.stoppedEarly, true);
    assert.equal(cost.read, 104, 'the batch under way when the limit was reached is finished');
    assert.equal(cost.notRead, 1_000 - 104);
    assert.equal(cost.parsed, 0, 'nothing was parsed: the pre-filter dropped every file');
    assert.equal(cost.relevant, 0);
    assert.ok(cost.bytes > 0 && cost.bytes < 104 * 100);
    assert.equal(ws.turns(), 104, 'a turn of the event loop before each file');
    assert.match(describeCost(cost), /Stopped early: nothing about AWS in the first 104 files.*896 files were not read.*Files you open are still checked/);
  });

  it('reads to the end when one file of ours is found, or when a file name looks like AWS', async () => {
    const found = workspace({ ...web(300), '/w/src/data/zz/notes.json': POLICY });
    // Without the quiet limit reached first: the policy sits among the first files read (shallower path order puts it last, so use a high limit).
    const all = await scanFiles(found.list, found.hooks, { quietLimit: 0 });
    assert.equal(all.read, 301);
    assert.deepEqual(found.kept, ['/w/src/data/zz/notes.json']);

    const named = workspace({ ...web(300), '/w/infra/deep/er/replication-policy.json': '{"note": "not yet written"}' });
    const cost = await scanFiles(named.list, named.hooks, { quietLimit: 50 });
    assert.equal(cost.stoppedEarly, false);
    assert.equal(cost.read, 301);
    assert.equal(named.reads[0], '/w/infra/deep/er/replication-policy.json', 'AWS-looking names are read first');
  });

  it('does not stop once a file of ours was found within the quiet limit', async () => {
    const ws = workspace({ '/w/a.json': POLICY, ...web(300) });
    const cost = await scanFiles(ws.list, ws.hooks, { quietLimit: 50 });
    assert.equal(cost.stoppedEarly, false);
    assert.equal(cost.read, 301);
    assert.equal(cost.relevant, 1);
    assert.equal(cost.parsed, 1);
  });

  it('parses a file whose kind a setting forces, whatever it holds', async () => {
    const ws = workspace({ '/w/scp.json': '{"not": "recognisable"}' });
    let forcedSeen: unknown;
    ws.hooks.load = async () => ({ bytes: new TextEncoder().encode('{"not": "recognisable"}'), forced: 'service-control-policy' });
    ws.hooks.keep = (_f, _t, _e, forced) => ((forcedSeen = forced), true);
    const cost = await scanFiles(ws.list, ws.hooks);
    assert.equal(cost.parsed, 1);
    assert.equal(forcedSeen, 'service-control-policy');
  });

  it('stops when cancelled, between files, and waits while the user types', async () => {
    const ws = workspace(web(200));
    let cancelled = false;
    let idleCalls = 0;
    ws.hooks.cancelled = () => cancelled;
    ws.hooks.idle = async () => {
      idleCalls++;
    };
    const keep = ws.hooks.keep;
    let parsedBeforeCancel = 0;
    ws.hooks.keep = (f, t, e, k) => {
      parsedBeforeCancel++;
      return keep(f, t, e, k);
    };
    const load = ws.hooks.load;
    ws.hooks.load = async (f) => {
      if (ws.reads.length === 20) cancelled = true;
      return load(f);
    };
    const cost = await scanFiles(ws.list, ws.hooks, { quietLimit: 0, batchSize: 8 });
    assert.equal(cost.cancelled, true);
    assert.ok(cost.read < 24, `${cost.read} files read after cancelling at the 21st`);
    assert.equal(parsedBeforeCancel, 0);
    assert.ok(idleCalls >= 3, 'the scan asks whether it may go on before each batch');
    assert.match(describeCost(cost), /Cancelled/);
  });

  it('orders AWS-looking names first, then shallower paths', () => {
    const order = scanOrder([
      { uri: '1', path: '/w/a/b/c.json' },
      { uri: '2', path: '/w/x.json' },
      { uri: '3', path: '/w/a/b/main.tf' },
      { uri: '4', path: '/w/a/y.json' },
    ]).map((f) => f.uri);
    assert.deepEqual(order, ['3', '2', '4', '1']);
  });
});

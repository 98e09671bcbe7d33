import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveAction } from '../../../src/core/iam/actions';
import { createIamData, findIamDataDirectory, useIamDataDirectory } from '../../../src/core/iam/data';
import { closest, editDistance } from '../../../src/core/iam/suggest';

function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iam-data-'));
  mkdirSync(join(dir, 'actions'));
  mkdirSync(join(dir, 'resourceTypes'));
  writeFileSync(join(dir, 'services.json'), JSON.stringify(['demo', 'broken']));
  writeFileSync(
    join(dir, 'actions', 'demo.json'),
    JSON.stringify({ dothing: { name: 'DoThing', resourceTypes: [{ name: 'widget', required: true }] }, listall: { name: 'ListAll', resourceTypes: [] } }),
  );
  writeFileSync(join(dir, 'resourceTypes', 'demo.json'), JSON.stringify({ widget: { key: 'widget', arn: 'arn:${Partition}:demo:${Region}:${Account}:widget/${Id}' } }));
  writeFileSync(join(dir, 'actions', 'broken.json'), '{ not json');
  return dir;
}

describe('IAM service data', () => {
  let dir: string;
  beforeEach(() => (dir = fixtureDir()));
  afterEach(() => {
    useIamDataDirectory(undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a service only when asked, and keeps its lookup maps', () => {
    const data = createIamData(dir);
    assert.equal(data.available, true);
    assert.deepEqual(data.serviceNames(), ['demo', 'broken']);
    const demo = data.service('DEMO');
    assert.equal(demo?.actions.get('dothing')?.name, 'DoThing');
    assert.deepEqual(demo?.actions.get('dothing')?.resourceTypes, ['widget']);
    assert.equal(demo?.resourceTypes.get('widget')?.arn, 'arn:${Partition}:demo:${Region}:${Account}:widget/${Id}');
    assert.equal(data.service('demo'), demo, 'second lookup is the cached object');
  });

  it('answers "unknown" for an unreadable service file or a missing directory instead of throwing', () => {
    assert.equal(createIamData(dir).service('broken'), undefined);
    const none = createIamData(join(dir, 'nowhere'));
    assert.equal(none.available, false);
    assert.equal(none.hasService('s3'), false);
  });

  it('can be pointed at another directory; action resolution follows it', () => {
    useIamDataDirectory(dir);
    assert.equal(resolveAction('demo:dothing').kind, 'actions');
    const typo = resolveAction('demo:DoThng');
    assert.deepEqual(typo, { kind: 'unknown-action', service: 'demo', suggestion: 'demo:DoThing' });
    assert.equal(resolveAction('s3:GetObject').kind, 'unknown-service');
    useIamDataDirectory(join(dir, 'nowhere'));
    assert.equal(resolveAction('demo:dothing').kind, 'unknown-data', 'without data nothing is judged');
    useIamDataDirectory(undefined);
    assert.equal(resolveAction('s3:GetObject').kind, 'actions', 'back to the real data');
  });

  it('finds the data beside a bundle first, then in node_modules', () => {
    const bundle = mkdtempSync(join(tmpdir(), 'bundle-'));
    try {
      mkdirSync(join(bundle, 'iam-data'));
      writeFileSync(join(bundle, 'iam-data', 'services.json'), '[]');
      assert.equal(findIamDataDirectory(bundle), join(bundle, 'iam-data'));
      assert.match(findIamDataDirectory(__dirname) ?? '', /node_modules[\\/]@cloud-copilot[\\/]iam-data[\\/]data$/);
    } finally {
      rmSync(bundle, { recursive: true, force: true });
    }
  });

  it('resolves real S3 actions, wildcards and typos', () => {
    const r = resolveAction('s3:Replicate*');
    assert.ok(r.kind === 'actions' && r.actions.some((a) => a.name === 'ReplicateObject'));
    assert.deepEqual(resolveAction('s3:GetObjectVersionTaging'), { kind: 'unknown-action', service: 's3', suggestion: 's3:GetObjectVersionTagging' });
    assert.deepEqual(resolveAction('s3:Nothing*'), { kind: 'unknown-action', service: 's3' });
    assert.equal(resolveAction('GetObject').kind, 'no-prefix');
    assert.equal(resolveAction('*').kind, 'all');
  });
});

describe('suggestions', () => {
  it('counts edits, transpositions included', () => {
    assert.equal(editDistance('ReplicateObject', 'ReplicateObject'), 0);
    assert.equal(editDistance('RepilcateObject', 'ReplicateObject'), 1);
    assert.equal(editDistance('abc', 'xyz'), 3);
  });

  it('suggests only names close enough to be typos', () => {
    assert.equal(closest('Resources', ['Resource', 'NotResource', 'Action']), 'Resource');
    assert.equal(closest('Completely', ['Resource', 'Action']), undefined);
  });
});

describe('IAM service data, packed for the bundle', () => {
  it('reads the packed data the build ships exactly as the package files it was packed from', async () => {
    const { packIamData } = await import('../../../scripts/iamDataPack.mjs');
    const source = findIamDataDirectory(__dirname) as string;
    const packed = mkdtempSync(join(tmpdir(), 'iam-packed-'));
    try {
      const written = packIamData(source, packed);
      assert.ok(written.services > 400, `${written.services} services`);
      assert.ok(existsSync(join(packed, 'packed.data')) && !existsSync(join(packed, 'actions')));
      const fromFiles = createIamData(source);
      const fromPack = createIamData(packed);
      assert.deepEqual(fromPack.serviceNames(), fromFiles.serviceNames());
      for (const prefix of ['s3', 'kms', 'iam', 'sts', 'ec2', 'sqs', 'batch']) {
        const a = fromFiles.service(prefix);
        const b = fromPack.service(prefix);
        assert.ok(a && b, prefix);
        assert.deepEqual([...b.actions], [...a.actions], `${prefix} actions`);
        assert.deepEqual([...b.resourceTypes], [...a.resourceTypes], `${prefix} resource types`);
      }
      assert.equal(fromPack.service('no-such-service'), undefined);
    } finally {
      rmSync(packed, { recursive: true, force: true });
    }
  });
});

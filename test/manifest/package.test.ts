/**
 * package.json and the .vsix as a user meets them in the Extensions view: a real icon, no placeholder
 * addresses, and a package holding what the extension loads and nothing else (not the CLI).
 */
import { strict as assert } from 'node:assert';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { icon?: string; repository?: unknown };

describe('package.json as the Extensions view shows it', () => {
  it('has an icon: a 128x128 PNG', () => {
    assert.equal(manifest.icon, 'media/icon.png');
    const png = readFileSync(join(ROOT, manifest.icon));
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    // IHDR: width and height, big-endian, right after the 8-byte signature and the chunk header.
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it('names no placeholder address: the project has no public home, so no repository field', () => {
    assert.doesNotMatch(readFileSync(join(ROOT, 'package.json'), 'utf8'), /example\.(invalid|com|org)/);
    assert.equal(manifest.repository, undefined);
  });
});

describe('.vsix contents (vsce with the project\'s .vscodeignore)', function () {
  this.timeout(60_000);
  let tree = '';
  before(() => {
    tree = mkdtempSync(join(tmpdir(), 's3rd-vsix-'));
    for (const f of ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE']) cpSync(join(ROOT, f), join(tree, f));
    // What a build leaves beside the sources: the packaging rules decide which of these ship.
    for (const f of ['dist/extension.js', 'dist/aws.js', 'dist/cli.js', 'dist/cli.js.map', 'dist/iam-data/packed.data', 'dist/iam-data/packed.idx.json', 'dist/iam-data/services.json', 'media/icon.png', 'schemas/iam-policy.schema.json', 'src/extension.ts', 'test/x.test.ts', 'e2e/run.mjs', 'node_modules/x/index.js', 's3-replication-doctor.vsix', 'scripts/build.mjs']) {
      mkdirSync(dirname(join(tree, f)), { recursive: true });
      writeFileSync(join(tree, f), 'x');
    }
  });
  after(() => rmSync(tree, { recursive: true, force: true }));

  it('ships the extension bundles, the packed IAM data, schemas and media; not the CLI, sources or tests', async () => {
    // The typings vsce names (dist/vsce.d.ts) are not in its npm package: the API is typed here.
    const vsce = (await import('@vscode/vsce')) as unknown as { listFiles(o: { cwd: string; packageManager: number }): Promise<string[]>; PackageManager: { None: number } };
    const files = (await vsce.listFiles({ cwd: tree, packageManager: vsce.PackageManager.None })).map((f) => f.split('\\').join('/')).sort();
    assert.deepEqual(files, [
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist/aws.js',
      'dist/extension.js',
      'dist/iam-data/packed.data',
      'dist/iam-data/packed.idx.json',
      'dist/iam-data/services.json',
      'media/icon.png',
      'package.json',
      'schemas/iam-policy.schema.json',
    ]);
  });
});

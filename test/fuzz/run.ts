/**
 * `npm run fuzz [-- --count N] [--seed S ...] [--replay S:N]`: generates N documents per seed
 * (default 100,000; seeds default to the fixed 17 and one drawn at random, both printed), applies
 * every fix offered on each, and prints issue 17's table. Exits 1 unless every row reads 0.
 * `--replay S:N` prints document N of seed S and what the checker found on it.
 */
import { COUNTERS, Counter, Stats, checkDocument, emptyStats } from './check';
import { Generator } from './generate';

export const FIXED_SEED = 17;

/** `deepEvery`: make the re-analysis checks on one document in this many (1: all). */
export function runSeed(seed: number, count: number, progress?: (line: string) => void, deepEvery = 1): Stats {
  const generator = new Generator(seed);
  const stats = emptyStats();
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    checkDocument(generator.document(i), i, stats, { deep: i % deepEvery === 0 });
    if (progress && (i + 1) % 10_000 === 0) progress(`  seed ${seed}: ${(i + 1).toLocaleString('en-US')} documents, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  return stats;
}

export function report(seed: number, stats: Stats, seconds: number, cpuSeconds: number): string[] {
  const lines = [
    `Seed ${seed}: ${stats.documents.toLocaleString('en-US')} documents in ${seconds.toFixed(0)} s (${cpuSeconds.toFixed(0)} s of CPU), ${stats.findings.toLocaleString('en-US')} findings, ` +
      `${stats.fixesChecked.toLocaleString('en-US')} fixes applied one by one (${stats.fixesSkipped} more on large documents not), ` +
      `re-analysis checks on ${stats.deepChecked.toLocaleString('en-US')} documents, ` +
      `${stats.fixLoopApplied.toLocaleString('en-US')} applied by --fix; ${stats.brokenBefore.toLocaleString('en-US')} documents invalid JSON before any fix ` +
      `(${stats.tooDeep} nested too deep).`,
    '',
  ];
  const width = Math.max(...Object.values(COUNTERS).map((t) => t.length));
  lines.push(`| ${'what'.padEnd(width)} | count |`, `|${'-'.repeat(width + 2)}|------:|`);
  for (const [key, title] of Object.entries(COUNTERS)) lines.push(`| ${title.padEnd(width)} | ${String(stats.counts[key as Counter]).padStart(5)} |`);
  for (const [key, examples] of Object.entries(stats.examples)) {
    if (examples.length === 0) continue;
    lines.push('', `${COUNTERS[key as Counter]}:`);
    for (const e of examples) lines.push(`  ${e}`);
  }
  return lines;
}

function main(argv: string[]): number {
  let count = 100_000;
  const seeds: number[] = [];
  let replay: [number, number] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--count') count = Number(argv[++i]);
    else if (a === '--seed') seeds.push(Number(argv[++i]));
    else if (a === '--replay') {
      const [s, n] = (argv[++i] ?? '').split(':').map(Number);
      replay = [s, n];
    } else {
      console.error(`unknown argument ${a}; use --count N, --seed S, --replay S:N`);
      return 2;
    }
  }
  if (replay) {
    const [s, n] = replay;
    const d = new Generator(s).document(n);
    console.log(`Document ${n} of seed ${s}: ${d.recipe.join(' ')}${d.target.kind ? ` (kind ${d.target.kind})` : ''}`);
    console.log(JSON.stringify(d.target.text.length > 5000 ? `${d.target.text.slice(0, 5000)}…` : d.target.text));
    const stats = emptyStats();
    checkDocument(d, n, stats);
    console.log(report(s, stats, 0, 0).join('\n'));
    return Object.values(stats.counts).some((c) => c > 0) ? 1 : 0;
  }
  if (seeds.length === 0) seeds.push(FIXED_SEED, Math.floor(Math.random() * 2 ** 31));
  console.log(`Fuzz: ${count.toLocaleString('en-US')} documents per seed, seeds ${seeds.join(', ')} (replay one with --replay SEED:INDEX)`);
  let failed = false;
  for (const seed of seeds) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const stats = runSeed(seed, count, (line) => console.log(line));
    const used = process.cpuUsage(cpu);
    console.log(`\n${report(seed, stats, (performance.now() - started) / 1000, (used.user + used.system) / 1e6).join('\n')}\n`);
    if (Object.values(stats.counts).some((c) => c > 0)) failed = true;
  }
  console.log(failed ? 'FAILED: some rows are not 0.' : 'Every row reads 0.');
  return failed ? 1 : 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

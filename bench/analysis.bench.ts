/**
 * Engine speed on the largest configuration S3 accepts (1,000 rules), against a bare jsonc-parser
 * parse of the same text. Target: analysis under 2× the parse. Also: what each rule costs, and
 * what `--fix` costs when every rule of a configuration has a fixable defect.
 */
import { parseTree } from 'jsonc-parser';
import { runFixLoop } from '../src/cli/fixLoop';
import { analyze } from '../src/core/analyze';
import { parseDocument } from '../src/core/document';
import { ALL_RULES } from '../src/core/rules';
import { generateConfig, generateV1Config } from './generateConfig';
import { Bench, measure, measureTogether, ms, table } from './lib';

const RULES = 1000;
const TARGET = 2;
/** `--fix` sizes: fixes are computed on their rule's text, so cost should grow about linearly. */
const FIX_SIZES = [100, RULES];

const bench: Bench = {
  title: `Analysis of a ${RULES.toLocaleString('en')}-rule replication configuration`,
  async run(print) {
    const cases = [
      { name: 'valid', text: generateConfig(RULES) },
      { name: 'every rule defective', text: generateConfig(RULES, { defective: true }) },
    ];
    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const c of cases) {
      const findings = analyze([{ uri: 'bench.json', text: c.text }]).findings.length;
      const [parse, full] = await measureTogether([() => parseTree(c.text), () => analyze([{ uri: 'bench.json', text: c.text }])], { budgetMs: 4000 });
      const ratio = full.median / parse.median;
      const kb = `${Math.round(c.text.length / 1024)} KiB`;
      rows.push([`${c.name}: jsonc-parser parseTree`, kb, '', ms(parse.median), ms(parse.min), '1.00×']);
      rows.push([`${c.name}: analyze()`, kb, String(findings), ms(full.median), ms(full.min), `${ratio.toFixed(2)}×`]);
      verdicts.push(`${c.name}: analyze() is ${ratio.toFixed(2)}× the bare parse (target < ${TARGET}×): ${ratio < TARGET ? 'OK' : 'MISS'}`);
    }
    table(['case', 'size', 'findings', 'median ms', 'min ms', 'vs parse'], rows).forEach(print);
    print('');
    verdicts.forEach(print);

    print('');
    print('Where the time goes (valid configuration; document parsed once, then each rule alone):');
    const doc = parseDocument({ uri: 'bench.json', text: cases[0].text });
    const perRule: [string, number][] = [];
    const parseDoc = await measure(() => parseDocument({ uri: 'bench.json', text: cases[0].text }), { minRuns: 5, budgetMs: 1000 });
    perRule.push(['(parseDocument: parse, classify, comments, formatting)', parseDoc.median]);
    for (const rule of ALL_RULES.filter((r) => r.kinds.includes(doc.kind) && !r.live)) {
      const t = await measure(() => analyze([doc], { rules: [rule] }), { warmup: 1, minRuns: 5, budgetMs: 200 });
      perRule.push([rule.id, t.median]);
    }
    perRule.sort((a, b) => b[1] - a[1]);
    const sum = perRule.reduce((acc, [, t]) => acc + t, 0);
    table(['rule', 'median ms'], perRule.slice(0, 12).map(([id, t]) => [id, ms(t)])).forEach(print);
    if (perRule.length > 12) print(`(${perRule.length - 12} more under ${ms(perRule[12][1])} ms each)`);
    print(`Sum over parseDocument and every rule: ${ms(sum)} ms. The rest of analyze()'s time comes from running them together`);
    print('(garbage collection of findings, per-document caches that are warm here).');

    print('');
    print('--fix when every rule has a defect (fix loop, in memory, until stable):');
    const fixRows: string[][] = [];
    const fixCases = [
      ...FIX_SIZES.map((n) => ({ name: `${n} rules`, text: generateConfig(n, { defective: true }) })),
      // "Convert all N V1 rules to V2" is the preferred fix of every other rule: one fix, shared.
      ...[200, RULES].map((n) => ({ name: `${n} V1 rules, two destinations`, text: generateV1Config(n) })),
    ];
    for (const c of fixCases) {
      let applied = 0;
      const fix = () => (applied = runFixLoop([{ uri: 'bench.json', text: c.text }], () => true).applied.get('bench.json') ?? 0);
      const t = await measure(fix, { warmup: 0, minRuns: 1, maxRuns: 3, budgetMs: 0 });
      fixRows.push([c.name, `${Math.round(c.text.length / 1024)} KiB`, String(applied), ms(t.median)]);
    }
    table(['configuration', 'size', 'fixes applied', 'median ms'], fixRows).forEach(print);
    print('Before (issue 17): --fix on a 200-rule V1 configuration took 127 s.');
  },
};

export default bench;

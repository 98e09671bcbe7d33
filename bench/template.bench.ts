/**
 * A CloudFormation template whose bucket holds the largest configuration S3 accepts (1,000 rules),
 * in YAML and in JSON: analysis (template read, intrinsics resolved, documents extracted, every rule
 * run, findings moved back to the template) against a bare parse of the same text by the `yaml`
 * package (for YAML) or jsonc-parser (for JSON). Target: analysis under 2× the bare YAML parse.
 */
import { parseTree } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { runFixLoop } from '../src/cli/fixLoop';
import { analyze } from '../src/core/analyze';
import { generateTemplate } from './generateTemplate';
import { Bench, measure, measureTogether, ms, table } from './lib';

const RULES = 1000;
const TARGET = 2;

const bench: Bench = {
  title: `Analysis of a CloudFormation template with a ${RULES.toLocaleString('en')}-rule replication configuration`,
  async run(print) {
    const rows: string[][] = [];
    const verdicts: string[] = [];
    let n = 0;
    for (const syntax of ['yaml', 'json'] as const) {
      for (const defective of [false, true]) {
        const text = generateTemplate(RULES, { syntax, defective });
        const findings = analyze([{ uri: `bench.${syntax}`, text }]).findings.length;
        // A text never seen before on each run: parses and extractions are cached by text, and this
        // measures a cold analysis. (A trailing space is insignificant in both syntaxes.)
        const fresh = () => `${text}${' '.repeat(++n % 1000)}`;
        const bare = syntax === 'yaml' ? () => parseDocument(fresh(), { version: '1.1', uniqueKeys: false, logLevel: 'silent' }) : () => parseTree(fresh());
        const [parse, full] = await measureTogether([bare, () => analyze([{ uri: `bench-${n}.${syntax}`, text: fresh() }])], { budgetMs: 4000 });
        const ratio = full.median / parse.median;
        const name = `${syntax}${defective ? ', every rule defective' : ''}`;
        const kb = `${Math.round(text.length / 1024)} KiB`;
        rows.push([`${name}: ${syntax === 'yaml' ? 'yaml parseDocument' : 'jsonc-parser parseTree'}`, kb, '', ms(parse.median), ms(parse.min), '1.00×']);
        rows.push([`${name}: analyze()`, kb, String(findings), ms(full.median), ms(full.min), `${ratio.toFixed(2)}×`]);
        if (syntax === 'yaml') verdicts.push(`${name}: analyze() is ${ratio.toFixed(2)}× the bare YAML parse (target < ${TARGET}×): ${ratio < TARGET ? 'OK' : 'MISS'}`);
      }
    }
    table(['case', 'size', 'findings', 'median ms', 'min ms', 'vs parse'], rows).forEach(print);
    print('');
    verdicts.forEach(print);

    print('');
    print('Re-analysis of an unchanged template (the editor re-checks open files as others change; extractions are cached by text):');
    const text = generateTemplate(RULES, { syntax: 'yaml' });
    analyze([{ uri: 'warm.yaml', text }]);
    const warm = await measure(() => analyze([{ uri: 'warm.yaml', text }]), { budgetMs: 2000 });
    print(`  analyze() of the cached YAML template: ${ms(warm.median)} ms median`);

    print('');
    print('--fix on a YAML template when every rule has a defect (fix loop, in memory, until stable):');
    const fixRows: string[][] = [];
    for (const size of [100, RULES]) {
      const t = generateTemplate(size, { syntax: 'yaml', defective: true });
      let applied = 0;
      const fix = () => (applied = runFixLoop([{ uri: `fix-${size}.yaml`, text: t }], () => true).applied.get(`fix-${size}.yaml`) ?? 0);
      const m = await measure(fix, { warmup: 0, minRuns: 1, maxRuns: 2, budgetMs: 0 });
      fixRows.push([`${size} rules`, `${Math.round(t.length / 1024)} KiB`, String(applied), ms(m.median)]);
    }
    table(['template', 'size', 'fixes applied', 'median ms'], fixRows).forEach(print);
  },
};

export default bench;

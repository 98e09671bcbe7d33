/**
 * Terraform: the HCL grammar's load on first use (tree-sitter runtime and grammar compiled from
 * WebAssembly), and the analysis of a module whose replication resource has 1,000 rules (plus its
 * buckets, role and policy document), against the bare tree-sitter parse of the same files.
 * Target: analysis under 2× the parse. Each run edits a comment so nothing is served from a cache.
 */
import { analyze } from '../src/core/analyze';
import { extractModule } from '../src/core/formats/terraform';
import { hclDirectCursor, hclLoadMs, loadHclParser, parseHcl, parseTreeOnly } from '../src/core/formats/terraform/hcl/parser';
import { moduleFiles } from '../test/core/formats/terraform/module';
import { Bench, measureTogether, ms, table } from './lib';

const RULES = 1000;
const TARGET = 2;

function bigModule(defective: boolean, withPolicy = true): Record<string, string> {
  const files = moduleFiles({ style: 'standalone', policy: 'document' });
  if (!withPolicy) delete files['policy.tf'];
  const rules = Array.from({ length: RULES }, (_, i) =>
    [
      '  rule {',
      `    id       = "rule-${i}"`,
      '    status   = "Enabled"',
      ...(defective ? [] : [`    priority = ${i + 1}`]),
      '',
      '    filter {',
      `      prefix = "data/${i}/"`,
      '    }',
      '',
      ...(defective ? [] : ['    delete_marker_replication {', '      status = "Disabled"', '    }', '']),
      '    destination {',
      '      bucket        = aws_s3_bucket.destination.arn',
      '      storage_class = "STANDARD"',
      '    }',
      '  }',
      '',
    ].join('\n'),
  ).join('\n');
  files['replication.tf'] = `resource "aws_s3_bucket_replication_configuration" "this" {\n  depends_on = [aws_s3_bucket_versioning.source, aws_s3_bucket_versioning.destination]\n\n  role   = aws_iam_role.replication.arn\n  bucket = aws_s3_bucket.source.id\n\n${rules}}\n`;
  return files;
}

/** Median CPU milliseconds (user + system) of each function, run in turns. */
function cpuMedians(fns: (() => unknown)[], runs: number): number[] {
  const samples: number[][] = fns.map(() => []);
  for (let r = 0; r < runs; r++) {
    fns.forEach((fn, i) => {
      const before = process.cpuUsage();
      fn();
      const d = process.cpuUsage(before);
      samples[i].push((d.user + d.system) / 1000);
    });
  }
  return samples.map((s) => [...s].sort((a, b) => a - b)[s.length >> 1]);
}

const bench: Bench = {
  title: `Terraform: a module with a ${RULES.toLocaleString('en')}-rule replication configuration`,
  async run(print) {
    const start = performance.now();
    await loadHclParser();
    const firstUse = performance.now() - start;
    print(`Grammar load on first use (tree-sitter runtime + HCL grammar, WebAssembly): ${ms(firstUse)} ms (loader's own measure: ${ms(hclLoadMs() ?? NaN)} ms).`);
    print('');
    const rows: string[][] = [];
    const verdicts: string[] = [];
    for (const [name, defective, withPolicy] of [
      ['valid, with role policy', false, true],
      ['valid, configuration only', false, false],
      ['every rule defective, with role policy', true, true],
    ] as const) {
      const files = bigModule(defective, withPolicy);
      const size = Object.values(files).reduce((n, t) => n + t.length, 0);
      let n = 0;
      const fresh = () => {
        n++;
        return Object.entries(files).map(([f, text]) => ({ uri: `/bench/${f}`, text: f.endsWith('.tf') ? `${text}# run ${n}\n` : text }));
      };
      const findings = analyze(fresh()).findings.length;
      const fns = [
        () => {
          for (const input of fresh()) if (input.uri.endsWith('.tf')) parseTreeOnly(input.text)?.delete();
        },
        () => {
          for (const input of fresh()) if (input.uri.endsWith('.tf')) parseHcl(input.text);
        },
        () => extractModule(fresh()),
        () => analyze(fresh()),
      ];
      const [parse, toAst, extract, full] = await measureTogether(fns, { warmup: 1, minRuns: 5, maxRuns: 15, budgetMs: 10000 });
      // CPU time too: on a shared machine wall time also counts other processes' turns.
      const [parseCpu, toAstCpu, extractCpu, fullCpu] = cpuMedians(fns, 7);
      const ratio = full.median / parse.median;
      const cpuRatio = fullCpu / parseCpu;
      const kb = `${Math.round(size / 1024)} KiB`;
      const vs = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
      rows.push([`${name}: tree-sitter parse`, kb, '', ms(parse.median), ms(parse.min), '1.00×', ms(parseCpu), '1.00×']);
      rows.push([`${name}: parse to our AST`, kb, '', ms(toAst.median), ms(toAst.min), vs(toAst.median, parse.median), ms(toAstCpu), vs(toAstCpu, parseCpu)]);
      rows.push([`${name}: extraction (AST, values, documents, facts, checks)`, kb, '', ms(extract.median), ms(extract.min), vs(extract.median, parse.median), ms(extractCpu), vs(extractCpu, parseCpu)]);
      rows.push([`${name}: analyze()`, kb, String(findings), ms(full.median), ms(full.min), vs(full.median, parse.median), ms(fullCpu), vs(fullCpu, parseCpu)]);
      verdicts.push(
        `${name}: analyze() is ${ratio.toFixed(2)}× the bare tree-sitter parse in wall time, ${cpuRatio.toFixed(2)}× in CPU time (target < ${TARGET}×): ` +
          `${ratio < TARGET && cpuRatio < TARGET ? 'OK' : ratio < TARGET || cpuRatio < TARGET ? 'OK in one measure only' : 'MISS'}; ` +
          `${(full.median / toAst.median).toFixed(2)}× the parse to a usable tree`,
      );
    }
    print(`HCL tree walk: ${hclDirectCursor() ? "the runtime's cursor functions called directly" : "web-tree-sitter's TreeCursor (the runtime lacks the direct exports)"}.`);
    print('');
    table(['case', 'size', 'findings', 'median ms', 'min ms', 'vs parse', 'CPU median ms', 'CPU vs parse'], rows).forEach(print);
    print('');
    verdicts.forEach(print);
  },
};

export default bench;

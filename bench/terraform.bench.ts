/**
 * Terraform: the HCL grammar's load on first use (tree-sitter runtime and grammar compiled from
 * WebAssembly), and the analysis of a module whose replication resource has 1,000 rules (plus its
 * buckets, role and policy document), against the bare tree-sitter parse of the same files.
 * Target: analysis under 2× the parse. Each run edits a comment so nothing is served from a cache.
 */
import { analyze } from '../src/core/analyze';
import { extractModule } from '../src/core/formats/terraform';
import { hclLoadMs, loadHclParser, parseHcl, parseTreeOnly } from '../src/core/formats/terraform/hcl/parser';
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
      const [parse, toAst, extract, full] = await measureTogether(
        [
          () => {
            for (const input of fresh()) if (input.uri.endsWith('.tf')) parseTreeOnly(input.text)?.delete();
          },
          () => {
            for (const input of fresh()) if (input.uri.endsWith('.tf')) parseHcl(input.text);
          },
          () => extractModule(fresh()),
          () => analyze(fresh()),
        ],
        { warmup: 1, minRuns: 5, maxRuns: 15, budgetMs: 10000 },
      );
      const ratio = full.median / parse.median;
      const kb = `${Math.round(size / 1024)} KiB`;
      rows.push([`${name}: tree-sitter parse`, kb, '', ms(parse.median), ms(parse.min), '1.00×']);
      rows.push([`${name}: parse to our AST`, kb, '', ms(toAst.median), ms(toAst.min), `${(toAst.median / parse.median).toFixed(2)}×`]);
      rows.push([`${name}: extraction (AST, values, documents, facts, checks)`, kb, '', ms(extract.median), ms(extract.min), `${(extract.median / parse.median).toFixed(2)}×`]);
      rows.push([`${name}: analyze()`, kb, String(findings), ms(full.median), ms(full.min), `${ratio.toFixed(2)}×`]);
      verdicts.push(
        `${name}: analyze() is ${ratio.toFixed(2)}× the bare tree-sitter parse (target < ${TARGET}×): ${ratio < TARGET ? 'OK' : 'MISS'}; ` +
          `${(full.median / toAst.median).toFixed(2)}× the parse to a usable tree`,
      );
    }
    table(['case', 'size', 'findings', 'median ms', 'min ms', 'vs parse'], rows).forEach(print);
    print('');
    verdicts.forEach(print);
  },
};

export default bench;

/**
 * IAM policy checks as the editor runs them while you type. Targets: the first policy naming `s3`
 * pays for reading S3's service data once (< 100 ms); a role policy serving 100 bucket pairs
 * (301 statements) analyses in < 100 ms, and one checked against a 1,000-rule configuration in
 * < 200 ms; checking one policy against a workspace grows linearly with the workspace (the
 * association index is built once per analysis), never quadratically.
 */
import { parseTree } from 'jsonc-parser';
import { analyze } from '../src/core/analyze';
import { DocumentInput, JsonDocument, parseDocument } from '../src/core/document';
import { createIamData, findIamDataDirectory } from '../src/core/iam/data';
import { Bench, measure, measureTogether, ms, table } from './lib';

const ROLE = 'arn:aws:iam::111122223333:role/replication';

function config(i: number): string {
  return JSON.stringify({
    Role: ROLE,
    Rules: [{ ID: `r${i}`, Status: 'Enabled', Priority: 1, Filter: { Prefix: `p${i}/` }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: `arn:aws:s3:::dest-${i}` } }],
  });
}

function rolePolicy(i: number): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: `arn:aws:s3:::src-${i}` },
      { Effect: 'Allow', Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl'], Resource: `arn:aws:s3:::src-${i}/*` },
      { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateDelete'], Resource: `arn:aws:s3:::dest-${i}/*` },
    ],
  });
}

/** One configuration with `n` prefix rules to `dest-0`, the bucket `rolePolicy(0)` replicates to. */
function bigConfig(n: number): string {
  const rules = [];
  for (let i = 0; i < n; i++) {
    rules.push({ ID: `r${i}`, Status: 'Enabled', Priority: i, Filter: { Prefix: `p${i}/` }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dest-0' } });
  }
  return JSON.stringify({ Role: ROLE, Rules: rules }, null, 2);
}

/** One role serving many configurations: a statement per bucket pair, with a mix of services. */
function largePolicy(pairs: number): string {
  const statements = [];
  for (let i = 0; i < pairs; i++) statements.push(...(JSON.parse(rolePolicy(i)) as { Statement: unknown[] }).Statement);
  statements.push({ Effect: 'Allow', Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'], Resource: 'arn:aws:kms:us-east-1:111122223333:key/*' });
  return JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);
}

const bench: Bench = {
  title: 'IAM policy analysis (as you type)',
  async run(print) {
    const dir = findIamDataDirectory();
    const cold = await measure(() => createIamData(dir).service('s3'), { warmup: 0, minRuns: 5, budgetMs: 500 });
    print(`Reading S3's service data on first use (${dir ? 'found' : 'NOT FOUND'}): ${ms(cold.median)} ms median (target < 100 ms: ${cold.median < 100 ? 'OK' : 'MISS'})`);

    print('');
    const rows: string[][] = [];
    // The editor hands the other documents over already parsed (its cache); only the edited one is re-read.
    const bigDoc = parseDocument({ uri: 'config.json', text: bigConfig(1000) });
    const cases: [string, (DocumentInput | JsonDocument)[], number][] = [
      ['31 statements, alone', [{ uri: 'role.json', text: largePolicy(10) }], 100],
      ['301 statements, alone', [{ uri: 'role.json', text: largePolicy(100) }], 100],
      ['with a 1,000-rule configuration', [{ uri: 'role.json', text: rolePolicy(0) }, bigDoc], 100],
    ];
    for (const [name, inputs, target] of cases) {
      const text = inputs[0].text;
      const [parse, full] = await measureTogether([() => parseTree(text), () => analyze(inputs, { targets: new Set(['role.json']) })], { budgetMs: 2000 });
      rows.push([name, `${Math.round(text.length / 1024)} KiB`, ms(parse.median), ms(full.median), `< ${target} ms: ${full.median < target ? 'OK' : 'MISS'}`]);
    }
    table(['role policy', 'edited', 'parse ms', 'analyze ms', 'target'], rows).forEach(print);

    print('');
    print('One role policy re-checked against a workspace of N configurations and N role policies (the editor\'s path):');
    const wsRows: string[][] = [];
    let previous: number | undefined;
    for (const n of [50, 200, 800]) {
      const docs: JsonDocument[] = [];
      for (let i = 0; i < n; i++) docs.push(parseDocument({ uri: `c${i}.json`, text: config(i) }), parseDocument({ uri: `p${i}.json`, text: rolePolicy(i) }));
      const target: DocumentInput = { uri: 'target.json', text: rolePolicy(0) };
      const t = await measure(() => analyze([target, ...docs], { targets: new Set(['target.json']) }), { budgetMs: 1500 });
      wsRows.push([`N = ${n}`, ms(t.median), previous ? `${(t.median / previous).toFixed(1)}× for 4× N` : '']);
      previous = t.median;
    }
    table(['workspace', 'median ms', 'growth'], wsRows).forEach(print);
    print('Linear growth is about 4× per step; quadratic would be about 16×.');
  },
};

export default bench;

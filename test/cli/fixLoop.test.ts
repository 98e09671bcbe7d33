import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { CliError, readSource } from '../../src/cli/files';
import { MAX_FIX_PASSES, runFixLoop } from '../../src/cli/fixLoop';
import { writeFixed } from '../../src/cli/writeFile';
import { Fix } from '../../src/core/findings';
import { replaceSpanFix } from '../../src/core/fixes';
import { Rule, RuleContext } from '../../src/core/rule';
import { TempTree } from './helpers';

/** A test rule on trust policies whose single finding carries the fix `makeFix` builds. */
function ruleWithFix(makeFix: (ctx: RuleContext) => Fix | undefined): Rule {
  return {
    id: 'test-rule',
    severity: 'error',
    evidence: 'U',
    kinds: ['trust-policy'],
    summary: 'test',
    docUrl: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication.html',
    check(ctx) {
      const fix = makeFix(ctx);
      if (fix) ctx.report({ offset: 0, length: 1, message: 'test', fixes: [fix] });
    },
  };
}

const TRUST = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole"}]\n}\n';
const input = (text = TRUST) => [{ uri: 'trust.json', text }];
const always = () => true;

describe('fix loop', () => {
  it('refuses a fix that would break the JSON and keeps the text', () => {
    const rule = ruleWithFix((ctx) => replaceSpanFix(ctx.doc, 0, 1, '[', 'break it', true));
    const result = runFixLoop(input(), always, { rules: [rule] });
    assert.deepEqual(result.refused, ['trust.json']);
    assert.equal(result.texts.size, 0);
  });

  it('survives a fix whose edits throw, and ignores fixes that are not preferred', () => {
    const throwing = ruleWithFix(() => ({ title: 'boom', preferred: true, edits: () => { throw new Error('boom'); } }));
    const optional = ruleWithFix((ctx) => replaceSpanFix(ctx.doc, 1, 0, ' ', 'not preferred'));
    assert.equal(runFixLoop(input(), always, { rules: [throwing, optional] }).texts.size, 0);
  });

  it('re-analyses between passes until stable, and stops after the pass limit when fixes never settle', () => {
    // Adds one space per pass until there are three: settles after three passes.
    const settling = ruleWithFix((ctx) => (ctx.doc.text.startsWith('{   ') ? undefined : replaceSpanFix(ctx.doc, 1, 0, ' ', 'pad', true)));
    const settled = runFixLoop(input(), always, { rules: [settling] });
    assert.equal(settled.texts.get('trust.json'), TRUST.replace('{', '{   '));
    assert.equal(settled.applied.get('trust.json'), 3);

    const endless = ruleWithFix((ctx) => replaceSpanFix(ctx.doc, 1, 0, ' ', 'pad', true));
    assert.equal(runFixLoop(input(), always, { rules: [endless] }).applied.get('trust.json'), MAX_FIX_PASSES);
  });

  it('leaves files it may not rewrite alone', () => {
    const rule = ruleWithFix((ctx) => replaceSpanFix(ctx.doc, 1, 0, ' ', 'pad', true));
    assert.equal(runFixLoop(input(), () => false, { rules: [rule] }).texts.size, 0);
  });


  it('removes trailing commas (a document whose only errors they are), and leaves a document broken otherwise alone', () => {
    const commas = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sts:AssumeRole",},\n  ],\n}\n';
    const result = runFixLoop(input(commas), always);
    assert.equal(result.texts.get('trust.json'), TRUST.replace('"Statement": [{', '"Statement": [\n    {').replace('"sts:AssumeRole"}]', '"sts:AssumeRole"}\n  ]'));
    assert.equal(result.applied.get('trust.json'), 3);
    const broken = commas.replace('"Version": "2012-10-17"', '"Version" "2012-10-17"');
    assert.equal(runFixLoop(input(broken), always).texts.size, 0);
  });
});

describe('writing fixed files', () => {
  let tree: TempTree;
  afterEach(() => tree?.cleanup());

  it('does not overwrite a file that changed on disk after it was read', async () => {
    tree = new TempTree({ 'a.json': '{"x": 1}' });
    const source = await readSource(tree.path('a.json'), 'a.json');
    writeFileSync(tree.path('a.json'), '{"x": 2}');
    assert.equal(await writeFixed(source, '{"x": 3}', 'a.json'), 'changed');
    assert.equal(tree.read('a.json'), '{"x": 2}');
  });

  it('fails with a located message when the file has gone', async () => {
    tree = new TempTree({ 'a.json': '{"x": 1}' });
    const source = await readSource(tree.path('a.json'), 'a.json');
    tree.cleanup();
    await assert.rejects(writeFixed(source, '{}', 'a.json'), (err: unknown) => err instanceof CliError && err.message === 'cannot write a.json: no such file');
  });
});

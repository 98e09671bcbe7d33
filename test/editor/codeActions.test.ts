import { strict as assert } from 'node:assert';
import { contextFor, harness } from './editorHarness';
import { generateConfig } from '../../bench/generateConfig';
import { applyNonOverlapping } from '../../src/core/fixes';
import { LazyFixAction } from '../../src/editor/codeActions';
import { CodeActionKind, Range, WorkspaceEdit } from './fakeVscode';

/** A V1 configuration whose rules alternate between two destinations: "Convert all" on every other rule. */
function v1Config(rules: number): string {
  const list = Array.from({ length: rules }, (_, i) => ({ ID: `rule-${i}`, Status: 'Enabled', Prefix: `logs/${i}/`, Destination: { Bucket: `arn:aws:s3:::dest-${i % 2}` } }));
  return JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/replication', Rules: list }, null, 2);
}

const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) } as never;

describe('editor: code actions', () => {
  it('offers the fixes of the diagnostics under the range, computing no edit until one is resolved', async () => {
    const h = harness(v1Config(40));
    let computed = 0;
    for (const f of h.findings) {
      for (const fix of f.fixes ?? []) {
        const edits = fix.edits.bind(fix);
        fix.edits = () => (computed++, edits());
        delete fix.editsStepwise;
      }
    }
    const second = h.diagnostics.find((d) => String((d.code as { value: string }).value) === 'rc-v1-single-destination');
    assert.ok(second);
    const actions = h.provider.provideCodeActions(h.document as never, second.range as never, contextFor(h, second.range));
    assert.equal(computed, 0, 'no fix computed to offer actions');
    assert.ok(actions.every((a) => a.edit === undefined));
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Convert all 40 V1 rules to V2 (Filter.Prefix, Priority, DeleteMarkerReplication Enabled as V1 replicated delete markers)'), titles.join('\n'));
    // Only the fixes of the diagnostic in the range: not one per finding of the file. (No fix-all:
    // the one preferred fix of the file is this shared conversion.) Then, as every linter's lightbulb
    // has them: the rule turned off for the project, and its documentation.
    assert.equal(actions.filter((a) => a instanceof LazyFixAction).length, 1, titles.join('\n'));
    assert.deepEqual(titles.slice(1), ['Turn off rc-v1-single-destination in .s3-replication-doctor.json', 'Show documentation for rc-v1-single-destination']);
    const [off, docs] = actions.slice(1);
    assert.deepEqual([off.command?.command, String((off.command?.arguments?.[0] as { toString(): string }) ?? ''), off.command?.arguments?.[1]], [
      's3ReplicationDoctor.turnOffRule',
      String(h.document.uri),
      'rc-v1-single-destination',
    ]);
    assert.equal(docs.command?.command, 'vscode.open');
    assert.match(String(docs.command?.arguments?.[0]), /^https:\/\/docs\.aws\.amazon\.com\//);
    assert.ok(!off.isPreferred && !docs.isPreferred);

    const convert = actions.find((a) => a.title.startsWith('Convert all')) as LazyFixAction;
    const resolved = await h.provider.resolveCodeAction(convert, token);
    assert.ok(computed >= 1);
    assert.ok(resolved.edit);
    h.document.apply(resolved.edit as unknown as WorkspaceEdit);
    const converted = JSON.parse(h.document.getText()) as { Rules: Record<string, unknown>[] };
    assert.ok(converted.Rules.every((r) => r.Prefix === undefined && typeof r.Filter === 'object' && typeof r.Priority === 'number'));
  });

  it('resolves nothing once the document has changed since the actions were offered', async () => {
    const h = harness(v1Config(4));
    const d = h.diagnostics.find((x) => String((x.code as { value: string }).value) === 'rc-v1-single-destination');
    assert.ok(d);
    const [action] = h.provider.provideCodeActions(h.document as never, d.range as never, contextFor(h, d.range));
    assert.ok(action);
    h.document.setText(`${h.document.getText()} `);
    const resolved = await h.provider.resolveCodeAction(action, token);
    assert.equal(resolved.edit, undefined);
  });

  it('fix-all resolves to the same text as applying every preferred fix in the engine', async () => {
    const text = generateConfig(60, { defective: true });
    const h = harness(text);
    const [all] = h.provider.provideCodeActions(h.document as never, new Range(0, 0, 0, 0) as never, contextFor(h, new Range(0, 0, 0, 0), CodeActionKind.SourceFixAll.append('s3ReplicationDoctor')));
    assert.ok(all);
    const resolved = await h.provider.resolveCodeAction(all, token);
    h.document.apply(resolved.edit as unknown as WorkspaceEdit);
    const preferred = h.findings.flatMap((f) => f.fixes?.filter((x) => x.preferred) ?? []);
    assert.equal(h.document.getText(), applyNonOverlapping(text, [...new Set(preferred)]).text);
  });

  it('gives the extension host back while a long fix is computed', async () => {
    const h = harness(v1Config(1000));
    const d = h.diagnostics.find((x) => String((x.code as { value: string }).value) === 'rc-v1-single-destination');
    assert.ok(d);
    const convert = h.provider.provideCodeActions(h.document as never, d.range as never, contextFor(h, d.range)).find((a) => a.title.startsWith('Convert all'));
    assert.ok(convert);
    // Count turns of the event loop while the edit is resolved: other requests get them.
    let turns = 0;
    let done = false;
    const tick = () => {
      if (done) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const resolved = await h.provider.resolveCodeAction(convert, token);
    done = true;
    assert.ok(resolved.edit);
    assert.ok(turns > 1, `the event loop turned ${turns} time(s) during the resolve`);
  });
});

/**
 * The walkthrough users copy (shared/examples/seed-walkthrough, beside the repository): its role
 * policy, analysed with its configuration, lacks exactly s3:GetObjectVersionTagging; its trust
 * policy is correct.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentInput } from '../../../../src/core/document';
import { applyTextEdits } from '../../../../src/core/fixes';
import { findingsOf, span } from './helpers';

const DIR = join(__dirname, '../../../../../shared/examples/seed-walkthrough');
const file = (name: string): DocumentInput => ({ uri: name, text: readFileSync(join(DIR, name), 'utf8') });

describe('the walkthrough policies', () => {
  const inputs = [file('replication-config.json'), file('role-policy.json'), file('trust-policy.json')];

  it('role-policy.json: exactly one warning, iam-get-object-version-tagging, on the source-bucket/* statement, pointing at the config', () => {
    const found = findingsOf(inputs, 'role-policy.json');
    const aboveInfo = found.filter((f) => f.severity !== 'info');
    assert.deepEqual(aboveInfo.map((f) => `${f.severity} ${f.ruleId}`), ['warning iam-get-object-version-tagging']);
    const [f] = aboveInfo;
    const text = inputs[1].text;
    const statement = text.indexOf('"arn:aws:s3:::source-bucket/*"');
    assert.ok(f.offset < statement && f.offset > text.indexOf('"arn:aws:s3:::source-bucket"'), 'anchored in the statement granting on source-bucket/*');
    assert.equal(span(text, f), '"Action"');
    assert.match(f.message, /SrcGetTaggingNotPermitted/);
    assert.deepEqual(f.related?.map((r) => r.uri), ['replication-config.json']);
    assert.ok(found.every((x) => x.severity !== 'info' || x.ruleId === 'iam-replicate-tags-optional'), found.map((x) => x.ruleId).join(', '));
  });

  it('its preferred fix adds the action to that statement and nothing else', () => {
    const [f] = findingsOf(inputs, 'role-policy.json', 'iam-get-object-version-tagging');
    const fix = f.fixes?.find((x) => x.preferred);
    assert.ok(fix);
    const after = applyTextEdits(inputs[1].text, fix.edits());
    const before = JSON.parse(inputs[1].text);
    before.Statement[1].Action.push('s3:GetObjectVersionTagging');
    assert.deepEqual(JSON.parse(after), before);
    assert.deepEqual(findingsOf([inputs[0], { uri: 'role-policy.json', text: after }, inputs[2]], 'role-policy.json').filter((x) => x.severity !== 'info'), []);
  });

  it('trust-policy.json: nothing above info, and no fix --fix would apply', () => {
    const found = findingsOf(inputs, 'trust-policy.json');
    assert.deepEqual(found.filter((f) => f.severity !== 'info').map((f) => f.ruleId), []);
    assert.ok(found.every((f) => !f.fixes?.some((x) => x.preferred)));
  });

  it('the role policy alone still gets the tagging warning (checked against its own buckets)', () => {
    const alone = findingsOf([inputs[1]], 'role-policy.json').filter((f) => f.severity !== 'info');
    assert.deepEqual(alone.map((f) => f.ruleId), ['iam-get-object-version-tagging']);
  });
});

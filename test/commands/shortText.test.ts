/** Dialogs and notifications stay readable whatever the plan: a few items, "and N more", the rest in the output channel. */
import { strict as assert } from 'node:assert';
import { confirmation } from '../../src/commands/confirmation';
import { capLines, capText, DETAIL_LIMIT, MESSAGE_LIMIT } from '../../src/commands/shortText';
import { planPutReplication } from '../../src/core/live/configPlan';
import { listSome } from '../../src/core/live/listText';

const WHO = { account: '123456789012', arn: 'arn:aws:iam::123456789012:user/alice' };
const rule = (i: number) => ({ ID: `rule-${String(i).padStart(4, '0')}-with-a-rather-long-name`, Status: 'Enabled', Priority: i, Filter: { Prefix: `p${i}/` }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' } });
const config = (rules: unknown[]) => JSON.stringify({ Role: 'arn:aws:iam::123456789012:role/r', Rules: rules });

describe('short texts', () => {
  it('lists a few items and says how many more', () => {
    assert.equal(listSome(['a', 'b']), 'a, b');
    assert.equal(listSome(['a', 'b', 'c', 'd', 'e', 'f', 'g']), 'a, b, c, d, e and 2 more');
    assert.deepEqual(capLines(['- 1', '- 2', '- 3'], 2), { lines: ['- 1', '- 2', '- and 1 more (all of them are listed in the "S3 Replication Doctor" output channel)'], cut: true });
  });

  it('cuts a long text at a word, within the limit, and says how much is left out', () => {
    const long = 'word '.repeat(2_000);
    const capped = capText(long, MESSAGE_LIMIT);
    assert.ok(capped.cut && capped.text.length <= MESSAGE_LIMIT, String(capped.text.length));
    assert.match(capped.text, /word … \(9,000\+ more characters: the full text is in the "S3 Replication Doctor" output channel\)$/);
    assert.deepEqual(capText('short', MESSAGE_LIMIT), { text: 'short', cut: false });
  });

  it('keeps the confirmation of a 1,000-rule write within bounds, and logs the full lists', () => {
    const live = Array.from({ length: 1_000 }, (_, i) => rule(i + 1));
    const keepAll = planPutReplication({ bucket: 'src', text: config([{ ...live[0], Status: 'Disabled' }]), uri: 'f.json', live: config(live) });
    const kept = confirmation(keepAll, WHO, { homeRegion: 'us-east-1', dryRun: false });
    assert.ok(kept.detail.length <= DETAIL_LIMIT, `${kept.detail.length} characters`);
    assert.match(kept.detail, /Kept from the live configuration \(not in the document\): rule "rule-0002-with-a-rather-long-name" .* and 994 more\./);
    assert.match(kept.detail, /The full lists are in the "S3 Replication Doctor" output channel\./);
    assert.equal(kept.logged.filter((l) => l.includes('rule-')).length, 999, 'every kept rule is in the log');

    const deleteAll = planPutReplication({ bucket: 'src', text: config([live[0]].map((r) => ({ ...r, Status: 'Disabled' }))), uri: 'f.json', live: config(live), remove: live.slice(1).map((r) => r.ID) });
    const deleting = confirmation(deleteAll, WHO, { homeRegion: 'us-east-1', dryRun: false });
    assert.ok(deleting.detail.length <= DETAIL_LIMIT, `${deleting.detail.length} characters`);
    assert.equal(deleting.button, 'Apply and Delete');
    assert.match(deleting.detail, /This deletes:\n(- live rule .*\n){10}- and 989 more \(all of them are listed/);
    assert.equal(deleting.logged.filter((l) => l.startsWith('- live rule')).length, 999);
  });
});

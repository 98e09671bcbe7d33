import { strict as assert } from 'node:assert';
import { countsText, statusReport, statusReportMarkdown } from '../../../src/core/live/statusReport';

const config = {
  Role: 'arn:aws:iam::123456789012:role/r',
  Rules: [
    { ID: 'data', Status: 'Enabled', Priority: 1, Filter: { Prefix: 'data/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' } },
    { ID: 'old', Status: 'Disabled', Priority: 2, Filter: { Prefix: 'old/' }, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dst' } },
  ],
};

describe('statusReport', () => {
  const report = statusReport('src', config, [
    { key: 'data/a.csv', status: 'COMPLETED' },
    { key: 'data/b.csv', status: 'FAILED', versionId: 'v2' },
    { key: 'data/before.csv' },
    { key: 'elsewhere/x' },
    { key: 'old/y' },
    { key: 'data/c.csv', status: 'COMPLETED' },
  ]);

  it('counts statuses and tells why each object without status is not replicated', () => {
    assert.deepEqual(report.counts, [['COMPLETED', 2], ['FAILED', 1], ['NONE', 3]]);
    assert.equal(countsText(report), '2 COMPLETED · 1 FAILED · 3 no status');
    const reason = (key: string) => report.lines.find((l) => l.key === key)?.explanation.reason ?? '';
    assert.match(reason('data/before.csv'), /uploaded before the configuration/);
    assert.match(reason('elsewhere/x'), /No rule's filter matches this key/);
    assert.match(reason('old/y'), /disabled/);
    assert.equal(report.needsBatch, 2, 'the FAILED object and the one older than the rule');
  });

  it('renders problems first, naming versions', () => {
    const md = statusReportMarkdown(report, 'Newest 6 objects');
    assert.ok(md.indexOf('## FAILED (1)') < md.indexOf('## no status (3)'));
    assert.ok(md.indexOf('## no status (3)') < md.indexOf('## COMPLETED (2)'));
    assert.match(md, /`data\/b.csv` \(version v2\)/);
    assert.match(md, /2 of them can be replicated now/);
  });

  it('says so when there is nothing to sample', () => {
    assert.equal(countsText(statusReport('src', config, [])), 'no objects');
  });
});

import { strict as assert } from 'node:assert';
import { countReasons, csvFields, eventFor, mergeEvents, parseEventMessage, parseReportCsv, parseReportManifest } from '../../../src/core/live/failureEvents';

/** A replication failure event as S3 sends it (the structure of the S3 User Guide's example, our values). */
function eventBody(key: string, reason: string, rule = 'to-dr', time = '2026-12-01T10:00:00.000Z'): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.2',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: time,
        eventName: 'Replication:OperationFailedReplication',
        userIdentity: { principalId: 's3.amazonaws.com' },
        s3: { s3SchemaVersion: '1.0', configurationId: 'capture', bucket: { name: 'orders', arn: 'arn:aws:s3:::orders' }, object: { key, size: 3, versionId: 'v1', sequencer: '01' } },
        replicationEventData: { replicationRuleId: rule, destinationBucket: 'arn:aws:s3:::orders-dr', s3Operation: 'OBJECT_PUT', requestTime: time, failureReason: reason },
      },
    ],
  });
}

describe('failure events and Batch Replication reports', () => {
  it('reads a failure event: rule, destination, reason, decoded key, version, time', () => {
    const [e] = parseEventMessage(eventBody('reports/q1+2024%2Fa.csv', 'DstPutObjectNotPermitted'), 'msg-1');
    assert.deepEqual(e, { ruleId: 'to-dr', destinationBucket: 'orders-dr', reason: 'DstPutObjectNotPermitted', key: 'reports/q1 2024/a.csv', versionId: 'v1', time: Date.parse('2026-12-01T10:00:00.000Z'), from: 'event', id: 'msg-1#0' });
  });

  it('ignores the test event, other event types and text that is not an event', () => {
    assert.deepEqual(parseEventMessage(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'orders' })), []);
    assert.deepEqual(parseEventMessage(JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put' }] })), []);
    assert.deepEqual(parseEventMessage('not json'), []);
    assert.deepEqual(parseEventMessage('null'), []);
  });

  it('counts reasons, most frequent first, each explained, with the newest object', () => {
    const events = [
      ...parseEventMessage(eventBody('a', 'DstPutObjectNotPermitted', 'to-dr', '2026-12-01T10:00:00Z'), '1'),
      ...parseEventMessage(eventBody('b', 'DstPutObjectNotPermitted', 'to-dr', '2026-12-01T11:00:00Z'), '2'),
      ...parseEventMessage(eventBody('c', 'SrcObjectNotEligible'), '3'),
      { from: 'event' as const, key: 'd' },
    ];
    const counts = countReasons(events);
    assert.deepEqual(counts.map((c) => [c.reason, c.count, c.lastKey]), [['DstPutObjectNotPermitted', 2, 'b'], ['SrcObjectNotEligible', 1, 'c'], ['unknown', 1, 'd']]);
    assert.equal(counts[0].info?.fix, 'repairRole');
    assert.equal(counts[2].info, undefined);
  });

  it('merges reads without counting a message twice, and finds the event of one object', () => {
    const a = parseEventMessage(eventBody('k', 'DstBucketUnversioned', 'r', '2026-12-01T10:00:00Z'), 'm1');
    const b = parseEventMessage(eventBody('k', 'DstPutObjectNotPermitted', 'r', '2026-12-01T12:00:00Z'), 'm2');
    const merged = mergeEvents(a, b, a);
    assert.equal(merged.length, 2);
    assert.equal(eventFor(merged, 'k')?.reason, 'DstPutObjectNotPermitted');
    assert.equal(eventFor(merged, 'k', 'v1'), merged[1]);
    assert.equal(eventFor(merged, 'k', 'v2'), undefined, 'another version\'s event says nothing of this one');
    assert.equal(eventFor(merged, 'other'), undefined);
  });

  it('parses CSV with quoted commas, quotes and line breaks', () => {
    assert.deepEqual(csvFields('a,"b,c","say ""hi""",'), ['a', 'b,c', 'say "hi"', '']);
  });

  it('reads a completion report: the manifest\'s failed result files, then the reason of each failed task', () => {
    const manifest = JSON.stringify({
      Format: 'Report_CSV_20180820',
      ReportCreationDate: '2026-12-01T10:00:00.000Z',
      Results: [
        { TaskExecutionStatus: 'succeeded', Bucket: 'reports', MD5Checksum: 'x', Key: 'p/job-1/results/ok.csv' },
        { TaskExecutionStatus: 'failed', Bucket: 'arn:aws:s3:::reports', MD5Checksum: 'y', Key: 'p/job-1/results/bad.csv' },
      ],
      ReportSchema: 'Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage',
    });
    assert.deepEqual(parseReportManifest(manifest)?.failed, [{ bucket: 'reports', key: 'p/job-1/results/bad.csv' }]);
    assert.equal(parseReportManifest('[]'), undefined);
    const csv = [
      'orders,a%20b.csv,v1,failed,DstPutObjectNotPermitted,403,"Replication failed: DstPutObjectNotPermitted"',
      'orders,cold.csv,,failed,400,PermanentFailure,"SrcObjectNotEligible: the object is archived"',
      'orders,ok.csv,v3,succeeded,,200,Successful',
      'orders,odd.csv,,failed,500,InternalError,"multi\nline"',
    ].join('\n');
    const events = parseReportCsv(csv, 'job-1/bad.csv');
    assert.deepEqual(events.map((e) => [e.key, e.versionId, e.reason, e.from]), [
      ['a b.csv', 'v1', 'DstPutObjectNotPermitted', 'batch'],
      ['cold.csv', undefined, 'SrcObjectNotEligible', 'batch'],
      ['odd.csv', undefined, 'InternalError', 'batch'],
    ]);
  });
});

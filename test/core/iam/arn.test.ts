import { strict as assert } from 'node:assert';
import { parseArn } from '../../../src/core/iam/arn';

describe('parseArn', () => {
  it('splits the five sections and keeps colons inside the resource', () => {
    assert.deepEqual(parseArn('arn:aws:s3:::bucket/logs/*'), { partition: 'aws', service: 's3', region: '', accountId: '', resource: 'bucket/logs/*' });
    assert.deepEqual(parseArn('arn:aws-cn:logs:cn-north-1:123456789012:log-group:app:*'), {
      partition: 'aws-cn',
      service: 'logs',
      region: 'cn-north-1',
      accountId: '123456789012',
      resource: 'log-group:app:*',
    });
  });

  it('refuses what is not an ARN, and leaves an empty resource to the shape checks', () => {
    for (const value of ['', '*', 'bucket', 'arn:aws:s3', 'ARN:aws:s3:::b', 'urn:aws:s3:::b:x']) assert.equal(parseArn(value), undefined, value);
    assert.equal(parseArn('arn:aws:s3:::')?.resource, '');
  });
});

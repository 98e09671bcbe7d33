import { strict as assert } from 'node:assert';
import { bucketLinks, partitionOf, roleLinks } from '../../src/explorer/resourceLinks';

describe('explorer: Copy Name, Copy ARN, Open in AWS Console', () => {
  it('gives a bucket its ARN in its Region\'s partition and its console page on the Management tab (replication rules)', () => {
    assert.deepEqual(bucketLinks('source-bucket', 'us-east-1'), {
      kind: 'bucket',
      name: 'source-bucket',
      arn: 'arn:aws:s3:::source-bucket',
      consoleUrl: 'https://s3.console.aws.amazon.com/s3/buckets/source-bucket?region=us-east-1&tab=management',
    });
    assert.equal(bucketLinks('b', 'cn-north-1').arn, 'arn:aws-cn:s3:::b');
    assert.match(bucketLinks('b', 'cn-north-1').consoleUrl, /^https:\/\/console\.amazonaws\.cn\/s3\/buckets\/b\?region=cn-north-1/);
    assert.equal(bucketLinks('b', 'us-gov-west-1').arn, 'arn:aws-us-gov:s3:::b');
    // Region not read yet: the standard partition, and the console picks the Region itself.
    assert.equal(bucketLinks('b', undefined).consoleUrl, 'https://s3.console.aws.amazon.com/s3/buckets/b?tab=management');
  });

  it('gives a role its ARN as IAM answered it (path included) and its console page by name', () => {
    const links = roleLinks('s3-replication-role', 'arn:aws:iam::123456789012:role/service/s3-replication-role');
    assert.equal(links.arn, 'arn:aws:iam::123456789012:role/service/s3-replication-role');
    assert.equal(links.consoleUrl, 'https://console.aws.amazon.com/iam/home#/roles/details/s3-replication-role');
    assert.match(roleLinks('r', 'arn:aws-us-gov:iam::1:role/r').consoleUrl, /^https:\/\/console\.amazonaws-us-gov\.com\/iam\//);
    assert.equal(partitionOf('eu-west-1'), 'aws');
  });
});

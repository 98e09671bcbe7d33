import { strict as assert } from 'node:assert';
import { callerPermissions } from '../../../src/core/live/callerPermissions';

const ROLE = 'arn:aws:iam::123456789012:role/s3-replication-role';

describe('callerPermissions', () => {
  it('names s3:PutReplicationConfiguration and iam:PassRole on the role for PutBucketReplication', () => {
    assert.deepEqual(callerPermissions({ operation: 'PutBucketReplication', bucket: 'source-bucket', roleArn: ROLE }), [
      { action: 's3:PutReplicationConfiguration', resource: 'arn:aws:s3:::source-bucket' },
      { action: 'iam:PassRole', resource: ROLE },
    ]);
  });

  it('names the role-level IAM action with the role ARN built from the account', () => {
    assert.deepEqual(callerPermissions({ operation: 'PutRolePolicy', account: '123456789012', roleName: 'r' }), [{ action: 'iam:PutRolePolicy', resource: 'arn:aws:iam::123456789012:role/r' }]);
  });

  it('covers object reads, jobs and bucket settings, and nothing for an unknown operation', () => {
    assert.deepEqual(callerPermissions({ operation: 'HeadObject', bucket: 'b', key: 'k', versionId: 'v' }).map((p) => p.action), ['s3:GetObject', 's3:GetObjectVersion']);
    assert.deepEqual(callerPermissions({ operation: 'CreateJob', roleArn: ROLE }).map((p) => p.action), ['s3:CreateJob', 'iam:PassRole']);
    assert.deepEqual(callerPermissions({ operation: 'PutBucketVersioning', bucket: 'b' }), [{ action: 's3:PutBucketVersioning', resource: 'arn:aws:s3:::b' }]);
    assert.deepEqual(callerPermissions({ operation: 'GetCallerIdentity' }), []);
  });
});

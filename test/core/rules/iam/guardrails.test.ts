import { strict as assert } from 'node:assert';
import type { DocumentInput } from '../../../../src/core/document';
import type { LiveFacts } from '../../../../src/core/facts';
import { findingsIn } from '../../../helpers';

const ROLE = 'arn:aws:iam::111122223333:role/crr-role';
const config: DocumentInput = {
  uri: 'live://src/replication.json',
  live: { sourceBucket: 'src' },
  text: JSON.stringify({ Role: ROLE, Rules: [{ ID: 'r', Status: 'Enabled', Priority: 1, Filter: {}, DeleteMarkerReplication: { Status: 'Disabled' }, Destination: { Bucket: 'arn:aws:s3:::dest' } }] }, null, 2),
};
const facts: LiveFacts = {
  accountId: '111122223333',
  buckets: { src: { name: 'src', ownerAccount: '111122223333' }, dest: { name: 'dest', ownerAccount: '444455556666' } },
};
const policy = (uri: string, kind: DocumentInput['kind'], live: DocumentInput['live'], statements: object[]): DocumentInput => ({ uri, kind, live, text: JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2) });

describe('guardrails: permissions boundary, SCPs and RCPs (iam-explicit-deny)', () => {
  it('an SCP of the role\'s account denying s3:ReplicateObject, named as the policy that denies', () => {
    const scp = policy('live://org/scp/p-1.json', 'service-control-policy', { account: '111122223333' }, [{ Effect: 'Deny', Action: 's3:ReplicateObject', Resource: '*' }]);
    const fs = findingsIn([config, scp], 'iam-explicit-deny', { facts });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].uri, scp.uri);
    assert.equal(fs[0].severity, 'error');
    assert.match(fs[0].message, /service control policy of account 111122223333 blocks `s3:ReplicateObject`/);
    const elsewhere = { ...scp, live: { account: '444455556666' } };
    assert.deepEqual(findingsIn([config, elsewhere], 'iam-explicit-deny', { facts }), [], 'an SCP of another account does not bind the role');
  });

  it('an RCP of the destination account denying writes to its buckets', () => {
    const rcp = policy('live://org/rcp/p-2.json', 'resource-control-policy', { account: '444455556666' }, [{ Effect: 'Deny', Principal: '*', Action: 's3:Replicate*', Resource: '*' }]);
    const fs = findingsIn([config, rcp], 'iam-explicit-deny', { facts });
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /resource control policy of account 444455556666/);
  });

  it('a permissions boundary that allows only reads takes the writes away', () => {
    const boundary = policy('live://role/crr-role/boundary.json', 'permissions-boundary', { roleName: 'crr-role', account: '111122223333' }, [{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }]);
    const fs = findingsIn([config, boundary], 'iam-explicit-deny', { facts });
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /permissions boundary does not allow .*`s3:ReplicateObject`/);
    const open = policy('live://role/crr-role/boundary.json', 'permissions-boundary', { roleName: 'crr-role' }, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    assert.deepEqual(findingsIn([config, open], 'iam-explicit-deny', { facts }), []);
  });
});

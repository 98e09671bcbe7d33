/** A role policy whose only word on a needed permission is a conditional Deny: the finding leads with the Deny. */
import { strict as assert } from 'node:assert';
import { configText, findingsOf, fullRolePolicy, policyText, rule } from './helpers';

describe('a conditional Deny where no statement allows', () => {
  it('reads "a Deny may block", not only "does not allow", and the Deny itself is a warning', () => {
    const policy: unknown[] = fullRolePolicy().map((s) => {
      const st = s as { Action: string[] };
      return { ...st, Action: st.Action.filter((a) => a !== 's3:ReplicateObject') };
    });
    policy.push({ Effect: 'Deny', Action: 's3:ReplicateObject', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } });
    const inputs = [
      { uri: 'config.json', text: configText([rule()]) },
      { uri: 'role.json', text: policyText(policy) },
    ];
    const [missing] = findingsOf(inputs, 'role.json', 'iam-replicate-object');
    assert.equal(missing.severity, 'error');
    assert.match(missing.message, /^A Deny in this policy may block `s3:ReplicateObject` on `arn:aws:s3:::dest\/\*` \(when its conditions hold\), and no statement allows it/);
    const [deny] = findingsOf(inputs, 'role.json', 'iam-explicit-deny');
    assert.equal(deny.severity, 'warning');
  });

  it('keeps "does not allow" when no Deny is involved', () => {
    const policy = fullRolePolicy().map((s) => {
      const st = s as { Action: string[] };
      return { ...st, Action: st.Action.filter((a) => a !== 's3:ReplicateObject') };
    });
    const [missing] = findingsOf([{ uri: 'config.json', text: configText([rule()]) }, { uri: 'role.json', text: policyText(policy) }], 'role.json', 'iam-replicate-object');
    assert.match(missing.message, /^This policy does not allow `s3:ReplicateObject`/);
  });

  it('a trust policy that only denies S3 under conditions still lets nobody assume the role', () => {
    const trust = policyText([{ Effect: 'Deny', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: { StringNotEquals: { 'aws:SourceAccount': '111122223333' } } }]);
    const fs = findingsOf([{ uri: 'trust-policy.json', text: trust }], 'trust-policy.json', 'trust-s3-service-principal');
    assert.equal(fs.length, 1);
    assert.match(fs[0].message, /No statement lets `s3\.amazonaws\.com` assume this role/);
  });
});

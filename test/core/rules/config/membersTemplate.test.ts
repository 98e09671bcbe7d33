/** rc-unknown-member on a configuration written in a CloudFormation template: template words, template fixes. */
import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { applyTextEdits } from '../../../../src/core/fixes';

const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  SourceBucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
      ReplicationConfiguration:
        Role: arn:aws:iam::111122223333:role/replication
        Rules:
          - Idd: one   # the rule
            Status: Enabled
            Priority: 1
            Filter:
              Prefix: logs/
            DeleteMarkerReplication:
              Status: Disabled
            Destination:
              Bucket: arn:aws:s3:::dest
              ReplicaKmsKeyID: ${KEY}
            SourceSelectionCriteria:
              SseKmsEncryptedObjects:
                Status: Enabled
`;

describe('rc-unknown-member in a CloudFormation template', () => {
  const uri = '/repo/infra/replication.yaml';
  const findings = () => analyze([{ uri, text: TEMPLATE }]).findings.filter((f) => f.ruleId === 'rc-unknown-member');

  it('reports on the template node, in the template spelling, without claiming what the AWS CLI says', () => {
    const fs = findings();
    assert.deepEqual(fs.map((f) => TEMPLATE.slice(f.offset, f.offset + f.length)), ['Idd', 'ReplicaKmsKeyID']);
    assert.match(fs[0].message, /^`Idd` is not a member of `ReplicationConfiguration.Rules\[0\]` \(one of `Id`, `Priority`/);
    assert.match(fs[0].message, /Did you mean "Id"\?/);
    assert.doesNotMatch(fs[0].message, /AWS CLI/);
  });

  it('renames and moves in the template, keeping its comments', () => {
    const [rename, move] = findings();
    assert.equal(applyTextEdits(TEMPLATE, rename.fixes?.[0].edits() ?? []), TEMPLATE.replace('- Idd: one', '- Id: one'));
    const moved = applyTextEdits(TEMPLATE, move.fixes?.[0].edits() ?? []);
    assert.ok(moved.includes(`              EncryptionConfiguration:\n                ReplicaKmsKeyID: ${KEY}\n`), moved);
    assert.ok(moved.includes('# the rule'));
  });
});

import { strict as assert } from 'node:assert';
import { analyze } from '../../../../src/core/analyze';
import { byRule, inputsOf, withParser } from './helpers';
import { DEFAULT_DESTINATION_ACTIONS, moduleFiles } from './module';

/** The role's own policy lacks s3:ReplicateObject; `extra` attaches more to the role. */
function missingReplicate(extra: Record<string, string>): number {
  const files = moduleFiles({ style: 'standalone', policy: 'jsonencode', destinationActions: DEFAULT_DESTINATION_ACTIONS.filter((a) => a !== 's3:ReplicateObject'), extra });
  return byRule(analyze(inputsOf(files)).findings, 'iam-replicate-object').length;
}

describe('Terraform: a role with managed policies the module does not hold', () => {
  withParser();

  it('a missing permission is reported when the module holds all of the role', () => {
    assert.equal(missingReplicate({}), 1);
  });

  it('is not reported when an attachment names an AWS managed policy', () => {
    const attachment = `resource "aws_iam_role_policy_attachment" "s3_full" {
  role       = aws_iam_role.replication.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}
`;
    assert.equal(missingReplicate({ 'managed.tf': attachment }), 0);
  });

  it("an attachment of one of the module's own policies hides nothing: its text is checked", () => {
    const own = `resource "aws_iam_policy" "logs" {
  name   = "logs"
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "logs:PutLogEvents", Resource = "*" }] })
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.replication.name
  policy_arn = aws_iam_policy.logs.arn
}
`;
    assert.ok(missingReplicate({ 'own.tf': own }) > 0);
  });
});

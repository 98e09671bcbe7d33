/**
 * Rules that adapters apply to their own formats (syntax, template-only checks). They report from
 * the adapter, in source coordinates, so the engine never runs them on a document (`kinds` is
 * empty); they are registered for the rule table, SARIF and per-rule configuration.
 */
import { Rule } from '../rule';
import { CIRCULAR_DEPENDENCY, DESTINATION_NOT_ORDERED } from './cloudformation/ordering';
import { UNSUPPORTED_PROPERTY } from './cloudformation/properties';

const CFN_DOCS = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide';

function formatRule(def: Omit<Rule, 'kinds' | 'check'>): Rule {
  return { ...def, kinds: [], check: () => undefined };
}

export const yamlSyntax = formatRule({
  id: 'yaml-syntax',
  severity: 'error',
  evidence: 'D',
  summary: 'A CloudFormation template is not valid YAML; CloudFormation refuses it ("Template format error").',
  docUrl: `${CFN_DOCS}/template-formats.html`,
});

export const cfnUnsupportedProperty = formatRule({
  id: UNSUPPORTED_PROPERTY,
  severity: 'error',
  evidence: 'D',
  summary:
    'A template\'s `ReplicationConfiguration` holds a member of the S3 API that AWS::S3::Bucket does not define (the API\'s `ID` for `Id`, `Tag` for `TagFilter`, `ExistingObjectReplication`); the stack fails.',
  docUrl: `${CFN_DOCS}/aws-properties-s3-bucket-replicationrule.html`,
});

export const cfnCircularDependency = formatRule({
  id: CIRCULAR_DEPENDENCY,
  severity: 'error',
  evidence: 'D',
  summary:
    'Resources of a template wait for each other (two buckets replicating to each other, a role whose policy names the bucket that names the role); CloudFormation refuses the template.',
  docUrl: `${CFN_DOCS}/troubleshooting.html#troubleshooting-errors-dependency-error`,
});

export const cfnDestinationNotOrdered = formatRule({
  id: DESTINATION_NOT_ORDERED,
  severity: 'warning',
  evidence: 'U',
  summary:
    'A destination bucket the template creates is named literally, and nothing makes CloudFormation create it before the source: the configuration may be put first and fail.',
  docUrl: `${CFN_DOCS}/aws-attribute-dependson.html`,
});


const PROVIDER_DOCS = 'https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_replication_configuration';

/*
 * Terraform rules, each from real reports (the provider's behaviour read in its source,
 * internal/service/s3/bucket_replication_configuration.go and bucket.go):
 * - tf-versioning-not-ordered: nozaq/terraform-aws-remote-state-s3-backend#107,
 *   terraform-aws-modules/terraform-aws-s3-bucket#350; the provider retries PutBucketReplication only
 *   on "Versioning must be 'Enabled' on the bucket" (the source's error), not on the destination's.
 * - tf-replication-declared-twice: hashicorp/terraform-provider-aws#44192; the provider documents
 *   "S3 Buckets only support a single replication configuration … perpetual difference" and, for
 *   the inline block, `lifecycle { ignore_changes = [replication_configuration] }`.
 * - tf-priority-omitted / tf-priority-without-filter: expandReplicationRules sends
 *   `Priority = priority` (0 when unset) only when `filter` is present, else a V1 `Prefix`.
 * - tf-dependency-cycle: hashicorp/terraform-provider-aws#749, #1704 (two-way replication inline).
 */
export const TERRAFORM_RULES: readonly Rule[] = [
  formatRule({
    id: 'tf-syntax',
    severity: 'error',
    evidence: 'D',
    summary: 'A `.tf` file is not valid HCL; Terraform refuses the module.',
    docUrl: 'https://developer.hashicorp.com/terraform/language/syntax/configuration',
  }),
  formatRule({
    id: 'tf-versioning-not-ordered',
    severity: 'error',
    evidence: 'V',
    summary:
      'The replication resource does not depend on the destination\'s `aws_s3_bucket_versioning`: the first apply can fail with "Destination bucket must have versioning enabled" (nozaq/terraform-aws-remote-state-s3-backend#107, terraform-aws-modules/terraform-aws-s3-bucket#350).',
    docUrl: PROVIDER_DOCS,
  }),
  formatRule({
    id: 'tf-replication-declared-twice',
    severity: 'warning',
    evidence: 'D',
    summary: 'A bucket\'s replication is declared twice (inline on `aws_s3_bucket` and in `aws_s3_bucket_replication_configuration`, or two such resources): each apply undoes the other (hashicorp/terraform-provider-aws#44192).',
    docUrl: PROVIDER_DOCS,
  }),
  formatRule({
    id: 'tf-priority-omitted',
    severity: 'warning',
    evidence: 'D',
    summary: 'Filtered rules without `priority` are sent with priority 0 by the AWS provider: several of them share it.',
    docUrl: PROVIDER_DOCS,
  }),
  formatRule({
    id: 'tf-priority-without-filter',
    severity: 'warning',
    evidence: 'D',
    summary: 'A rule with `priority` but no `filter` is sent as a V1 rule and the AWS provider drops the priority.',
    docUrl: PROVIDER_DOCS,
  }),
  formatRule({
    id: 'tf-dependency-cycle',
    severity: 'error',
    evidence: 'V',
    summary: 'Two buckets replicate to each other through inline blocks that reference each other: Terraform refuses the cycle (hashicorp/terraform-provider-aws#749, #1704).',
    docUrl: PROVIDER_DOCS,
  }),
];

export const FORMAT_RULES: readonly Rule[] = [yamlSyntax, cfnUnsupportedProperty, cfnCircularDependency, cfnDestinationNotOrdered, ...TERRAFORM_RULES];

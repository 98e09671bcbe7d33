/**
 * How a file of each kind reaches AWS through `aws ... file://`, as observed with the AWS CLI
 * (2.9.19, Debian) against a listener that records requests:
 * - a replication configuration is a structure parameter: the CLI parses the JSON itself
 *   (Python's `json`) and stops before any request ("Error parsing parameter
 *   '--replication-configuration': Invalid JSON: ..."); text that does not start with `{` or `[`
 *   is read as shorthand syntax instead ("Expected: '=', received: ...");
 * - a policy is a string parameter: the CLI sends the file's text unchanged, comments and byte
 *   order mark included, and the service parses it.
 * Every file:// parameter is read in the locale's encoding (UTF-8 on Linux and macOS).
 */
import { DocumentKind } from '../../classify';

/** The kinds a `file://` parameter carries (templates go to CloudFormation, which says its own). */
export type Kind = Exclude<DocumentKind, 'unrelated' | 'template'>;

interface Reader {
  /** An AWS CLI command that takes this kind, with its parameter. */
  command: string;
  service: string;
  /** What the service answers to text that is not JSON. */
  refusal: string;
}

/** Kinds the AWS CLI parses itself (structure parameters), with their parameter. */
const STRUCTURES: Partial<Record<Kind, string>> = {
  'replication-config': '--replication-configuration',
  'notification-config': '--notification-configuration',
};

const READERS: Record<Exclude<Kind, 'replication-config' | 'notification-config'>, Reader> = {
  'permission-policy': { command: 'aws iam put-role-policy --policy-document', service: 'IAM', refusal: 'MalformedPolicyDocument' },
  'trust-policy': { command: 'aws iam update-assume-role-policy --policy-document', service: 'IAM', refusal: 'MalformedPolicyDocument' },
  'bucket-policy': {
    command: 'aws s3api put-bucket-policy --policy',
    service: 'S3',
    refusal: `MalformedPolicy ("Policies must be valid JSON and the first byte must be '{'")`,
  },
  'key-policy': { command: 'aws kms put-key-policy --policy', service: 'KMS', refusal: 'MalformedPolicyDocumentException' },
  'permissions-boundary': { command: 'aws iam create-policy --policy-document', service: 'IAM', refusal: 'MalformedPolicyDocument' },
  // Each owning service parses its own policy attribute; none accepts text that is not JSON.
  'resource-policy': { command: 'aws sqs set-queue-attributes, aws sns set-topic-attributes, …', service: 'the owning service', refusal: 'a malformed-policy error' },
  'service-control-policy': { command: 'aws organizations create-policy --content', service: 'AWS Organizations', refusal: 'MalformedPolicyDocumentException' },
  'resource-control-policy': { command: 'aws organizations create-policy --content', service: 'AWS Organizations', refusal: 'MalformedPolicyDocumentException' },
  'vpc-endpoint-policy': { command: 'aws ec2 modify-vpc-endpoint --policy-document', service: 'Amazon VPC', refusal: 'a malformed-policy error' },
};

/** The parameter a structure kind is passed in. */
export function structureParameter(kind: Kind): string {
  return STRUCTURES[kind] ?? '--replication-configuration';
}

/** The consequence of text that is not JSON, for a document of `kind`; `detail` is Python's message when known. */
export function notJsonConsequence(kind: Kind, detail = '…'): string {
  const r = policyReader(kind);
  if (!r) {
    return `The AWS CLI parses this parameter itself and refuses the file before calling S3: "Error parsing parameter '${structureParameter(kind)}': Invalid JSON: ${detail}".`;
  }
  return `The AWS CLI sends a policy file's text to ${r.service} as it is (\`${r.command} file://…\`), and ${r.service} refuses text that is not JSON: ${r.refusal}.`;
}

/** For a policy kind: the service and its refusal; undefined for a kind the CLI parses itself. */
export function policyReader(kind: Kind): Reader | undefined {
  return kind === 'replication-config' || kind === 'notification-config' ? undefined : READERS[kind];
}

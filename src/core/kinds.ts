/**
 * The kinds of document the engine tells apart, and for each kind of policy the grammar the service
 * that stores it applies. Rules read this table instead of assuming IAM's identity-policy grammar:
 * an ECR repository policy has no `Resource`, an SCP has no `Principal`, and a duplicate Sid that
 * IAM refuses is accepted by ECR.
 */

export type DocumentKind =
  | 'replication-config'
  | 'permission-policy'
  | 'permissions-boundary'
  | 'trust-policy'
  | 'bucket-policy'
  | 'key-policy'
  | 'resource-policy'
  | 'service-control-policy'
  | 'resource-control-policy'
  | 'vpc-endpoint-policy'
  /** A bucket notification configuration: read for what it subscribes to, not checked as a policy. */
  | 'notification-config'
  | 'unrelated'
  /** A file holding other documents (a CloudFormation template, a Terraform file); see `embedded/`. */
  | 'template';

export type PolicyKind = Exclude<DocumentKind, 'replication-config' | 'notification-config' | 'unrelated' | 'template'>;

/** Whether an element must be there, must not be, or may be. */
export type Presence = 'required' | 'forbidden' | 'optional';

export interface PolicyGrammar {
  /** `an identity (permission) policy`, for messages. */
  label: string;
  /** Who validates the document when it is written, for messages ("IAM rejects the policy"). */
  validator: string;
  principal: Presence;
  notPrincipal: boolean;
  resource: Presence;
  /** IAM's own rule for the policies it stores: a Sid holds only ASCII letters and digits. */
  alphanumericSid: boolean;
  /** The validator refuses two statements with one Sid (IAM and S3 do; ECR, for one, does not). */
  uniqueSid: boolean;
}

const IAM = { validator: 'IAM', alphanumericSid: true, uniqueSid: true } as const;

export const POLICY_GRAMMAR: Readonly<Record<PolicyKind, PolicyGrammar>> = {
  'permission-policy': { ...IAM, label: 'an identity (permission) policy', principal: 'forbidden', notPrincipal: false, resource: 'required' },
  'permissions-boundary': { ...IAM, label: 'a permissions boundary', principal: 'forbidden', notPrincipal: false, resource: 'required' },
  'trust-policy': { ...IAM, label: 'a role trust policy', principal: 'required', notPrincipal: false, resource: 'forbidden' },
  'bucket-policy': { label: 'an S3 bucket policy', validator: 'S3', principal: 'required', notPrincipal: true, resource: 'required', alphanumericSid: false, uniqueSid: true },
  'key-policy': { label: 'a KMS key policy', validator: 'KMS', principal: 'required', notPrincipal: true, resource: 'required', alphanumericSid: false, uniqueSid: false },
  // SQS, SNS, ECR, Lambda, Secrets Manager, ...: ECR repository policies have no Resource.
  'resource-policy': { label: 'a resource-based policy', validator: 'the owning service', principal: 'required', notPrincipal: true, resource: 'optional', alphanumericSid: false, uniqueSid: false },
  'service-control-policy': { label: 'a service control policy (SCP)', validator: 'AWS Organizations', principal: 'forbidden', notPrincipal: false, resource: 'optional', alphanumericSid: false, uniqueSid: false },
  'resource-control-policy': { label: 'a resource control policy (RCP)', validator: 'AWS Organizations', principal: 'required', notPrincipal: false, resource: 'optional', alphanumericSid: false, uniqueSid: false },
  'vpc-endpoint-policy': { label: 'a VPC endpoint policy', validator: 'Amazon VPC', principal: 'required', notPrincipal: true, resource: 'optional', alphanumericSid: false, uniqueSid: false },
};

export const POLICY_KINDS = Object.keys(POLICY_GRAMMAR) as readonly PolicyKind[];

/** The kinds a user can name (`--kind`, `fileKinds`); a template is recognised by its format's adapter. */
export const DOCUMENT_KINDS: readonly DocumentKind[] = ['replication-config', ...POLICY_KINDS, 'notification-config', 'unrelated'];

export function isPolicyKind(kind: DocumentKind): kind is PolicyKind {
  return kind in POLICY_GRAMMAR;
}

/** The grammar of a policy kind; identity-policy grammar for anything else (callers check the kind first). */
export function grammarOf(kind: DocumentKind): PolicyGrammar {
  return isPolicyKind(kind) ? POLICY_GRAMMAR[kind] : POLICY_GRAMMAR['permission-policy'];
}

/** Kinds whose statements name resources (every policy kind but trust policies). */
export const RESOURCE_POLICY_KINDS: readonly PolicyKind[] = POLICY_KINDS.filter((k) => POLICY_GRAMMAR[k].resource !== 'forbidden');

/** Kinds whose statements name principals. */
export const PRINCIPAL_POLICY_KINDS: readonly PolicyKind[] = POLICY_KINDS.filter((k) => POLICY_GRAMMAR[k].principal !== 'forbidden');

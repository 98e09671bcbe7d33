/**
 * Decides what a JSON document is by its content. A file name proves nothing (users paste
 * `get-bucket-replication` output into `notes.json`), and unrelated JSON such as `package.json`
 * must stay untouched, so the tests here are deliberately specific.
 */
import { Node } from 'jsonc-parser';
import { elements, isObject, member, stringValue } from './json';

export type DocumentKind =
  | 'replication-config'
  | 'permission-policy'
  | 'trust-policy'
  | 'bucket-policy'
  | 'key-policy'
  | 'notification-config'
  | 'unrelated'
  /** A file holding other documents (a CloudFormation template, a Terraform file); see `embedded/`. */
  | 'template';

export const DOCUMENT_KINDS: readonly DocumentKind[] = [
  'replication-config',
  'permission-policy',
  'trust-policy',
  'bucket-policy',
  'key-policy',
  'notification-config',
  'unrelated',
];

export function isPolicyKind(kind: DocumentKind): boolean {
  return kind === 'permission-policy' || kind === 'trust-policy' || kind === 'bucket-policy' || kind === 'key-policy';
}

export interface Classification {
  kind: DocumentKind;
  config?: Node;
  configPath?: (string | number)[];
  policy?: Node;
  policyPath?: (string | number)[];
}

const ROLE_ARN = /^arn:[a-z-]+:iam::[^:]*:role\//;
const ASSUME_ACTION = /^sts:(AssumeRole|AssumeRoleWithWebIdentity|AssumeRoleWithSAML|TagSession|SetSourceIdentity|SetContext|\*)/i;

export function classify(root: Node | undefined, forced?: DocumentKind): Classification {
  if (forced === 'template') return { kind: 'template' };
  if (!isObject(root)) return { kind: forced && forced !== 'unrelated' ? forced : 'unrelated' };

  const wrapped = member(root, 'ReplicationConfiguration');
  if (isObject(wrapped) && (forced === undefined || forced === 'replication-config')) {
    return { kind: 'replication-config', config: wrapped, configPath: ['ReplicationConfiguration'] };
  }
  if (forced === 'replication-config' || (forced === undefined && looksLikeReplicationConfig(root))) {
    return { kind: 'replication-config', config: root, configPath: [] };
  }

  const located = locatePolicy(root);
  if (forced === 'unrelated') return { kind: 'unrelated' };
  if (forced === 'notification-config' || (!forced && !located && looksLikeNotificationConfig(root))) return { kind: 'notification-config' };
  if (forced) {
    const policy = located?.policy ?? root;
    return { kind: forced, policy, policyPath: located?.path ?? [] };
  }
  if (!located) return { kind: 'unrelated' };
  return { kind: policyKind(located.policy, located.trustHint), policy: located.policy, policyPath: located.path };
}

function looksLikeReplicationConfig(root: Node): boolean {
  const rules = member(root, 'Rules');
  const role = stringValue(member(root, 'Role'));
  if (rules) {
    if (role !== undefined) return true;
    return elements(rules).some((r) => isObject(r) && member(r, 'Destination') !== undefined);
  }
  // A configuration whose Rules are not written yet: a bare role ARN and little else.
  return role !== undefined && ROLE_ARN.test(role) && (root.children?.length ?? 0) <= 2;
}

const NOTIFICATION_LISTS = ['QueueConfigurations', 'TopicConfigurations', 'LambdaFunctionConfigurations'];

/**
 * A bucket notification configuration (`put-bucket-notification-configuration` input or `get-…`
 * output), bare or wrapped: a list of destinations each naming `Events`, or an EventBridge switch.
 */
function looksLikeNotificationConfig(root: Node): boolean {
  if (isObject(member(root, 'NotificationConfiguration'))) return true;
  if (isObject(member(root, 'EventBridgeConfiguration'))) return true;
  return NOTIFICATION_LISTS.some((list) => elements(member(root, list)).some((c) => isObject(c) && member(c, 'Events') !== undefined));
}

function locatePolicy(root: Node): { policy: Node; path: (string | number)[]; trustHint: boolean } | undefined {
  if (member(root, 'Statement') !== undefined) return { policy: root, path: [], trustHint: false };
  const doc = member(root, 'PolicyDocument');
  if (isObject(doc) && member(doc, 'Statement') !== undefined) return { policy: doc, path: ['PolicyDocument'], trustHint: false };
  const assume = member(root, 'AssumeRolePolicyDocument');
  if (isObject(assume)) return { policy: assume, path: ['AssumeRolePolicyDocument'], trustHint: true };
  const role = member(root, 'Role');
  const nested = isObject(role) ? member(role, 'AssumeRolePolicyDocument') : undefined;
  if (isObject(nested)) return { policy: nested, path: ['Role', 'AssumeRolePolicyDocument'], trustHint: true };
  return undefined;
}

function policyKind(policy: Node, trustHint: boolean): DocumentKind {
  if (trustHint) return 'trust-policy';
  const statements = elements(member(policy, 'Statement')).filter(isObject);
  const withPrincipal = statements.filter((s) => member(s, 'Principal') !== undefined || member(s, 'NotPrincipal') !== undefined);
  if (withPrincipal.length === 0) return 'permission-policy';
  const actions = statements.flatMap((s) => elements(member(s, 'Action')).map((a) => stringValue(a) ?? ''));
  const hasResource = statements.some((s) => member(s, 'Resource') !== undefined || member(s, 'NotResource') !== undefined);
  if (!hasResource && actions.some((a) => ASSUME_ACTION.test(a))) return 'trust-policy';
  if (actions.length > 0 && actions.every((a) => /^kms:/i.test(a))) return 'key-policy';
  return 'bucket-policy';
}

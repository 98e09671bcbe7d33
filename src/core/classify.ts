/**
 * Decides what a JSON document is by its content. A file name proves nothing (users paste
 * `get-bucket-replication` output into `notes.json`), and unrelated JSON such as `package.json`
 * must stay untouched, so the tests here are deliberately specific. Names only break ties between
 * policy kinds that content cannot tell apart (see `policyKind.ts`).
 */
import { Node } from 'jsonc-parser';
import { elements, has, isObject, member, stringValue } from './json';
import { DocumentKind } from './kinds';
import { isAccessPolicy, policyKind } from './policyKind';

export { DOCUMENT_KINDS, isPolicyKind, POLICY_KINDS } from './kinds';
export type { DocumentKind, PolicyKind } from './kinds';

export interface Classification {
  kind: DocumentKind;
  config?: Node;
  configPath?: (string | number)[];
  policy?: Node;
  policyPath?: (string | number)[];
}

const ROLE_ARN = /^arn:[a-z-]+:iam::[^:]*:role\//;

/** `uri` (a path or URI) only breaks ties between policy kinds; pass it when there is one. */
export function classify(root: Node | undefined, forced?: DocumentKind, uri = ''): Classification {
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
  if (!located || !isAccessPolicy(located.policy)) return { kind: 'unrelated' };
  return { kind: policyKind(located.policy, located.trustHint, uri), policy: located.policy, policyPath: located.path };
}

function looksLikeReplicationConfig(root: Node): boolean {
  const rules = member(root, 'Rules');
  // A role and rules: a configuration, however broken (`"Rule"` for `"Rules"` included).
  if (has(root, 'Role') && (has(root, 'Rules') || has(root, 'Rule'))) return true;
  if (rules) return elements(rules).some((r) => isObject(r) && member(r, 'Destination') !== undefined);
  // A configuration whose Rules are not written yet: a bare role ARN and little else.
  const role = stringValue(member(root, 'Role'));
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

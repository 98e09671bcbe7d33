/**
 * The tree's nodes as plain data: what each shows and which commands hang off it. The VS Code
 * provider maps them to TreeItems one to one; everything here is testable without VS Code.
 *
 * Ids are stable (`bucket:<name>`, `bucket:<name>/rule:<n>` …) so expansion survives refreshes, and
 * `contextValue`s are the hooks for menus: the fix commands of the next issue attach to
 * `bucket`, `bucketWithReplication`, `role` and `findingWithFix`.
 */

import { plainText } from '../core/text';

export const COMMANDS = {
  refreshAll: 's3ReplicationDoctor.refreshBuckets',
  refreshBucket: 's3ReplicationDoctor.refreshBucket',
  pickProfile: 's3ReplicationDoctor.pickProfile',
  loadMore: 's3ReplicationDoctor.loadMoreBuckets',
  openReplication: 's3ReplicationDoctor.openReplicationConfiguration',
  openRolePolicy: 's3ReplicationDoctor.openRolePolicy',
  openLive: 's3ReplicationDoctor.openLiveDocument',
  copyName: 's3ReplicationDoctor.copyName',
  copyArn: 's3ReplicationDoctor.copyArn',
  openInConsole: 's3ReplicationDoctor.openInConsole',
} as const;

export const VIEW_ID = 's3ReplicationDoctor.buckets';

export type NodeKind =
  | 'region'
  | 'bucket'
  | 'loadMore'
  | 'message'
  | 'detail'
  | 'rules'
  | 'rule'
  | 'role'
  | 'document'
  | 'problems'
  | 'finding'
  | 'failure';

/** Codicon id plus a semantic colour the provider maps to a theme colour. */
export interface NodeIcon {
  id: string;
  color?: 'error' | 'warning' | 'ok' | 'info';
}

export interface OpenTarget {
  uri: string;
  offset?: number;
  length?: number;
}

export interface TreeNode {
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  icon?: NodeIcon;
  contextValue: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** The bucket a node belongs to (its own name for bucket nodes). */
  bucket?: string;
  region?: string;
  /** A live document to open on click (at a finding's or rule's place). */
  open?: OpenTarget;
  /** A command to run on click, with the node as its argument. */
  command?: string;
  /** A versioning problem: the bucket to enable versioning on (its own or a destination), for *Enable Versioning…*. */
  versioning?: { bucket: string; side: 'source' | 'destination' };
  /** A role node's role, for Copy Name / Copy ARN / Open in AWS Console. */
  role?: { name: string; arn: string };
  /** Children computed with the node (detail subtrees). */
  children?: TreeNode[];
  /** An AWS account the node is about (an unmapped destination account, for "Map Account to Profile…"). */
  account?: string;
  /** The destination bucket a node is about (rule destinations), for the other-side fix commands. */
  destination?: string;
  /** A KMS key the node is about (the replica key), for the key policy fix. */
  keyRef?: string;
}

export function message(id: string, label: string, icon?: NodeIcon, tooltip?: string): TreeNode {
  return { id, kind: 'message', label, icon, tooltip, contextValue: 'message', collapsible: 'none' };
}

export function detail(id: string, label: string, description: string | undefined, icon?: NodeIcon, extra: Partial<TreeNode> = {}): TreeNode {
  return { id, kind: 'detail', label, description, icon, contextValue: 'detail', collapsible: 'none', ...extra };
}

/** A one-line label from a finding message: its first sentence. */
export function firstSentence(text: string): string {
  const m = /^(.+?[.!?])(\s|$)/.exec(text);
  return (m ? m[1] : text).replace(/\.$/, '');
}

/** Labels longer than this are cut at a word (the side bar cuts the rest visually anyway). */
export const LABEL_LIMIT = 72;

/** An S3 ARN as the bucket or object resource it names (`arn:aws:s3:::b/*` is `b/*`): the tooltip keeps the ARN. */
const S3_ARN = /\barn:aws(?:-[a-z]+)*:s3:::(?=\S)/g;

/**
 * A finding's label in the tree: what is wrong, not why or what to do (the tooltip has the whole
 * message). Plain text: its first sentence up to its first colon or semicolon, without asides in
 * parentheses, S3 ARNs as the names they hold ("Versioning on destination bucket "b" is never
 * enabled", "This policy does not allow s3:ReplicateTags on b/*"), cut at a word with "…" past
 * `LABEL_LIMIT`.
 */
export function findingLabel(message: string): string {
  const sentence = firstSentence(plainText(message));
  const clause = /[:;] /.exec(sentence);
  const label = (clause && clause.index > 0 ? sentence.slice(0, clause.index) : sentence).replace(/(\S) \([^()]*\)/g, '$1').replace(S3_ARN, '');
  if (label.length <= LABEL_LIMIT) return label;
  const space = label.lastIndexOf(' ', LABEL_LIMIT - 1);
  return `${label.slice(0, space > LABEL_LIMIT / 2 ? space : LABEL_LIMIT - 1).replace(/[\s,;(]+$/, '')}…`;
}

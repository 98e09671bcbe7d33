/**
 * Section (e) and `rc-replica-kms-key-symmetric`, on the configuration: the KMS keys S3 uses for a
 * rule (the replica key it names, the source bucket's default key) as DescribeKey tells them. Live
 * facts fill `facts.keys` (the explorer and `scan` from KMS, format adapters from what a template
 * declares); a key nobody could describe stays unknown and nothing is reported about it.
 */
import { member, stringValue } from '../../json';
import { KeyFacts, keyFacts } from '../../facts';
import { Rule, RuleContext } from '../../rule';
import { DOCS } from '../../sources';
import { configRule, ConfigRule, eachRule, propObject, propKey } from '../config/shape';
import { destinationFacts, liveRule, sourceAnchor, sourceFacts } from './liveShape';

function replicaKeyNode(rule: ConfigRule) {
  return member(propObject(rule.d.EncryptionConfiguration), 'ReplicaKmsKeyID');
}

function sseKmsOptIn(rule: ConfigRule): boolean {
  return stringValue(member(member(rule.criteria, 'SseKmsEncryptedObjects'), 'Status')) === 'Enabled';
}

/** Each rule's replica key with its facts, when DescribeKey answered for it. */
function eachReplicaKey(ctx: RuleContext, visit: (rule: ConfigRule, key: KeyFacts, node: NonNullable<ReturnType<typeof replicaKeyNode>>) => void): void {
  eachRule(ctx, (rule) => {
    if (rule.status === 'Disabled') return;
    const node = replicaKeyNode(rule);
    const key = keyFacts(ctx.workspace.facts, stringValue(node));
    if (node && key) visit(rule, key, node);
  });
}

const STATE_TEXT: Record<string, string> = { Disabled: 'disabled', PendingDeletion: 'pending deletion', PendingImport: 'waiting for key material', Unavailable: 'unavailable' };

export const kmsKeyState = liveRule({
  id: 'kms-key-state',
  severity: 'error',
  evidence: 'D',
  summary: 'The replica or source KMS key is missing, disabled or pending deletion (`DstKmsKeyNotFound`, `DstKmsKeyInvalidState`, `SrcKmsKeyInvalidState`).',
  docUrl: DOCS.UG_FAIL,
  check(ctx) {
    eachReplicaKey(ctx, (_rule, key, node) => {
      if (key.exists === false) {
        ctx.report({ node, message: `KMS has no key ${key.ref}: every SSE-KMS object this rule replicates fails with \`DstKmsKeyNotFound\`. Use an existing key of the destination account and Region.` });
      } else if (key.state && key.state !== 'Enabled') {
        ctx.report({
          node,
          message: `The replica key ${key.arn ?? key.ref} is ${STATE_TEXT[key.state] ?? key.state}: every SSE-KMS object this rule replicates fails with \`DstKmsKeyInvalidState\`. Enable the key (or cancel its deletion), or point \`ReplicaKmsKeyID\` at a usable key.`,
        });
      }
    });
    const source = sourceFacts(ctx);
    const sourceKey = keyFacts(ctx.workspace.facts, source?.defaultKmsKeyId);
    const opted = ruleList(ctx).some((r) => r.status !== 'Disabled' && sseKmsOptIn(r));
    if (!source || !sourceKey || !opted) return;
    const bad = sourceKey.exists === false ? 'does not exist' : sourceKey.state && sourceKey.state !== 'Enabled' ? `is ${STATE_TEXT[sourceKey.state] ?? sourceKey.state}` : undefined;
    if (!bad) return;
    ctx.report({
      ...sourceAnchor(ctx.doc),
      message: `The source bucket "${source.name}" encrypts new objects with KMS key ${sourceKey.arn ?? sourceKey.ref}, which ${bad}: its SSE-KMS objects cannot be read for replication (\`SrcKmsKeyInvalidState\`).`,
    });
  },
});

function ruleList(ctx: RuleContext): ConfigRule[] {
  const out: ConfigRule[] = [];
  eachRule(ctx, (r) => void out.push(r));
  return out;
}

export const replicaKeySymmetric = liveRule({
  id: 'rc-replica-kms-key-symmetric',
  severity: 'error',
  evidence: 'D',
  summary: 'The replica KMS key must be a symmetric encryption key; S3 does not use asymmetric or HMAC keys.',
  docUrl: DOCS.UG_KMS,
  check(ctx) {
    eachReplicaKey(ctx, (_rule, key, node) => {
      if (!key.keySpec || key.keySpec === 'SYMMETRIC_DEFAULT') return;
      ctx.report({ node, message: `The replica key ${key.arn ?? key.ref} is ${key.keySpec} (${key.keyUsage ?? 'not for encryption'}); S3 encrypts replicas only with symmetric encryption keys (SYMMETRIC_DEFAULT), so SSE-KMS objects fail to replicate. Use a symmetric key.` });
    });
  },
});

/** `mrk-` ids are multi-Region keys; the ARN says so even in a file. */
function multiRegion(value: string | undefined, key: KeyFacts | undefined): boolean {
  return key?.multiRegion === true || /:key\/mrk-[0-9a-f]{32}$|^mrk-[0-9a-f]{32}$/.test(value ?? '');
}

export const kmsMultiRegionKey: Rule = configRule({
  id: 'kms-multi-region-key',
  severity: 'info',
  evidence: 'D',
  summary: 'S3 treats a multi-Region replica key as a single-Region key: name the replica of the destination Region.',
  docUrl: DOCS.UG_KMS,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const node = replicaKeyNode(rule);
      const value = stringValue(node);
      if (!node || !multiRegion(value, keyFacts(ctx.workspace.facts, value))) return;
      ctx.report({
        node,
        message: 'This is a multi-Region key. S3 treats multi-Region keys as single-Region keys: the related key in another Region is a different key for S3, so name the key of the destination bucket\'s Region (its own ARN).',
      });
    });
  },
});

export const kmsAwsManagedCrossAccount = liveRule({
  id: 'kms-aws-managed-cross-account',
  severity: 'error',
  evidence: 'D',
  summary: 'Cross-account replication cannot use an AWS managed key (aws/s3): its policy cannot be shared.',
  docUrl: DOCS.UG_KMS,
  check(ctx) {
    const source = sourceFacts(ctx);
    eachReplicaKey(ctx, (rule, key, node) => {
      const dest = destinationFacts(ctx, rule);
      const owner = dest?.ownerAccount;
      if (key.keyManager !== 'AWS' || !owner || !source?.ownerAccount || owner === source.ownerAccount) return;
      ctx.report({
        node,
        message: `${key.arn ?? key.ref} is an AWS managed key (aws/s3). Its key policy cannot be edited, so it cannot be shared with account ${owner}, which owns the replicas: use a customer managed key of the destination account.`,
      });
    });
  },
});

export const kmsRequestQuota = liveRule({
  id: 'kms-request-quota',
  severity: 'info',
  evidence: 'D',
  summary: 'Replicating SSE-KMS objects uses KMS requests; above the quota KMS throttles and replication slows.',
  docUrl: DOCS.UG_RTC,
  check(ctx) {
    for (const rule of ruleList(ctx)) {
      if (rule.status === 'Disabled' || !sseKmsOptIn(rule)) continue;
      ctx.report({
        node: propKey(rule.r.SourceSelectionCriteria) ?? rule.bucketNode,
        message: 'Each replicated SSE-KMS object costs KMS requests (decrypt at the source, encrypt at the destination; AWS\'s example: 1,000 objects a second use about 2,000 KMS requests a second). Above the account\'s KMS quota, KMS throttles and replication slows: request a quota increase for high rates.',
      });
      return;
    }
  },
});

/** Section (e) rules read on the configuration (the key-policy ones are in `rules/iam/keyPolicy.ts`). */
export const KMS_CONFIG_RULES: readonly Rule[] = [kmsKeyState, kmsMultiRegionKey, kmsAwsManagedCrossAccount, kmsRequestQuota];

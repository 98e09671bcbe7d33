/** SSE-KMS replication: the opt-in, the replica key, and the pairing S3 insists on. */
import { Node } from 'jsonc-parser';
import { bucketFacts } from '../../facts';
import { removeFix, setValueFix } from '../../fixes';
import { anchorForMissing, keyNode, member, properties, propertyKey, stringValue } from '../../json';
import { arnProblem, parseArn } from '../../iam/arn';
import { RuleContext } from '../../rule';
import { DOCS } from '../../sources';
import { isOutpostsConfig } from './model';
import { S3_TEXT } from './s3Text';
import { configRule, ConfigRule, eachRule, objectMember, propKey, propObject, propValue, reportOnce, roleAccount, Span, statusOf } from './shape';

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/;
const AWS_MANAGED_S3_KEY = /^(arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:)?alias\/aws\/s3$/;

function replicaKeyNode(rule: ConfigRule): Node | undefined {
  return member(propObject(rule.d.EncryptionConfiguration), 'ReplicaKmsKeyID');
}

/**
 * A replica key written in the wrong place (directly under `Destination` or the rule, or as
 * `ReplicaKmsKeyId`): rc-unknown-member reports it and moves it where S3 reads it.
 */
function replicaKeyMisplaced(rule: ConfigRule): boolean {
  const wrong = (obj: Node | undefined) => properties(obj).some((p) => propertyKey(p)?.toLowerCase() === 'replicakmskeyid' && propertyKey(p) !== 'ReplicaKmsKeyID');
  const misplaced = (obj: Node | undefined) => properties(obj).some((p) => propertyKey(p)?.toLowerCase() === 'replicakmskeyid');
  return misplaced(rule.node) || misplaced(rule.destination) || wrong(propObject(rule.d.EncryptionConfiguration));
}

/** Removes SseKmsEncryptedObjects, or the whole SourceSelectionCriteria when nothing else is in it. */
function removeSseKmsFix(ctx: RuleContext, rule: ConfigRule, title: string, preferred: boolean) {
  const alone = properties(rule.criteria).length === 1;
  const path = alone ? [...rule.path, 'SourceSelectionCriteria'] : [...rule.path, 'SourceSelectionCriteria', 'SseKmsEncryptedObjects'];
  return removeFix(ctx.doc, path, title, preferred);
}

export const sseKmsNeedsReplicaKey = configRule({
  id: 'rc-sse-kms-needs-replica-key',
  severity: 'error',
  evidence: 'V',
  summary: '`SseKmsEncryptedObjects` needs `Destination.EncryptionConfiguration.ReplicaKmsKeyID`.',
  docUrl: DOCS.UG_KMS,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const key = keyNode(rule.criteria, 'SseKmsEncryptedObjects');
      if (!key || stringValue(replicaKeyNode(rule)) || replicaKeyMisplaced(rule)) return;
      // The newest model lets S3 pick the multi-Region replica of the source key instead; whether it
      // then still wants ReplicaKmsKeyID is not documented, so no error is claimed.
      if (statusOf(objectMember(propObject(rule.d.EncryptionConfiguration), 'UseSourceMultiRegionKey')) === 'Enabled') return;
      const enabled = statusOf(member(rule.criteria, 'SseKmsEncryptedObjects')) === 'Enabled';
      ctx.report({
        node: key,
        message:
          `\`SseKmsEncryptedObjects\` is present but the destination names no \`EncryptionConfiguration.ReplicaKmsKeyID\`: S3 answers ${S3_TEXT.replicaKeyRequired} ` +
          (enabled
            ? 'Add the ARN of a KMS key in the destination Region under `Destination.EncryptionConfiguration`.'
            : 'This happens even with Status "Disabled": remove the element, or add the replica key.'),
        fixes: [
          enabled
            ? removeSseKmsFix(ctx, rule, 'Remove "SseKmsEncryptedObjects" (SSE-KMS objects will then not replicate)', false)
            : removeSseKmsFix(ctx, rule, 'Remove the disabled "SseKmsEncryptedObjects"', true),
        ],
      });
    }, 'SourceSelectionCriteria');
  },
});

export const encryptionConfigNeedsSseKms = configRule({
  id: 'rc-encryption-config-needs-sse-kms',
  severity: 'error',
  evidence: 'V',
  summary: '`Destination.EncryptionConfiguration` needs `SourceSelectionCriteria.SseKmsEncryptedObjects`.',
  docUrl: DOCS.UG_KMS,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const key = propKey(rule.d.EncryptionConfiguration);
      if (!key || keyNode(rule.criteria, 'SseKmsEncryptedObjects')) return;
      ctx.report({
        node: key,
        message: `The destination has an \`EncryptionConfiguration\` but the rule does not opt in to SSE-KMS objects: S3 answers ${S3_TEXT.sseKmsRequired} Add \`"SourceSelectionCriteria": {"SseKmsEncryptedObjects": {"Status": "Enabled"}}\`.`,
        // A SourceSelectionCriteria that is not an object is the schema check's to report: rewriting
        // it here would discard whatever the user typed, so no fix is offered then.
        fixes: rule.r.SourceSelectionCriteria && !rule.criteria
          ? []
          : [setValueFix(ctx.doc, [...rule.path, 'SourceSelectionCriteria', 'SseKmsEncryptedObjects'], { Status: 'Enabled' }, 'Add "SseKmsEncryptedObjects": {"Status": "Enabled"}', true)],
      });
    }, 'EncryptionConfiguration');
  },
});

const KMS_ALGORITHMS = new Set(['aws:kms', 'aws:kms:dsse']);

export const sseKmsObjectsSkipped = configRule({
  id: 'rc-sse-kms-objects-skipped',
  severity: 'warning',
  evidence: 'D',
  summary: 'Without the `SseKmsEncryptedObjects` opt-in, SSE-KMS and DSSE-KMS objects are not replicated (a warning when the source bucket encrypts with KMS by default, else an info note).',
  docUrl: DOCS.UG_KMS,
  check(ctx) {
    // S3 on Outposts does not replicate SSE-KMS objects at all (rc-outposts-unsupported): no opt-in to remind of.
    if (isOutpostsConfig(ctx.doc.config)) return;
    // Only live facts show that the bucket really holds SSE-KMS objects: without them this is a
    // reminder, once per file; with them, a warning on every rule that skips those objects.
    const source = bucketFacts(ctx.workspace.facts, ctx.doc.live?.sourceBucket);
    const kmsDefault = source?.defaultEncryption !== undefined && KMS_ALGORITHMS.has(source.defaultEncryption);
    const skipped = (rule: ConfigRule): Span | undefined => {
      const sseKms = objectMember(rule.criteria, 'SseKmsEncryptedObjects');
      if (statusOf(sseKms) === 'Enabled') return undefined;
      return member(sseKms, 'Status') ?? propKey(rule.r.SourceSelectionCriteria) ?? anchorForMissing(rule.node);
    };
    if (!kmsDefault) {
      // A note, not the rule's warning: nothing here says the bucket holds such objects (the explorer knows, and warns).
      const reminder =
        'SSE-KMS and DSSE-KMS encrypted objects are not replicated by this rule (opt in with `SseKmsEncryptedObjects` and a `ReplicaKmsKeyID`). ' +
        'A note: whether the source bucket holds such objects is not known here; it is a warning when the bucket encrypts with KMS by default.';
      reportOnce(ctx, skipped, reminder, 'info');
      return;
    }
    eachRule(ctx, (rule) => {
      const site = skipped(rule);
      if (!site) return;
      ctx.report({
        offset: site.offset,
        length: site.length,
        message:
          `Bucket "${source?.name}" encrypts new objects with ${source?.defaultEncryption} by default, but this rule does not opt in to SSE-KMS objects: they are not replicated. ` +
          'Add `SourceSelectionCriteria.SseKmsEncryptedObjects` Enabled and a `ReplicaKmsKeyID`, and grant the role the KMS permissions.',
      });
    });
  },
});

const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * What is wrong with a replica key that is not a key ARN, in its own terms. `malformed` when it
 * cannot name any key at all: then every SSE-KMS object fails to replicate.
 */
function keyProblem(value: string): { text: string; malformed: boolean } {
  if (/^alias\//.test(value) || /^arn:[^:]*:kms:[^:]*:[^:]*:alias\//.test(value)) {
    return { text: 'is an alias, which S3 resolves in the account of whoever writes the replica; a source-account key of the same alias can be used instead of the destination\'s', malformed: false };
  }
  if (value.startsWith('arn:')) {
    const arn = parseArn(value);
    if (arn && arn.service !== 'kms') return { text: `is ${/^[aeiou]/i.test(arn.service) ? 'an' : 'a'} \`${arn.service}\` ARN, not a KMS key ARN`, malformed: true };
    const problem = arnProblem(value) ?? 'the resource must be `key/<key-id>`';
    return { text: `is a malformed key ARN: ${problem}`, malformed: true };
  }
  if (KEY_ID.test(value)) return { text: 'is a bare key id, which S3 resolves in the requester\'s account rather than where you expect', malformed: false };
  return { text: 'is neither a key ARN, a key id nor an alias', malformed: true };
}

export const replicaKmsKeyArn = configRule({
  id: 'rc-replica-kms-key-arn',
  severity: 'warning',
  evidence: 'D',
  summary: '`ReplicaKmsKeyID` should be a full KMS key ARN, not an alias or bare key id.',
  docUrl: DOCS.UG_KMS,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const node = replicaKeyNode(rule);
      const value = stringValue(node);
      if (!value || KEY_ARN.test(value)) return;
      const problem = keyProblem(value);
      ctx.report({
        node,
        // S3 stores any value here; one that names no key at all makes every SSE-KMS object fail later.
        severity: problem.malformed ? 'error' : undefined,
        message:
          `\`ReplicaKmsKeyID\` ${problem.text}. ` +
          (problem.malformed ? 'S3 does not check it when storing the configuration; replicating SSE-KMS objects then fails (`DstKmsKeyNotFound`). ' : '') +
          'Use the full key ARN: `arn:aws:kms:<destination-region>:<account>:key/<key-id>`.',
      });
    }, 'EncryptionConfiguration');
  },
});

export const replicaKmsKeyNotValidated = configRule({
  id: 'rc-replica-kms-key-not-validated',
  severity: 'info',
  evidence: 'D',
  summary: 'S3 does not check the replica KMS key when storing the configuration.',
  docUrl: DOCS.UG_KMS,
  check(ctx) {
    reportOnce(
      ctx,
      (rule) => {
        const node = replicaKeyNode(rule);
        return stringValue(node) ? node : undefined;
      },
      'S3 accepts any key here; a wrong, disabled or other-Region key only shows later as `DstKmsKeyNotFound` / `DstKmsKeyInvalidState` failures.',
      undefined,
      'EncryptionConfiguration',
    );
  },
});

/** Whether the rule's destination belongs to another account, from the configuration or from live facts. */
function crossAccount(ctx: RuleContext, rule: ConfigRule): boolean | undefined {
  const facts = ctx.workspace.facts;
  const dest = bucketFacts(facts, rule.bucketName)?.ownerAccount;
  const source = bucketFacts(facts, ctx.doc.live?.sourceBucket)?.ownerAccount ?? roleAccount(ctx.doc);
  const account = stringValue(propValue(rule.d.Account)) ?? dest;
  return account && source ? account !== source : undefined;
}

export const replicaKmsKeyAwsManaged = configRule({
  id: 'rc-replica-kms-key-aws-managed',
  severity: 'error',
  evidence: 'D',
  summary: 'The AWS managed key `aws/s3` cannot encrypt replicas for another account.',
  docUrl: DOCS.UG_KMS,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const node = replicaKeyNode(rule);
      if (!AWS_MANAGED_S3_KEY.test(stringValue(node) ?? '') || !crossAccount(ctx, rule)) return;
      ctx.report({
        node,
        message: 'The destination is in another account, but `aws/s3` is an AWS managed key, which cannot be used across accounts: replicas cannot be encrypted for the destination owner. Use a customer managed key owned by the destination account.',
      });
    }, 'EncryptionConfiguration');
  },
});

export const sourceSelectionEmpty = configRule({
  id: 'rc-source-selection-empty',
  severity: 'warning',
  evidence: 'U',
  summary: 'An empty `SourceSelectionCriteria` should be removed.',
  docUrl: DOCS.API_RULE,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const criteria = rule.criteria;
      if (!criteria || properties(criteria).length > 0) return;
      ctx.report({
        node: propKey(rule.r.SourceSelectionCriteria),
        message: '`SourceSelectionCriteria` is empty; S3-compatible services refuse it ("SourceSelectionCriteria cannot be empty."). Remove it, or add `SseKmsEncryptedObjects` / `ReplicaModifications`.',
        fixes: [removeFix(ctx.doc, [...rule.path, 'SourceSelectionCriteria'], 'Remove the empty "SourceSelectionCriteria"', true)],
      });
    }, 'SourceSelectionCriteria');
  },
});

/** How this configuration relates to other buckets' replication: loops, chains, two-way sync, existing objects. */
import { keyNode, member, stringValue } from '../../json';
import { DOCS } from '../../sources';
import { eachRule, objectMember } from '../config/shape';
import { eachDestination, liveRule, sourceFacts } from './liveShape';

export const destinationIsSource = liveRule({
  id: 'rc-destination-is-source',
  severity: 'warning',
  evidence: 'U',
  summary: 'A rule must not replicate a bucket into itself.',
  docUrl: DOCS.UG_CFG,
  check(ctx) {
    const source = ctx.doc.live?.sourceBucket;
    if (!source) return;
    eachRule(ctx, (rule) => {
      if (rule.bucketName !== source) return;
      ctx.report({
        node: rule.bucketNode,
        message: `This rule replicates "${source}" into itself. That is never useful, and S3-compatible services refuse it ("Destination bucket cannot be the same as the source bucket."). Point it at another bucket.`,
      });
    });
  },
});

export const replicaChain = liveRule({
  id: 'rc-replica-chain',
  severity: 'info',
  evidence: 'D',
  summary: 'Replicas are not replicated again: A to B to C does not bring A\'s objects to C.',
  docUrl: DOCS.UG_WHAT,
  check(ctx) {
    const source = ctx.doc.live?.sourceBucket;
    eachDestination(ctx, (rule, dest) => {
      const onward = dest.replication?.filter((r) => r.enabled && r.destinationBucket !== source).map((r) => r.destinationBucket);
      if (!onward || onward.length === 0) return;
      ctx.report({
        node: rule.bucketNode,
        message: `"${dest.name}" replicates on to ${[...new Set(onward)].map((b) => `"${b}"`).join(', ')}, but replicas are not replicated again: objects from this bucket do not travel on. Add a direct rule, or use Batch Replication for replicas.`,
      });
    });
  },
});

export const replicaModificationsTwoWay = liveRule({
  id: 'rc-replica-modifications-two-way',
  severity: 'warning',
  evidence: 'D',
  summary: 'Replica modification sync needs the reverse rule, with sync enabled, on the destination.',
  docUrl: DOCS.UG_RMS,
  check(ctx) {
    const source = ctx.doc.live?.sourceBucket;
    if (!source) return;
    eachRule(ctx, (rule) => {
      const status = member(objectMember(rule.criteria, 'ReplicaModifications'), 'Status');
      if (stringValue(status) !== 'Enabled') return;
      const back = ctx.workspace.facts?.buckets[rule.bucketName ?? '']?.replication;
      if (!back || back.some((r) => r.enabled && r.replicaModifications && r.destinationBucket === source)) return;
      ctx.report({
        node: status,
        message: `Replica modification sync only works both ways: "${rule.bucketName}" has no enabled rule back to "${source}" with ReplicaModifications enabled, so metadata changes made on replicas (ACLs, tags, Object Lock) do not flow back. Add that reverse rule.`,
      });
    });
  },
});

export const existingObjects = liveRule({
  id: 'ls-existing-objects',
  severity: 'info',
  evidence: 'D',
  summary: 'Live replication does not copy objects that existed before the configuration.',
  docUrl: DOCS.UG_BATCH,
  check(ctx) {
    // A bucket a file is about to create holds no objects yet.
    if (!ctx.doc.live?.sourceBucket || sourceFacts(ctx)?.declared) return;
    const key = keyNode(ctx.doc.config, 'Rules');
    if (!key) return;
    ctx.report({ node: key, message: 'Objects that existed before this configuration (or were already replicated elsewhere) are not replicated; run S3 Batch Replication for them.' });
  },
});

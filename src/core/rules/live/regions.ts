/** Regions: where the replica key must live, and what cross-Region replication implies. */
import { member, stringValue } from '../../json';
import { DOCS } from '../../sources';
import { eachRule, propObject } from '../config/shape';
import { destinationFacts, eachDestination, liveRule, sourceFacts } from './liveShape';

export const replicaKmsKeyRegion = liveRule({
  id: 'rc-replica-kms-key-region',
  severity: 'error',
  evidence: 'D',
  summary: 'The replica KMS key must be in the destination bucket\'s Region.',
  docUrl: DOCS.UG_KMS,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const node = member(propObject(rule.d.EncryptionConfiguration), 'ReplicaKmsKeyID');
      const keyRegion = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):/.exec(stringValue(node) ?? '')?.[1];
      const region = keyRegion && destinationFacts(ctx, rule)?.region;
      if (!region || region === keyRegion) return;
      ctx.report({
        node,
        message: `This key is in ${keyRegion}, but destination "${rule.bucketName}" is in ${region}. S3 stores the configuration anyway and replication fails later; use a key created in ${region}.`,
      });
    });
  },
});

export const crrVsSrr = liveRule({
  id: 'ls-crr-vs-srr',
  severity: 'info',
  evidence: 'D',
  summary: 'Cross-Region vs Same-Region replication: same configuration, different costs and Regional resources.',
  docUrl: DOCS.UG_REQ,
  check(ctx) {
    const from = sourceFacts(ctx)?.region;
    if (!from) return;
    eachDestination(ctx, (rule, dest) => {
      if (!dest.region) return;
      ctx.report({
        node: rule.bucketNode,
        message:
          from === dest.region
            ? `Same-Region replication (${from}): no inter-Region transfer charges.`
            : `Cross-Region replication (${from} to ${dest.region}): inter-Region transfer charges apply; KMS keys and RTC availability follow each bucket's own Region.`,
      });
    });
  },
});


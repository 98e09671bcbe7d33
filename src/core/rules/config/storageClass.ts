/** `Destination.StorageClass`: the model enum, and the classes replication does not write to. */
import { setValueFix } from '../../fixes';
import { DOCS } from '../../sources';
import { isOutpostsConfig } from './model';
import { configRule, eachRule, propKey, propValue, reportOnce } from './shape';

const MODEL_CLASSES = [
  'STANDARD', 'REDUCED_REDUNDANCY', 'STANDARD_IA', 'ONEZONE_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE', 'OUTPOSTS',
  'GLACIER_IR', 'SNOW', 'EXPRESS_ONEZONE', 'FSX_OPENZFS', 'FSX_ONTAP', 'AWS_BACKUP_WARM', 'AWS_BACKUP_LOW_COST_WARM',
];
const NOT_REPLICATION = new Set(['OUTPOSTS', 'SNOW', 'EXPRESS_ONEZONE', 'FSX_ONTAP', 'AWS_BACKUP_WARM', 'AWS_BACKUP_LOW_COST_WARM']);
const REPLICATION_CLASSES = 'STANDARD, REDUCED_REDUNDANCY, STANDARD_IA, ONEZONE_IA, INTELLIGENT_TIERING, GLACIER, DEEP_ARCHIVE or GLACIER_IR';

export const storageClassEnum = configRule({
  id: 'rc-storage-class-enum',
  severity: 'error',
  evidence: 'D',
  summary: '`StorageClass` is one of S3\'s storage class names (upper case).',
  docUrl: DOCS.API_DEST,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const node = propValue(rule.d.StorageClass);
      if (!node || (node.type === 'string' && MODEL_CLASSES.includes(node.value as string))) return;
      const guess = node.type === 'string' ? (node.value as string).trim().toUpperCase().replace(/[-\s]/g, '_') : undefined;
      const intended = guess && MODEL_CLASSES.includes(guess) ? guess : undefined;
      ctx.report({
        node,
        message: `This is not an S3 storage class (names are upper case, e.g. "STANDARD_IA"); S3 rejects the configuration.${intended ? ` Did you mean "${intended}"?` : ` Use one of ${REPLICATION_CLASSES}.`}`,
        fixes: intended ? [setValueFix(ctx.doc, [...rule.path, 'Destination', 'StorageClass'], intended, `Change to "${intended}"`, true)] : undefined,
      });
    }, 'StorageClass');
  },
});

export const storageClassFsxOpenzfs = configRule({
  id: 'rc-storage-class-fsx-openzfs',
  severity: 'error',
  evidence: 'D',
  summary: '`FSX_OPENZFS` is not accepted as a replication storage class.',
  docUrl: DOCS.API_DEST,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const node = propValue(rule.d.StorageClass);
      if (node?.value !== 'FSX_OPENZFS') return;
      ctx.report({ node, message: `S3 does not accept FSX_OPENZFS as a replication storage class. Use one of ${REPLICATION_CLASSES}.` });
    }, 'StorageClass');
  },
});

export const storageClassNotReplication = configRule({
  id: 'rc-storage-class-not-replication',
  severity: 'warning',
  evidence: 'U',
  summary: 'Replication destinations use one of eight storage classes.',
  docUrl: DOCS.API_DEST,
  check(ctx) {
    // S3 on Outposts replicates into OUTPOSTS and nothing else; rc-outposts-unsupported checks that.
    if (isOutpostsConfig(ctx.doc.config)) return;
    eachRule(ctx, (rule) => {
      const node = propValue(rule.d.StorageClass);
      if (typeof node?.value !== 'string' || !NOT_REPLICATION.has(node.value)) return;
      ctx.report({ node, message: `${node.value} is not one of the storage classes a replication destination takes in AWS's own resource schema; S3 may refuse it. Use one of ${REPLICATION_CLASSES}.` });
    }, 'StorageClass');
  },
});

export const storageClassDefault = configRule({
  id: 'rc-storage-class-default',
  severity: 'info',
  evidence: 'D',
  summary: 'Without `StorageClass`, replicas keep the source object\'s storage class.',
  docUrl: DOCS.API_DEST,
  check(ctx) {
    if (isOutpostsConfig(ctx.doc.config)) return; // one storage class there
    reportOnce(
      ctx,
      (rule) => (rule.destination && !rule.d.StorageClass ? propKey(rule.r.Destination) : undefined),
      'Replicas keep each source object\'s storage class (no `StorageClass` set).',
    );
  },
});

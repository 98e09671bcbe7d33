/** `Destination.Bucket`: present, a bucket ARN, and a general purpose bucket. */
import { JsonDocument } from '../../document';
import { setValueFix } from '../../fixes';
import { anchorForMissing } from '../../json';
import { DOCS } from '../../sources';
import { isOutpostsArn, outpostsArnParts, parseArn } from '../../iam/arn';
import { S3_TEXT } from './s3Text';
import { misspelledAs } from './members';
import { configRule, eachRule, partitionOf, propKey, propValue } from './shape';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const DIRECTORY_BUCKET = /--[a-z0-9-]+--x-s3$/;

export const destinationRequired = configRule({
  id: 'rc-destination-required',
  severity: 'error',
  evidence: 'D',
  summary: 'Every rule needs `Destination.Bucket`.',
  docUrl: DOCS.API_DEST,
  check(ctx) {
    eachRule(ctx, (rule) => {
      if (propKey(rule.r.Destination) === undefined) {
        if (misspelledAs(ctx.doc, rule.node, 'ReplicationRule', 'Destination')) return;
        ctx.report({ ...anchorForMissing(rule.node), message: 'This rule has no `Destination`: S3 rejects it. Add `"Destination": {"Bucket": "arn:aws:s3:::<destination-bucket>"}`.' });
        return;
      }
      const destination = rule.destination;
      if (!destination || rule.bucketName) return; // not an object (or still being typed): nothing to anchor a member on
      const bucket = propValue(rule.d.Bucket);
      if (!rule.d.Bucket) {
        if (misspelledAs(ctx.doc, destination, 'Destination', 'Bucket')) return;
        ctx.report({ ...anchorForMissing(destination), message: 'The destination has no `Bucket`: S3 rejects the rule. Add `"Bucket": "arn:aws:s3:::<destination-bucket>"`.' });
      } else if (rule.bucketValue?.trim() === '') {
        ctx.report({ node: bucket, message: 'The destination `Bucket` is empty: S3 rejects the rule. Set the destination bucket ARN.' });
      }
    });
  },
});

/** The bucket a mistaken value evidently names: a bare name, an s3:// URL, or an object ARN. */
function intendedBucket(value: string): string | undefined {
  const candidate = value
    .trim()
    .replace(/^s3:\/\//, '')
    .replace(/^arn:aws[a-z-]*:s3:::/, '')
    .replace(/\/.*$/, '');
  return BUCKET_NAME.test(candidate) ? candidate : undefined;
}

/** What a `Destination.Bucket` value that is not a bucket ARN is instead, in its own terms. */
function bucketValueProblem(value: string): string {
  const v = value.trim();
  if (v.startsWith('s3://')) return 'is an s3:// URL';
  if (!v.startsWith('arn:')) return BUCKET_NAME.test(v) ? 'is a bucket name' : 'is not an ARN (nor a valid bucket name)';
  const arn = parseArn(v);
  if (!arn) return 'is not a well-formed ARN (an ARN has six sections, `arn:partition:service:region:account:resource`)';
  if (arn.service !== 's3') return `is ${/^[aeiou]/i.test(arn.service) ? 'an' : 'a'} \`${arn.service}\` ARN, not an S3 bucket ARN`;
  if (arn.region !== '' || arn.accountId !== '') {
    return /^accesspoint\//.test(arn.resource) ? 'is an access point ARN (replication writes to a bucket, named by its bucket ARN)' : 'carries a Region or account, which bucket ARNs leave empty (`arn:aws:s3:::bucket`)';
  }
  if (arn.resource === '') return 'has no bucket name';
  if (arn.resource.includes('/')) return `names objects (\`${arn.resource}\`), not the bucket`;
  return 'is not a well-formed bucket ARN';
}

function arnFor(doc: JsonDocument, bucket: string): string {
  return `arn:${partitionOf(doc)}:s3:::${bucket}`;
}

export const destinationBucketArn = configRule({
  id: 'rc-destination-bucket-arn',
  severity: 'error',
  evidence: 'V',
  summary: '`Destination.Bucket` is a bucket ARN (`arn:aws:s3:::name`), not a bucket name.',
  docUrl: DOCS.API_DEST,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const { bucketNode: node, bucketName: name } = rule;
      const value = rule.bucketValue;
      if (!value || value.trim() === '' || name) return;
      if (isOutpostsArn(value)) {
        // S3 on Outposts replicates between Outposts buckets, named by their access point ARN.
        if (outpostsArnParts(value)) return;
        ctx.report({
          node,
          message:
            'This is not a well-formed S3 on Outposts ARN. S3 on Outposts replication names the destination by its access point ARN: ' +
            '`arn:aws:s3-outposts:<region>:<12-digit account>:outpost/<outpost-id>/accesspoint/<access-point-name>`.',
        });
        return;
      }
      const bucket = intendedBucket(value);
      const arn = bucket ? arnFor(ctx.doc, bucket) : undefined;
      ctx.report({
        node,
        message:
          `\`Destination.Bucket\` must be the bucket's ARN, but this ${bucketValueProblem(value)}: S3 answers ${S3_TEXT.invalidBucketArn}. ` +
          (arn ? `Use "${arn}".` : 'Use `arn:aws:s3:::<bucket>` (`arn:aws-cn:` / `arn:aws-us-gov:` in China and GovCloud).'),
        fixes: arn ? [setValueFix(ctx.doc, [...rule.path, 'Destination', 'Bucket'], arn, `Change to "${arn}"`, true)] : undefined,
      });
    });
  },
});

export const destinationDirectoryBucket = configRule({
  id: 'rc-destination-directory-bucket',
  severity: 'error',
  evidence: 'D',
  summary: 'Directory buckets (`name--zone--x-s3`) do not support replication.',
  docUrl: DOCS.API_PBR,
  check(ctx) {
    const source = ctx.doc.live?.sourceBucket;
    if (source && DIRECTORY_BUCKET.test(source) && ctx.doc.config) {
      ctx.report({ ...anchorForMissing(ctx.doc.config), message: `"${source}" is a directory bucket; PutBucketReplication is not supported for directory buckets. Replicate between general purpose buckets.` });
    }
    eachRule(ctx, (rule) => {
      const node = rule.bucketNode;
      const name = rule.bucketName ?? rule.bucketValue;
      if (!name?.endsWith('--x-s3') || !DIRECTORY_BUCKET.test(name)) return;
      ctx.report({ node, message: 'This destination is a directory bucket (name ends in `--x-s3`); S3 replication supports only general purpose buckets. Choose a general purpose bucket.' });
    });
  },
});

/** ListObjectVersions and ListObjectsV2, with S3's markers, tokens, prefixes and `encoding-type=url`. */
import { AwsError, S3_NAMESPACE } from '../protocol/errors';
import type { HandlerContext } from '../protocol/request';
import { isoDate, xmlResponse } from '../protocol/responses';
import { documentXml, el, leaf } from '../protocol/xml';
import type { BucketState, ObjectVersion } from '../state';
import { canonicalUserId } from './buckets';
import { bucketOperation } from './common';

const DEFAULT_MAX_KEYS = 1000;

function maxKeys(ctx: HandlerContext): number {
  const raw = ctx.req.query.get('max-keys');
  if (raw === null) return DEFAULT_MAX_KEYS;
  if (!/^\d+$/.test(raw)) throw new AwsError('InvalidArgument', 'Provided max-keys not an integer or within integer range', 400, { fields: { ArgumentName: 'max-keys', ArgumentValue: raw } });
  return Math.min(Number(raw), DEFAULT_MAX_KEYS);
}

/** Keys come back URL-encoded when the client asks (the AWS CLI always does, then decodes them). */
function encoder(ctx: HandlerContext): { encode: (s: string) => string; element?: string } {
  const type = ctx.req.query.get('encoding-type');
  if (type === null) return { encode: (s) => s };
  if (type !== 'url') throw new AwsError('InvalidArgument', 'Invalid Encoding Method specified in Request', 400, { fields: { ArgumentName: 'encoding-type', ArgumentValue: type } });
  return { encode: (s) => encodeURIComponent(s).replace(/%2F/g, '/'), element: leaf('EncodingType', 'url') };
}

function sortedKeys(bucket: BucketState, prefix: string): string[] {
  return [...bucket.objects.keys()].filter((k) => k.startsWith(prefix)).sort();
}

export const listObjectVersions = (name: string) =>
  bucketOperation('ListObjectVersions', name, '', (ctx, bucket) => {
    const q = ctx.req.query;
    const prefix = q.get('prefix') ?? '';
    const keyMarker = q.get('key-marker') ?? '';
    const versionMarker = q.get('version-id-marker') ?? '';
    const max = maxKeys(ctx);
    const { encode, element } = encoder(ctx);
    const owner = el('Owner', leaf('ID', canonicalUserId(ctx.state.accountId)));
    const entries: string[] = [];
    let last: ObjectVersion | undefined;
    let truncated = false;
    outer: for (const key of sortedKeys(bucket, prefix)) {
      if (keyMarker && key < keyMarker) continue;
      const versions = bucket.objects.get(key) as ObjectVersion[];
      let start = 0;
      if (keyMarker && key === keyMarker) {
        // Without a version marker the key marker's versions were all listed already.
        const at = versionMarker ? versions.findIndex((v) => v.versionId === versionMarker) : versions.length - 1;
        start = at + 1;
      }
      for (let i = start; i < versions.length; i++) {
        if (entries.length === max) {
          truncated = true;
          break outer;
        }
        const v = versions[i];
        entries.push(
          el('Version', leaf('Key', encode(v.key)), leaf('VersionId', v.versionId), leaf('IsLatest', i === 0), leaf('LastModified', isoDate(v.lastModified)), leaf('ETag', v.etag), leaf('Size', v.body.length), owner, leaf('StorageClass', v.storageClass ?? 'STANDARD')),
        );
        last = v;
      }
    }
    return xmlResponse(
      documentXml(
        'ListVersionsResult',
        S3_NAMESPACE,
        leaf('Name', bucket.name),
        leaf('Prefix', encode(prefix)),
        leaf('KeyMarker', encode(keyMarker)),
        leaf('VersionIdMarker', versionMarker),
        truncated && last ? leaf('NextKeyMarker', encode(last.key)) : undefined,
        truncated && last ? leaf('NextVersionIdMarker', last.versionId) : undefined,
        leaf('MaxKeys', max),
        leaf('IsTruncated', truncated),
        ...entries,
        element,
      ),
    );
  });

export const listObjectsV2 = (name: string) =>
  bucketOperation('ListObjectsV2', name, '', (ctx, bucket) => {
    const q = ctx.req.query;
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const token = q.get('continuation-token');
    const after = token !== null ? Buffer.from(token, 'base64url').toString() : (q.get('start-after') ?? '');
    const max = maxKeys(ctx);
    const { encode, element } = encoder(ctx);
    const contents: string[] = [];
    const prefixes: string[] = [];
    let lastName = '';
    let truncated = false;
    for (const key of sortedKeys(bucket, prefix)) {
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      const entryName = cut >= 0 ? key.slice(0, cut + delimiter.length) : key;
      if (entryName <= after || entryName === prefixes[prefixes.length - 1]) continue;
      if (contents.length + prefixes.length === max) {
        truncated = true;
        break;
      }
      if (cut >= 0) prefixes.push(entryName);
      else {
        const v = (bucket.objects.get(key) as ObjectVersion[])[0];
        contents.push(el('Contents', leaf('Key', encode(key)), leaf('LastModified', isoDate(v.lastModified)), leaf('ETag', v.etag), leaf('Size', v.body.length), leaf('StorageClass', v.storageClass ?? 'STANDARD')));
      }
      lastName = entryName;
    }
    return xmlResponse(
      documentXml(
        'ListBucketResult',
        S3_NAMESPACE,
        leaf('Name', bucket.name),
        leaf('Prefix', encode(prefix)),
        delimiter ? leaf('Delimiter', encode(delimiter)) : undefined,
        leaf('MaxKeys', max),
        leaf('KeyCount', contents.length + prefixes.length),
        leaf('IsTruncated', truncated),
        token !== null ? leaf('ContinuationToken', token) : undefined,
        truncated ? leaf('NextContinuationToken', Buffer.from(lastName).toString('base64url')) : undefined,
        ...contents,
        ...prefixes.map((p) => el('CommonPrefixes', leaf('Prefix', encode(p)))),
        element,
      ),
    );
  });

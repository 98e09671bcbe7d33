/**
 * Where a bucket's requests go, as the S3 client's own endpoint rules say. The rules are evaluated once
 * per client for a probe bucket name, and the answer is reused for every bucket name the rules treat
 * the same way (plain DNS labels: virtual-hosted on AWS, path-style on a custom endpoint); any other
 * name (dots, upper case, `--` suffixes such as directory buckets' `--x-s3`) gets the rules evaluated
 * for itself. Addresses that need more than SigV4 for `s3` (S3 Express, access point ARNs with SigV4a)
 * are not ours: undefined, and the caller uses the SDK for them.
 */
import { GetBucketVersioningCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { getEndpointFromInstructions } from '@smithy/core/endpoints';
import { uriEncode } from './sigv4';

export interface BucketAddress {
  protocol: 'http:' | 'https:';
  hostname: string;
  port?: number;
  /** Host header: the hostname, and the port when it is not the scheme's default. */
  host: string;
  /** Percent-encoded path of the bucket itself: `/` virtual-hosted, `/bucket` path-style. */
  path: string;
  signingRegion: string;
  signingName: string;
}

const PROBE = 'lean-read-probe-bucket';
/** Names the rules address like the probe: one DNS label, lower case, no `--` (reserved suffixes). */
const PLAIN = /^[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]$/;
const MAX_CACHED = 512;

interface AuthScheme {
  name?: string;
  signingName?: string;
  signingRegion?: string;
}

type Template = { kind: 'host'; suffix: string; base: Omit<BucketAddress, 'hostname' | 'host' | 'path'>; path: string } | { kind: 'path'; prefix: string; base: Omit<BucketAddress, 'path'> };

export class BucketEndpoints {
  private template?: Promise<Template | undefined>;
  private readonly named = new Map<string, Promise<BucketAddress | undefined>>();

  constructor(private readonly client: S3Client) {}

  private async resolve(bucket: string, head: boolean): Promise<BucketAddress | undefined> {
    const command = head ? HeadBucketCommand : GetBucketVersioningCommand;
    let endpoint;
    try {
      endpoint = await getEndpointFromInstructions({ Bucket: bucket }, command as never, this.client.config as never);
    } catch {
      // The SDK fails the call the same way: let it.
      return undefined;
    }
    const url = endpoint.url;
    const auth = ((endpoint.properties?.authSchemes as AuthScheme[] | undefined) ?? [])[0];
    if (auth && (auth.name !== 'sigv4' || (auth.signingName && auth.signingName !== 's3'))) return undefined;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.search || url.username || url.password) return undefined;
    const port = url.port ? Number(url.port) : undefined;
    return {
      protocol: url.protocol,
      hostname: url.hostname,
      port,
      host: url.host,
      path: url.pathname || '/',
      signingRegion: auth?.signingRegion ?? (await this.client.config.region()),
      signingName: 's3',
    };
  }

  private async makeTemplate(): Promise<Template | undefined> {
    const probe = await this.resolve(PROBE, false);
    if (!probe) return undefined;
    const { hostname, host, path, ...base } = probe;
    if (hostname.startsWith(`${PROBE}.`) && (path === '/' || path === '')) {
      return { kind: 'host', suffix: hostname.slice(PROBE.length), base, path: '/' };
    }
    if (path.endsWith(`/${PROBE}`)) return { kind: 'path', prefix: path.slice(0, -PROBE.length), base: { ...base, hostname, host } };
    return undefined;
  }

  /** The bucket's address for GETs of its subresources (`head`: for HeadBucket), or undefined when the SDK must send it. */
  async address(bucket: string, head = false): Promise<BucketAddress | undefined> {
    if (PLAIN.test(bucket) && !/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
      this.template ??= this.makeTemplate();
      const t = await this.template;
      if (t?.kind === 'host') {
        const hostname = `${bucket}${t.suffix}`;
        return { ...t.base, hostname, host: t.base.port ? `${hostname}:${t.base.port}` : hostname, path: t.path };
      }
      if (t?.kind === 'path') return { ...t.base, path: `${t.prefix}${uriEncode(bucket)}` };
    }
    const key = `${head ? 'head' : 'get'}:${bucket}`;
    let found = this.named.get(key);
    if (!found) {
      if (this.named.size >= MAX_CACHED) this.named.clear();
      found = this.resolve(bucket, head);
      this.named.set(key, found);
    }
    return found;
  }
}

/**
 * The one place SDK v3 clients are built: per region for one profile and endpoint, with bounded
 * retries, connection and request timeouts, and one keep-alive connection pool. A profile change
 * disposes the whole factory (and its sockets) and builds a new one.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SQSClient } from '@aws-sdk/client-sqs';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { Limiter } from './limiter';
import { BucketEndpoints } from './s3Read/endpoint';
import { LeanBucketReads, SdkBucketReads, type BucketReads } from './s3Read/reader';
import { S3ReadTransport } from './s3Read/transport';

export type CredentialProvider = ReturnType<typeof fromIni>;
export type Credentials = Awaited<ReturnType<CredentialProvider>>;

export interface ClientOptions {
  /** A profile from the shared files; undefined uses the default chain (environment, `AWS_PROFILE`, SSO, container, instance). */
  profile?: string;
  /** S3-compatible or sandbox endpoint for S3, IAM and STS; path-style addressing is used with it. */
  endpoint?: string;
  /** Fixed credentials (tests, the sandbox); normally they come from the profile. */
  credentials?: Credentials | CredentialProvider;
  /** Attempts per call, retries included (default 3: throttling is common and passes). */
  maxAttempts?: number;
  /** Time to open a connection (default 3 s: AWS endpoints accept in well under a second from anywhere). */
  connectionTimeoutMs?: number;
  /** Time without a byte from the server before an attempt is given up (default 8 s; these APIs answer in under a second). */
  requestTimeoutMs?: number;
  /** Deadline of a whole call, all attempts together (default `CALL_DEADLINE_MS`, 12 s; see scope.ts). */
  callDeadlineMs?: number;
  /** Sockets per host; should cover the explorer's concurrency (default 16). */
  maxSockets?: number;
  /**
   * Bounds the requests on the wire, retries included. Held only while a request is sent and answered,
   * so building, signing and parsing other calls overlap with it.
   */
  requestLimiter?: Limiter;
  /**
   * Another factory whose connection pool this one shares (its handler and agents; never destroyed by
   * this factory): the factories of several accounts then cost one pool, not one each.
   */
  shareConnectionsWith?: ClientFactory;
  /** false: the per-bucket reads go through the SDK client too (the tests compare both paths with it). Default true. */
  leanS3Reads?: boolean;
}

/** Takes a place in the limiter for exactly the time a request is on the wire. */
class LimitedHttpHandler extends NodeHttpHandler {
  constructor(
    options: NodeHttpHandlerOptions,
    private readonly limiter: Limiter,
  ) {
    super(options);
  }

  override handle(...args: Parameters<NodeHttpHandler['handle']>): ReturnType<NodeHttpHandler['handle']> {
    return this.limiter.run(() => super.handle(...args), { signal: args[1]?.abortSignal as AbortSignal | undefined });
  }
}

/**
 * A hung endpoint used to cost 3 attempts × 30 s before a bucket showed a reason. Now an attempt
 * without a byte for 8 s is given up (retried, as the SDK retries timeouts), and the call as a whole
 * has a deadline (scope.ts), so the reason shows within seconds.
 */
export const CONNECTION_TIMEOUT_MS = 3_000;
export const REQUEST_TIMEOUT_MS = 8_000;

/** Credentials are refreshed this long before they expire, as the SDK itself does. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * One credential resolution shared by every client of the factory: `credential_process` and SSO
 * token reads run once, not once per region. A failure is not kept, so a retry after
 * `aws sso login` works.
 */
export function sharedCredentials(provider: CredentialProvider, now: () => number = Date.now): CredentialProvider {
  let pending: Promise<Credentials> | undefined;
  return async (options) => {
    if (pending) {
      const current = await pending.catch(() => undefined);
      const expires = current?.expiration?.getTime();
      if (current && (expires === undefined || expires - now() > EXPIRY_MARGIN_MS)) return current;
    }
    const attempt = provider(options);
    pending = attempt;
    attempt.catch(() => {
      if (pending === attempt) pending = undefined;
    });
    return attempt;
  };
}

/** IAM is global per partition; its calls are signed for the partition's home region. */
export function iamRegionFor(region: string): string {
  if (region.startsWith('cn-')) return 'cn-north-1';
  if (region.startsWith('us-gov-')) return 'us-gov-west-1';
  if (region.startsWith('eusc-')) return 'eusc-de-east-1';
  return 'us-east-1';
}

export class ClientFactory {
  private readonly handler: NodeHttpHandler;
  private readonly agents: [HttpAgent, HttpsAgent];
  private readonly credentials: Credentials | CredentialProvider;
  private readonly s3Clients = new Map<string, S3Client>();
  private readonly s3ReadSets = new Map<string, BucketReads>();
  private readonly stsClients = new Map<string, STSClient>();
  /** Replication telemetry: CloudWatch metrics, SQS failure events, S3 Control Batch jobs. */
  private readonly telemetry = new Map<string, CloudWatchClient | SQSClient | S3ControlClient>();
  private readonly kmsClients = new Map<string, KMSClient>();
  private iamClient?: IAMClient;
  private organizationsClient?: OrganizationsClient;
  private disposed = false;
  private readonly ownsHandler: boolean;
  /** The limiter of the handler (a shared handler's), which the lean reads take their places in too. */
  private readonly requestLimiter?: Limiter;

  constructor(private readonly options: ClientOptions = {}) {
    this.credentials =
      options.credentials ??
      sharedCredentials(options.profile ? fromIni({ profile: options.profile, ignoreCache: true }) : fromNodeProviderChain({ ignoreCache: true }));
    const shared = options.shareConnectionsWith;
    this.ownsHandler = !shared;
    if (shared) {
      this.agents = shared.agents;
      this.handler = shared.handler;
      this.requestLimiter = shared.requestLimiter;
      return;
    }
    this.requestLimiter = options.requestLimiter;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16 };
    this.agents = [new HttpAgent(agentOptions), new HttpsAgent(agentOptions)];
    const handlerOptions: NodeHttpHandlerOptions = {
      connectionTimeout: options.connectionTimeoutMs ?? CONNECTION_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      throwOnRequestTimeout: true,
      httpAgent: this.agents[0],
      httpsAgent: this.agents[1],
    };
    this.handler = options.requestLimiter ? new LimitedHttpHandler(handlerOptions, options.requestLimiter) : new NodeHttpHandler(handlerOptions);
    // ignoreCache (above): the files are read again whenever credentials are resolved again (first use,
    // expiry, after a failure), so `aws configure` or `aws sso login` after a failure works without a reload.
  }

  private common(region: string) {
    if (this.disposed) throw new Error('The AWS client factory was disposed (the profile or endpoint changed).');
    return {
      region,
      credentials: this.credentials,
      requestHandler: this.handler,
      maxAttempts: this.options.maxAttempts ?? 3,
      retryMode: 'standard',
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
    };
  }

  s3(region: string): S3Client {
    let c = this.s3Clients.get(region);
    if (!c) {
      c = new S3Client({
        ...this.common(region),
        // Path style for custom endpoints: S3-compatible servers and the sandbox have no per-bucket DNS names.
        forcePathStyle: Boolean(this.options.endpoint),
        // Checksums only where the API requires them: S3-compatible servers reject the optional ones,
        // and the explorer's reads carry no payload to protect.
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
      this.s3Clients.set(region, c);
    }
    return c;
  }

  /**
   * The per-bucket reads (versioning, replication, policy…) of the region's S3 client: its credentials,
   * endpoint rules and clock, this factory's connection pool and request limiter, and the lean transport
   * (s3Read/) instead of the SDK's per-call stack. Writes and everything else go through `s3()`.
   */
  s3Reads(region: string): BucketReads {
    let r = this.s3ReadSets.get(region);
    if (!r) {
      const client = this.s3(region);
      if (this.options.leanS3Reads === false) {
        r = new SdkBucketReads(client);
        this.s3ReadSets.set(region, r);
        return r;
      }
      const transport = new S3ReadTransport({
        client,
        agents: this.agents,
        limiter: this.requestLimiter,
        maxAttempts: this.options.maxAttempts ?? 3,
        connectionTimeoutMs: this.options.connectionTimeoutMs ?? CONNECTION_TIMEOUT_MS,
        requestTimeoutMs: this.options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      });
      r = new LeanBucketReads(transport, new BucketEndpoints(client), new SdkBucketReads(client));
      this.s3ReadSets.set(region, r);
    }
    return r;
  }

  sts(region: string): STSClient {
    let c = this.stsClients.get(region);
    if (!c) {
      c = new STSClient(this.common(region));
      this.stsClients.set(region, c);
    }
    return c;
  }

  iam(region: string): IAMClient {
    this.iamClient ??= new IAMClient(this.common(iamRegionFor(region)));
    return this.iamClient;
  }

  private cached<C extends CloudWatchClient | SQSClient | S3ControlClient>(key: string, make: () => C): C {
    let c = this.telemetry.get(key) as C | undefined;
    if (!c) this.telemetry.set(key, (c = make()));
    return c;
  }

  cloudWatch(region: string): CloudWatchClient {
    return this.cached(`cloudwatch:${region}`, () => new CloudWatchClient(this.common(region)));
  }

  sqs(region: string): SQSClient {
    return this.cached(`sqs:${region}`, () => new SQSClient(this.common(region)));
  }

  s3control(region: string): S3ControlClient {
    const endpoint = this.options.endpoint;
    // S3 Control's endpoint rules put the account id in front of the host, which breaks any endpoint
    // override (the sandbox, S3-compatible servers); on AWS the rules stay in charge.
    return this.cached(`s3control:${region}`, () => new S3ControlClient({ ...this.common(region), ...(endpoint ? { endpointProvider: () => ({ url: new URL(endpoint) }) } : {}) }));
  }

  /** KMS is regional: a key is read in its own Region. */
  kms(region: string): KMSClient {
    let c = this.kmsClients.get(region);
    if (!c) {
      c = new KMSClient(this.common(region));
      this.kmsClients.set(region, c);
    }
    return c;
  }

  /** Organizations is global per partition, signed for its home Region like IAM. */
  organizations(region: string): OrganizationsClient {
    this.organizationsClient ??= new OrganizationsClient(this.common(iamRegionFor(region)));
    return this.organizationsClient;
  }

  /** Closes every socket. The clients share one handler, so it is destroyed once, here, not per client. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.s3Clients.clear();
    this.s3ReadSets.clear();
    this.stsClients.clear();
    this.telemetry.clear();
    this.kmsClients.clear();
    this.iamClient = undefined;
    this.organizationsClient = undefined;
    if (!this.ownsHandler) return;
    this.handler.destroy();
    for (const agent of this.agents) agent.destroy();
  }
}

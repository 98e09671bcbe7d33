/**
 * Clients for the fix commands: the explorer's factory (S3, IAM, STS per region, one credential
 * resolution) plus S3 Control for Batch Replication jobs, signed with the same credentials.
 */
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ClientFactory, CONNECTION_TIMEOUT_MS, REQUEST_TIMEOUT_MS, type ClientOptions } from '../clientFactory';

export type WriteClients = Pick<ClientFactory, 's3' | 's3Reads' | 'iam' | 'sts' | 'sqs' | 'cloudWatch'> &
  Partial<Pick<ClientFactory, 'kms' | 'organizations'>> & {
    s3control(region: string): S3ControlClient;
    dispose(): void;
    /** The factory behind the clients, for the account directory (absent for fakes). */
    factory?: ClientFactory;
  };

export function writeClients(options: ClientOptions): WriteClients {
  const factory = new ClientFactory(options);
  const controls = new Map<string, S3ControlClient>();
  // The same per-attempt timeouts as the factory's clients; created on first use.
  let handler: NodeHttpHandler | undefined;
  return {
    s3: (region) => factory.s3(region),
    s3Reads: (region) => factory.s3Reads(region),
    iam: (region) => factory.iam(region),
    sts: (region) => factory.sts(region),
    sqs: (region) => factory.sqs(region),
    cloudWatch: (region) => factory.cloudWatch(region),
    kms: (region) => factory.kms(region),
    organizations: (region) => factory.organizations(region),
    factory,
    s3control(region) {
      let c = controls.get(region);
      if (!c) {
        const endpoint = options.endpoint;
        c = new S3ControlClient({
          region,
          credentials: factory.sts(region).config.credentials,
          maxAttempts: options.maxAttempts ?? 3,
          retryMode: 'standard',
          requestHandler: (handler ??= new NodeHttpHandler({ connectionTimeout: options.connectionTimeoutMs ?? CONNECTION_TIMEOUT_MS, requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true })),
          // S3 Control's endpoint rules put the account id in front of the host, which breaks any
          // endpoint override (the sandbox, S3-compatible servers); on AWS the rules stay in charge.
          ...(endpoint ? { endpoint, endpointProvider: () => ({ url: new URL(endpoint) }) } : {}),
        });
        controls.set(region, c);
      }
      return c;
    },
    dispose() {
      controls.clear();
      // The clients share the handler: destroyed once, here.
      handler?.destroy();
      factory.dispose();
    },
  };
}

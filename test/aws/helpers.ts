/**
 * Shared by the AWS-layer and explorer tests: the loopback endpoint with scenarios built from the
 * walkthrough, a backend pointed at it, and a proxy in front of it that sees every request (how
 * many run at once, which credentials signed them).
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, request, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { walkthroughScenario, type Scenario } from '../../loopback';
import { WALKTHROUGH_DIR } from '../../loopback/scenario/walkthrough';
import { SdkBackend, type BackendOptions } from '../../src/aws/backend';

export const credentials = { accessKeyId: 'AKIDEXPLORER', secretAccessKey: 'loopback-test' };

/**
 * The walkthrough as live state after its step 3 was applied anyway (as an SDK or console call that
 * skipped validation would leave it): the post's configuration on source-bucket, both buckets unversioned.
 */
export function walkthroughWithConfig(destinationVersioning: 'Off' | 'Enabled' = 'Off'): Scenario {
  const scenario = walkthroughScenario();
  const [source, destination] = scenario.buckets ?? [];
  source.replication = JSON.parse(readFileSync(join(WALKTHROUGH_DIR, 'replication-config.json'), 'utf8'));
  destination.versioning = destinationVersioning;
  return scenario;
}

export function backendFor(url: string, options: Partial<BackendOptions> = {}): SdkBackend {
  return new SdkBackend({ region: 'us-east-1', concurrency: 4, endpoint: url, credentials, maxAttempts: 1, ...options });
}

export interface Proxy {
  url: string;
  /** Requests being answered right now, and the most there ever were. */
  inFlight: number;
  peak: number;
  /** The access key id of every request's SigV4 `Authorization` header, in order. */
  accessKeys: string[];
  close(): Promise<void>;
}

/** A pass-through HTTP proxy to `target` (signatures stay valid: the Host header is forwarded as sent). */
export async function startProxy(target: string): Promise<Proxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const proxy: Proxy = { url: '', inFlight: 0, peak: 0, accessKeys: [], close: async () => undefined };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    proxy.inFlight++;
    proxy.peak = Math.max(proxy.peak, proxy.inFlight);
    const key = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''));
    if (key) proxy.accessKeys.push(key[1]);
    let done = false;
    const finish = () => {
      if (!done) proxy.inFlight--;
      done = true;
    };
    const out = request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', finish);
    });
    out.on('error', () => {
      finish();
      res.destroy();
    });
    res.on('close', finish);
    req.pipe(out);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}

/** Polls `check` until it returns a value other than undefined. */
export async function pollFor<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * The explorer's view of AWS for one profile, region and endpoint: listing, per-bucket live state,
 * one call limiter shared by everything, and cancellation of all of it at once.
 */
import { setMaxListeners } from 'node:events';
import { ClientFactory, type ClientOptions } from './clientFactory';
import { cancelledError } from './errors';
import { Limiter } from './limiter';
import { LiveStateReader, type Clients } from './liveState';
import { listBucketsPage } from './s3Service';
import { limitedScope, type CallScope } from './scope';
import type { BucketPage, BucketSummary, ExplorerBackend, LiveBucketState, RoleState } from './types';

export interface BackendOptions extends ClientOptions {
  /** Listing region; also signs IAM and STS calls. */
  region: string;
  /** AWS calls in flight at once, across all buckets. */
  concurrency: number;
  /** How long a read is reused (default 60 s). */
  ttlMs?: number;
  now?: () => number;
  /** Clients other than the SDK factory's (tests count or fake calls with it). */
  clients?: Clients & { dispose(): void };
}

/** Every call in flight listens to one signal (so does the SDK): thousands of listeners are expected. */
function signalController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Priority of the calls of a bucket the user is looking at: ahead of every background read. */
const URGENT = -1e12;

export class SdkBackend implements ExplorerBackend {
  readonly profileLabel: string;
  readonly region: string;
  private readonly clients: Clients & { dispose(): void };
  private readonly limiter: Limiter;
  private readonly reader: LiveStateReader;
  private controller = signalController();
  private order = 0;

  constructor(options: BackendOptions) {
    this.profileLabel = options.profile ?? 'default credential chain';
    this.region = options.region;
    this.clients = options.clients ?? new ClientFactory({ ...options, maxSockets: options.maxSockets ?? Math.max(options.concurrency * 2, 8) });
    this.limiter = new Limiter(options.concurrency, () => cancelledError('The call'));
    this.reader = new LiveStateReader({
      clients: this.clients,
      profileKey: options.profile ?? 'default',
      homeRegion: options.region,
      ttlMs: options.ttlMs ?? 60_000,
      now: options.now,
    });
  }

  private scope(priority: number): CallScope {
    return limitedScope(this.limiter, this.controller.signal, priority);
  }

  async listBuckets(continuationToken: string | undefined, pageSize: number): Promise<BucketPage> {
    const page = await listBucketsPage(this.scope(URGENT), this.clients.s3(this.region), this.region, continuationToken, pageSize);
    this.reader.noteBuckets(page.buckets);
    return page;
  }

  bucketState(bucket: BucketSummary, options: { fresh?: boolean; urgent?: boolean } = {}): Promise<LiveBucketState> {
    // Earlier buckets first, so each finishes soon instead of all at the end of a scan.
    const priority = (options.urgent ? URGENT : 0) + this.order++;
    return this.reader.bucketState(this.scope(priority), bucket, { fresh: options.fresh });
  }

  roleState(roleName: string): Promise<RoleState> {
    return this.reader.roleState(this.scope(URGENT + this.order++), roleName);
  }

  forget(): void {
    this.reader.forget();
  }

  cancel(): void {
    this.controller.abort();
    this.controller = signalController();
    this.reader.forgetPending();
  }

  load(): { running: number; queued: number } {
    return { running: this.limiter.active, queued: this.limiter.queued };
  }

  /** The most calls that ever ran at once (for tests and the bench). */
  get peakConcurrency(): number {
    return this.limiter.peak;
  }

  dispose(): void {
    this.cancel();
    this.clients.dispose();
  }
}

/**
 * The explorer's view of AWS for one profile, region and endpoint: listing, per-bucket live state,
 * one call limiter shared by everything, and cancellation of all of it at once.
 */
import { setMaxListeners } from 'node:events';
import { ClientFactory, type ClientOptions } from './clientFactory';
import { AccountDirectory, type AccountSettings } from './accounts';
import { cancelledError } from './errors';
import { Limiter } from './limiter';
import { LiveStateReader, type Clients } from './liveState';
import { Observer, type ObserveClients } from './observe';
import { listBucketsPage } from './s3Service';
import { limitedScope, type CallScope } from './scope';
import type { BucketObservations, BucketPage, BucketSummary, ExplorerBackend, LiveBucketState, ObserveOptions, RoleState } from './types';

export interface BackendOptions extends ClientOptions {
  /** Listing region; also signs IAM and STS calls. */
  region: string;
  /** AWS calls in flight at once, across all buckets. */
  concurrency: number;
  /** How long a read is reused (default 60 s). */
  ttlMs?: number;
  now?: () => number;
  /** Clients other than the SDK factory's (tests count or fake calls with it). */
  clients?: Clients & ObserveClients & { dispose(): void };
  /** Profiles or an organization role for the other accounts replication reaches. */
  accounts?: AccountSettings;
  /** Read SCPs and RCPs (default true; they are only readable from a management or delegated administrator account). */
  guardrails?: boolean;
  /**
   * Another backend's account directory, shared (`scan` reads each account with its own backend, and
   * every other account, destinations included, is reached from the scanning profile, never by chaining
   * roles from a member account). Not disposed with this backend.
   */
  directory?: AccountDirectory;
  /** Who reads Organizations (SCPs, RCPs), when not this backend's own clients. */
  organizationClients?: ClientFactory;
  /** The account `organizationClients` sign for. */
  organizationAccount?: string;
  /** Label of the live documents' addresses (default: the profile). */
  profileKey?: string;
  /** Read versioning of buckets without replication (default true; `scan` does not: see LiveStateOptions). */
  unreplicatedVersioning?: boolean;
}

/** Every call in flight listens to one signal (so does the SDK): thousands of listeners are expected. */
function signalController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

const CALLS_PER_REQUEST_SLOT = 2;

function abortError(): Error {
  return Object.assign(new Error('The request was aborted'), { name: 'AbortError' });
}

/** Priority of the calls of a bucket the user is looking at: ahead of every background read. */
const URGENT = -1e12;

export class SdkBackend implements ExplorerBackend {
  readonly profileLabel: string;
  readonly region: string;
  private readonly clients: Clients & ObserveClients & { dispose(): void };
  private readonly limiter: Limiter;
  private readonly requests: Limiter;
  private readonly reader: LiveStateReader;
  /** Other accounts' credentials (undefined with fake clients). */
  readonly directory?: AccountDirectory;
  private readonly ownsDirectory: boolean;
  private readonly deadlineMs?: number;
  private readonly observer: Observer;
  private controller = signalController();
  private order = 0;

  constructor(options: BackendOptions) {
    this.profileLabel = options.profile ?? 'default credential chain';
    this.region = options.region;
    this.deadlineMs = options.callDeadlineMs;
    this.requests = new Limiter(options.concurrency, abortError);
    this.clients = options.clients ?? new ClientFactory({ ...options, maxSockets: options.maxSockets ?? options.concurrency, requestLimiter: this.requests });
    // Calls in progress may outnumber requests on the wire: their CPU work (building, signing,
    // parsing) then overlaps with other calls' waiting for AWS. Their order is the priority order.
    this.limiter = new Limiter(options.concurrency * CALLS_PER_REQUEST_SLOT, () => cancelledError('The call'));
    this.ownsDirectory = !options.directory;
    if (options.directory) this.directory = options.directory;
    else if (this.clients instanceof ClientFactory) {
      this.directory = new AccountDirectory({
        home: this.clients,
        homeProfileLabel: this.profileLabel,
        region: options.region,
        settings: options.accounts ?? {},
        clientOptions: { ...options, requestLimiter: this.requests },
      });
    }
    this.reader = new LiveStateReader({
      directory: this.directory,
      guardrails: options.guardrails ?? true,
      organizationClients: options.organizationClients,
      organizationAccount: options.organizationAccount,
      clients: this.clients,
      profileKey: options.profileKey ?? options.profile ?? 'default',
      homeRegion: options.region,
      ttlMs: options.ttlMs ?? 60_000,
      now: options.now,
      unreplicatedVersioning: options.unreplicatedVersioning,
    });
    this.observer = new Observer(this.clients, options.ttlMs ?? 60_000);
  }

  private scope(priority: number): CallScope {
    return limitedScope(this.limiter, this.controller.signal, priority, this.deadlineMs);
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

  observe(states: readonly LiveBucketState[], options: ObserveOptions = {}): Promise<Map<string, BucketObservations>> {
    // Behind the checks of the buckets in view, ahead of nothing else: telemetry never delays a health badge.
    return this.observer.observe(this.scope(this.order++), states, options);
  }

  forget(): void {
    this.reader.forget();
    this.observer.forget();
  }

  cancel(): void {
    this.controller.abort();
    this.controller = signalController();
    this.reader.forgetPending();
  }

  load(): { running: number; queued: number } {
    return { running: this.limiter.active, queued: this.limiter.queued };
  }

  /** Calls made, requests sent (retries included) and the most requests ever in flight at once. */
  get callStats(): { calls: number; requests: number; peakRequests: number } {
    return { calls: this.limiter.total, requests: this.requests.total, peakRequests: this.requests.peak };
  }

  dispose(): void {
    this.cancel();
    if (this.ownsDirectory) {
      this.directory?.dispose();
      this.clients.dispose();
    }
  }
}

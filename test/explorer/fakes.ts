/**
 * A hand-driven backend for the model's own logic (queueing, caching, cancellation): each bucket
 * check waits until the test answers it, and every call is recorded. The loopback tests cover the
 * same model over real SDK clients.
 */
import { cancelledError } from '../../src/aws/errors';
import type { BucketObservations, BucketPage, BucketSummary, ExplorerBackend, LiveBucketState, RoleState } from '../../src/aws/types';

export function liveState(name: string, overrides: Partial<LiveBucketState> = {}): LiveBucketState {
  return {
    bucket: { name, region: 'us-east-1' },
    versioning: { ok: true, value: 'Enabled' },
    replication: { ok: true, value: { configured: false } },
    destinations: [],
    documents: [],
    facts: { buckets: { [name]: { name, exists: true, region: 'us-east-1', versioning: 'Enabled', replication: [] } } },
    failures: [],
    ...overrides,
  };
}

interface PendingCheck {
  bucket: BucketSummary;
  options: { fresh?: boolean; urgent?: boolean };
  resolve(state: LiveBucketState): void;
  reject(err: unknown): void;
}

export class FakeBackend implements ExplorerBackend {
  readonly profileLabel = 'fake';
  readonly region = 'us-east-1';
  readonly pages: { token?: string; pageSize: number }[] = [];
  readonly checks: PendingCheck[] = [];
  /** Answered checks stay in `checks`; these are the ones still waiting. */
  readonly waiting = new Set<PendingCheck>();
  cancelled = 0;
  forgotten = 0;
  disposed = false;

  constructor(
    private readonly names: string[],
    private readonly listDelay?: Promise<void>,
  ) {}

  async listBuckets(token: string | undefined, pageSize: number): Promise<BucketPage> {
    this.pages.push({ token, pageSize });
    await this.listDelay;
    const start = token ? Number(token) : 0;
    const end = Math.min(start + pageSize, this.names.length);
    return { buckets: this.names.slice(start, end).map((name) => ({ name, region: 'us-east-1' })), continuationToken: end < this.names.length ? String(end) : undefined };
  }

  bucketState(bucket: BucketSummary, options: { fresh?: boolean; urgent?: boolean } = {}): Promise<LiveBucketState> {
    return new Promise((resolve, reject) => {
      const check: PendingCheck = { bucket, options, resolve: (s) => (this.waiting.delete(check), resolve(s)), reject: (e) => (this.waiting.delete(check), reject(e)) };
      this.checks.push(check);
      this.waiting.add(check);
    });
  }

  /** Answers every waiting check (of `name`, or all) with a plain "not configured" state. */
  answer(name?: string, state?: (n: string) => LiveBucketState): number {
    let n = 0;
    for (const c of [...this.waiting]) {
      if (name && c.bucket.name !== name) continue;
      c.resolve(state ? state(c.bucket.name) : liveState(c.bucket.name));
      n++;
    }
    return n;
  }

  /** Every observe call, with the buckets it asked about; answered by `observeWith` (empty by default). */
  readonly observed: string[][] = [];
  observeWith: (states: readonly LiveBucketState[]) => Map<string, BucketObservations> = () => new Map();

  async observe(states: readonly LiveBucketState[]): Promise<Map<string, BucketObservations>> {
    this.observed.push(states.map((s) => s.bucket.name));
    return this.observeWith(states);
  }

  async roleState(name: string): Promise<RoleState> {
    return { name, arn: '', policies: [], failures: [] };
  }

  forget(): void {
    this.forgotten++;
  }

  cancel(): void {
    this.cancelled++;
    for (const c of [...this.waiting]) c.reject(cancelledError('GetBucketReplication', c.bucket.name));
  }

  load(): { running: number; queued: number } {
    return { running: this.waiting.size, queued: 0 };
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }
}

/** Lets pending promise callbacks run. */
export const settle = () => new Promise((r) => setImmediate(r));

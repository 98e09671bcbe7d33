/**
 * The explorer's data: the account's buckets page by page, and each bucket's checked status. Status
 * is fetched only when asked for (a bucket shown or expanded), a bounded number of buckets at a time,
 * and kept for a short while. No `vscode` import: the tree provider only renders what this holds.
 */
import type { AwsFailure, BucketSummary, ExplorerBackend, LiveBucketState } from '../aws/types';
import { diagnose as diagnoseLive, withObservations, type BucketReport } from './diagnose';
import { Emitter } from './events';

export interface ModelOptions {
  /** Buckets per ListBuckets page (the tree offers "load more" past it). */
  pageSize?: number;
  /** How long a checked status is shown before it is checked again on the next look. */
  ttlMs?: number;
  /**
   * Buckets checked at once. Their calls share the backend's limiter, which bounds the requests;
   * this only keeps enough buckets in flight to use it fully, and few enough that each finishes early.
   */
  parallelBuckets?: number;
  now?: () => number;
  diagnose?: (live: LiveBucketState) => BucketReport;
  /** Telemetry window in ms (default 24 h). */
  telemetrySinceMs?: number;
  /**
   * Replicating buckets whose telemetry is read together. Telemetry is read when the scan is idle, or
   * once this many buckets wait: GetMetricData then carries up to 500 metrics per call and Region,
   * instead of one call per bucket.
   */
  telemetryBatch?: number;
}

export type CheckState = 'unchecked' | 'queued' | 'checking' | 'checked';

export interface BucketEntry {
  bucket: BucketSummary;
  state: CheckState;
  /** The last report; kept while the bucket is checked again. */
  report?: BucketReport;
  checkedAt?: number;
  /** The check itself failed (not a read: those are in the report). */
  error?: string;
  /** Telemetry is being read (after the check). */
  observing?: boolean;
}

export type ListState = { state: 'idle' | 'loading' | 'loaded' } | { state: 'failed'; failure: AwsFailure };

export interface Progress {
  busy: boolean;
  /** Checks finished and asked for since the model was last idle. */
  done: number;
  total: number;
}

interface Queued {
  name: string;
  fresh: boolean;
}

function failureOf(err: unknown, operation: string): AwsFailure {
  const e = err as Partial<AwsFailure> & { message?: string };
  if (e && typeof e.kind === 'string' && typeof e.code === 'string') return { operation: e.operation ?? operation, target: e.target, code: e.code, kind: e.kind, message: e.message ?? '' };
  return { operation, code: 'Error', kind: 'service', message: err instanceof Error ? err.message : String(err) };
}

const isCancelled = (err: unknown) => (err as Partial<AwsFailure> | undefined)?.kind === 'cancelled';

export class BucketsModel {
  private readonly pageSize: number;
  private readonly ttlMs: number;
  private readonly parallel: number;
  private readonly now: () => number;
  private diagnose: (live: LiveBucketState) => BucketReport;
  private readonly sinceMs: number;
  private readonly telemetryBatch: number;
  /** Checked replicating buckets whose telemetry is still to be read. */
  private readonly toObserve = new Set<string>();
  private observing = false;

  private readonly entries = new Map<string, BucketEntry>();
  private listState: ListState = { state: 'idle' };
  private moreFailure?: AwsFailure;
  private token?: string;
  private listing?: Promise<void>;

  private readonly urgent: Queued[] = [];
  private readonly background: Queued[] = [];
  private running = 0;
  /** Buckets to check again once their running check ends (refreshed meanwhile). */
  private readonly recheck = new Set<string>();
  private readonly waiters = new Map<string, (() => void)[]>();
  private generation = 0;
  private done = 0;
  private total = 0;
  private disposed = false;

  private readonly listChanged = new Emitter<void>();
  private readonly bucketsChanged = new Emitter<string[]>();
  private readonly progressChanged = new Emitter<Progress>();
  readonly onDidChangeList = this.listChanged.event;
  readonly onDidChangeBuckets = this.bucketsChanged.event;
  readonly onDidChangeProgress = this.progressChanged.event;

  constructor(
    readonly backend: ExplorerBackend,
    options: ModelOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 1000;
    this.ttlMs = options.ttlMs ?? 60_000;
    this.parallel = options.parallelBuckets ?? 16;
    this.now = options.now ?? Date.now;
    this.diagnose = options.diagnose ?? diagnoseLive;
    this.sinceMs = options.telemetrySinceMs ?? 86_400_000;
    this.telemetryBatch = options.telemetryBatch ?? 2_000;
  }

  get list(): ListState {
    return this.listState;
  }

  get buckets(): BucketEntry[] {
    return [...this.entries.values()];
  }

  get hasMore(): boolean {
    return this.token !== undefined;
  }

  /** Why the last "load more" failed, if it did. */
  get loadMoreFailure(): AwsFailure | undefined {
    return this.moreFailure;
  }

  get progress(): Progress {
    return { busy: this.running > 0 || this.urgent.length + this.background.length > 0, done: this.done, total: this.total };
  }

  entry(name: string): BucketEntry | undefined {
    return this.entries.get(name);
  }

  /** Loads the first page once; again after a failure. */
  load(): Promise<void> {
    if (this.listState.state === 'loaded') return Promise.resolve();
    return this.page(undefined);
  }

  /** The next page; never fetches a page twice, however often it is asked. */
  loadMore(): Promise<void> {
    if (!this.token) return this.listing ?? Promise.resolve();
    return this.page(this.token);
  }

  private page(token: string | undefined): Promise<void> {
    if (this.listing) return this.listing;
    const generation = this.generation;
    const first = token === undefined;
    if (first) this.listState = { state: 'loading' };
    this.moreFailure = undefined;
    this.listChanged.fire();
    this.listing = this.backend.listBuckets(token, this.pageSize).then(
      (page) => {
        if (generation !== this.generation) return;
        for (const b of page.buckets) if (!this.entries.has(b.name)) this.entries.set(b.name, { bucket: b, state: 'unchecked' });
        this.token = page.continuationToken;
        this.listState = { state: 'loaded' };
      },
      (err: unknown) => {
        if (generation !== this.generation || isCancelled(err)) {
          if (first && generation === this.generation) this.listState = { state: 'idle' };
          return;
        }
        if (first) this.listState = { state: 'failed', failure: failureOf(err, 'ListBuckets') };
        else this.moreFailure = failureOf(err, 'ListBuckets');
      },
    );
    const settled = this.listing.finally(() => {
      if (generation !== this.generation) return;
      this.listing = undefined;
      if (!this.disposed) this.listChanged.fire();
    });
    this.listing = settled;
    return settled;
  }

  private stale(e: BucketEntry): boolean {
    return e.state === 'checked' && (e.checkedAt === undefined || this.now() - e.checkedAt >= this.ttlMs);
  }

  /** Asks for a bucket's status: checked unless it is fresh or already on its way. */
  want(name: string, options: { urgent?: boolean } = {}): void {
    const e = this.entries.get(name);
    if (!e || this.disposed) return;
    if (e.state === 'unchecked' || this.stale(e)) this.enqueue(e, { name, fresh: false }, options.urgent ?? false);
    else if (e.state === 'queued' && options.urgent) this.promote(name);
  }

  /** Resolves with the entry once it has a status (at once when it has a fresh one). */
  whenChecked(name: string, options: { urgent?: boolean } = {}): Promise<BucketEntry | undefined> {
    const e = this.entries.get(name);
    if (!e) return Promise.resolve(undefined);
    this.want(name, options);
    if (e.state === 'checked' || e.state === 'unchecked') return Promise.resolve(e);
    return new Promise((resolve) => this.waiters.set(name, [...(this.waiters.get(name) ?? []), () => resolve(this.entries.get(name))]));
  }

  /** Checks one bucket again from AWS, its role and destinations included. */
  refresh(name: string): Promise<BucketEntry | undefined> {
    const e = this.entries.get(name);
    if (!e || this.disposed) return Promise.resolve(e);
    if (e.state === 'checking') this.recheck.add(name);
    else this.enqueue(e, { name, fresh: true }, true);
    return new Promise((resolve) => this.waiters.set(name, [...(this.waiters.get(name) ?? []), () => resolve(this.entries.get(name))]));
  }

  /** Lists the buckets again and forgets every status and cached read. */
  refreshAll(): Promise<void> {
    this.reset();
    this.backend.forget();
    this.entries.clear();
    this.token = undefined;
    this.listState = { state: 'idle' };
    this.listChanged.fire();
    return this.load();
  }

  /** Checks every loaded bucket; resolves when all are checked (or the checks were cancelled). */
  async checkAll(): Promise<void> {
    const names = [...this.entries.keys()];
    for (const n of names) this.want(n);
    await Promise.all(names.map((n) => this.whenChecked(n)));
  }

  /** Stops every queued and running check (the view was closed); statuses not yet known stay unchecked. */
  cancel(): void {
    this.reset();
    this.listChanged.fire();
  }

  private reset(): void {
    this.generation++;
    this.backend.cancel();
    this.listing = undefined;
    if (this.listState.state === 'loading') this.listState = { state: 'idle' };
    const touched: string[] = [];
    for (const e of this.entries.values()) {
      if (e.state === 'queued' || e.state === 'checking') {
        e.state = e.report ? 'checked' : 'unchecked';
        touched.push(e.bucket.name);
      }
    }
    this.urgent.length = 0;
    this.background.length = 0;
    this.recheck.clear();
    this.toObserve.clear();
    this.observing = false;
    for (const w of this.telemetryWaiters.splice(0)) w();
    this.running = 0;
    this.done = this.total = 0;
    for (const name of touched) this.release(name);
    if (this.disposed) return;
    if (touched.length) this.bucketsChanged.fire(touched);
    this.progressChanged.fire(this.progress);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.reset();
    this.backend.dispose();
    for (const name of [...this.waiters.keys()]) this.release(name);
    this.listChanged.dispose();
    this.bucketsChanged.dispose();
    this.progressChanged.dispose();
  }

  private enqueue(e: BucketEntry, item: Queued, urgent: boolean): void {
    if (e.state === 'queued') {
      // Already waiting: keep one place in the queue, with the strongest request.
      const q = [...this.urgent, ...this.background].find((x) => x.name === item.name);
      if (q) q.fresh ||= item.fresh;
      if (urgent) this.promote(item.name);
      return;
    }
    e.state = 'queued';
    (urgent ? this.urgent : this.background).push(item);
    this.total++;
    this.bucketsChanged.fire([item.name]);
    this.progressChanged.fire(this.progress);
    this.pump();
  }

  private promote(name: string): void {
    const i = this.background.findIndex((q) => q.name === name);
    if (i >= 0) this.urgent.push(...this.background.splice(i, 1));
  }

  private pump(): void {
    while (this.running < this.parallel && (this.urgent.length > 0 || this.background.length > 0)) {
      const urgent = this.urgent.length > 0;
      const item = (urgent ? this.urgent.shift() : this.background.shift()) as Queued;
      void this.check(item, urgent);
    }
  }

  private async check(item: Queued, urgent: boolean): Promise<void> {
    const e = this.entries.get(item.name);
    if (!e) return;
    const generation = this.generation;
    this.running++;
    e.state = 'checking';
    this.bucketsChanged.fire([item.name]);
    let cancelled = false;
    try {
      const live = await this.backend.bucketState(e.bucket, { fresh: item.fresh, urgent });
      if (generation !== this.generation) return;
      // The last telemetry stays shown until the new read replaces it.
      const previous = e.report?.observations;
      e.report = this.diagnose(live);
      if (previous) e.report = withObservations(e.report, previous);
      e.error = undefined;
    } catch (err) {
      if (generation !== this.generation) return;
      if (isCancelled(err)) cancelled = true;
      else e.error = err instanceof Error ? err.message : String(err);
    } finally {
      if (generation === this.generation && !this.disposed) this.finish(e, cancelled);
    }
  }

  private finish(e: BucketEntry, cancelled: boolean): void {
    const name = e.bucket.name;
    this.running--;
    this.done++;
    if (cancelled) e.state = e.report ? 'checked' : 'unchecked';
    else {
      e.state = 'checked';
      e.checkedAt = this.now();
    }
    if (this.recheck.delete(name)) {
      this.enqueue(e, { name, fresh: true }, true);
    } else {
      this.release(name);
      this.bucketsChanged.fire([name]);
    }
    if (this.running === 0 && this.urgent.length + this.background.length === 0) this.done = this.total = 0;
    const live = e.report?.live;
    if (!cancelled && live?.replication.ok && live.replication.value.configured) {
      this.toObserve.add(name);
      e.observing = true;
    }
    this.pump();
    this.observeWhenDue();
    this.releaseTelemetryWaiters();
    this.progressChanged.fire(this.progress);
  }

  /** Whether telemetry is being read or waits to be. */
  get telemetryPending(): boolean {
    return this.observing || this.toObserve.size > 0;
  }

  private readonly telemetryWaiters: (() => void)[] = [];

  /** Resolves once no check runs and no telemetry is being read or waits (at once when none does). */
  whenTelemetryRead(): Promise<void> {
    if (!this.telemetryPending && !this.progress.busy) return Promise.resolve();
    return new Promise((resolve) => this.telemetryWaiters.push(resolve));
  }

  private releaseTelemetryWaiters(): void {
    if (this.telemetryPending || this.progress.busy) return;
    for (const w of this.telemetryWaiters.splice(0)) w();
  }

  /** Reads telemetry for the waiting buckets when the scan is idle, or when enough of them wait to fill batches. */
  private observeWhenDue(): void {
    if (this.observing || this.toObserve.size === 0 || this.disposed) return;
    const idle = this.running === 0 && this.urgent.length + this.background.length === 0;
    if (!idle && this.toObserve.size < this.telemetryBatch) return;
    const names = [...this.toObserve];
    this.toObserve.clear();
    const generation = this.generation;
    const states = names.flatMap((n) => {
      const live = this.entries.get(n)?.report?.live;
      return live ? [live] : [];
    });
    this.observing = true;
    void this.backend
      .observe(states, { sinceMs: this.sinceMs, now: this.now() })
      .then(
        (found) => {
          if (generation !== this.generation || this.disposed) return;
          for (const name of names) {
            const e = this.entries.get(name);
            const o = found.get(name);
            if (e?.report && o && e.report.live === states.find((s) => s.bucket.name === name)) e.report = withObservations(e.report, o);
          }
        },
        (err: unknown) => {
          // Only cancellation gets here (read failures are in the observations): the view was closed.
          if (!isCancelled(err) && generation === this.generation) for (const name of names) this.toObserve.add(name);
        },
      )
      .finally(() => {
        if (generation !== this.generation || this.disposed) return;
        this.observing = false;
        for (const name of names) {
          const e = this.entries.get(name);
          if (e && !this.toObserve.has(name)) e.observing = false;
        }
        this.bucketsChanged.fire(names);
        this.observeWhenDue();
        this.releaseTelemetryWaiters();
      });
  }

  /**
   * Judges every bucket checked so far again, without reading AWS again: the user changed which
   * findings to show (the rules setting, info findings), not the account.
   */
  rediagnose(diagnose?: (live: LiveBucketState) => BucketReport): void {
    if (diagnose) this.diagnose = diagnose;
    const changed: string[] = [];
    for (const e of this.entries.values()) {
      if (!e.report) continue;
      const { live, observations } = e.report;
      // Telemetry is about the bucket, not about which findings are shown: kept.
      e.report = observations ? withObservations(this.diagnose(live), observations) : this.diagnose(live);
      changed.push(e.bucket.name);
    }
    if (changed.length > 0) this.bucketsChanged.fire(changed);
  }

  private release(name: string): void {
    const ws = this.waiters.get(name);
    this.waiters.delete(name);
    for (const w of ws ?? []) w();
  }
}

/**
 * Bounds how many AWS calls run at once, across every bucket being checked. Waiting calls run in
 * priority order (lower first, then first come): the explorer gives the calls of a bucket the user just
 * expanded the most urgent priority, and earlier buckets' calls precede later ones so that buckets
 * finish one after another instead of all at the very end.
 */

export interface LimiterOptions {
  priority?: number;
  /** Aborting removes a waiting task (it rejects with `onAbort()`); a running task sees the signal itself. */
  signal?: AbortSignal;
}

interface Waiting {
  priority: number;
  seq: number;
  signal?: AbortSignal;
  start: () => void;
  abandon: () => void;
}

/** The waiting tasks of one signal, and the one listener that abandons them all when it aborts. */
interface Watch {
  entries: Set<Waiting>;
  onAbort: () => void;
}

export class Limiter {
  private running = 0;
  private readonly waiting: Waiting[] = [];
  private seq = 0;
  private highWater = 0;
  private started = 0;
  /** Running tasks × milliseconds, and since when it counts (the first task). */
  private busyMs = 0;
  private since?: number;
  private changedAt = 0;

  constructor(
    private readonly concurrency: number,
    private readonly onAbort: () => Error = () => new Error('cancelled'),
  ) {
    if (!(concurrency >= 1)) throw new Error(`concurrency must be at least 1, got ${concurrency}`);
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** The most tasks that ever ran at once. */
  get peak(): number {
    return this.highWater;
  }

  /**
   * Tasks running at once on average, from the first start until now: whether the limit is used all
   * the time or calls are serialised somewhere before they reach it.
   */
  get meanActive(): number {
    if (this.since === undefined) return 0;
    const now = performance.now();
    const span = now - this.since;
    return span > 0 ? (this.busyMs + this.running * (now - this.changedAt)) / span : this.running;
  }

  private account(delta: number): void {
    const now = performance.now();
    this.since ??= now;
    this.busyMs += this.running * (now - this.changedAt);
    this.changedAt = now;
    this.running += delta;
  }

  /** Tasks started so far. */
  get total(): number {
    return this.started;
  }

  run<T>(task: () => Promise<T>, options: LimiterOptions = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(this.onAbort());
    return new Promise<T>((resolve, reject) => {
      const entry: Waiting = {
        priority: options.priority ?? 0,
        seq: this.seq++,
        signal,
        start: () => {
          this.unwatch(entry);
          this.account(1);
          this.started++;
          this.highWater = Math.max(this.highWater, this.running);
          task()
            .then(resolve, reject)
            .finally(() => {
              this.account(-1);
              this.next();
            });
        },
        abandon: () => reject(this.onAbort()),
      };
      // A place is free and nobody waits: start now, without watching the signal at all.
      if (this.running < this.concurrency && this.waiting.length === 0) {
        entry.start();
        return;
      }
      this.insert(entry);
      this.watch(entry);
      this.next();
    });
  }

  /**
   * One abort listener per signal, not per waiting task: thousands of calls wait on one backend's
   * signal in a scan, and an EventTarget walks its listeners on every add and remove.
   */
  private readonly watches = new Map<AbortSignal, Watch>();

  private watch(entry: Waiting): void {
    const signal = entry.signal;
    if (!signal) return;
    let watch = this.watches.get(signal);
    if (!watch) {
      const entries = new Set<Waiting>();
      const onAbort = () => {
        this.watches.delete(signal);
        for (let i = this.waiting.length - 1; i >= 0; i--) if (entries.has(this.waiting[i])) this.waiting.splice(i, 1);
        for (const e of entries) e.abandon();
      };
      watch = { entries, onAbort };
      this.watches.set(signal, watch);
      signal.addEventListener('abort', onAbort, { once: true });
    }
    watch.entries.add(entry);
  }

  private unwatch(entry: Waiting): void {
    const signal = entry.signal;
    const watch = signal && this.watches.get(signal);
    if (!watch || !watch.entries.delete(entry) || watch.entries.size > 0) return;
    this.watches.delete(signal);
    signal.removeEventListener('abort', watch.onAbort);
  }

  private insert(entry: Waiting): void {
    // Binary search for the first waiting task that must run after this one.
    let lo = 0;
    let hi = this.waiting.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const w = this.waiting[mid];
      if (w.priority < entry.priority || (w.priority === entry.priority && w.seq < entry.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.waiting.splice(lo, 0, entry);
  }

  private next(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      (this.waiting.shift() as Waiting).start();
    }
  }
}

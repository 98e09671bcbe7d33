/**
 * A short-lived cache of reads in flight or done. Buckets share roles, managed policies and
 * destinations; reading each once per scan keeps the number of calls (and AWS throttling) down.
 * A read that rejects (cancelled) is not kept, so the next caller tries again.
 */
interface Entry<V> {
  value: Promise<V>;
  at: number;
  settled: boolean;
}

export class TtlMemo<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value of `key`, or `compute()`'s; `fresh` replaces whatever is cached. */
  get(key: string, compute: () => Promise<V>, fresh = false): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && !fresh && this.now() - hit.at < this.ttlMs) return hit.value;
    const value = compute();
    const entry: Entry<V> = { value, at: this.now(), settled: false };
    this.entries.set(key, entry);
    value.then(
      () => (entry.settled = true),
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  /** Forgets reads still in flight (they are being cancelled), keeping finished ones. */
  dropPending(): void {
    for (const [key, entry] of this.entries) if (!entry.settled) this.entries.delete(key);
  }
}

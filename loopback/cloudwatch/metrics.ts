/**
 * What CloudWatch holds: data points per Region, namespace, metric name and exact dimension set, as
 * S3 publishes its replication metrics. Statistics are computed on read, per period, the way
 * GetMetricData answers (periods aligned to the epoch, only periods with data).
 */

export interface MetricDimension {
  Name: string;
  Value: string;
}

interface Series {
  region: string;
  namespace: string;
  name: string;
  dimensions: MetricDimension[];
  /** Epoch milliseconds, ascending. */
  times: number[];
  values: number[];
}

export type Statistic = 'Sum' | 'Maximum' | 'Minimum' | 'Average' | 'SampleCount';
export const STATISTICS: readonly Statistic[] = ['Sum', 'Maximum', 'Minimum', 'Average', 'SampleCount'];

function dimensionsKey(dimensions: readonly MetricDimension[]): string {
  return [...dimensions].sort((a, b) => a.Name.localeCompare(b.Name)).map((d) => `${d.Name}=${d.Value}`).join('\u0000');
}

function seriesKey(region: string, namespace: string, name: string, dimensions: readonly MetricDimension[]): string {
  return `${region}\u0001${namespace}\u0001${name}\u0001${dimensionsKey(dimensions)}`;
}

export class MetricStore {
  private readonly series = new Map<string, Series>();

  clear(): void {
    this.series.clear();
  }

  put(region: string, namespace: string, name: string, dimensions: MetricDimension[], time: number, value: number): void {
    const key = seriesKey(region, namespace, name, dimensions);
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { region, namespace, name, dimensions: dimensions.map((d) => ({ ...d })), times: [], values: [] }));
    // Almost always appended in time order; an older point (a scenario's past upload) is inserted in place.
    let i = s.times.length;
    while (i > 0 && s.times[i - 1] > time) i--;
    s.times.splice(i, 0, time);
    s.values.splice(i, 0, value);
  }

  /** One statistic per period with data in [start, end), newest first or oldest first. */
  statistics(region: string, namespace: string, name: string, dimensions: readonly MetricDimension[], start: number, end: number, periodSeconds: number, stat: Statistic, newestFirst: boolean): { timestamps: number[]; values: number[] } {
    const s = this.series.get(seriesKey(region, namespace, name, dimensions));
    const period = periodSeconds * 1000;
    const buckets = new Map<number, number[]>();
    for (let i = 0; s && i < s.times.length; i++) {
      const t = s.times[i];
      if (t < start || t >= end) continue;
      const slot = Math.floor(t / period) * period;
      const list = buckets.get(slot) ?? [];
      buckets.set(slot, list);
      list.push(s.values[i]);
    }
    const slots = [...buckets.keys()].sort((a, b) => (newestFirst ? b - a : a - b));
    const values = slots.map((slot) => {
      const v = buckets.get(slot) as number[];
      switch (stat) {
        case 'Sum':
          return v.reduce((a, b) => a + b, 0);
        case 'Maximum':
          return Math.max(...v);
        case 'Minimum':
          return Math.min(...v);
        case 'Average':
          return v.reduce((a, b) => a + b, 0) / v.length;
        case 'SampleCount':
          return v.length;
      }
    });
    return { timestamps: slots, values };
  }

  /** Metrics of a Region matching a namespace, a name and dimension filters (a filter without value matches any value). */
  list(region: string, filter: { namespace?: string; name?: string; dimensions?: { Name: string; Value?: string }[] }): { namespace: string; name: string; dimensions: MetricDimension[] }[] {
    const out: { namespace: string; name: string; dimensions: MetricDimension[] }[] = [];
    for (const s of this.series.values()) {
      if (s.region !== region) continue;
      if (filter.namespace !== undefined && s.namespace !== filter.namespace) continue;
      if (filter.name !== undefined && s.name !== filter.name) continue;
      const dims = filter.dimensions ?? [];
      if (!dims.every((f) => s.dimensions.some((d) => d.Name === f.Name && (f.Value === undefined || d.Value === f.Value)))) continue;
      out.push({ namespace: s.namespace, name: s.name, dimensions: s.dimensions });
    }
    return out.sort((a, b) => `${a.namespace}${a.name}${dimensionsKey(a.dimensions)}`.localeCompare(`${b.namespace}${b.name}${dimensionsKey(b.dimensions)}`));
  }

  /** Data points held (for tests and the bench). */
  get size(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.times.length;
    return n;
  }
}

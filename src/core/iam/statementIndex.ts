/**
 * Statements of a policy by the S3 bucket their `Resource` names, so that "which statements may
 * concern this bucket?" costs the statements about that bucket, not all of them. Checking each of n
 * buckets' requirements against every one of n statements was quadratic: a 5,000-statement policy
 * took minutes.
 *
 * A literal bucket (`arn:aws:s3:::logs/*`) is found by name; a bucket pattern (`arn:aws:s3:::logs-*`)
 * by its literal start, which any bucket it matches must begin with. Statements with no such anchor
 * (`*`, `arn:aws:s3:::*-logs`, other services, `NotResource`, no resource at all) concern every bucket.
 */
import { s3Parts } from './arn';
import { PolicyView, StatementView } from './policy';

const WILD = /[*?]|\$\{/;

export class BucketIndex {
  private readonly exact = new Map<string, StatementView[]>();
  private readonly byStart = new Map<string, StatementView[]>();
  private readonly anywhere: StatementView[] = [];
  private readonly all: StatementView[] = [];

  add(s: StatementView): void {
    this.all.push(s);
    const keys: { map: Map<string, StatementView[]>; key: string }[] = [];
    for (const item of s.resource?.items ?? []) {
      const bucket = s3Parts(item.value)?.bucket;
      const wild = bucket === undefined ? -1 : bucket.search(WILD);
      if (bucket === undefined || wild === 0) {
        this.anywhere.push(s);
        return;
      }
      keys.push(wild < 0 ? { map: this.exact, key: bucket } : { map: this.byStart, key: bucket.slice(0, wild) });
    }
    if (keys.length === 0) {
      this.anywhere.push(s);
      return;
    }
    for (const { map, key } of keys) {
      const list = map.get(key);
      if (!list) map.set(key, [s]);
      else if (list[list.length - 1] !== s) list.push(s);
    }
  }

  /** The statements that may concern `bucket` (every one when it is unknown), in document order. */
  near(bucket: string | undefined): readonly StatementView[] {
    if (bucket === undefined) return this.all;
    const lists: StatementView[][] = [];
    const exact = this.exact.get(bucket);
    if (exact) lists.push(exact);
    if (this.byStart.size > 0) {
      for (let k = 1; k <= bucket.length; k++) {
        const list = this.byStart.get(bucket.slice(0, k));
        if (list) lists.push(list);
      }
    }
    if (this.anywhere.length > 0) lists.push(this.anywhere);
    if (lists.length === 0) return [];
    if (lists.length === 1) return lists[0];
    return [...new Set(lists.flat())].sort((a, b) => a.index - b.index);
  }
}

const cache = new WeakMap<PolicyView, BucketIndex>();

/** The statements whose `Resource` may name `resource` (an ARN or ARN pattern), in document order. */
export function statementsNear(view: PolicyView, resource: string): readonly StatementView[] {
  const parts = s3Parts(resource);
  if (!parts || WILD.test(parts.bucket)) return view.statements;
  let index = cache.get(view);
  if (!index) {
    index = new BucketIndex();
    for (const s of view.statements) index.add(s);
    cache.set(view, index);
  }
  return index.near(parts.bucket);
}

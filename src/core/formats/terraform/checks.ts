/**
 * Problems only Terraform has, found on the module itself (in source coordinates): what `terraform
 * apply` does differently from the API because of ordering, provider defaults and references.
 * The rules are registered in `formats/rules.ts`, where each cites the reports behind it.
 */
import { Finding, Fix, TextEdit } from '../../findings';
import { UNKNOWN } from '../../embedded/symbols';
import { appendToTuple, hclStyle, insertInBlock } from '../../embedded/writers/hcl';
import { TfDoc, referencedResource } from './documents';
import { Evaluator } from './evaluate';
import { DependencyGraph } from './graph';
import { Block, Range, attribute, blocks } from './hcl/ast';
import { TfResource, referenceable, resourcesOf } from './module';
import { Loc, TNode, entryOf, get, one, str } from './values';

export function moduleChecks(ev: Evaluator, docs: readonly TfDoc[], texts: ReadonlyMap<string, string>): Finding[] {
  const graph = new DependencyGraph(ev.m);
  const configs = docs.filter((d) => d.kind === 'replication-config' && d.resource);
  return [
    ...versioningOrder(ev, graph, configs, texts),
    ...declaredTwice(configs),
    ...priorities(configs, texts),
    ...cycles(graph),
  ];
}

function finding(at: Loc | { uri: string; range: Range }, ruleId: string, severity: Finding['severity'], message: string, fixes?: Fix[]): Finding {
  return { uri: at.uri, offset: at.range.offset, length: Math.max(at.range.length, 1), ruleId, severity, message, fixes };
}

function fix(title: string, text: string | undefined, edit: () => TextEdit | undefined): Fix[] {
  if (text === undefined) return [];
  return [{ title, preferred: true, edits: () => {
    const e = edit();
    return e ? [e] : [];
  } }];
}

/** `depends_on` gains `address`: appended to the list, or a new argument at the top of the block. */
function dependsOnEdit(text: string, block: Block, address: string): TextEdit | undefined {
  const style = hclStyle(text);
  const existing = attribute(block.body, 'depends_on');
  if (existing?.expr.type === 'tuple') return appendToTuple(text, existing.expr, address, style);
  if (existing) return undefined;
  return insertInBlock(text, block, [`depends_on = [${address}]`], style, 'start');
}

function ruleBlocks(d: TfDoc): TNode[] {
  const list = get(d.tf, d.style === 'standalone' ? 'rule' : 'rules');
  return list?.t === 'list' ? list.items.filter((i) => i.t === 'obj') : [];
}

function blockOf(n: TNode | undefined): Block | undefined {
  return n?.written?.kind === 'block' ? n.written.block : undefined;
}

function versioningOrder(ev: Evaluator, graph: DependencyGraph, configs: readonly TfDoc[], texts: ReadonlyMap<string, string>): Finding[] {
  const out: Finding[] = [];
  const byBucket = new Map<string, TfResource>();
  for (const v of resourcesOf(ev.m, 'aws_s3_bucket_versioning')) {
    const b = v.multi ? undefined : str(get(ev.block(v.block, v.file), 'bucket'));
    if (b !== undefined && !byBucket.has(b)) byBucket.set(b, v);
  }
  const versioningOf = (bucket: string): TfResource | undefined => byBucket.get(bucket);
  // Every rule of a configuration names its destination, mostly the same bucket.
  const names = new Map<TfResource, string>();
  const bucketName = (b: TfResource): string => {
    let name = names.get(b);
    if (name === undefined) names.set(b, (name = ev.bucketName(b)));
    return name;
  };
  for (const d of configs) {
    const r = d.resource as TfResource;
    if (r.multi) continue;
    const reported = new Set<string>();
    // A thousand rules name the same destination: whether the configuration waits for its versioning is asked once.
    const ordered = new Map<string, boolean>();
    for (const rule of ruleBlocks(d)) {
      const destination = get(rule, 'destination');
      const destBlock = blockOf(destination?.t === 'list' ? destination.items[0] : undefined);
      const bucketAttr = destBlock ? attribute(destBlock.body, 'bucket') : undefined;
      if (!bucketAttr) continue;
      const byRef = referencedResource(ev, bucketAttr.expr, 'aws_s3_bucket');
      const name = byRef && !byRef.multi ? bucketName(byRef) : bucketOfArn(ev.eval(bucketAttr.expr, r.file));
      if (!name) continue;
      const v = versioningOf(name);
      if (!v || reported.has(v.address)) continue;
      const status = str(get(one(get(ev.block(v.block, v.file), 'versioning_configuration')), 'status'));
      if (status !== 'Enabled') continue;
      let waits = ordered.get(v.address);
      if (waits === undefined) ordered.set(v.address, (waits = graph.dependsOn(r.address, v.address)));
      if (waits) continue;
      reported.add(v.address);
      const text = texts.get(r.file.uri);
      out.push(
        finding(
          ev.loc(r.file, bucketAttr.expr.range),
          'tf-versioning-not-ordered',
          'error',
          `Nothing orders \`${v.address}\` before \`${r.address}\`: Terraform creates them at the same time, and when the replication configuration is sent before the destination's versioning is on, S3 answers "InvalidRequest: Destination bucket must have versioning enabled" and the first apply fails (the provider retries only the source bucket's versioning error). Add \`${v.address}\` to \`depends_on\`.`,
          referenceable(v) ? fix(`Add ${v.address} to depends_on`, text, () => (text === undefined ? undefined : dependsOnEdit(text, r.block, v.address))) : undefined,
        ),
      );
    }
  }
  return out;
}

function bucketOfArn(arn: TNode): string | undefined {
  return arn.t === 'str' && arn.value.startsWith('arn:aws:s3:::') && !arn.value.includes(UNKNOWN) ? arn.value.slice(13) : undefined;
}

function declaredTwice(configs: readonly TfDoc[]): Finding[] {
  const out: Finding[] = [];
  const bySource = new Map<string, TfDoc[]>();
  for (const d of configs) {
    const s = d.origin?.sourceBucket;
    if (!s) continue;
    bySource.set(s, [...(bySource.get(s) ?? []), d]);
  }
  for (const group of bySource.values()) {
    if (group.length < 2) continue;
    const standalone = group.filter((d) => d.style === 'standalone');
    const others = group.map((d) => (d.resource as TfResource).address);
    for (const [i, d] of group.entries()) {
      const r = d.resource as TfResource;
      const elsewhere = others.filter((_, j) => j !== i).map((a) => `\`${a}\``).join(', ');
      if (d.style === 'legacy' && standalone.length > 0) {
        const at = d.tf?.t === 'obj' && d.tf.keyword ? d.tf.keyword : { uri: r.file.uri, range: r.block.typeRange };
        out.push(
          finding(
            at,
            'tf-replication-declared-twice',
            'warning',
            `This bucket's replication is also declared by ${elsewhere}. S3 keeps one configuration per bucket, so each apply replaces the other's and every plan shows a change (a perpetual diff). Keep one: remove this inline \`replication_configuration\` block (with provider versions before 4.0, also add \`lifecycle { ignore_changes = [replication_configuration] }\` to this bucket).`,
          ),
        );
      } else if (d.style === 'standalone' && standalone.indexOf(d) > 0) {
        out.push(
          finding(
            { uri: r.file.uri, range: r.block.labelRanges[1] ?? r.block.typeRange },
            'tf-replication-declared-twice',
            'warning',
            `The same bucket's replication is also declared by ${elsewhere}. S3 keeps one configuration per bucket, so each apply replaces the other's and every plan shows a change (a perpetual diff). Put all the rules in one \`aws_s3_bucket_replication_configuration\`.`,
          ),
        );
      }
    }
  }
  return out;
}

function priorities(configs: readonly TfDoc[], texts: ReadonlyMap<string, string>): Finding[] {
  const out: Finding[] = [];
  for (const d of configs) {
    const r = d.resource as TfResource;
    const text = texts.get(r.file.uri);
    const rules = get(d.api, 'Rules');
    const apiRules = rules?.t === 'list' ? rules.items.filter((i) => i.t === 'obj') : [];
    // Filtered (V2) rules without `priority` are sent with priority 0.
    const v2 = apiRules.filter((x) => get(x, 'Filter'));
    const explicit = v2.map((x) => get(x, 'Priority')).filter((p): p is TNode & { t: 'num' } => p?.t === 'num' && !p.synthetic);
    let next = Math.max(0, ...explicit.map((p) => p.value)) + 1;
    const zeros = v2.filter((x) => {
      const p = get(x, 'Priority');
      return p?.t === 'num' && p.value === 0;
    });
    if (v2.length >= 2 && zeros.length >= 2) {
      for (const rule of zeros) {
        const p = get(rule, 'Priority');
        if (!p?.synthetic) continue;
        const block = blockOf(rule);
        const at = rule.t === 'obj' && rule.keyword ? rule.keyword : rule.at;
        const n = next++;
        out.push(
          finding(
            at,
            'tf-priority-omitted',
            'warning',
            `This rule has a \`filter\` but no \`priority\`, so the AWS provider sends it with priority 0, as it does ${zeros.length - 1 === 1 ? 'another rule' : `${zeros.length - 1} other rules`} of this configuration: where their filters overlap, which one wins is not what you chose. Give each rule its own \`priority\` (a higher number wins).`,
            fix(`Add priority = ${n}`, text, () => (text !== undefined && block ? insertInBlock(text, block, [`priority = ${n}`], hclStyle(text)) : undefined)),
          ),
        );
      }
    }
    // `priority` without `filter`: the provider sends a V1 rule and drops the priority.
    for (const rule of ruleBlocks(d)) {
      const priority = entryOf(rule, 'priority');
      const filter = get(rule, 'filter');
      if (!priority || priority.value.t === 'null' || (filter?.t === 'list' && filter.items.length > 0) || !priority.keyAt) continue;
      const block = blockOf(rule);
      const prefix = str(get(rule, 'prefix'));
      const canFix = block && (prefix === undefined || prefix === '');
      const lines = d.style === 'standalone' ? ['filter {}', 'delete_marker_replication {\n  status = "Disabled"\n}'] : ['filter {}'];
      out.push(
        finding(
          priority.keyAt,
          'tf-priority-without-filter',
          'warning',
          `Without a \`filter\` block this rule is sent in the V1 schema (a \`prefix\` rule) and the AWS provider drops \`priority\`: it does nothing, and S3 applies V1 rules without any order. Add \`filter {}\` (every object; or \`filter { prefix = "…" }\`) to make it a V2 rule with this priority${d.style === 'standalone' ? ', with `delete_marker_replication`, which V2 rules need' : ''}.`,
          canFix && text !== undefined
            ? fix(d.style === 'standalone' ? 'Add filter {} and delete_marker_replication { status = "Disabled" }' : 'Add filter {}', text, () => insertInBlock(text, block as Block, lines, hclStyle(text)))
            : undefined,
        ),
      );
    }
  }
  return out;
}

function cycles(graph: DependencyGraph): Finding[] {
  const out: Finding[] = [];
  for (const group of graph.cycles()) {
    const replicating = group.filter((r) => r.type === 'aws_s3_bucket' && blocks(r.block.body, 'replication_configuration').length > 0);
    if (replicating.length === 0) continue;
    const names = group.map((r) => r.address).sort();
    for (const r of replicating) {
      const inline = blocks(r.block.body, 'replication_configuration')[0];
      out.push(
        finding(
          { uri: r.file.uri, range: inline.typeRange },
          'tf-dependency-cycle',
          'error',
          `Terraform refuses this module ("Error: Cycle: ${names.join(', ')}"): each bucket's inline \`replication_configuration\` refers to the other bucket, so neither can be created first. Break the cycle by moving replication into \`aws_s3_bucket_replication_configuration\` resources (one per direction: they depend on both buckets, the buckets on neither), or by writing the other bucket's ARN as a literal string instead of a reference.`,
        ),
      );
    }
  }
  return out;
}

/**
 * Terraform plans in JSON (`terraform show -json plan.out > plan.json`): what `apply` is about to
 * send, every value the plan knows already resolved. Checked before apply, in CI: the planned
 * replication configurations (standalone and legacy inline, through the same provider model as
 * `.tf` files), roles, policies and versioning. A value known only after apply (a new bucket's
 * ARN) is followed through the plan's configuration references to the resource it names.
 * Findings are placed at the JSON of the planned value and name the resource address; a plan is
 * generated output, so nothing is fixed in it.
 */
import { findNodeAtLocation } from 'jsonc-parser';
import { DocumentKind } from '../../../classify';
import { LiveOrigin } from '../../../document';
import { BucketFacts, LiveFacts } from '../../../facts';
import { parseJsonSource } from '../../../embedded/parsers/json';
import { OWN_ACCOUNT, Symbols, UNKNOWN } from '../../../embedded/symbols';
import { EmbeddedDocument, Extraction, FormatAdapter, SourceText } from '../../../embedded/types';
import { embed } from '../embed';
import { parseJsonValue } from '../jsonText';
import { LEGACY_NAMES, STANDALONE_NAMES, replicationToApi } from '../replication';
import { TEntry, TNode, get, one, str } from '../values';
import { Plan, PlannedResource, looksLikePlan, readPlan } from './read';

export const terraformPlanAdapter: FormatAdapter = {
  id: 'terraform-plan',
  label: 'Terraform plan',
  fileExtensions: ['.json'],
  claims: (file: SourceText) => file.uri.toLowerCase().endsWith('.json') && looksLikePlan(file.text),
  groupOf: (uri: string) => uri,
  parses: (text: string) => parseJsonSource(text).errors.length === 0,
  extract(files: readonly SourceText[]): Extraction {
    const extraction: Extraction = { documents: new Map(), findings: [], display: new Map() };
    for (const file of files) {
      const plan = readPlan(file.uri, file.text);
      if (!plan) continue;
      const symbols = new Symbols('ACCOUNT_ID');
      const reader = new PlanReader(plan, symbols);
      const docs = reader.documents();
      extraction.documents.set(file.uri, docs);
      extraction.facts = reader.facts();
      for (const [k, v] of symbols.display) extraction.display?.set(k, v);
    }
    return extraction;
  },
};

const known = (s: string | undefined): s is string => s !== undefined && s !== '' && !s.includes(UNKNOWN);

class PlanReader {
  private readonly byAddress: Map<string, PlannedResource>;
  private readonly out: { doc: EmbeddedDocument; api: TNode; kind: DocumentKind }[] = [];

  constructor(
    private readonly plan: Plan,
    private readonly symbols: Symbols,
  ) {
    this.byAddress = new Map(plan.resources.map((r) => [r.address, r]));
  }

  private ofType(type: string): PlannedResource[] {
    return this.plan.resources.filter((r) => r.type === type && r.mode === 'managed');
  }

  bucketName(r: PlannedResource): string {
    const b = str(get(r.values, 'bucket'));
    return known(b) ? b : this.symbols.bucket(r.address, r.address);
  }

  roleName(r: PlannedResource): string {
    const n = str(get(r.values, 'name'));
    return known(n) ? n : this.symbols.name(r.address, r.address);
  }

  roleArn(r: PlannedResource): string {
    const arn = str(get(r.values, 'arn'));
    if (known(arn)) return arn;
    const path = str(get(r.values, 'path'));
    return `arn:aws:iam::${OWN_ACCOUNT}:role${known(path) ? path : '/'}${this.roleName(r)}`;
  }

  /** A value known only after apply, from the configuration's reference (`aws_s3_bucket.d.arn`). */
  private referenced(r: PlannedResource, path: (string | number)[]): string | undefined {
    const expr = r.expressions ? findNodeAtLocation(r.expressions, [...path, 'references']) : undefined;
    const ref = expr?.children?.find((c) => c.type === 'string' && /^[a-z0-9_]+\.[A-Za-z0-9_-]+\.[a-z_]+$/.test(c.value as string))?.value as string | undefined;
    if (!ref) return undefined;
    const [type, name, attribute] = ref.split('.');
    const target = this.byAddress.get(`${type}.${name}`);
    if (!target) return undefined;
    if (type === 'aws_s3_bucket') return attribute === 'arn' ? `arn:aws:s3:::${this.bucketName(target)}` : attribute === 'id' || attribute === 'bucket' ? this.bucketName(target) : undefined;
    if (type === 'aws_iam_role') return attribute === 'arn' ? this.roleArn(target) : attribute === 'name' || attribute === 'id' ? this.roleName(target) : undefined;
    return undefined;
  }

  /** The value at `path` of the resource, or the referenced one when the plan does not know it yet. */
  private fill(r: PlannedResource, node: TNode | undefined, key: string, path: (string | number)[]): void {
    if (node?.t !== 'obj') return;
    const current = get(node, key);
    if (current && current.t !== 'null' && !(current.t === 'str' && current.value === '')) return;
    const value = this.referenced(r, path);
    if (value === undefined) return;
    // Placed on the object's opening brace: the plan has no text for a value it does not know yet.
    const at = { uri: node.at.uri, range: { offset: node.at.range.offset, length: 1 } };
    const entry: TEntry = { key, keyAt: at, value: { t: 'str', value, at } };
    node.entries = [...node.entries.filter((e) => e.key !== key), entry];
  }

  documents(): EmbeddedDocument[] {
    for (const r of this.ofType('aws_s3_bucket_replication_configuration')) {
      this.fill(r, r.values, 'role', ['role']);
      this.fill(r, r.values, 'bucket', ['bucket']);
      const rules = get(r.values, 'rule');
      if (rules?.t === 'list') rules.items.forEach((rule, i) => this.fill(r, one(get(rule, 'destination')), 'bucket', ['rule', i, 'destination', 0, 'bucket']));
      const source = str(get(r.values, 'bucket'));
      this.add(r, r.address, 'replication-config', replicationToApi(r.values, 'standalone'), known(source) ? { sourceBucket: source } : undefined, STANDALONE_NAMES);
    }
    for (const r of this.ofType('aws_s3_bucket')) {
      const inline = one(get(r.values, 'replication_configuration'));
      if (inline) {
        this.fill(r, inline, 'role', ['replication_configuration', 0, 'role']);
        const rules = get(inline, 'rules');
        // `rules` is a set: the configuration's order is not the plan's, so only a single rule is matched up.
        if (rules?.t === 'list' && rules.items.length === 1) this.fill(r, one(get(rules.items[0], 'destination')), 'bucket', ['replication_configuration', 0, 'rules', 0, 'destination', 0, 'bucket']);
        this.add(r, `${r.address}.replication_configuration`, 'replication-config', replicationToApi(inline, 'legacy'), { sourceBucket: this.bucketName(r) }, LEGACY_NAMES);
      }
      this.policy(r, 'policy', 'bucket-policy');
    }
    const attached = this.attachments();
    for (const r of this.ofType('aws_iam_role')) {
      const origin = { roleName: this.roleName(r) };
      this.policy(r, 'assume_role_policy', 'trust-policy', origin);
      const inline = get(r.values, 'inline_policy');
      if (inline?.t === 'list') inline.items.forEach((p, i) => this.policyValue(r, `inline_policy.${i}`, get(p, 'policy'), 'permission-policy', origin));
    }
    for (const r of this.ofType('aws_iam_role_policy')) {
      const role = str(get(r.values, 'role')) ?? this.referenced(r, ['role']);
      this.policy(r, 'policy', 'permission-policy', known(role) ? { roleName: role.includes(':role/') ? role.split('/').pop() : role } : undefined);
    }
    for (const r of this.ofType('aws_iam_policy')) this.policy(r, 'policy', 'permission-policy', attached.get(r.address));
    for (const r of this.ofType('aws_s3_bucket_policy')) this.policy(r, 'policy', 'bucket-policy');
    for (const r of this.ofType('aws_kms_key')) this.policy(r, 'policy', 'key-policy');
    return this.out.map((o) => o.doc);
  }

  /** Managed policies attached to roles, through the configuration's references (a new policy's ARN is not known yet). */
  private attachments(): Map<string, LiveOrigin> {
    const out = new Map<string, LiveOrigin>();
    for (const a of this.ofType('aws_iam_role_policy_attachment')) {
      const policy = a.expressions ? findNodeAtLocation(a.expressions, ['policy_arn', 'references']) : undefined;
      const target = policy?.children?.map((c) => c.value as string).find((v) => /^aws_iam_policy\.[^.]+$/.test(v));
      const role = str(get(a.values, 'role')) ?? this.referenced(a, ['role']);
      if (target && known(role)) out.set(target, { roleName: role });
    }
    return out;
  }

  private policy(r: PlannedResource, attribute: string, kind: DocumentKind, origin?: LiveOrigin): void {
    this.policyValue(r, attribute, get(r.values, attribute), kind, origin);
  }

  private policyValue(r: PlannedResource, name: string, value: TNode | undefined, kind: DocumentKind, origin?: LiveOrigin): void {
    if (value?.t !== 'str' || value.value === '') return;
    const api = parseJsonValue(value);
    if (api?.t !== 'obj') return;
    this.add(r, `${r.address}.${name}`, kind, api, origin);
  }

  private add(r: PlannedResource, name: string, kind: DocumentKind, api: TNode, origin: LiveOrigin | undefined, names?: Readonly<Record<string, string>>): void {
    const e = embed(api, this.plan.uri, kind !== 'replication-config');
    this.out.push({
      api,
      kind,
      doc: {
        name,
        kind,
        get value() {
          return e.value;
        },
        json: e.json,
        spans: e.spans,
        origin,
        names,
        label: r.address,
        write: () => undefined,
      },
    });
  }

  facts(): LiveFacts {
    const facts: LiveFacts = { buckets: {}, roles: {} };
    const versioning = new Map<string, string | undefined>();
    let unresolved = false;
    for (const v of this.ofType('aws_s3_bucket_versioning')) {
      const bucket = str(get(v.values, 'bucket'));
      const name = known(bucket) ? bucket : this.referenced(v, ['bucket']);
      if (!known(name)) unresolved = true;
      else versioning.set(name, str(get(one(get(v.values, 'versioning_configuration')), 'status')));
    }
    for (const r of this.ofType('aws_s3_bucket')) {
      const name = this.bucketName(r);
      const f: BucketFacts = { name, exists: true };
      const lock = get(r.values, 'object_lock_enabled');
      if (lock?.t === 'bool') f.objectLock = lock.value;
      const status = versioning.get(name);
      const legacy = get(one(get(r.values, 'versioning')), 'enabled');
      if (status === 'Enabled' || status === 'Suspended') f.versioning = status;
      else if (status === 'Disabled') f.versioning = 'Off';
      else if (legacy?.t === 'bool' && legacy.value) f.versioning = 'Enabled';
      else if (f.objectLock) f.versioning = 'Enabled';
      else if (!versioning.has(name) && !unresolved && (!legacy || legacy.t === 'bool')) f.versioning = 'Off';
      facts.buckets[name] = f;
    }
    for (const r of this.ofType('aws_iam_role')) {
      const name = this.roleName(r);
      if (facts.roles) facts.roles[name] = { name, arn: this.roleArn(r), exists: true };
    }
    return facts;
  }
}



/**
 * `data "aws_iam_policy_document"` as the IAM JSON the provider renders from it: `statement` blocks
 * become `Statement` (effect `Allow` unless written), `actions` → `Action`, `principals { type,
 * identifiers }` → `Principal: { type: identifiers }`, `condition { test, variable, values }` →
 * `Condition: { test: { variable: values } }`. Every node stays where it was written, under the
 * API's names; `POLICY_DOCUMENT_NAMES` shows them as Terraform's in messages.
 */
import type { Evaluator } from './evaluate';
import { TfResource } from './module';
import { Loc, TEntry, TNode, entryOf, get, str } from './values';

export const POLICY_DOCUMENT_NAMES: Readonly<Record<string, string>> = {
  Version: 'version',
  Id: 'policy_id',
  Statement: 'statement',
  Sid: 'sid',
  Effect: 'effect',
  Action: 'actions',
  NotAction: 'not_actions',
  Resource: 'resources',
  NotResource: 'not_resources',
  Principal: 'principals',
  NotPrincipal: 'not_principals',
  Condition: 'condition',
};

/** Statement members: Terraform attribute → API member. */
const STATEMENT_ATTRIBUTES: Record<string, string> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
};

export function policyDocument(ev: Evaluator, r: TfResource): TNode {
  const doc = ev.block(r.block, r.file);
  const at = doc.at;
  const entries: TEntry[] = [];
  const version = entryOf(doc, 'version');
  entries.push(version ? { key: 'Version', keyAt: version.keyAt, value: version.value } : { key: 'Version', keyAt: keywordOf(ev, r), value: { t: 'str', value: '2012-10-17', at: keywordOf(ev, r), synthetic: true } });
  const id = entryOf(doc, 'policy_id');
  if (id) entries.push({ key: 'Id', keyAt: id.keyAt, value: id.value });
  const statements = entryOf(doc, 'statement');
  const items: TNode[] = statements?.value.t === 'list' ? statements.value.items.map(statement) : [];
  // Statements merged in from other documents are not read: they may grant anything.
  if (entryOf(doc, 'source_policy_documents') || entryOf(doc, 'override_policy_documents') || entryOf(doc, 'source_json') || entryOf(doc, 'override_json')) {
    const k = keywordOf(ev, r);
    items.push({ t: 'obj', at: k, synthetic: true, entries: [
      { key: 'Effect', value: { t: 'str', value: 'Allow', at: k, synthetic: true } },
      { key: 'Action', value: { t: 'unknown', at: k } },
      { key: 'Resource', value: { t: 'unknown', at: k } },
    ] });
  }
  entries.push({ key: 'Statement', keyAt: statements?.keyAt ?? keywordOf(ev, r), value: { t: 'list', items, at: statements?.value.at ?? at } });
  return { t: 'obj', entries, at, keyword: keywordOf(ev, r), written: doc.written };
}

function keywordOf(ev: Evaluator, r: TfResource): Loc {
  return ev.loc(r.file, r.block.labelRanges[1] ?? r.block.typeRange);
}

function statement(node: TNode): TNode {
  if (node.t !== 'obj') return node;
  const entries: TEntry[] = [];
  for (const e of node.entries) {
    const api = STATEMENT_ATTRIBUTES[e.key];
    if (api) entries.push({ key: api, keyAt: e.keyAt, value: e.value });
  }
  if (!entries.some((e) => e.key === 'Effect')) entries.push({ key: 'Effect', keyAt: node.keyword, value: { t: 'str', value: 'Allow', at: node.keyword ?? node.at, synthetic: true } });
  const principal = principals(entryOf(node, 'principals'));
  if (principal) entries.push({ key: 'Principal', keyAt: principal.keyAt, value: principal.value });
  const notPrincipal = principals(entryOf(node, 'not_principals'));
  if (notPrincipal) entries.push({ key: 'NotPrincipal', keyAt: notPrincipal.keyAt, value: notPrincipal.value });
  const condition = conditions(entryOf(node, 'condition'));
  if (condition) entries.push({ key: 'Condition', keyAt: condition.keyAt, value: condition.value });
  return { t: 'obj', entries, at: node.at, keyword: node.keyword, written: node.written };
}

/** `principals { type = "AWS", identifiers = [...] }` blocks → `{ "AWS": [...] }`; `type = "*"` → `"*"`. */
function principals(e: TEntry | undefined): TEntry | undefined {
  if (!e || e.value.t !== 'list') return undefined;
  const byType = new Map<string, TEntry>();
  for (const block of e.value.items) {
    const type = str(get(block, 'type'));
    const ids = get(block, 'identifiers');
    if (type === undefined || !ids) return { key: '', keyAt: e.keyAt, value: { t: 'unknown', at: e.value.at } };
    if (type === '*') return { key: '', keyAt: e.keyAt, value: { t: 'str', value: '*', at: block.at } };
    const known = byType.get(type);
    if (known && known.value.t === 'list' && ids.t === 'list') known.value = { ...known.value, items: [...known.value.items, ...ids.items] };
    else byType.set(type, { key: type, keyAt: block.t === 'obj' ? block.keyword : e.keyAt, value: ids });
  }
  return { key: '', keyAt: e.keyAt, value: { t: 'obj', entries: [...byType.values()], at: e.value.at } };
}

/** `condition { test, variable, values }` blocks → `{ test: { variable: values } }`. */
function conditions(e: TEntry | undefined): TEntry | undefined {
  if (!e || e.value.t !== 'list') return undefined;
  const byTest = new Map<string, TEntry & { value: TNode & { t: 'obj' } }>();
  for (const block of e.value.items) {
    const test = str(get(block, 'test'));
    const variable = str(get(block, 'variable'));
    const values = get(block, 'values');
    if (test === undefined || variable === undefined || !values) return { key: '', keyAt: e.keyAt, value: { t: 'unknown', at: e.value.at } };
    let group = byTest.get(test);
    if (!group) {
      group = { key: test, keyAt: block.t === 'obj' ? block.keyword : e.keyAt, value: { t: 'obj', entries: [], at: block.at } };
      byTest.set(test, group);
    }
    group.value.entries.push({ key: variable, keyAt: entryOf(block, 'variable')?.keyAt, value: values });
  }
  return { key: '', keyAt: e.keyAt, value: { t: 'obj', entries: [...byTest.values()], at: e.value.at } };
}

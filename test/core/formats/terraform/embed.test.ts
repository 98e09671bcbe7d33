/**
 * The embedding of an API-shaped value tree: JSON text, its tree and the plain value built in one
 * walk, spans and nodes found by path when asked. Checked against a direct reading of the rules it
 * follows (a plain value made member by member as a JavaScript object holds it, a span per node).
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { Node, parseTree } from 'jsonc-parser';
import { UNKNOWN } from '../../../../src/core/embedded/symbols';
import { ApiPath, SourceSpan, pathKey } from '../../../../src/core/embedded/types';
import { embed } from '../../../../src/core/formats/terraform/embed';
import { Loc, TNode } from '../../../../src/core/formats/terraform/values';

const HOME = '/m/main.tf';

/** What the embedding must equal: the value, and the span and node of every path of the value tree. */
function expected(root: TNode, policy: boolean): { value: unknown; spans: Map<string, SourceSpan>; nodes: Map<string, TNode> } {
  const spans = new Map<string, SourceSpan>();
  const nodes = new Map<string, TNode>();
  const GRANTS = ['Action', 'Resource', 'Principal'];
  const INTS = ['Priority', 'Minutes'];
  const convert = (node: TNode, keyAt: Loc | undefined, path: ApiPath, allow: boolean | undefined): unknown => {
    const last = path[path.length - 1];
    const span: SourceSpan = { value: node.at.uri === HOME ? node.at.range : root.at.range };
    if (keyAt && keyAt.uri === HOME) span.key = keyAt.range;
    if (node.t === 'unknown' || node.synthetic === true || (node.t === 'str' && node.value.includes(UNKNOWN))) span.unknown = true;
    spans.set(pathKey(path), span);
    nodes.set(pathKey(path), node);
    const grant = path.some((p) => typeof p === 'string' && GRANTS.includes(p));
    switch (node.t) {
      case 'obj': {
        const o: Record<string, unknown> = {};
        const isStatement = policy && path.length === 2 && path[0] === 'Statement';
        const effect = isStatement ? [...node.entries].reverse().find((e) => e.key === 'Effect')?.value : undefined;
        const inAllow = isStatement ? effect?.t === 'str' && effect.value === 'Allow' : allow;
        for (const e of node.entries) {
          const v = convert(e.value, e.keyAt, [...path, e.key], inAllow);
          // Never a member (nor the object's prototype).
          if (e.key !== '__proto__') o[e.key] = v;
        }
        return o;
      }
      case 'list':
        return node.items.map((item, i) => convert(item, undefined, [...path, i], allow));
      case 'str':
        if (allow && grant && node.value.includes(UNKNOWN)) return '*';
        if (!policy && typeof last === 'string' && INTS.includes(last) && /^-?\d+$/.test(node.value.trim())) return Number(node.value);
        return node.value;
      case 'num':
        return policy || (typeof last === 'string' && INTS.includes(last)) || typeof last === 'number' ? node.value : String(node.value);
      case 'bool':
        return policy ? node.value : String(node.value);
      case 'null':
        return null;
      default:
        return allow && grant ? '*' : UNKNOWN;
    }
  };
  const value = convert(root, root.t === 'obj' ? root.keyword : undefined, [], undefined);
  return { value, spans, nodes };
}

function inValue(value: unknown, path: ApiPath): boolean {
  let v = value;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return false;
    // A member name is never a list index: member "2" of an object replaced by a list is not its item 2.
    if (typeof step === 'number' ? !Array.isArray(v) || step >= v.length : Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, step)) return false;
    v = (v as Record<string | number, unknown>)[step];
  }
  return true;
}

function shape(n: Node | undefined): unknown {
  if (!n) return undefined;
  return { type: n.type, offset: n.offset, length: n.length, value: n.value, colonOffset: n.colonOffset, children: n.children?.map(shape) };
}

function parents(n: Node): boolean {
  return (n.children ?? []).every((c) => c.parent === n && parents(c));
}

/** Random value trees: member names that repeat, look like indexes, or are `__proto__`; policy elements; unknowns; some written elsewhere. */
function tnodes(): fc.Arbitrary<TNode> {
  let n = 0;
  const at = fc.boolean().map((home): Loc => ({ uri: home ? HOME : '/m/other.tf', range: { offset: n++, length: 1 } }));
  const key = fc.constantFrom('Statement', 'Effect', 'Action', 'Resource', 'Principal', 'Priority', 'Minutes', 'Rules', 'ID', 'x', '2', '10', '__proto__', 'constructor');
  const str = fc.oneof(fc.constantFrom('Allow', 'Deny', '7', ' -3 ', `a${UNKNOWN}b`, UNKNOWN), fc.string({ maxLength: 4 }));
  const { tree } = fc.letrec<{ tree: TNode }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ at, value: str, synthetic: fc.boolean() }).map(({ at, value, synthetic }): TNode => ({ t: 'str', at, value, ...(synthetic ? { synthetic } : {}) })),
      fc.record({ at, value: fc.oneof(fc.integer(), fc.double({ noNaN: true })) }).map(({ at, value }): TNode => ({ t: 'num', at, value })),
      fc.record({ at, value: fc.boolean() }).map(({ at, value }): TNode => ({ t: 'bool', at, value })),
      at.map((at): TNode => ({ t: 'null', at })),
      at.map((at): TNode => ({ t: 'unknown', at })),
      fc.record({ at, items: fc.array(tie('tree'), { maxLength: 3 }) }).map(({ at, items }): TNode => ({ t: 'list', at, items })),
      fc
        .record({ at, keyword: fc.option(at, { nil: undefined }), entries: fc.array(fc.record({ key, keyAt: fc.option(at, { nil: undefined }), value: tie('tree') }), { maxLength: 4 }) })
        .map(({ at, keyword, entries }): TNode => ({ t: 'obj', at, entries, ...(keyword ? { keyword } : {}) })),
    ),
  }));
  return tree;
}

describe('Terraform: embedding a value tree', () => {
  it('builds the JSON, its tree and the value the rules read, and finds every span and node by path', () => {
    fc.assert(
      fc.property(tnodes(), fc.boolean(), (root, policy) => {
        const e = embed(root, HOME, policy);
        const want = expected(root, policy);
        // As JSON holds it (-0 is 0 there, as in the text the rules read).
        assert.deepEqual(e.value, JSON.parse(JSON.stringify(want.value)));
        assert.equal(e.json.text, JSON.stringify(want.value));
        assert.deepEqual(shape(e.json.root), shape(parseTree(e.json.text)));
        assert.ok(parents(e.json.root));
        for (const [key, span] of want.spans) {
          const path = JSON.parse(key) as ApiPath;
          // A member written again replaces the first: what was under the first is in no document.
          if (!inValue(want.value, path)) continue;
          assert.deepEqual(e.spans.get(key), span, key);
          assert.deepEqual(e.spans.along?.(path)[path.length], span, key);
          assert.equal(e.nodeAt(path), want.nodes.get(key), key);
        }
        assert.equal(e.spans.get('["no such member"]'), undefined);
        assert.equal(e.spans.get('not a path'), undefined);
      }),
      { numRuns: 400 },
    );
  });

  it('reads an unknown grant in an Allow as "*" and keeps a Deny\'s unknown', () => {
    const at: Loc = { uri: HOME, range: { offset: 0, length: 1 } };
    const statement = (effect: string): TNode => ({
      t: 'obj',
      at,
      entries: [
        { key: 'Effect', value: { t: 'str', at, value: effect } },
        { key: 'Action', value: { t: 'list', at, items: [{ t: 'str', at, value: `s3:${UNKNOWN}` }, { t: 'unknown', at }] } },
      ],
    });
    const root: TNode = { t: 'obj', at, entries: [{ key: 'Statement', value: { t: 'list', at, items: [statement('Allow'), statement('Deny')] } }] };
    assert.deepEqual(embed(root, HOME, true).value, { Statement: [{ Effect: 'Allow', Action: ['*', '*'] }, { Effect: 'Deny', Action: [`s3:${UNKNOWN}`, UNKNOWN] }] });
  });
});

/**
 * Several modifications of one document as one fix, computed container by container instead of on
 * the whole text. Applying n steps one after the other to the whole document re-parses it n times:
 * "Convert all 1,000 V1 rules to V2" is 3,000 steps on a 200 KB text, which blocked the editor for
 * minutes. Steps that fall in different objects (one rule each) do not see each other, so each group
 * is run on its own object's text, as `localModify` does for one step, and the results are
 * independent edits.
 *
 * Where a group cannot be computed locally (an edit on its first line, which `modify` formats from
 * the start of the line), that group runs on the whole text, the text is parsed again, and the
 * remaining groups go on locally: a one-line document pays one whole-text pass, not one per rule.
 */
import { FormattingOptions, JSONPath, Node, applyEdits, findNodeAtLocation, modify, parseTree } from 'jsonc-parser';
import { JsonDocument } from './document';
import { applyEditsLinear } from './editBatch';
import { TextEdit } from './findings';
import { modifyText } from './localModify';

export interface ModifyStep {
  /** Absolute path from the document root. */
  path: JSONPath;
  /** `undefined` removes the member. */
  value: unknown;
}

interface Group {
  /** Path of the container (object or array) every step of the group edits inside. */
  container: JSONPath;
  steps: ModifyStep[];
}

/** The edits of `steps` applied in order to `doc`'s text. */
export function modifySteps(doc: JsonDocument, steps: readonly ModifyStep[]): TextEdit[] {
  const run = modifyStepsStepwise(doc, steps);
  for (;;) {
    const next = run.next();
    if (next.done) return next.value;
  }
}

/** `modifySteps`, yielding after each group: a caller can interleave other work. */
export function* modifyStepsStepwise(doc: JsonDocument, steps: readonly ModifyStep[]): Generator<void, TextEdit[], void> {
  // Removing an array element renumbers its siblings: later paths only mean something in order.
  if (!doc.root || doc.syntaxErrors.length > 0 || steps.some(removesArrayElement)) {
    return [diff(doc.text, sequential(doc.text, steps, doc.formatting))];
  }
  let text = doc.text;
  let root: Node | undefined = doc.root;
  let remaining = [...steps];
  let firstPass: TextEdit[] | undefined;
  while (remaining.length > 0) {
    const groups = root ? yield* groupSteps(root, remaining) : undefined;
    if (!root || !groups) {
      text = sequential(text, remaining, doc.formatting);
      break;
    }
    const edits: TextEdit[] = [];
    let failed = -1;
    for (let i = 0; i < groups.length && failed < 0; i++) {
      const local = localGroup(text, root, groups[i], doc.formatting);
      if (local) edits.push(local);
      else failed = i;
      yield;
    }
    if (failed < 0) {
      if (text === doc.text) firstPass = edits;
      else text = applyEditsLinear(text, edits);
      break;
    }
    text = sequential(applyEditsLinear(text, edits), groups[failed].steps, doc.formatting);
    root = parseTree(text);
    remaining = groups.slice(failed + 1).flatMap((g) => g.steps);
  }
  return firstPass ?? [diff(doc.text, text)];
}

function removesArrayElement(s: ModifyStep): boolean {
  return s.value === undefined && typeof s.path[s.path.length - 1] === 'number';
}

function sequential(text: string, steps: readonly ModifyStep[], formatting: FormattingOptions): string {
  let out = text;
  for (const s of steps) out = applyEdits(out, modifyText(out, s.path, s.value, formatting));
  return out;
}

/**
 * Steps grouped by the deepest existing container of their target, groups nested in another
 * merged into it, in document order. Undefined when a step edits the root itself (nothing to
 * localise).
 */
function* groupSteps(root: Node, steps: readonly ModifyStep[]): Generator<void, Group[] | undefined, void> {
  const byKey = new Map<string, Group & { node: Node }>();
  for (const [i, step] of steps.entries()) {
    if (i % 256 === 255) yield;
    let node = root;
    let depth = 0;
    while (depth < step.path.length - 1) {
      const child = findNodeAtLocation(node, [step.path[depth]]);
      if (!child || (child.type !== 'object' && child.type !== 'array')) break;
      node = child;
      depth++;
    }
    if (depth === 0) return undefined;
    const container = step.path.slice(0, depth);
    const key = JSON.stringify(container);
    const group = byKey.get(key);
    if (group) group.steps.push(step);
    else byKey.set(key, { container, steps: [step], node });
  }
  // A group inside another's container joins it (its steps keep their order within the outer group).
  const groups = [...byKey.values()].sort((a, b) => a.container.length - b.container.length);
  const kept: (Group & { node: Node })[] = [];
  for (const g of groups) {
    let outer: (Group & { node: Node }) | undefined;
    for (let n = 1; n < g.container.length && !outer; n++) outer = byKey.get(JSON.stringify(g.container.slice(0, n)));
    if (outer && outer !== g) {
      outer.steps.push(...g.steps);
      byKey.set(JSON.stringify(g.container), outer);
    } else kept.push(g);
  }
  const order = new Map(steps.map((s, i) => [s, i]));
  for (const g of kept) g.steps.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  return kept.sort((a, b) => a.node.offset - b.node.offset);
}

/**
 * The group's steps run on its container's text, preceded by the indentation of the container's
 * line (the formatter reads the indent level of new lines from there), as the whole-document edits
 * would come out; undefined when an edit would touch the container's first line.
 */
function localGroup(text: string, root: Node, group: Group, formatting: FormattingOptions): TextEdit | undefined {
  const container = findNodeAtLocation(root, group.container);
  if (!container || (container.type !== 'object' && container.type !== 'array')) return undefined;
  const lineStart = text.lastIndexOf('\n', container.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, container.offset))?.[0] ?? '';
  const before = indent + text.slice(container.offset, container.offset + container.length);
  let local = before;
  for (const step of group.steps) {
    const firstLineEnd = local.search(/[\r\n]/);
    const edits = modify(local, step.path.slice(group.container.length), step.value, { formattingOptions: formatting });
    if (firstLineEnd < 0 || edits.some((e) => e.offset <= firstLineEnd)) return undefined;
    local = applyEdits(local, edits);
  }
  const edit = diff(before, local);
  return { offset: edit.offset + container.offset - indent.length, length: edit.length, content: edit.content };
}

/** The smallest single edit turning `before` into `after`. */
function diff(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { offset: start, length: endB - start, content: after.slice(start, endA) };
}

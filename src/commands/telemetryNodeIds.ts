/** The way back from a telemetry node to its rule (no `vscode`: tested directly). */
import type { TreeNode } from '../explorer/nodes';

/** The rule a node belongs to: ids are `bucket:<name>/rule:<index>[/…]`. */
export function ruleIndexOf(node: Pick<TreeNode, 'id'> | undefined): number | undefined {
  const m = node ? /\/rule:(\d+)(?:\/|$)/.exec(node.id) : null;
  return m ? Number(m[1]) : undefined;
}

import { strict as assert } from 'node:assert';
import { ruleIndexOf } from '../../src/commands/telemetryNodeIds';

describe('commands: the rule a node belongs to', () => {
  it('reads the rule index from a rule node and from the nodes below it', () => {
    const node = (id: string) => ({ id, kind: 'detail' as const, label: '', contextValue: '', collapsible: 'none' as const });
    assert.equal(ruleIndexOf(node('bucket:orders/rule:0')), 0);
    assert.equal(ruleIndexOf(node('bucket:orders/rule:12/telemetry')), 12);
    assert.equal(ruleIndexOf(node('bucket:orders/rules')), undefined);
    assert.equal(ruleIndexOf(undefined), undefined);
  });
});

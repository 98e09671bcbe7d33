/** Why SCPs and RCPs were not read, as scan prints it and the view's tooltip shows it: one sentence, the code once. */
import { strict as assert } from 'node:assert';
import { guardrailsNote } from '../../src/aws/liveState';
import { DEMO, startLoopback, walkthroughScenario, withFailingBucket } from '../../loopback';
import { scan } from '../../src/aws/scan';

describe('guardrails note', () => {
  it('outside any organization: none apply to the reading account, said without repeating the code', () => {
    const note = guardrailsNote({ operation: 'ListParents', code: 'AWSOrganizationsNotInUseException', kind: 'other', message: 'ListParents failed (AWSOrganizationsNotInUseException): Your account is not a member of an organization.' } as never);
    assert.match(note, /^SCPs and RCPs were not checked: the account that reads them is not a member of an organization/);
    assert.equal(note.split('AWSOrganizationsNotInUseException').length, 2, note);
  });

  it('denied: the message once with its code, then who may read them', () => {
    const note = guardrailsNote({ operation: 'ListParents', code: 'AccessDenied', kind: 'access-denied', message: 'ListParents was denied (AccessDenied): not authorized' } as never);
    assert.equal(note, "SCPs and RCPs were not checked: ListParents was denied (AccessDenied): not authorized. Only the organization's management account or a delegated administrator may read them.");
  });

  it('a scan of an account in no organization whose replication stays in it: nothing to note, none apply', async function () {
    this.timeout(60_000);
    const lb = await startLoopback({ scenario: withFailingBucket(walkthroughScenario()) });
    try {
      const summary = await scan({ region: 'us-east-1', endpoint: lb.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1, onFinding: () => undefined });
      assert.equal(summary.guardrailsNote, undefined);
    } finally {
      await lb.close();
    }
  });

  it('a destination in an account no profile reaches keeps the note: that account may be in an organization', async function () {
    this.timeout(60_000);
    const scenario = withFailingBucket(walkthroughScenario());
    const other = '222233334444';
    const buckets = (scenario.buckets ?? []).map((b) => (b.name === DEMO.destination ? { ...b, account: other } : b));
    const lb = await startLoopback({ scenario: { ...scenario, accounts: [{ id: other, name: 'other' }], buckets } });
    try {
      const summary = await scan({ region: 'us-east-1', endpoint: lb.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1, onFinding: () => undefined });
      assert.match(summary.guardrailsNote ?? '', /^SCPs and RCPs were not checked: the account that reads them is not a member of an organization/);
    } finally {
      await lb.close();
    }
  });
});

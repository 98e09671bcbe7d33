/** Account relationships: the role's account, and Requester Pays across accounts. */
import { member } from '../../json';
import { DOCS } from '../../sources';
import { eachRule, roleAccount } from '../config/shape';
import { crossAccount, destinationFacts, liveRule, sourceFacts } from './liveShape';

export const roleSameAccount = liveRule({
  id: 'rc-role-same-account',
  severity: 'warning',
  evidence: 'U',
  summary: 'The replication role should belong to the source bucket owner\'s account.',
  docUrl: DOCS.UG_PERM,
  check(ctx) {
    const owner = sourceFacts(ctx)?.ownerAccount;
    const account = roleAccount(ctx.doc);
    if (!owner || !account || owner === account) return;
    ctx.report({
      node: member(ctx.doc.config, 'Role'),
      message: `The role is in account ${account}, but the source bucket belongs to ${owner}. AWS documents the replication role as a role of the source bucket owner (who must be able to pass it); create the role in account ${owner}.`,
    });
  },
});

export const destRequesterPays = liveRule({
  id: 'ls-dest-requester-pays',
  severity: 'error',
  evidence: 'D',
  summary: 'A cross-account destination cannot be a Requester Pays bucket.',
  docUrl: DOCS.UG_REQ,
  check(ctx) {
    const source = sourceFacts(ctx);
    eachRule(ctx, (rule) => {
      const dest = destinationFacts(ctx, rule);
      if (dest?.requesterPays !== true || !crossAccount(source, dest)) return;
      ctx.report({
        node: rule.bucketNode,
        message: `Destination "${dest.name}" belongs to another account and is a Requester Pays bucket, which replication does not support. Turn Requester Pays off on the destination.`,
      });
    });
  },
});

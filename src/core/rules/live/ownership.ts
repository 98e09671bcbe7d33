/** Who owns objects and replicas: Object Ownership on both buckets, owner override and `Destination.Account`. */
import { removeFix, setValueFix } from '../../fixes';
import { stringValue } from '../../json';
import { DOCS } from '../../sources';
import { eachRule, propKey, propValue } from '../config/shape';
import { destinationFacts, eachDestination, liveRule, sourceAnchor, sourceFacts } from './liveShape';

export const sourceObjectOwnership = liveRule({
  id: 'ls-source-object-ownership',
  severity: 'warning',
  evidence: 'D',
  summary: 'With ACLs enabled on the source, objects owned by other accounts are not replicated.',
  docUrl: DOCS.UG_REQ,
  check(ctx) {
    const source = sourceFacts(ctx);
    if (source?.ownership !== 'ObjectWriter' && source?.ownership !== 'BucketOwnerPreferred') return;
    const advice = 'Set Object Ownership to BucketOwnerEnforced, or have uploaders grant the owner READ and READ_ACP.';
    ctx.report({
      ...sourceAnchor(ctx.doc),
      message:
        `Source bucket "${source.name}" has ACLs enabled (Object Ownership ${source.ownership}), so objects uploaded by other accounts can belong to them: ` +
        `the bucket owner cannot read them and they fail with \`SrcGetAclNotPermitted\`. ${advice}`,
      change: { bucket: source.name, want: { ownership: 'BucketOwnerEnforced' }, advice },
    });
  },
});

export const destOwnerEnforced = liveRule({
  id: 'ls-dest-owner-enforced',
  severity: 'info',
  evidence: 'D',
  summary: 'A BucketOwnerEnforced destination owns replicas without owner override.',
  docUrl: DOCS.UG_OO,
  check(ctx) {
    eachDestination(ctx, (rule, dest) => {
      // With owner override configured, rc-atc-not-needed-bucket-owner-enforced says it better.
      if (dest.ownership !== 'BucketOwnerEnforced' || rule.d.AccessControlTranslation) return;
      ctx.report({ node: rule.bucketNode, message: `"${dest.name}" enforces bucket-owner ownership: replicas belong to its owner automatically, as with owner override.` });
    });
  },
});

export const atcNotNeededBucketOwnerEnforced = liveRule({
  id: 'rc-atc-not-needed-bucket-owner-enforced',
  severity: 'info',
  evidence: 'D',
  summary: 'Owner override is unnecessary when the destination enforces bucket-owner ownership.',
  docUrl: DOCS.UG_OO,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const key = propKey(rule.d.AccessControlTranslation);
      const dest = key && destinationFacts(ctx, rule);
      if (!dest || dest.ownership !== 'BucketOwnerEnforced') return;
      ctx.report({
        node: key,
        message: `"${dest.name}" is BucketOwnerEnforced: replicas belong to its owner without \`AccessControlTranslation\` (and without \`s3:ObjectOwnerOverrideToBucketOwner\`).`,
        fixes: [removeFix(ctx.doc, [...rule.path, 'Destination', 'AccessControlTranslation'], 'Remove "AccessControlTranslation"')],
      });
    });
  },
});

export const atcSameAccount = liveRule({
  id: 'rc-atc-same-account',
  severity: 'warning',
  evidence: 'D',
  summary: 'Owner override between buckets of the same account stops ACL changes from replicating.',
  docUrl: DOCS.UG_OWN,
  check(ctx) {
    const sourceOwner = sourceFacts(ctx)?.ownerAccount;
    if (!sourceOwner) return;
    eachRule(ctx, (rule) => {
      const key = propKey(rule.d.AccessControlTranslation);
      if (!key || destinationFacts(ctx, rule)?.ownerAccount !== sourceOwner) return;
      ctx.report({
        node: key,
        message:
          `Source and destination are both owned by account ${sourceOwner}. S3 does not refuse owner override here but applies it anyway, ` +
          'and from then on ACL changes on source objects are no longer replicated. Remove `AccessControlTranslation`.',
        fixes: [removeFix(ctx.doc, [...rule.path, 'Destination', 'AccessControlTranslation'], 'Remove "AccessControlTranslation"', true)],
      });
    });
  },
});

export const accountMatchesOwner = liveRule({
  id: 'rc-account-matches-owner',
  severity: 'error',
  evidence: 'D',
  summary: '`Destination.Account` must be the account that owns the destination bucket.',
  docUrl: DOCS.API_ERR,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const node = propValue(rule.d.Account);
      const account = stringValue(node);
      const owner = destinationFacts(ctx, rule)?.ownerAccount;
      if (!account || !/^\d{12}$/.test(account) || !owner || owner === account) return;
      ctx.report({
        node,
        message: `Destination bucket "${rule.bucketName}" is owned by account ${owner}, not ${account}: S3 rejects the configuration with \`InvalidArgument\`. Use ${owner}.`,
        fixes: [setValueFix(ctx.doc, [...rule.path, 'Destination', 'Account'], owner, `Change to "${owner}" (owner of the bucket)`, true)],
      });
    });
  },
});

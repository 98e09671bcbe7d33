/** `Destination.Account` and owner override (`AccessControlTranslation`). */
import { bucketFacts } from '../../facts';
import { Fix } from '../../findings';
import { removeFix, setValueFix } from '../../fixes';
import { member, stringValue } from '../../json';
import { RuleContext } from '../../rule';
import { DOCS } from '../../sources';
import { configRule, ConfigRule, configRules, eachRule, propKey, propObject, propValue, reportOnce } from './shape';

const ACCOUNT = /^\d{12}$/;

/**
 * The destination owner's account when something proves it: live facts about the bucket, or another
 * rule of this configuration that writes to the same bucket and names a well-formed account.
 * Never a guess: without proof the fix is not offered.
 */
export function provenAccount(ctx: RuleContext, rule: ConfigRule): string | undefined {
  const owner = bucketFacts(ctx.workspace.facts, rule.bucketName)?.ownerAccount;
  if (owner && ACCOUNT.test(owner)) return owner;
  const target = stringValue(rule.bucketNode);
  if (!target) return undefined;
  for (const other of configRules(ctx.doc)) {
    if (other === rule || stringValue(other.bucketNode) !== target) continue;
    const account = stringValue(propValue(other.d.Account));
    if (account && ACCOUNT.test(account)) return account;
  }
  return undefined;
}

function setAccountFix(ctx: RuleContext, rule: ConfigRule, account: string): Fix | undefined {
  return setValueFix(ctx.doc, [...rule.path, 'Destination', 'Account'], account, `Set "Account": "${account}" (owner of the destination bucket)`, true);
}

export const accountRequiredWithAtc = configRule({
  id: 'rc-account-required-with-atc',
  severity: 'error',
  evidence: 'D',
  summary: 'Owner override (`AccessControlTranslation`) needs `Destination.Account`.',
  docUrl: DOCS.UG_OWN,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const atc = propKey(rule.d.AccessControlTranslation);
      if (!atc || rule.d.Account) return;
      const account = provenAccount(ctx, rule);
      ctx.report({
        node: atc,
        message:
          'Owner override (`AccessControlTranslation`) makes the destination owner own the replicas, so S3 needs that owner\'s account: without `Destination.Account` it answers `InvalidRequest`. ' +
          'Add `"Account": "<12-digit id of the destination bucket owner>"`.',
        fixes: [
          ...(account ? [setAccountFix(ctx, rule, account)] : []),
          removeFix(ctx.doc, [...rule.path, 'Destination', 'AccessControlTranslation'], 'Remove "AccessControlTranslation" (replicas keep the source owner)'),
        ],
      });
    }, 'AccessControlTranslation');
  },
});

export const accountEmpty = configRule({
  id: 'rc-account-empty',
  severity: 'error',
  evidence: 'D',
  summary: '`Destination.Account` must not be empty.',
  docUrl: DOCS.API_ERR,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const node = propValue(rule.d.Account);
      if (stringValue(node)?.trim() !== '') return;
      const account = provenAccount(ctx, rule);
      const fixes: (Fix | undefined)[] = [];
      if (account) fixes.push(setAccountFix(ctx, rule, account));
      else if (!rule.d.AccessControlTranslation) fixes.push(removeFix(ctx.doc, [...rule.path, 'Destination', 'Account'], 'Remove the empty "Account"', true));
      ctx.report({ node, message: '`Destination.Account` is empty: S3 rejects the configuration. Fill in the destination owner\'s 12-digit account id, or remove the element.', fixes });
    }, 'Account');
  },
});

export const accountFormat = configRule({
  id: 'rc-account-format',
  severity: 'warning',
  evidence: 'D',
  summary: '`Destination.Account` is a 12-digit account id (a string).',
  docUrl: DOCS.API_ERR,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const node = propValue(rule.d.Account);
      // Not a string at all (a JSON number, say): the CLI refuses it before sending, rc-member-type reports it.
      if (!node || node.type !== 'string') return;
      const raw = node.value as string;
      if (raw.trim() === '' || ACCOUNT.test(raw)) return;
      // "1234-5678-9012" as the console shows it.
      const digits = raw.replace(/[-\s]/g, '');
      const fixed = digits && ACCOUNT.test(digits) ? digits : undefined;
      ctx.report({
        node,
        message: `\`Destination.Account\` must be the destination owner's 12-digit account id as a string; S3 rejects anything else as not a valid account id.${fixed ? ` Use "${fixed}".` : ''}`,
        fixes: fixed ? [setValueFix(ctx.doc, [...rule.path, 'Destination', 'Account'], fixed, `Change to "${fixed}"`, true)] : undefined,
      });
    }, 'Account');
  },
});

export const atcOwnerEnum = configRule({
  id: 'rc-atc-owner-enum',
  severity: 'error',
  evidence: 'D',
  summary: '`AccessControlTranslation.Owner` must be `Destination`.',
  docUrl: DOCS.UG_OWN,
  check(ctx) {
    eachRule(ctx, (rule) => {
      const atc = propObject(rule.d.AccessControlTranslation);
      if (!atc) return;
      const owner = member(atc, 'Owner');
      if (owner?.value === 'Destination') return;
      const fix = setValueFix(ctx.doc, [...rule.path, 'Destination', 'AccessControlTranslation', 'Owner'], 'Destination', 'Set "Owner": "Destination"', true);
      ctx.report({
        node: owner ?? propKey(rule.d.AccessControlTranslation),
        message: owner
          ? '`Owner` accepts exactly one value, "Destination" (case-sensitive); S3 rejects anything else.'
          : '`AccessControlTranslation` needs `"Owner": "Destination"`; S3 rejects it without.',
        fixes: [fix],
      });
    }, 'AccessControlTranslation');
  },
});

export const atcAclBehaviour = configRule({
  id: 'rc-atc-acl-behaviour',
  severity: 'info',
  evidence: 'D',
  summary: 'With owner override, replicas get a destination-owner ACL; source ACL changes stop replicating.',
  docUrl: DOCS.UG_OWN,
  check(ctx) {
    reportOnce(
      ctx,
      (rule) => propKey(rule.d.AccessControlTranslation),
      'Replicas will be owned by the destination account with a full-control ACL; source ACLs and later ACL changes are not replicated.',
      undefined,
      'AccessControlTranslation',
    );
  },
});

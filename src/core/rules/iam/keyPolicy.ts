/**
 * Section (e): KMS key policies of the keys replication uses. A key policy is held to a configuration
 * when it is the live policy of the rule's replica key or of the source bucket's default key
 * (`live.keyArn`), or, for files, when it sits beside a configuration that names a replica key (and is
 * the only key policy there). For the role, the key policy must allow what S3 does with the key on its
 * behalf: across accounts it must name the role or its account, in one account its root (delegating to
 * IAM) or the role, and nothing may deny it.
 */
import { JsonDocument } from '../../document';
import { keyFacts } from '../../facts';
import { Rule, Workspace } from '../../rule';
import { DOCS } from '../../sources';
import { folderOf, workspaceIndex } from '../../iam/associate';
import { evaluate, principalMatches, type Principal } from '../../iam/evaluate';
import { PolicyView, policyView, StatementView } from '../../iam/policy';
import { ConfigSummary, RuleSummary } from '../../iam/replicationConfig';
import { appendStatementFix, FamilyMeta, familyRules, listText, PendingFinding, perAnalysis, policyAnchor, related } from './common';

interface KeyUse {
  config: ConfigSummary;
  side: 'replica' | 'source';
  rule?: RuleSummary;
  /** The key's ARN, when known. */
  keyArn?: string;
  /** The destination bucket (replica side). */
  bucket?: string;
}

const keyAccount = (arn: string | undefined): string | undefined => /^arn:[\w-]+:kms:[^:]*:(\d{12}):/.exec(arn ?? '')?.[1];

/** The replication uses of the key whose policy `doc` is. */
function keyUses(doc: JsonDocument, ws: Workspace): KeyUse[] {
  const out: KeyUse[] = [];
  const configs = workspaceIndex(ws).configs;
  const live = doc.live?.keyArn;
  if (live) {
    for (const config of configs) {
      for (const rule of config.rules) {
        const ref = rule.replicaKey?.value;
        if (ref && (ref === live || keyFacts(ws.facts, ref)?.arn === live)) out.push({ config, side: 'replica', rule, keyArn: live, bucket: rule.destination?.bucket });
      }
      const source = config.sourceBucket ? ws.facts?.buckets[config.sourceBucket] : undefined;
      const sourceKey = keyFacts(ws.facts, source?.defaultKmsKeyId);
      if (sourceKey?.arn === live && config.rules.some((r) => r.sseKms)) out.push({ config, side: 'source', keyArn: live });
    }
    return out;
  }
  if (doc.live) return out;
  const folder = folderOf(doc.uri);
  const siblings = ws.documents.filter((d) => d.kind === 'key-policy' && !d.live && folderOf(d.uri) === folder);
  if (siblings.length !== 1) return out;
  for (const config of configs) {
    if (config.doc.live || folderOf(config.doc.uri) !== folder) continue;
    for (const rule of config.rules) if (rule.replicaKey) out.push({ config, side: 'replica', rule, keyArn: /^arn:/.test(rule.replicaKey.value) ? rule.replicaKey.value : undefined, bucket: rule.destination?.bucket });
  }
  return out;
}

function roleOf(use: KeyUse): (Principal & { arn: string; account: string }) | undefined {
  const role = use.config.role;
  return role ? { arn: role.arn, account: role.account } : undefined;
}

/** What the key policy answers for the role: allowed (directly, or by its account root), conditional, or not. */
function answer(view: PolicyView, use: KeyUse, action: string) {
  const role = roleOf(use) as Principal & { arn: string; account: string };
  return evaluate([view], { action, resource: use.keyArn ?? '*', scope: 'some', principal: role });
}

const GRANT_SID = 'AllowReplicationRole';

function grantFix(doc: JsonDocument, use: KeyUse, actions: string[], preferred: boolean) {
  const role = roleOf(use) as { arn: string };
  return appendStatementFix(doc, { Sid: GRANT_SID, Effect: 'Allow', Principal: { AWS: role.arn }, Action: actions.length === 1 ? actions[0] : actions, Resource: '*' }, `Allow the replication role ${listText(actions.map((a) => `\`${a}\``))} in this key policy`, preferred);
}

function denyAnchor(view: PolicyView, s: StatementView | undefined) {
  return s ? { offset: s.node.offset, length: 1 } : policyAnchor(view);
}

const NETWORK_KEYS = ['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip', 'aws:sourcevpcarn', 's3:dataaccesspointarn', 's3:dataaccesspointaccount'];
const KEY_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey'];

const compute = perAnalysis((doc: JsonDocument, ws: Workspace): PendingFinding[] => {
  const view = policyView(doc);
  if (!view) return [];
  const out: PendingFinding[] = [];
  const uses = keyUses(doc, ws).filter((u) => u.config.role);
  const seen = new Set<string>();
  for (const use of uses) {
    const role = roleOf(use) as { arn: string; account: string };
    const owner = keyAccount(use.keyArn) ?? doc.live?.account;
    const foreign = !!owner && owner !== role.account;
    const where = [related(use.config.doc, use.rule?.replicaKey?.node ?? use.config.role!.node, use.side === 'replica' ? 'the replica key of this rule' : 'the replication role')];
    const once = (key: string) => (seen.has(key) ? false : (seen.add(key), true));
    if (use.side === 'replica') {
      const encrypt = answer(view, use, 'kms:Encrypt');
      const denied = encrypt.decision === 'denied';
      if ((denied || (foreign && encrypt.decision === 'implicit-deny')) && once(`grant:${role.arn}`)) {
        const needs = ['kms:Encrypt', 'kms:GenerateDataKey'];
        out.push({
          ruleId: 'kms-dest-key-grants-role',
          severity: 'error',
          ...denyAnchor(view, encrypt.denies[0]?.statement),
          message: denied
            ? `This key policy denies the replication role \`${role.arn}\` \`kms:Encrypt\`: S3 cannot encrypt replicas with this key and SSE-KMS objects fail (\`DstPutObjectNotPermitted\`).`
            : `The key belongs to account ${owner}, but the replication role is in ${role.account}: the key policy must allow the role (or its account) \`kms:Encrypt\` and \`kms:GenerateDataKey\`, and it does not. SSE-KMS objects fail to replicate (\`DstPutObjectNotPermitted\`).`,
          related: where,
          fixes: denied ? [] : [grantFix(doc, use, needs, true)],
        });
      } else if (foreign && encrypt.decision !== 'denied') {
        const gdk = answer(view, use, 'kms:GenerateDataKey');
        if (gdk.decision === 'implicit-deny' && once(`gdk:${role.arn}`)) {
          out.push({
            ruleId: 'kms-dest-key-grants-role',
            severity: 'warning',
            ...policyAnchor(view),
            message: `The key policy allows the replication role \`kms:Encrypt\` but not \`kms:GenerateDataKey\`, which AWS lists for cross-account replica keys (and needs for plaintext objects replicated into an SSE-KMS bucket). Add it to be safe.`,
            related: where,
            fixes: [grantFix(doc, use, ['kms:GenerateDataKey'], false)],
          });
        }
      }
      const dest = use.bucket ? ws.facts?.buckets[use.bucket] : undefined;
      if (dest?.bucketKeyEnabled) {
        const decrypt = answer(view, use, 'kms:Decrypt');
        if ((decrypt.decision === 'denied' || (foreign && decrypt.decision === 'implicit-deny')) && once(`bk:${role.arn}`)) {
          out.push({
            ruleId: 'kms-bucket-key-decrypt',
            severity: 'error',
            ...denyAnchor(view, decrypt.denies[0]?.statement),
            message: `Destination "${use.bucket}" uses S3 Bucket Keys, for which S3 calls \`kms:Decrypt\` on this key as the replication role; the key policy does not allow the role \`${role.arn}\` to, so replicas cannot be written.`,
            related: where,
            fixes: decrypt.decision === 'denied' ? [] : [grantFix(doc, use, ['kms:Decrypt'], false)],
          });
        }
      }
    } else {
      const decrypt = answer(view, use, 'kms:Decrypt');
      if ((decrypt.decision === 'denied' || (foreign && decrypt.decision === 'implicit-deny')) && once(`src:${role.arn}`)) {
        out.push({
          ruleId: 'kms-source-key-decrypt',
          severity: 'error',
          ...denyAnchor(view, decrypt.denies[0]?.statement),
          message:
            decrypt.decision === 'denied'
              ? `This key policy denies the replication role \`${role.arn}\` \`kms:Decrypt\`: S3 cannot read the source's SSE-KMS objects and they are not replicated.`
              : `The source key belongs to account ${owner}, not to the replication role's account ${role.account}, and its policy does not allow the role (or its account) \`kms:Decrypt\`: the source's SSE-KMS objects are not replicated.`,
          related: where,
          fixes: decrypt.decision === 'denied' ? [] : [grantFix(doc, use, ['kms:Decrypt'], true)],
        });
      }
    }
    for (const s of view.statements) {
      const network = s.conditions.find((c) => NETWORK_KEYS.includes(c.key.toLowerCase()));
      const applies = s.principal ? principalMatches(s.principal, role) : s.notPrincipal ? !principalMatches(s.notPrincipal, role) : false;
      if (!network || !applies || !KEY_ACTIONS.some((a) => answer(view, use, a).allows.concat(answer(view, use, a).denies).some((m) => m.statement === s))) continue;
      if (!once(`net:${s.index}`)) continue;
      out.push({
        ruleId: 'kms-network-restrictions',
        severity: 'warning',
        offset: network.keyNode.offset,
        length: network.keyNode.length,
        message: `\`${network.key}\` restricts this statement to a network origin, but S3 calls KMS for replication from its own service network, never from your IP ranges, VPCs or access points: the ${s.effect === 'Deny' ? 'Deny applies to' : 'Allow does not reach'} the replication role's calls. Exempt the role (or S3's calls, \`kms:ViaService\`) from the network condition.`,
        related: where,
      });
    }
  }
  return out;
});

const META: FamilyMeta[] = [
  { id: 'kms-dest-key-grants-role', severity: 'error', summary: 'The replica key\'s policy must let the replication role use the key (`kms:Encrypt`, `kms:GenerateDataKey`), across accounts by name.', docUrl: DOCS.UG_TRB },
  { id: 'kms-source-key-decrypt', severity: 'error', summary: 'The source key\'s policy must not deny the replication role `kms:Decrypt`, and must grant it when the key is in another account.', docUrl: DOCS.UG_TRB },
  { id: 'kms-bucket-key-decrypt', severity: 'error', summary: 'With S3 Bucket Keys on the destination, the replica key\'s policy must allow the role `kms:Decrypt`.', docUrl: DOCS.UG_KMS },
  { id: 'kms-network-restrictions', severity: 'warning', summary: 'Network conditions (IP ranges, VPCs, access points) in a key policy do not match the calls S3 makes for replication.', docUrl: DOCS.UG_TRB },
];

export const KEY_POLICY_RULES: readonly Rule[] = familyRules(META, ['key-policy'], compute);

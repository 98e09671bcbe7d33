/**
 * An action granted only on resources of a type it is never authorized on: `s3:ListBucket` on
 * `bucket/*`, `s3:ReplicateObject` on the bare bucket ARN, `s3:ListAllMyBuckets` on a bucket. IAM
 * accepts the statement and the grant matches nothing: a warning. S3 refuses such a bucket policy
 * ("Action does not apply to any resource(s) in statement"), and in a replication role a grant of
 * an action replication needs and gets nowhere else fails replication: errors. An action that takes
 * no resource type on a service-wide wildcard (`s3:ListAllMyBuckets` on `arn:aws:s3:::*`, as the S3
 * guide writes it) is fine. Resource types come from AWS's service reference, so this holds for
 * every service, not only S3.
 */
import { JsonDocument } from '../../document';
import { Fix } from '../../findings';
import { planFix, raw } from '../../fixes';
import { plain } from '../../json';
import { Step } from '../../edit/steps';
import { DOCS } from '../../sources';
import { resolveAction } from '../../iam/actions';
import { arnMatchesTemplate, arnProblem, s3Parts } from '../../iam/arn';
import { ActionInfo, iamData } from '../../iam/data';
import { JsonPath, PolicyView, StatementView, ValueItem } from '../../iam/policy';
import { blockedReplicationActions } from '../../iam/roleCheck';
import { listText, policyRule, RESOURCE_POLICY_KINDS, validatorOf } from './common';

/** `arn:aws:s3:::*`, `arn:aws:iam::*:*`, `arn:*:ec2:*:*:*`: every resource of the service, in every Region and account. */
function serviceWide(resource: string, service: string): boolean {
  const sections = resource.split(':');
  if (sections.length !== 6 || sections[0] !== 'arn') return false;
  const [, , svc, region, account, rest] = sections;
  return (svc === '*' || svc.toLowerCase() === service) && (region === '' || region === '*') && (account === '' || account === '*') && /^\*+$/.test(rest);
}

/**
 * Can any of the actions be authorized on any of the statement's resources? Answers are kept per
 * statement: its actions share a few resource types, and comparing ARN patterns is what costs.
 */
function reachability(resources: readonly string[]): (actions: readonly ActionInfo[]) => boolean {
  const byTemplate = new Map<string, boolean>();
  const byService = new Map<string, boolean>();
  const onTemplate = (template: string) => {
    let hit = byTemplate.get(template);
    if (hit === undefined) byTemplate.set(template, (hit = resources.some((r) => arnMatchesTemplate(r, template))));
    return hit;
  };
  const onAnything = (service: string) => {
    let hit = byService.get(service);
    if (hit === undefined) byService.set(service, (hit = resources.some((r) => r === '*' || serviceWide(r, service))));
    return hit;
  };
  return (actions) =>
    actions.some((a) => {
      if (a.resourceTypes.length === 0) return onAnything(a.service);
      const types = iamData().service(a.service)?.resourceTypes;
      return a.resourceTypes.some((t) => {
        const template = types?.get(t)?.arn;
        // A type missing from the data cannot be judged: count it as reachable.
        return !template || onTemplate(template);
      });
    });
}

function typeText(a: ActionInfo): string {
  if (a.resourceTypes.length === 0) return 'no resource type (only `"Resource": "*"` matches it)';
  const types = iamData().service(a.service)?.resourceTypes;
  return listText(a.resourceTypes.map((t) => `${t} (\`${types?.get(t)?.arn.replace(/\$\{Partition\}/g, 'aws') ?? t}\`)`));
}

/** The resources the action is meant for, derived from the ones written (S3 bucket <-> objects, or `*`). */
function correctedResources(a: ActionInfo, resources: readonly string[]): string[] | undefined {
  if (a.resourceTypes.length === 0) return ['*'];
  if (a.service !== 's3') return undefined;
  const wantsObjects = a.resourceTypes.includes('object');
  const wantsBucket = a.resourceTypes.includes('bucket');
  const out = new Set<string>();
  for (const r of resources) {
    const p = s3Parts(r);
    if (!p) continue;
    if (wantsBucket && p.object !== undefined) out.add(`arn:${p.partition}:s3:::${p.bucket}`);
    else if (wantsObjects && p.object === undefined) out.add(`arn:${p.partition}:s3:::${p.bucket}/*`);
  }
  return out.size > 0 ? [...out] : undefined;
}

export const iamResourceLevelMismatch = policyRule({
  id: 'iam-resource-level-mismatch',
  severity: 'warning',
  evidence: 'D',
  kinds: RESOURCE_POLICY_KINDS,
  summary: 'An action granted only on resources it never applies to (bucket-level action on `bucket/*`, object-level action on the bucket ARN): the grant matches nothing. An error in S3 bucket policies (S3 refuses them) and for actions a replication role needs.',
  docUrl: DOCS.SAR_S3,
  check(ctx, view) {
    // Asked only for a mismatch: the answer reads the whole workspace, and most policies have none.
    let blocked: ReadonlySet<string> | undefined;
    const bucketPolicy = ctx.doc.kind === 'bucket-policy';
    for (const s of view.statements) {
      if (!s.resource || !s.action) continue;
      const resources = s.resource.items.map((i) => i.value).filter((r) => !arnProblem(r));
      if (resources.length === 0 || resources.includes('*')) continue;
      const reachable = reachability(resources);
      for (const item of s.action.items) {
        const r = resolveAction(item.value);
        if (r.kind !== 'actions' || reachable(r.actions)) continue;
        const single = r.actions.length === 1 ? r.actions[0] : undefined;
        const corrected = single ? correctedResources(single, resources) : undefined;
        const what = single ? `\`${item.value}\` applies to ${typeText(single)}` : `none of the ${r.actions.length} actions \`${item.value}\` stands for applies to these resources`;
        const breaks = s.effect === 'Allow' && r.actions.some((a) => (blocked ??= blockedReplicationActions(ctx.doc, ctx.workspace)).has(`${a.service}:${a.name}`.toLowerCase()));
        const grant = validatorOf(ctx) === 'IAM' ? 'IAM accepts it, but the grant' : 'The grant';
        const consequence = bucketPolicy
          ? 'S3 rejects the policy with MalformedPolicy "Action does not apply to any resource(s) in statement". '
          : s.effect === 'Deny'
            ? 'This Deny therefore never applies to it. '
            : breaks
              ? `${grant} matches nothing, and replication needs this action from this role: it fails. `
              : `${grant} matches nothing. `;
        ctx.report({
          node: item.node,
          severity: bucketPolicy || breaks ? 'error' : undefined,
          message:
            `${what}, but this statement names only ${listText(resources.map((x) => `\`${x}\``))}. ` +
            consequence +
            (corrected ? `Grant it on ${listText(corrected.map((x) => `\`${x}\``))} instead.` : 'Grant it in a statement whose Resource has the right type.'),
          fixes: corrected ? [moveFix(ctx.doc, view, s, item, corrected)] : [],
        });
      }
    }
  },
});

function sameScope(a: StatementView, b: StatementView): boolean {
  return (
    a.effect === b.effect &&
    !b.condition === !a.condition &&
    JSON.stringify(plain(a.condition)) === JSON.stringify(plain(b.condition)) &&
    JSON.stringify(plain(a.principal?.value)) === JSON.stringify(plain(b.principal?.value)) &&
    !a.notPrincipal &&
    !b.notPrincipal
  );
}

/**
 * Moves the action where it applies: the whole statement's Resource when the action is alone in it,
 * else into a statement of the same effect, principal and conditions that already names the right
 * resources, else into a new such statement.
 */
function moveFix(doc: JsonDocument, view: PolicyView, s: StatementView, item: ValueItem, corrected: string[]): Fix | undefined {
  const action = s.action;
  // The action may be listed more than once: every copy moves, or the statement still has it.
  const copies = action?.items.filter((i) => i.value === item.value) ?? [];
  const alone = action !== undefined && copies.length === action.items.length && action.invalid.length === 0;
  const target = view.statements.find(
    (o) => o !== s && o.action && o.action.value.type === 'array' && o.resource && !o.notAction && corrected.every((c) => o.resource?.items.some((i) => i.value === c)) && sameScope(s, o),
  );
  const resourceValue = corrected.length === 1 ? corrected[0] : corrected;
  const title = alone
    ? `Change the Resource to ${corrected.join(', ')}`
    : target
      ? `Move "${item.value}" to the statement on ${corrected.join(', ')}`
      : `Move "${item.value}" to a new statement on ${corrected.join(', ')}`;
  return planFix(doc, title, true, () => {
    const steps: Step[] = [];
    if (alone) {
      steps.push({ path: s.resource?.path ?? [...s.path, 'Resource'], value: resourceValue });
      return steps;
    }
    // Add first (later paths stay valid: only the moved item's own array shrinks, and it is not the target).
    const statementsPath: JsonPath = [...view.path, 'Statement'];
    if (target?.action) steps.push({ path: target.action.path, value: item.value, append: true });
    else {
      // The principal and conditions are copied as written (numbers, escapes and all).
      const fresh: Record<string, unknown> = { Effect: s.effect ?? 'Allow' };
      if (s.principal) fresh.Principal = raw(doc.text, s.principal.value);
      fresh.Action = [item.value];
      fresh.Resource = resourceValue;
      if (s.condition) fresh.Condition = raw(doc.text, s.condition);
      if (view.statementValue?.type !== 'array') steps.push({ path: statementsPath, value: [raw(doc.text, s.node)] });
      steps.push({ path: statementsPath, value: fresh, append: true });
    }
    const removePath = view.statementValue?.type === 'array' ? s.path : [...statementsPath, 0];
    const elements = action?.value.type === 'array' ? (action.value.children ?? []) : [];
    const indexes = copies.map((c) => elements.indexOf(c.node));
    if (indexes.length === 0 || indexes.some((i) => i < 0)) return undefined;
    // From the last, so the earlier indexes still hold.
    for (const index of indexes.sort((a, b) => b - a)) steps.push({ path: [...removePath, 'Action', index], value: undefined });
    return steps;
  });
}

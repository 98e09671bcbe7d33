/** IAM and STS actions (Query protocol), routed by the `Action` parameter. */
import { AwsError, type WireResponse } from '../protocol/errors';
import type { HandlerContext, LoopbackRequest, Operation } from '../protocol/request';
import { el, leaf } from '../protocol/xml';
import { randomBytes } from 'node:crypto';
import { trustsPrincipal } from '../replication/permissions';
import { stableId } from '../state';
import { POLICY_ACTIONS } from './policies';
import { optionalInt, queryParams, queryResponse, required } from './query';
import { ROLE_ACTIONS } from './roles';

type Handler = (ctx: HandlerContext, params: URLSearchParams) => WireResponse;

const VERSIONS = { iam: '2010-05-08', sts: '2011-06-15' };

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)?([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

const STS_ACTIONS: Record<string, Handler> = {
  GetCallerIdentity(ctx) {
    const { account, arn } = ctx.caller;
    return queryResponse('sts', ctx, 'GetCallerIdentity', `${leaf('Arn', arn)}${leaf('UserId', stableId('AIDA', arn))}${leaf('Account', account.accountId)}`);
  },
  /**
   * Temporary credentials for a role of any of the scenario's accounts, when its trust policy lets the
   * caller (its account root or its exact ARN) assume it, with the `sts:ExternalId` a condition asks for.
   * Requests signed with the returned access key act as `assumed-role/<role>/<session>` in that account.
   */
  AssumeRole(ctx, p) {
    const roleArn = required(p, 'RoleArn');
    const sessionName = required(p, 'RoleSessionName', SESSION_NAME);
    const duration = optionalInt(p, 'DurationSeconds', 900, 43200) ?? 3600;
    const externalId = p.get('ExternalId') ?? undefined;
    const match = ROLE_ARN.exec(roleArn);
    const role = match ? ctx.state.roleByArn(roleArn) : undefined;
    const who = { account: ctx.caller.account.accountId, arn: ctx.caller.roleArn ?? ctx.caller.arn };
    if (!match || !role || !trustsPrincipal(role.trustPolicy, who, externalId)) {
      throw new AwsError('AccessDenied', `User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    }
    if (duration > role.maxSessionDuration) throw new AwsError('ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`, 400);
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const assumedArn = `arn:aws:sts::${match[1]}:assumed-role/${role.name}/${sessionName}`;
    const secretAccessKey = randomBytes(30).toString('base64');
    const sessionToken = randomBytes(64).toString('base64');
    // The endpoint issued the secret, so it verifies every signature made with it (server.ts).
    ctx.state.sessions.set(accessKeyId, { accountId: match[1], arn: assumedArn, roleArn: role.arn, secretAccessKey, sessionToken });
    const expiration = new Date(Date.now() + duration * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return queryResponse(
      'sts',
      ctx,
      'AssumeRole',
      el('Credentials', leaf('AccessKeyId', accessKeyId), leaf('SecretAccessKey', secretAccessKey), leaf('SessionToken', sessionToken), leaf('Expiration', expiration)) +
        el('AssumedRoleUser', leaf('AssumedRoleId', `${role.roleId}:${sessionName}`), leaf('Arn', assumedArn)),
    );
  },
};

const ACTIONS = { iam: { ...ROLE_ACTIONS, ...POLICY_ACTIONS }, sts: STS_ACTIONS };

/** Which query service an unsigned request meant (it has no credential scope to say so). */
export function queryServiceOf(req: LoopbackRequest): 'iam' | 'sts' | undefined {
  const action = queryParams(req).get('Action');
  if (action === null) return undefined;
  return action in STS_ACTIONS || action.startsWith('Assume') ? 'sts' : 'iam';
}

export function routeQuery(service: 'iam' | 'sts', req: LoopbackRequest): Operation {
  const params = queryParams(req);
  const action = params.get('Action') ?? '';
  const handler = ACTIONS[service][action];
  return {
    service,
    name: action || 'Unknown',
    run(ctx) {
      if (!handler) throw new AwsError('InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? VERSIONS[service]}`, 400);
      return handler(ctx, params);
    },
  };
}

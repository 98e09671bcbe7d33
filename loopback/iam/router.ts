/** IAM and STS actions (Query protocol), routed by the `Action` parameter. */
import { AwsError, type WireResponse } from '../protocol/errors';
import type { HandlerContext, LoopbackRequest, Operation } from '../protocol/request';
import { leaf } from '../protocol/xml';
import { stableId } from '../state';
import { POLICY_ACTIONS } from './policies';
import { queryParams, queryResponse } from './query';
import { ROLE_ACTIONS } from './roles';

type Handler = (ctx: HandlerContext, params: URLSearchParams) => WireResponse;

const VERSIONS = { iam: '2010-05-08', sts: '2011-06-15' };

const STS_ACTIONS: Record<string, Handler> = {
  GetCallerIdentity(ctx) {
    const account = ctx.state.accountId;
    return queryResponse(
      'sts',
      ctx,
      'GetCallerIdentity',
      `${leaf('Arn', `arn:aws:iam::${account}:user/loopback`)}${leaf('UserId', stableId('AIDA', `${account}:user:loopback`))}${leaf('Account', account)}`,
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

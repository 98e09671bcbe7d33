/**
 * What an `Action` value names, resolved against the service data: the actions a wildcard expands
 * to, or why the value names nothing (no service prefix, unknown service, unknown action).
 */
import { registerCache } from '../caches';
import { ActionInfo, IamData, iamData, splitAction } from './data';
import { compile, hasWildcard, matches } from './pattern';
import { ownCopy } from '../strings';
import { closest, closestLowerCase } from './suggest';

export type ActionResolution =
  /** `*`: every action of every service. */
  | { kind: 'all' }
  /** No data directory, so nothing can be judged. */
  | { kind: 'unknown-data' }
  | { kind: 'no-prefix' }
  | { kind: 'unknown-service'; service: string; suggestion?: string }
  | { kind: 'unknown-action'; service: string; suggestion?: string }
  | { kind: 'actions'; service: string; actions: readonly ActionInfo[] };

// Per data set, so that pointing the engine at another directory cannot serve stale answers.
const caches = new WeakMap<IamData, Map<string, ActionResolution>>();
registerCache(() => caches.get(iamData())?.clear());

export function resolveAction(value: string): ActionResolution {
  const data = iamData();
  let cache = caches.get(data);
  if (!cache) caches.set(data, (cache = new Map()));
  const hit = cache.get(value);
  if (hit) return hit;
  const out = resolve(data, value);
  if (cache.size > 5000) cache.clear();
  cache.set(ownCopy(value), out);
  return out;
}

function resolve(data: IamData, value: string): ActionResolution {
  if (value === '*') return { kind: 'all' };
  if (!data.available) return { kind: 'unknown-data' };
  const parts = splitAction(value);
  if (!parts) return { kind: 'no-prefix' };
  const service = parts.service.toLowerCase();
  if (!data.hasService(service)) {
    return hasWildcard(service) ? { kind: 'unknown-data' } : { kind: 'unknown-service', service: ownCopy(parts.service), suggestion: closest(service, data.serviceNames()) };
  }
  const info = data.service(service);
  if (!info) return { kind: 'unknown-data' };
  // The data's own spelling: results are cached, and must not hold a slice of the policy's text.
  const prefix = info.prefix;
  const name = parts.name.toLowerCase();
  if (!hasWildcard(name)) {
    const action = info.actions.get(name);
    if (action) return { kind: 'actions', service: prefix, actions: [action] };
    // Over the map's lower-case keys: no array of names per unknown action.
    const key = closestLowerCase(parts.name, info.actions.keys());
    const suggestion = key === undefined ? undefined : info.actions.get(key)?.name;
    return { kind: 'unknown-action', service: prefix, suggestion: suggestion && `${prefix}:${suggestion}` };
  }
  const pattern = compile(name);
  const found: ActionInfo[] = [];
  info.actions.forEach((a, lower) => {
    if (matches(pattern, lower)) found.push(a);
  });
  return found.length > 0 ? { kind: 'actions', service: prefix, actions: found } : { kind: 'unknown-action', service: prefix };
}

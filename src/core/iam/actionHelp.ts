/**
 * Help while writing a policy: the actions of a service completed after `s3:`, and what an action is
 * on hover — the resource types it can be granted on (with their ARN format) and, for the actions a
 * replication role needs, where and why. Works on the text of a line, so the same help serves JSON,
 * YAML and HCL.
 */
import { iamData } from './data';
import { REPLICATION_USE } from './requirements';

/** A `service:Action` token around a position of a line (0-based characters; `end` exclusive). */
export interface ActionToken {
  service: string;
  name: string;
  start: number;
  end: number;
}

const TOKEN_CHAR = /[A-Za-z0-9*?_-]/;

/** The `service:Name` token the position is in or just after, when `service` is an IAM service prefix. */
export function actionTokenAt(line: string, character: number): ActionToken | undefined {
  let start = character;
  while (start > 0 && (TOKEN_CHAR.test(line[start - 1]) || line[start - 1] === ':')) start--;
  let end = character;
  while (end < line.length && TOKEN_CHAR.test(line[end])) end++;
  const token = line.slice(start, end);
  const colon = token.indexOf(':');
  if (colon <= 0 || token.indexOf(':', colon + 1) >= 0) return undefined;
  const service = token.slice(0, colon);
  const data = iamData();
  if (!data.available || !data.hasService(service.toLowerCase())) return undefined;
  return { service, name: token.slice(colon + 1), start, end };
}

export interface ActionChoice {
  action: string;
  resourceTypes: readonly string[];
}

/** The service's actions, those starting with `typed` first (case-insensitive), then the others that contain it. */
export function actionChoices(service: string, typed: string): ActionChoice[] {
  const info = iamData().service(service.toLowerCase());
  if (!info) return [];
  const t = typed.toLowerCase().replace(/[*?]/g, '');
  const starts: ActionChoice[] = [];
  const contains: ActionChoice[] = [];
  for (const [lower, a] of info.actions) {
    const choice = { action: `${info.prefix}:${a.name}`, resourceTypes: a.resourceTypes };
    if (lower.startsWith(t)) starts.push(choice);
    else if (t.length > 0 && lower.includes(t)) contains.push(choice);
  }
  const byName = (x: ActionChoice, y: ActionChoice) => x.action.localeCompare(y.action);
  return [...starts.sort(byName), ...contains.sort(byName)];
}

/** What an action is, in markdown; undefined for a name the service does not have (the diagnostics say so). */
export function describeAction(service: string, name: string): string | undefined {
  const info = iamData().service(service.toLowerCase());
  const action = info?.actions.get(name.toLowerCase());
  if (!info || !action) return undefined;
  const full = `${info.prefix}:${action.name}`;
  const lines = [`**${full}**`, ''];
  if (action.resourceTypes.length === 0) lines.push('Granted only with `"Resource": "*"` (it takes no resource type).');
  else {
    lines.push('Resource types it can be granted on:');
    for (const key of action.resourceTypes) {
      const type = info.resourceTypes.get(key);
      lines.push(`- \`${key.replace(/\*$/, '')}\`${type ? `: \`${type.arn}\`` : ''}`);
    }
  }
  const use = REPLICATION_USE[full];
  if (use) lines.push('', `**S3 replication role**: granted on ${use.on}; ${use.why}.`);
  return lines.join('\n');
}

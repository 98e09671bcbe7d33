/** A role as the explorer's reader returns it, in the shape the role plans merge into. */
import type { LiveRole } from '../../core/live/rolePlan';
import { parseLiveUri } from '../liveUris';
import type { RoleState } from '../types';

/** `arn:aws:iam::123456789012:role/ops/name` → `/ops/`. */
function pathOf(arn: string): string | undefined {
  const m = /:role(\/(?:.*\/)?)[^/]+$/.exec(arn);
  return m ? m[1] : undefined;
}

/**
 * Undefined when the role could not be read: planning a merge without the live documents could
 * only replace them.
 */
export function liveRole(state: RoleState): LiveRole | undefined {
  if (state.exists === undefined) return undefined;
  const inline: LiveRole['inline'] = [];
  const attached: LiveRole['attached'] = [];
  for (const doc of state.policies) {
    const address = parseLiveUri(doc.uri);
    if (address?.kind === 'inline') inline.push({ name: address.policy, text: doc.text });
    else if (address?.kind === 'managed') attached.push({ name: address.policy, text: doc.text });
  }
  return { name: state.name, arn: state.arn || undefined, exists: state.exists, path: state.arn ? pathOf(state.arn) : undefined, trust: state.trust?.text, inline, attached, attachedArns: state.attachedArns };
}

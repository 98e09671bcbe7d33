/**
 * The one place where user settings meet findings: severities replaced, `off` dropped, ignored
 * files silent. Every consumer (CLI, `--fix`, editor) gets it through `analyze`'s `settings`.
 */
import { Finding } from '../findings';
import { effectiveSeverity } from './ruleSettings';
import { FileSettings } from './types';

/**
 * A setting replaces the severity of every finding of its rule, as ESLint's does: a rule that
 * reports some cases below its catalogue severity reports all of them at the level set.
 */
export function applySettings(findings: readonly Finding[], settingsFor: (uri: string) => FileSettings | undefined): Finding[] {
  const out: Finding[] = [];
  const cache = new Map<string, FileSettings | undefined>();
  for (const f of findings) {
    let settings = cache.get(f.uri);
    if (!cache.has(f.uri)) cache.set(f.uri, (settings = settingsFor(f.uri)));
    if (!settings) {
      out.push(f);
      continue;
    }
    if (settings.ignored) continue;
    const severity = effectiveSeverity(settings.rules, f.ruleId, f.severity);
    if (severity === 'off') continue;
    out.push(severity === f.severity ? f : { ...f, severity });
  }
  return out;
}

/** Whether a rule can be skipped for a file (every finding would be dropped anyway). */
export function ruleIsOff(settings: FileSettings | undefined, ruleId: string): boolean {
  return settings !== undefined && effectiveSeverity(settings.rules, ruleId, 'error') === 'off';
}

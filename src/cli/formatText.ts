/**
 * The human format, eslint-like: findings grouped per file, each line starting with a
 * `path:line:col` that terminals and editors make clickable, then a summary.
 */
import { DocumentKind } from '../core/classify';
import { Severity } from '../core/findings';
import { CheckReport, NotChecked, Place, PlacedFinding, countBySeverity, displayPath } from './report';

export interface TextOptions {
  color: boolean;
}

const KIND_LABEL: Record<Exclude<DocumentKind, 'unrelated'>, [string, string]> = {
  'replication-config': ['replication configuration', 'replication configurations'],
  'permission-policy': ['permission policy', 'permission policies'],
  'trust-policy': ['trust policy', 'trust policies'],
  'bucket-policy': ['bucket policy', 'bucket policies'],
  'key-policy': ['key policy', 'key policies'],
  template: ['template', 'templates'],
  'permissions-boundary': ['permissions boundary', 'permissions boundaries'],
  'resource-policy': ['resource-based policy', 'resource-based policies'],
  'service-control-policy': ['SCP', 'SCPs'],
  'resource-control-policy': ['RCP', 'RCPs'],
  'vpc-endpoint-policy': ['VPC endpoint policy', 'VPC endpoint policies'],
  'notification-config': ['notification configuration', 'notification configurations'],
};

export function formatText(report: CheckReport, options: TextOptions): string {
  const paint = painter(options.color);
  const where = (p: Place): string => `${displayPath(report.cwd, p.path)}:${p.line}:${p.column}`;
  const lines: string[] = [];

  for (const file of report.files) {
    if (file.fixed > 0) lines.push(`Fixed ${plural(file.fixed, 'problem')} in ${displayPath(report.cwd, file.path)}`);
  }
  if (lines.length > 0) lines.push('');

  for (const n of report.notChecked) {
    // As ESLint prints a file it does not lint: under the file, a warning without a rule id.
    const at = `${displayPath(report.cwd, n.path)}:1:1`;
    lines.push(paint.underline(displayPath(report.cwd, n.path)), `  ${at}  ${paint.warning('warning'.padEnd(7))}  ${n.message}`, '');
  }

  for (const group of groupByFile(report.findings)) {
    lines.push(paint.underline(displayPath(report.cwd, group[0].at.path)));
    const locWidth = Math.max(...group.map((f) => where(f.at).length));
    for (const f of group) {
      const sev = paint[f.severity](f.severity.padEnd(7));
      lines.push(`  ${where(f.at).padEnd(locWidth)}  ${sev}  ${f.message}  ${paint.dim(f.ruleId)}`);
      for (const r of f.related) lines.push(paint.dim(`      ${where(r)}  ${r.message}`));
    }
    lines.push('');
  }

  lines.push(summaryLine(report.findings, report.notChecked, checkedCount(report), paint), filesLine(report));
  return `${lines.join('\n')}\n`;
}

export function summaryLine(findings: readonly PlacedFinding[], notChecked: readonly NotChecked[], checked: number, paint: Painter = painter(false)): string {
  const total = findings.length + notChecked.length;
  // "No problems found" would claim a check that did not happen (every file unrecognised, --quiet hiding why).
  if (total === 0) return checked === 0 ? paint.warning('No file was checked.') : paint.ok('✔ No problems found.');
  const c = countBySeverity(findings, notChecked);
  const fixable = findings.filter((f) => f.fixable).length;
  const parts = `${plural(total, 'problem')} (${plural(c.error, 'error')}, ${plural(c.warning, 'warning')}, ${c.info} info)`;
  const tail = fixable > 0 ? `, ${fixable} fixable with --fix` : '';
  if (c.error > 0) return paint.error(`✖ ${parts}${tail}`);
  return c.warning > 0 ? paint.warning(`✖ ${parts}${tail}`) : paint.info(`ℹ ${parts}${tail}`);
}

/** Files the rules ran on: recognised, and not skipped by the configuration's ignores. */
export function checkedCount(report: CheckReport): number {
  return report.files.filter((f) => !f.ignored && f.kind !== 'unrelated').length;
}

export function filesLine(report: CheckReport): string {
  const counts = new Map<DocumentKind, number>();
  let skipped = 0;
  for (const f of report.files) {
    if (f.ignored) skipped++;
    else counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  }
  const ignored = counts.get('unrelated') ?? 0;
  const recognised = report.files.length - skipped - ignored;
  const kinds = (Object.keys(KIND_LABEL) as (keyof typeof KIND_LABEL)[])
    .filter((k) => counts.has(k))
    .map((k) => {
      const n = counts.get(k) ?? 0;
      return `${n} ${KIND_LABEL[k][n === 1 ? 0 : 1]}`;
    });
  const detail = kinds.length > 0 ? ` (${kinds.join(', ')})` : '';
  const tail = ignored > 0 ? `, ${ignored} ignored (not a replication configuration or policy)` : '';
  const skippedTail = skipped > 0 ? `, ${skipped} skipped by the configuration's ignores` : '';
  return `${plural(recognised, 'file')} checked${detail}${tail}${skippedTail}`;
}

function groupByFile(findings: readonly PlacedFinding[]): PlacedFinding[][] {
  const groups = new Map<string, PlacedFinding[]>();
  for (const f of findings) {
    const g = groups.get(f.at.path) ?? [];
    g.push(f);
    groups.set(f.at.path, g);
  }
  return [...groups.values()];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

type Painter = Record<Severity | 'ok' | 'dim' | 'underline', (s: string) => string>;

function painter(color: boolean): Painter {
  const sgr = (open: number, close: number) => (s: string) => (color ? `\x1b[${open}m${s}\x1b[${close}m` : s);
  return { error: sgr(31, 39), warning: sgr(33, 39), info: sgr(36, 39), ok: sgr(32, 39), dim: sgr(2, 22), underline: sgr(4, 24) };
}

/**
 * `--format sarif`: SARIF 2.1.0 as GitHub code scanning ingests it (`github/codeql-action/upload-sarif`).
 * Paths are relative to the current directory under `%SRCROOT%`, so run the CLI from the
 * repository root in CI; files outside it get absolute `file:` URIs.
 */
import { pathToFileURL } from 'node:url';
import { Severity } from '../core/findings';
import { CONFIG_PROBLEM_META } from '../core/projectConfig/types';
import { ruleById } from '../core/rules';
import { plainText } from '../core/text';
import { CheckReport, Place, portableRelativePath } from './report';
import { TOOL_NAME, TOOL_VERSION } from './version';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(report: CheckReport): string {
  const ruleIds = [...new Set(report.findings.map((f) => f.ruleId))].sort();
  const rules = ruleIds.map((id) => {
    // Problems of the configuration file itself are reported under ids that are not rules.
    const rule = ruleById(id) ?? CONFIG_PROBLEM_META[id];
    // The project has no public home page: a rule without documentation has no helpUri, rather than a made-up one.
    const helpUri = rule && 'docUrl' in rule ? rule.docUrl : undefined;
    // SARIF's `text` is plain text (code scanning shows it as is); the summary's markdown goes in `markdown`.
    const summary = rule?.summary ?? id;
    const text = plainText(summary);
    return {
      id,
      shortDescription: { text, ...(text !== summary ? { markdown: summary } : {}) },
      ...(helpUri ? { helpUri } : {}),
      defaultConfiguration: { level: LEVEL[rule?.severity ?? 'warning'] },
    };
  });
  const location = (p: Place) => ({
    physicalLocation: {
      artifactLocation: artifact(report.cwd, p.path),
      region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
    },
  });
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIds.indexOf(f.ruleId),
    level: LEVEL[f.severity],
    // Code scanning renders `markdown` where it can and falls back to `text`.
    message: { text: f.message, ...(f.markdown ? { markdown: f.markdown } : {}) },
    locations: [location(f.at)],
    ...(f.related.length > 0 && {
      relatedLocations: f.related.map((r, i) => ({ id: i, ...location(r), message: { text: r.message } })),
    }),
  }));
  // A named file that was not checked is not a result about the code: SARIF's place for "the tool
  // could not look at this" is a tool execution notification (GitHub lists them with the tool's status).
  const notifications = report.notChecked.map((n) => ({ level: 'warning', message: { text: n.message }, locations: [location({ path: n.path, line: 1, column: 1, endLine: 1, endColumn: 1 })] }));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, rules } },
        ...(notifications.length > 0 ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }] } : {}),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function artifact(cwd: string, file: string): { uri: string; uriBaseId?: string } {
  const rel = portableRelativePath(cwd, file);
  return rel === undefined ? { uri: pathToFileURL(file).href } : { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

/**
 * The JSON schema of `.s3-replication-doctor.json`, built from the rule registry so that the editor
 * completes every rule id with its summary. `npm run docs` writes it to `schemas/`; a test fails
 * when the shipped file is stale. `parse.ts` enforces the same shape with better messages.
 */
import { DOCUMENT_KINDS } from '../classify';
import { Rule } from '../rule';
import { ALL_RULES } from '../rules';
import { CONFIG_FILE_NAME, RULE_SEVERITIES } from './types';

export const CONFIG_SCHEMA_PATH = 'schemas/s3-replication-doctor-config.schema.json';

const SEVERITY_HELP: Record<string, string> = {
  off: 'Not reported (and not fixed by --fix).',
  info: 'An explanation; never fails the CLI.',
  warning: 'Reported; fails the CLI only beyond --max-warnings.',
  error: 'Reported; the CLI exits 1.',
};

export function configSchema(rules: readonly Rule[] = ALL_RULES): Record<string, unknown> {
  // Under allOf: draft-07 ignores a description beside a $ref.
  const severity = { allOf: [{ $ref: '#/definitions/severity' }] };
  const ruleProps: Record<string, unknown> = {};
  for (const family of [...new Set(rules.map((r) => r.id.slice(0, r.id.indexOf('-') + 1)))]) {
    ruleProps[`${family}*`] = { ...severity, description: `Every rule whose id starts with "${family}" (a more specific entry wins).` };
  }
  for (const r of rules) {
    ruleProps[r.id] = { ...severity, description: `${r.severity} by default${r.live ? ', live buckets only' : ''}. ${r.summary.replace(/\s*\n\s*/g, ' ')}` };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `S3 Replication Doctor configuration (${CONFIG_FILE_NAME})`,
    description:
      `Read by the CLI and the VS Code extension for every file in its folder and below (the nearest ${CONFIG_FILE_NAME} upward from a file, ` +
      'not above the repository root). Rule severities, ignored paths and pinned document kinds.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The path or URL of this schema, for editors.' },
      rules: {
        type: 'object',
        description:
          'Rule id (or a family such as "iam-*") → "off", "info", "warning" or "error". An exact id beats a family, a longer family a shorter one. ' +
          'The CLI\'s --rule and the editor setting s3ReplicationDoctor.rules override this file.',
        propertyNames: { pattern: '^(?:[a-z0-9]+(?:-[a-z0-9]+)*|[a-z0-9][a-z0-9-]*\\*)$' },
        properties: ruleProps,
        additionalProperties: { $ref: '#/definitions/severity' },
      },
      ignores: {
        type: 'array',
        description:
          'Files not checked, as .gitignore patterns relative to this file\'s folder: "legacy/" (a folder and everything below), "**/*.generated.json", ' +
          '"/sandbox.json" (only beside this file). Ignored files are still read as context: a role policy there still counts for a configuration elsewhere.',
        items: { type: 'string', minLength: 1, pattern: '^[^!\\\\][^\\\\]*$' },
      },
      fileKinds: {
        type: 'object',
        description: 'Glob (relative to this file\'s folder) → document kind, when content detection is not enough; the first matching glob wins. "unrelated" turns checks off and removes the file from the context.',
        propertyNames: { minLength: 1 },
        additionalProperties: { enum: [...DOCUMENT_KINDS] },
      },
    },
    definitions: {
      severity: { enum: [...RULE_SEVERITIES], enumDescriptions: RULE_SEVERITIES.map((s) => SEVERITY_HELP[s]) },
    },
  };
}

export function configSchemaText(rules: readonly Rule[] = ALL_RULES): string {
  return `${JSON.stringify(configSchema(rules), null, 2)}\n`;
}

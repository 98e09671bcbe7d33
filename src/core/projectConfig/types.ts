/**
 * The project configuration users write in `.s3-replication-doctor.json`, as the engine applies it.
 * The file format and its validation are in `parse.ts`, its application to findings in `apply.ts`.
 */
import { DocumentKind } from '../classify';
import { Severity } from '../findings';

/** The one file name the CLI and the extension look for (upward from each checked file). */
export const CONFIG_FILE_NAME = '.s3-replication-doctor.json';

/** What a user may set a rule to: ESLint's `off` plus our three severities. */
export type RuleSeverity = Severity | 'off';
export const RULE_SEVERITIES: readonly RuleSeverity[] = ['off', 'info', 'warning', 'error'];

/** One `rules` entry: a rule id, or a family prefix ending in `*` (`iam-*`). */
export interface RuleSetting {
  pattern: string;
  severity: RuleSeverity;
}

/** The entries of one source of settings (the file, `--rule`, the editor setting), in their order. */
export type RuleLayer = readonly RuleSetting[];

export interface ProjectConfig {
  rules: RuleLayer;
  /** Glob patterns relative to the configuration's folder, with .gitignore's folder semantics. */
  ignores: readonly string[];
  /** Glob → kind, relative to the configuration's folder; the first matching glob wins. */
  fileKinds: readonly { glob: string; kind: DocumentKind }[];
}

export const EMPTY_CONFIG: ProjectConfig = { rules: [], ignores: [], fileKinds: [] };

/**
 * How the engine treats one file. Layers go from lowest to highest precedence; for each rule the
 * highest layer that names it (exactly or by family) decides.
 */
export interface FileSettings {
  /** Not checked (no findings, no fixes), but still read as context for the files that are. */
  ignored?: boolean;
  rules: readonly RuleLayer[];
}

/**
 * Problems in a configuration file are reported under these ids. They are not rules: a
 * configuration cannot turn off the report of its own mistakes.
 */
export const CONFIG_INVALID = 'config-invalid';
export const CONFIG_UNKNOWN_RULE = 'config-unknown-rule';

export const CONFIG_PROBLEM_META: Record<string, { severity: Severity; summary: string }> = {
  [CONFIG_INVALID]: {
    severity: 'error',
    summary: `${CONFIG_FILE_NAME} is not valid: broken JSON (nothing of it applies) or an entry that does not fit its schema (that entry does not apply).`,
  },
  [CONFIG_UNKNOWN_RULE]: {
    severity: 'warning',
    summary: `${CONFIG_FILE_NAME} names a rule that does not exist (with the closest rule id).`,
  },
};

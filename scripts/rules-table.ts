/**
 * What is generated from the engine: the README's rule table (Markdown, from the rule registry), its
 * table of S3 replication failure reasons (from the engine's reason table), and the schema of
 * `.s3-replication-doctor.json` (which completes every rule id). `npm run docs` rewrites all three;
 * without `--write` the tables are printed. Unit tests fail when any is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReasonsMarkdown, withReasonsTable } from '../src/cli/reasonsTable';
import { formatRulesMarkdown, ruleRows, withRulesTable } from '../src/cli/rulesTable';
import { CONFIG_SCHEMA_PATH, configSchemaText } from '../src/core/projectConfig/schema';

const root = join(__dirname, '..');
const rules = formatRulesMarkdown(ruleRows());
const reasons = formatReasonsMarkdown();
if (process.argv.includes('--write')) {
  const path = join(root, 'README.md');
  const withRules = withRulesTable(readFileSync(path, 'utf8'), rules);
  const updated = withRules === undefined ? undefined : withReasonsTable(withRules, reasons);
  if (updated === undefined) {
    process.stderr.write('README.md lacks the <!-- rules-table:start/end --> or <!-- failure-reasons:start/end --> markers\n');
    process.exit(2);
  }
  writeFileSync(path, updated);
  writeFileSync(join(root, CONFIG_SCHEMA_PATH), configSchemaText());
} else {
  process.stdout.write(`${rules}\n${reasons}`);
}

/**
 * What is generated from the rule registry: the README's rule table (Markdown) and the schema of
 * `.s3-replication-doctor.json` (which completes every rule id). `npm run docs` rewrites both;
 * without `--write` the table is printed. Unit tests fail when either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRulesMarkdown, ruleRows, withRulesTable } from '../src/cli/rulesTable';
import { CONFIG_SCHEMA_PATH, configSchemaText } from '../src/core/projectConfig/schema';

const root = join(__dirname, '..');
const table = formatRulesMarkdown(ruleRows());
if (process.argv.includes('--write')) {
  const path = join(root, 'README.md');
  const updated = withRulesTable(readFileSync(path, 'utf8'), table);
  if (updated === undefined) {
    process.stderr.write('README.md has no <!-- rules-table:start --> ... <!-- rules-table:end --> markers\n');
    process.exit(2);
  }
  writeFileSync(path, updated);
  writeFileSync(join(root, CONFIG_SCHEMA_PATH), configSchemaText());
} else {
  process.stdout.write(table);
}

/**
 * The README's rule table (Markdown) from the rule registry: `npm run docs` rewrites it between the
 * README's markers; without `--write` it is printed. A unit test fails when the README is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatRulesMarkdown, ruleRows, withRulesTable } from '../src/cli/rulesTable';

const table = formatRulesMarkdown(ruleRows());
if (process.argv.includes('--write')) {
  const path = join(__dirname, '..', 'README.md');
  const updated = withRulesTable(readFileSync(path, 'utf8'), table);
  if (updated === undefined) {
    process.stderr.write('README.md has no <!-- rules-table:start --> ... <!-- rules-table:end --> markers\n');
    process.exit(2);
  }
  writeFileSync(path, updated);
} else {
  process.stdout.write(table);
}

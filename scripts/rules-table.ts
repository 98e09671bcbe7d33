/** Prints the README's rule table (Markdown) from the rule registry: `npx tsx scripts/rules-table.ts`. */
import { formatRulesMarkdown, ruleRows } from '../src/cli/rulesTable';

process.stdout.write(formatRulesMarkdown(ruleRows()));

/**
 * The CLI's top level: dispatch, and the promise that nothing reaches the user as a stack trace.
 * Usage and I/O problems exit 2 with one sentence; so does an internal failure.
 */
import { UsageError, commandHelp, parseArgs } from './args';
import { runCheck } from './check';
import { CliError } from './files';
import { CliIO } from './io';
import { runScan, type ScanLoader } from './scan';
import { runStatus, type AwsLoader } from './status';
import { formatRulesJson, formatRulesText, ruleRows } from './rulesTable';
import { TOOL_NAME, TOOL_VERSION } from './version';

export async function main(argv: readonly string[], io: CliIO, deps: { loadAws?: AwsLoader; loadScan?: ScanLoader; awsExtras?: Record<string, unknown> } = {}): Promise<number> {
  try {
    const command = parseArgs(argv);
    switch (command.name) {
      case 'help':
        io.stdout(commandHelp(command.topic));
        return 0;
      case 'version':
        io.stdout(`${TOOL_VERSION}\n`);
        return 0;
      case 'rules':
        io.stdout(command.format === 'json' ? formatRulesJson(ruleRows()) : formatRulesText(ruleRows()));
        return 0;
      case 'check':
        return await runCheck(command.options, io);
      case 'status':
        return await runStatus(command.options, io, deps.loadAws, deps.awsExtras);
      case 'scan':
        return await runScan(command.options, io, deps.loadScan, deps.awsExtras);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${TOOL_NAME}: ${err.message}\nRun "${TOOL_NAME} --help" for usage.\n`);
    } else if (err instanceof CliError) {
      io.stderr(`${TOOL_NAME}: ${err.message}\n`);
    } else {
      const detail = err instanceof Error ? err.message : String(err);
      io.stderr(`${TOOL_NAME}: internal error: ${detail}. This is a bug; please report it with the command you ran.\n`);
    }
    return 2;
  }
}

/**
 * "Turn off <rule> in .s3-replication-doctor.json", from the lightbulb: sets the rule to "off" in the
 * project file that applies to the document (the CLI reads the same file, so CI agrees), or creates
 * one at the root of the document's workspace folder. A document outside any folder (a live AWS
 * document, an untitled one) gets the `s3ReplicationDoctor.rules` setting instead. The file is saved
 * so the change applies (configuration files count as saved, as for the CLI), unless the user had
 * unsaved edits in it: those are theirs to save.
 */
import * as vscode from 'vscode';
import { newConfigWithRuleOff, ruleOffEdits } from '../../core/projectConfig/edit';
import { CONFIG_FILE_NAME } from '../../core/projectConfig/types';
import { TURN_OFF_RULE_COMMAND } from '../codeActions';
import { ProjectConfigs } from '../projectConfigs';
import { SECTION } from '../settings';

export function registerTurnOffRule(context: vscode.ExtensionContext, configs: ProjectConfigs): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(TURN_OFF_RULE_COMMAND, async (uri: vscode.Uri, ruleId: string) => {
      try {
        await turnOffRule(configs, uri, ruleId);
      } catch (err) {
        void vscode.window.showErrorMessage(`Could not turn off ${ruleId}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }),
  );
}

async function turnOffRule(configs: ProjectConfigs, uri: vscode.Uri, ruleId: string): Promise<void> {
  const existing = (await configs.forFile(uri)).configUri;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const target = existing ? vscode.Uri.parse(existing) : folder ? vscode.Uri.joinPath(folder.uri, CONFIG_FILE_NAME) : undefined;
  if (!target) return turnOffInSettings(ruleId);
  const edit = new vscode.WorkspaceEdit();
  const before = existing ? await vscode.workspace.openTextDocument(target) : undefined;
  if (before) {
    const edits = ruleOffEdits(before.getText(), ruleId);
    if (edits === undefined) {
      await vscode.window.showTextDocument(before);
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(target)} could not be edited safely (it is not a JSON object with a "rules" object); set "${ruleId}": "off" under "rules" yourself.`);
      return;
    }
    if (edits.length === 0) {
      void vscode.window.showInformationMessage(`${ruleId} is already off in ${vscode.workspace.asRelativePath(target)}.`);
      return;
    }
    for (const e of edits) edit.replace(target, new vscode.Range(before.positionAt(e.offset), before.positionAt(e.offset + e.length)), e.content);
  } else {
    edit.createFile(target, { ignoreIfExists: true, contents: new TextEncoder().encode(newConfigWithRuleOff(ruleId)) });
  }
  const wasDirty = before?.isDirty ?? false;
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit of ${target.fsPath}`);
  const doc = await vscode.workspace.openTextDocument(target);
  if (!wasDirty && doc.isDirty) await doc.save();
  const where = vscode.workspace.asRelativePath(target);
  const open = 'Open';
  const done = existing ? `${ruleId} is off in ${where}` : `Created ${where} with ${ruleId} off`;
  // Not awaited: the command is done when the file is; the message stays until the user closes it.
  void vscode.window
    .showInformationMessage(wasDirty ? `${done} (not saved: the file had unsaved changes; it applies once saved).` : `${done}, for every file it covers, in the editor and for the CLI's check.`, open)
    .then((choice) => (choice === open ? vscode.window.showTextDocument(doc) : undefined));
}

async function turnOffInSettings(ruleId: string): Promise<void> {
  const config = vscode.workspace.getConfiguration(SECTION);
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  // The value of that one scope, not the merged one: the user's own rules stay in the user's settings.
  const inspected = config.inspect<Record<string, unknown>>('rules');
  const current = (target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? {};
  await config.update('rules', { ...current, [ruleId]: 'off' }, target);
  void vscode.window.showInformationMessage(`${ruleId} is off in the ${target === vscode.ConfigurationTarget.Workspace ? 'workspace' : 'user'} setting ${SECTION}.rules (this document belongs to no folder with a ${CONFIG_FILE_NAME}).`);
}

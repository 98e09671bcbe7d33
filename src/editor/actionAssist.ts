/**
 * IAM actions while writing a policy (a policy file, a template, a Terraform module): completion of a
 * service's actions after `s3:`, and on hover what the action is granted on and, for a replication
 * role's actions, why replication needs it. Text-based (core/iam/actionHelp.ts), so JSON, YAML and
 * HCL get the same help; documents known to be something else (package.json, a replication
 * configuration) get none.
 */
import * as vscode from 'vscode';
import { DocumentKind, isPolicyKind } from '../core/classify';
import { actionChoices, actionTokenAt, describeAction } from '../core/iam/actionHelp';

export class ActionAssist implements vscode.CompletionItemProvider, vscode.HoverProvider {
  constructor(private readonly kindOf: (document: vscode.TextDocument) => DocumentKind | undefined) {}

  private wanted(document: vscode.TextDocument): boolean {
    if (!vscode.workspace.getConfiguration('s3ReplicationDoctor', document.uri).get<boolean>('enable', true)) return false;
    const kind = this.kindOf(document);
    // Not classified yet (a new file being written): help, as the kind may well be a policy.
    return kind === undefined || kind === 'template' || isPolicyKind(kind);
  }

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    if (!this.wanted(document)) return undefined;
    const line = document.lineAt(position.line).text;
    const token = actionTokenAt(line, position.character);
    const nameStart = token ? token.start + token.service.length + 1 : 0;
    if (!token || position.character < nameStart) return undefined;
    const range = new vscode.Range(position.line, token.start, position.line, token.end);
    return actionChoices(token.service, line.slice(nameStart, position.character)).map((c, i) => {
      const item = new vscode.CompletionItem({ label: c.action, description: c.resourceTypes.length > 0 ? c.resourceTypes.join(', ') : 'Resource "*" only' }, vscode.CompletionItemKind.Value);
      item.range = range;
      item.filterText = c.action;
      item.sortText = String(i).padStart(5, '0');
      return item;
    });
  }

  /** The description of the item the user moves to, not of every action the list offers. */
  resolveCompletionItem(item: vscode.CompletionItem): vscode.CompletionItem {
    const action = typeof item.label === 'string' ? item.label : item.label.label;
    const colon = action.indexOf(':');
    const text = colon > 0 ? describeAction(action.slice(0, colon), action.slice(colon + 1)) : undefined;
    if (text) item.documentation = new vscode.MarkdownString(text);
    return item;
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!this.wanted(document)) return undefined;
    const token = actionTokenAt(document.lineAt(position.line).text, position.character);
    const text = token && describeAction(token.service, token.name);
    if (!token || !text) return undefined;
    return new vscode.Hover(new vscode.MarkdownString(text), new vscode.Range(position.line, token.start, position.line, token.end));
  }
}

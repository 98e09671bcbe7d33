/**
 * "Generate replication role policy for this configuration": from the replication configuration in
 * the active editor, opens a complete least-privilege permission policy and its trust policy as two
 * new untitled JSON documents. Nothing is written anywhere; the user saves or applies them.
 */
import * as vscode from 'vscode';
import { plainText } from '../../core/text';
import { JsonDocument, parseDocument } from '../../core/document';
import { arnProblem, bucketNameProblem } from '../../core/iam/arn';
import { guessSources } from '../../core/iam/associate';
import { generateRolePolicies } from '../../core/iam/generate';
import { configSummary } from '../../core/iam/replicationConfig';
import { forcedKind } from '../settings';

export const GENERATE_ROLE_POLICY_COMMAND = 's3ReplicationDoctor.generateRolePolicy';

const TITLE = 'Generate replication role policy';

export function registerGenerateRolePolicy(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(GENERATE_ROLE_POLICY_COMMAND, () => generateForActiveEditor()));
}

function parse(document: vscode.TextDocument): JsonDocument {
  return parseDocument({ uri: document.uri.toString(), text: document.getText(), kind: forcedKind(document.uri) });
}

async function generateForActiveEditor(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage(`${TITLE}: open an S3 replication configuration (JSON with "Role" and "Rules") and run the command again.`);
    return;
  }
  const config = parse(editor.document);
  const name = editor.document.uri.path.split('/').pop() ?? 'This document';
  if (config.kind !== 'replication-config') {
    void vscode.window.showErrorMessage(`${TITLE}: ${name} is not an S3 replication configuration (a JSON document with "Role" and "Rules", as put-bucket-replication takes it).`);
    return;
  }
  const others = vscode.workspace.textDocuments.filter((d) => d !== editor.document && (d.languageId === 'json' || d.languageId === 'jsonc')).map(parse);
  const sourceBucket = await askSourceBucket(config, others);
  if (sourceBucket === undefined) return;
  const sourceKeys = configSummary(config).rules.some((r) => r.sseKms) ? await askSourceKeys() : [];
  if (sourceKeys === undefined) return;

  const result = generateRolePolicies(config, { sourceBucket, sourceKeys });
  if ('problem' in result) {
    void vscode.window.showErrorMessage(plainText(`${TITLE}: ${result.problem}.`));
    return;
  }
  const permission = await vscode.workspace.openTextDocument({ language: 'json', content: result.permissionPolicy });
  await vscode.window.showTextDocument(permission, { preview: false });
  const trust = await vscode.workspace.openTextDocument({ language: 'json', content: result.trustPolicy });
  await vscode.window.showTextDocument(trust, { preview: false, viewColumn: vscode.ViewColumn.Beside });
  const usage = 'Left: the permission policy (aws iam put-role-policy). Right: the trust policy (aws iam create-role --assume-role-policy-document).';
  void vscode.window.showInformationMessage(plainText(`${TITLE}: ${[usage, ...result.notes].join(' ')}`));
}

/** The configuration never names its own bucket; the role policies open beside it may. */
async function askSourceBucket(config: JsonDocument, others: JsonDocument[]): Promise<string | undefined> {
  const guess = config.live?.sourceBucket ?? guessSources(config, others)[0];
  return vscode.window.showInputBox({
    title: TITLE,
    prompt: 'The source bucket: the bucket this replication configuration is put on (the configuration itself does not name it).',
    placeHolder: 'my-source-bucket',
    value: guess,
    ignoreFocusOut: true,
    validateInput: (v) => bucketNameProblem(v.trim()),
  }).then((v) => v?.trim());
}

/** SSE-KMS source objects need Decrypt on keys the configuration does not name; empty leaves a placeholder. */
async function askSourceKeys(): Promise<string[] | undefined> {
  const answer = await vscode.window.showInputBox({
    title: TITLE,
    prompt: 'ARNs of the KMS keys that encrypt the source objects, comma-separated (leave empty for a placeholder to fill in later).',
    placeHolder: 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-...',
    ignoreFocusOut: true,
    validateInput: (v) => {
      for (const key of splitKeys(v)) {
        const problem = arnProblem(key) ?? (/^arn:[^:]+:kms:/.test(key) ? undefined : 'not a KMS key ARN');
        if (problem) return `${key}: ${problem}`;
      }
      return undefined;
    },
  });
  return answer === undefined ? undefined : splitKeys(answer);
}

function splitKeys(value: string): string[] {
  return value
    .split(/[,\s]+/)
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

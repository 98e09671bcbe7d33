/**
/**
 * Quick fixes for our diagnostics (computed by the engine in the file's own indentation and line
 * endings), plus "fix all in file".
 *
 * Cheap to offer, paid for when chosen: the lightbulb asks for actions on every cursor move, and
 * computing their edits there (every "fix all" and "Convert all N V1 rules" edit) blocked the
 * extension host for two minutes per request on a 200-rule configuration. Actions are offered for
 * the diagnostics of the range asked only, without edits; VS Code asks `resolveCodeAction` for the
 * edit of the one the user picks, and that work runs in slices of a few milliseconds, giving the
 * host back in between.
 */
import * as vscode from 'vscode';
import { NonOverlapping } from '../core/editBatch';
import { checkedEdits } from '../core/edit/apply';
import { Finding, Fix, TextEdit } from '../core/findings';
import { CONFIG_FILE_NAME } from '../core/projectConfig/types';
import { ruleById } from '../core/rules';
import { DiagnosticsController, PublishedFindings } from './diagnostics';
import { DIAGNOSTIC_SOURCE, diagnosticKey } from './diagnosticFactory';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('s3ReplicationDoctor');

/** Longest stretch of fix computation between two returns to the extension host's event loop. */
export const SLICE_MS = 15;

/** An action whose edit is computed when VS Code resolves it. */
export class LazyFixAction extends vscode.CodeAction {
  constructor(
    title: string,
    kind: vscode.CodeActionKind,
    readonly document: vscode.TextDocument,
    /** The document version the fixes were computed for: their offsets mean nothing in another. */
    readonly version: number,
    readonly fixes: readonly Fix[],
    readonly all: boolean,
  ) {
    super(title, kind);
  }
}

/** The command behind "Turn off <rule> in .s3-replication-doctor.json" (editor/commands/turnOffRule.ts). */
export const TURN_OFF_RULE_COMMAND = 's3ReplicationDoctor.turnOffRule';

/**
 * What every linter's lightbulb also offers beside the fixes: turning the rule off for the project,
 * and the rule's documentation. Listed after the fixes, never preferred.
 */
function ruleActions(document: vscode.TextDocument, diagnostic: vscode.Diagnostic, ruleId: string): vscode.CodeAction[] {
  const off = new vscode.CodeAction(`Turn off ${ruleId} in ${CONFIG_FILE_NAME}`, vscode.CodeActionKind.QuickFix);
  off.diagnostics = [diagnostic];
  off.command = { command: TURN_OFF_RULE_COMMAND, title: off.title, arguments: [document.uri, ruleId] };
  const out = [off];
  const docUrl = ruleById(ruleId)?.docUrl;
  if (docUrl) {
    const docs = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
    docs.diagnostics = [diagnostic];
    docs.command = { command: 'vscode.open', title: docs.title, arguments: [vscode.Uri.parse(docUrl)] };
    out.push(docs);
  }
  return out;
}

export class ReplicationCodeActions implements vscode.CodeActionProvider<vscode.CodeAction> {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(private readonly diagnostics: DiagnosticsController) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const published = this.diagnostics.findingsFor(document);
    if (!published) return [];
    if (context.only && FIX_ALL_KIND.contains(context.only)) {
      const all = fixAllAction(document, published, FIX_ALL_KIND);
      return all ? [all] : [];
    }
    // VS Code passes the diagnostics under the range asked: only their fixes are offered.
    const actions: LazyFixAction[] = [];
    const others: vscode.CodeAction[] = [];
    const offered = new Set<string>();
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = published.byKey.get(diagnosticKey(diagnostic));
      for (const fix of finding?.fixes ?? []) {
        const action = new LazyFixAction(fix.title, vscode.CodeActionKind.QuickFix, document, published.version, [fix], false);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred === true;
        actions.push(action);
      }
      // Once per rule: two findings of one rule under the cursor need one "turn off".
      if (finding && !offered.has(finding.ruleId)) {
        offered.add(finding.ruleId);
        others.push(...ruleActions(document, diagnostic, finding.ruleId));
      }
    }
    if (actions.length > 0) {
      const all = fixAllAction(document, published, vscode.CodeActionKind.QuickFix);
      if (all) actions.push(all);
    }
    return [...actions, ...others];
  }

  async resolveCodeAction(action: vscode.CodeAction, token: vscode.CancellationToken): Promise<vscode.CodeAction> {
    if (!(action instanceof LazyFixAction)) return action;
    const edits = await computeEdits(action, token);
    if (edits) action.edit = workspaceEdit(action.document, edits);
    return action;
  }
}

const preferredCache = new WeakMap<PublishedFindings, Fix[]>();

/** The preferred fix of each finding, each fix once (one "convert all" fix serves many findings). */
function preferredFixes(published: PublishedFindings): Fix[] {
  let out = preferredCache.get(published);
  if (!out) {
    out = [...new Set(published.findings.flatMap((f: Finding) => f.fixes?.filter((x) => x.preferred) ?? []))];
    preferredCache.set(published, out);
  }
  return out;
}

/** "Fix all": every preferred fix, in one edit. As a quick fix, only when there are two or more. */
function fixAllAction(document: vscode.TextDocument, published: PublishedFindings, kind: vscode.CodeActionKind): LazyFixAction | undefined {
  const fixes = preferredFixes(published);
  if (fixes.length < (kind === FIX_ALL_KIND ? 1 : 2)) return undefined;
  return new LazyFixAction(`Fix all auto-fixable S3 Replication Doctor problems (${fixes.length})`, kind, document, published.version, fixes, true);
}

/**
 * The action's edits, computed in slices; undefined when the document changed since the fixes were
 * offered (their offsets are stale) or the request was cancelled.
 */
export async function computeEdits(action: LazyFixAction, token?: vscode.CancellationToken): Promise<TextEdit[] | undefined> {
  const stale = () => action.document.isClosed || action.document.version !== action.version || token?.isCancellationRequested === true;
  const clock = new SliceClock();
  const taken = new NonOverlapping();
  const text = action.document.getText();
  for (const fix of action.fixes) {
    const edits = await sliced(fix, clock, stale);
    if (edits === undefined) return undefined;
    // Edits that do not fit this text (a faulty fix) are left out: never an edit that errors.
    const fitting = edits.length > 0 ? checkedEdits(text, edits) : undefined;
    if (fitting) taken.take(fitting, fix.container);
    if (await clock.pause(stale)) return undefined;
  }
  return stale() ? undefined : taken.edits;
}

/** Runs a fix's computation, in pieces when it offers them; a failing fix gives no edits, never an error. */
async function sliced(fix: Fix, clock: SliceClock, stale: () => boolean): Promise<TextEdit[] | undefined> {
  try {
    if (!fix.editsStepwise) return fix.edits();
    const run = fix.editsStepwise();
    for (;;) {
      const next = run.next();
      if (next.done) return next.value;
      if (await clock.pause(stale)) return undefined;
    }
  } catch {
    return [];
  }
}

/** Hands the event loop back once a slice has run for `SLICE_MS`. */
class SliceClock {
  private started = performance.now();

  /** Returns true when the work should stop (the caller's `stale` said so after the pause). */
  async pause(stale: () => boolean): Promise<boolean> {
    if (performance.now() - this.started < SLICE_MS) return false;
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
    return stale();
  }
}

function workspaceEdit(document: vscode.TextDocument, edits: TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) {
    we.replace(document.uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.content);
  }
  return we;
}

/** Command: apply every preferred fix of the active editor (the palette counterpart of fix-all). */
export async function fixAllInActiveEditor(diagnostics: DiagnosticsController): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a replication configuration or policy JSON file first.');
    return;
  }
  const published = diagnostics.findingsFor(editor.document);
  const action = published && fixAllAction(editor.document, published, FIX_ALL_KIND);
  if (!action) {
    void vscode.window.showInformationMessage('S3 Replication Doctor: nothing to fix automatically in this file.');
    return;
  }
  const edits = await computeEdits(action);
  if (!edits) {
    void vscode.window.showInformationMessage('S3 Replication Doctor: the file changed while its fixes were computed; run the command again.');
    return;
  }
  if (edits.length === 0) {
    void vscode.window.showInformationMessage('S3 Replication Doctor: nothing to fix automatically in this file.');
    return;
  }
  await vscode.workspace.applyEdit(workspaceEdit(editor.document, edits));
}

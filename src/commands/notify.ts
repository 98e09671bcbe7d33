/**
 * Notifications and dialogs whose text is bounded (see shortText.ts): what is left out of them is
 * written to the output channel, so nothing is lost and no dialog grows to tens of thousands of
 * characters.
 */
import * as vscode from 'vscode';
import { plainText } from '../core/text';
import { capText, DETAIL_LIMIT, MESSAGE_LIMIT } from './shortText';

type Kind = 'info' | 'warning' | 'error';

const SHOW = {
  info: vscode.window.showInformationMessage,
  warning: vscode.window.showWarningMessage,
  error: vscode.window.showErrorMessage,
} as const;

/**
 * Shows `text` (and a modal's `detail`) within the limits, logging the whole of anything cut.
 * Notifications and dialogs do not render markdown: findings quoted in them are shown as plain text.
 */
export function notify<T extends string>(log: vscode.LogOutputChannel, kind: Kind, markdown: string, options: { modal?: boolean; detail?: string } = {}, ...items: T[]): Thenable<T | undefined> {
  const text = plainText(markdown);
  const message = capText(text, MESSAGE_LIMIT);
  const detail = options.detail === undefined ? undefined : capText(plainText(options.detail), DETAIL_LIMIT);
  if (message.cut || detail?.cut) {
    const full = [text, ...(options.detail ? [plainText(options.detail)] : [])].join('\n');
    (kind === 'error' ? log.error : kind === 'warning' ? log.warn : log.info).call(log, `[fix] ${full}`);
  }
  const show = SHOW[kind] as (message: string, options: vscode.MessageOptions, ...items: T[]) => Thenable<T | undefined>;
  return show.call(vscode.window, message.text, { modal: options.modal, detail: detail?.text }, ...items);
}

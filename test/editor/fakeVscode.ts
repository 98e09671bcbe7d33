/**
 * The part of the `vscode` module the code-action provider and the diagnostic factory use, with
 * VS Code's semantics where the provider depends on them (kinds, ranges, workspace edits). Lets unit
 * tests and `npm run bench` call the provider as the editor does, without an editor.
 */
import { LineIndex } from '../../src/core/lines';

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c as number, d as number) : (b as Position);
  }
}

export class CodeActionKind {
  static readonly Empty = new CodeActionKind('');
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly SourceFixAll = new CodeActionKind('source.fixAll');
  constructor(readonly value: string) {}
  append(part: string): CodeActionKind {
    return new CodeActionKind(this.value ? `${this.value}.${part}` : part);
  }
  contains(other: CodeActionKind): boolean {
    return this.value === other.value || other.value.startsWith(`${this.value}.`);
  }
  intersects(other: CodeActionKind): boolean {
    return this.contains(other) || other.contains(this);
  }
}

export class CodeAction {
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  edit?: WorkspaceEdit;
  constructor(
    readonly title: string,
    readonly kind?: CodeActionKind,
  ) {}
}

export class Uri {
  private constructor(private readonly value: string) {}
  static parse(value: string): Uri {
    return new Uri(value);
  }
  static file(path: string): Uri {
    return new Uri(`file://${path}`);
  }
  get path(): string {
    return this.value.replace(/^[a-z]+:\/\/[^/]*/, '');
  }
  get fsPath(): string {
    return this.path;
  }
  get scheme(): string {
    return this.value.slice(0, this.value.indexOf(':'));
  }
  toString(): string {
    return this.value;
  }
}

export class WorkspaceEdit {
  readonly replacements: { uri: Uri; range: Range; text: string }[] = [];
  replace(uri: Uri, range: Range, text: string): void {
    this.replacements.push({ uri, range, text });
  }
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Diagnostic {
  source?: string;
  code?: string | number | { value: string | number; target: Uri };
  relatedInformation?: DiagnosticRelatedInformation[];
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity,
  ) {}
}

export class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Range,
  ) {}
}

export class DiagnosticRelatedInformation {
  constructor(
    readonly location: Location,
    readonly message: string,
  ) {}
}

/** A text document as the extension host holds one. */
export class FakeDocument {
  readonly uri: Uri;
  isClosed = false;
  private index: LineIndex;
  private starts: number[];
  constructor(
    uri: string,
    private text: string,
    public version = 1,
    readonly languageId = 'json',
  ) {
    this.uri = Uri.parse(uri);
    this.index = new LineIndex(text);
    this.starts = lineStarts(text);
  }
  getText(): string {
    return this.text;
  }
  positionAt(offset: number): Position {
    const p = this.index.positionAt(offset);
    return new Position(p.line, p.character);
  }
  offsetAt(p: Position): number {
    return Math.min(this.starts[p.line] + p.character, this.text.length);
  }
  /** Applies a workspace edit the way VS Code does (all ranges refer to the text before it). */
  apply(edit: WorkspaceEdit): void {
    const spans = edit.replacements
      .map((r) => ({ start: this.offsetAt(r.range.start), end: this.offsetAt(r.range.end), text: r.text }))
      .sort((a, b) => b.start - a.start);
    let out = this.text;
    for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
    this.setText(out);
  }
  setText(text: string): void {
    this.text = text;
    this.index = new LineIndex(text);
    this.starts = lineStarts(text);
    this.version++;
  }
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) out.push(i + 1);
  }
  return out;
}

export const window = {
  activeTextEditor: undefined,
  showInformationMessage: () => Promise.resolve(undefined),
};

export interface Disposable {
  dispose(): void;
}

export class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  readonly event = (listener: (e: T) => void): Disposable => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((l) => l !== listener)) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class CancellationTokenSource {
  readonly token = { isCancellationRequested: false };
  cancel(): void {
    this.token.isCancellationRequested = true;
  }
  dispose(): void {}
}

/** The workspace's files on "disk", by path, for the store's scan (`findFiles`, `fs`). */
export const fakeFiles = new Map<string, string>();
/** The workspace folder: files under it belong to the workspace. */
export const fakeFolder = { path: '/w' };
/** Fires as VS Code's `onDidChangeTextDocument`. */
export const fakeTextChanges = new EventEmitter<{ document: { uri: Uri } }>();

export const workspace = {
  applyEdit: () => Promise.resolve(true),
  findFiles: async (_include: string, _exclude: string, max: number) => [...fakeFiles.keys()].slice(0, max).map((p) => Uri.file(p)),
  fs: {
    stat: async (uri: Uri) => {
      const text = fakeFiles.get(uri.path);
      if (text === undefined) throw new Error(`ENOENT ${uri.path}`);
      return { size: Buffer.byteLength(text) };
    },
    readFile: async (uri: Uri) => {
      const text = fakeFiles.get(uri.path);
      if (text === undefined) throw new Error(`ENOENT ${uri.path}`);
      return new TextEncoder().encode(text);
    },
  },
  onDidChangeTextDocument: fakeTextChanges.event,
  getWorkspaceFolder: (uri: Uri) => (uri.path.startsWith(`${fakeFolder.path}/`) ? { uri: Uri.file(fakeFolder.path) } : undefined),
  createFileSystemWatcher: () => ({ onDidCreate: () => undefined, onDidChange: () => undefined, onDidDelete: () => undefined, dispose: () => undefined }),
};

/**
 * Finding and reading the files to check. Reading records how each file was encoded so that
 * `--fix` can write it back byte-for-byte the same apart from the fix itself.
 */
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAME } from '../core/projectConfig/types';
import { MAX_DOCUMENT_CHARS, TextEncoding, TooLarge } from '../core/document';
import { decodeBytes } from '../core/encoding';

/**
 * Folders never worth reading: dependencies and VCS internals hold no configuration of ours, nor
 * does `.terraform` (the providers and modules Terraform downloaded, not the user's code).
 * (`cdk.out` is read on purpose: CDK's synthesized templates are what CloudFormation deploys.)
 */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.terraform']);

export class CliError extends Error {}

/**
 * Expands the command line's paths into absolute file paths, in a stable order and without
 * duplicates. Named files are taken whatever their extension; folders give the files whose names end
 * with one of `extensions` (lower case, with the dot: `.json`, `.yaml`, `.tf`, …).
 * Symbolic links to files are followed; links to folders are not (they can form cycles).
 * The first path that does not exist stops everything (exit 2), as eslint does: checking only
 * part of what CI asked for and passing would hide the mistake. So does a named path that is neither
 * a folder nor a regular file (a FIFO, a device such as /dev/zero): reading one would block or never
 * end. Folder walks take regular files only.
 */
export async function collectFiles(paths: readonly string[], cwd: string, extensions: readonly string[] = ['.json']): Promise<{ files: string[]; named: Set<string> }> {
  const files: string[] = [];
  const named = new Set<string>();
  const seen = new Set<string>();
  const add = (file: string): void => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const stat = await fs.stat(abs).catch((err: NodeJS.ErrnoException) => {
      throw new CliError(`cannot read ${p}: ${describeIoError(err)}`);
    });
    if (stat.isDirectory()) {
      const found = await walk(abs, extensions);
      if (found.length === 0) throw new CliError(`no files to check in ${p} (looked for ${extensions.map((e) => `*${e}`).join(', ')})`);
      found.forEach(add);
    } else if (!stat.isFile()) {
      throw new CliError(`cannot read ${p}: not a regular file (${fileType(stat)})`);
    } else {
      named.add(abs);
      add(abs);
    }
  }
  return { files, named };
}

async function walk(dir: string, extensions: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    throw new CliError(`cannot read ${dir}: ${describeIoError(err)}`);
  });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_DIRS.has(e.name)) out.push(...(await walk(full, extensions)));
    } else if (e.name === CONFIG_FILE_NAME) {
      continue; // our own configuration, read by config.ts, is not a document to check
    } else if (hasExtension(e.name, extensions) && (e.isFile() || (e.isSymbolicLink() && (await isFile(full))))) {
      out.push(full);
    }
  }
  return out;
}

function fileType(stat: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

function hasExtension(name: string, extensions: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return extensions.some((x) => lower.endsWith(x));
}

async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then((s) => s.isFile(), () => false);
}

export type Encoding = 'utf8' | 'utf16le' | 'utf16be';

export interface SourceFile {
  /** Absolute path; also the document URI given to the engine. */
  path: string;
  /** Text as analysed: decoded, without byte order mark. */
  text: string;
  encoding: Encoding;
  bom: boolean;
  /** The exact bytes read, so a write can check nobody changed the file in the meantime. */
  bytes: Buffer;
  /** False when the bytes are not valid in their encoding: rewriting would replace characters. */
  writable: boolean;
  /** No write permission bit, or this process may not write it: `--fix` reports it and leaves it alone. */
  readOnly?: boolean;
  /** Set when the file was too large to read whole: `text` is then its beginning only. */
  tooLarge?: TooLarge;
}

/**
 * Files above this many bytes are not read whole. No UTF-16 code unit takes more than 3 bytes of
 * UTF-8, so such a file certainly holds more characters than the engine analyses; reading it would
 * only cost memory (a directory of fixtures must not run the CLI out of it).
 */
export const MAX_READ_BYTES = 3 * MAX_DOCUMENT_CHARS;
/** Enough of an oversized file to tell what it is. */
const HEAD_BYTES = 64 * 1024;

/**
 * Reads a regular file. It is opened without blocking and checked before anything is read, so a path
 * that became a FIFO or a device since it was listed fails at once instead of hanging.
 */
export async function readSource(file: string, display: string): Promise<SourceFile> {
  const failed = (err: NodeJS.ErrnoException): never => {
    throw new CliError(`cannot read ${display}: ${describeIoError(err)}`);
  };
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch(failed);
  try {
    const stat = await handle.stat().catch(failed);
    if (!stat.isFile()) throw new CliError(`cannot read ${display}: not a regular file (${fileType(stat)})`);
    if (stat.size > MAX_READ_BYTES) {
      const head = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(head, 0, HEAD_BYTES, 0).catch(failed);
      const bytes = head.subarray(0, bytesRead);
      // Never written back: the text is not the whole file.
      return { path: file, bytes, ...decode(bytes), writable: false, tooLarge: { size: stat.size, unit: 'bytes', limit: MAX_DOCUMENT_CHARS } };
    }
    const bytes = await handle.readFile().catch(failed);
    const readOnly = (stat.mode & 0o222) === 0 || !(await fs.access(file, constants.W_OK).then(() => true, () => false));
    return { path: file, bytes, readOnly, ...decode(bytes) };
  } finally {
    await handle.close();
  }
}

/** The engine's name for how the file was encoded. */
export function textEncoding(file: Pick<SourceFile, 'encoding' | 'bom'>): TextEncoding {
  return file.encoding === 'utf8' ? (file.bom ? 'utf8bom' : 'utf8') : file.encoding;
}

/** The text and how the file was encoded; invalid UTF-8 is still analysed, with replacement characters. */
export function decode(bytes: Buffer): Pick<SourceFile, 'text' | 'encoding' | 'bom' | 'writable'> {
  const d = decodeBytes(bytes);
  return { text: d.text, encoding: d.encoding === 'utf8bom' ? 'utf8' : d.encoding, bom: d.encoding !== 'utf8', writable: d.valid };
}

/** The bytes for `text` in the file's original encoding, byte order mark included if it had one. */
export function encode(file: Pick<SourceFile, 'encoding' | 'bom'>, text: string): Buffer {
  if (file.encoding === 'utf8') {
    const body = Buffer.from(text, 'utf8');
    return file.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  }
  const le = Buffer.from(`\ufeff${text}`, 'utf16le');
  return file.encoding === 'utf16le' ? le : le.swap16();
}

export function describeIoError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a folder';
    case 'ENOTDIR':
      return 'a parent of it is not a folder';
    default:
      return err.message;
  }
}

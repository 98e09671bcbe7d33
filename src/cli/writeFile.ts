/**
 * Writes a fixed file without ever leaving it half-written, clobbering someone else's change, or
 * changing what the file is to the file system.
 *
 * - **Read-only files are left alone**: a file without any write permission bit (a 0444 file, even
 *   for root) or that this process may not write is reported, never rewritten.
 * - **Same file, same identity**: an ordinary file (one link, an owner this process can give it back
 *   to) is replaced atomically: a temp file beside it with its mode and owner, fsync, rename. A crash
 *   leaves the old or the new file, never half of one. A file with several hard links, or owned by
 *   someone this process cannot give the file back to, is written **in place** instead (after the
 *   same comparison), so its links, owner, group and any ACL stay what they were: a rename would
 *   split the links or hand the file to the fixer's user. So is a writable file in a folder where no
 *   temp file can be created.
 * - **A racing save is never overwritten silently**: the bytes are compared with what was analysed
 *   when writing starts, again (with the file's identity, size and mtime) right before the rename,
 *   and after it: a save that lands in the original file or replaces it after the last comparison is
 *   put back (the original is kept under a hard link until the rename is checked), and the file is
 *   reported as changed, not fixed. What remains is a rename-replace save landing between the last
 *   two system calls, a window of microseconds no POSIX call closes.
 */
import { randomBytes } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { CliError, SourceFile, describeIoError, encode } from './files';

export type WriteOutcome = 'written' | 'changed' | 'read-only';

/** Test hooks: a save can be made to land exactly where a racing editor's would. */
export interface WriteHooks {
  /** After the new content is prepared (the temp file written and synced), before the last comparison. */
  whileWriting?: () => Promise<void> | void;
  /** After the last comparison, right before the rename (or the in-place write). */
  beforeCommit?: () => Promise<void> | void;
}

/** No write permission bit at all: the owner marked it read-only, and root honours that here too. */
export function isReadOnlyMode(mode: number): boolean {
  return (mode & 0o222) === 0;
}

/**
 * @returns `written`; `changed` when the file is not what was analysed any more (nothing of it is
 *   lost then); `read-only` when it must not be written (nothing is written).
 * @throws CliError when the file cannot be written; the original is untouched in that case.
 */
export async function writeFixed(file: SourceFile, text: string, display: string, hooks: WriteHooks = {}): Promise<WriteOutcome> {
  // Write through a symbolic link to its target: renaming over the link would replace it with a copy.
  const target = await fs.realpath(file.path).catch((err: NodeJS.ErrnoException) => fail(display, err));
  const original = await fs.open(target, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((err: NodeJS.ErrnoException) => fail(display, err));
  try {
    const stat = await original.stat();
    if (!stat.isFile()) throw new CliError(`cannot write ${display}: not a regular file`);
    if (isReadOnlyMode(stat.mode) || !(await writable(target))) return 'read-only';
    if (!(await holds(original, file.bytes))) return 'changed';
    const bytes = encode(file, text);
    if (stat.nlink > 1 || !canGiveBack(stat)) return await writeInPlace(target, stat, file.bytes, bytes, display, hooks);
    return await writeByRename(target, original, stat, file.bytes, bytes, display, hooks);
  } finally {
    await original.close();
  }
}

async function writable(target: string): Promise<boolean> {
  return fs.access(target, constants.W_OK).then(
    () => true,
    () => false,
  );
}

/** Whether a new file can be given the old one's owner and group (root can; others only their own). */
function canGiveBack(stat: Stats): boolean {
  if (typeof process.getuid !== 'function') return true;
  const uid = process.getuid();
  if (uid === 0) return true;
  return stat.uid === uid && (stat.gid === process.getgid?.() || (process.getgroups?.() ?? []).includes(stat.gid));
}

/** The open file's whole content is `bytes`. */
async function holds(handle: fs.FileHandle, bytes: Buffer): Promise<boolean> {
  const now = await readAll(handle);
  return now.equals(bytes);
}

async function readAll(handle: fs.FileHandle): Promise<Buffer> {
  const { size } = await handle.stat();
  const buffer = Buffer.alloc(size + 1);
  let read = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, read, buffer.length - read, read);
    if (bytesRead === 0) return buffer.subarray(0, read);
    read += bytesRead;
    if (read === buffer.length) return Buffer.concat([buffer, await readFrom(handle, read)]);
  }
}

async function readFrom(handle: fs.FileHandle, position: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
    if (bytesRead === 0) return Buffer.concat(chunks);
    chunks.push(chunk.subarray(0, bytesRead));
    position += bytesRead;
  }
}

const sameFile = (a: Stats, b: Stats) => a.ino === b.ino && a.dev === b.dev;
const unchangedStat = (a: Stats, b: Stats) => sameFile(a, b) && a.size === b.size && a.mtimeMs === b.mtimeMs;

function sibling(target: string, what: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.${what}`);
}

async function writeByRename(target: string, original: fs.FileHandle, stat: Stats, analysed: Buffer, bytes: Buffer, display: string, hooks: WriteHooks): Promise<WriteOutcome> {
  const tmp = sibling(target, 'tmp');
  let guard: string | undefined;
  // A writable file in a folder that is not (a shared folder): no temp file beside it, so in place.
  const created = await fs.open(tmp, 'wx', stat.mode & 0o777).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EACCES' || err.code === 'EPERM') return undefined;
    return fail(display, err);
  });
  if (!created) return writeInPlace(target, stat, analysed, bytes, display, hooks);
  try {
    const handle = created;
    try {
      await handle.writeFile(bytes);
      await handle.chmod(stat.mode & 0o7777);
      // Only root can give a file away; for everyone else it is already theirs (canGiveBack).
      await handle.chown(stat.uid, stat.gid).catch(() => undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await hooks.whileWriting?.();
    // The last comparison: the same file (not replaced), same size and time, same bytes.
    const now = await fs.stat(target);
    if (!unchangedStat(now, stat) || !(await holds(original, analysed))) {
      await fs.rm(tmp, { force: true });
      return 'changed';
    }
    await hooks.beforeCommit?.();
    // Keep whatever is at the path now under a second name until the rename is checked.
    guard = sibling(target, 'orig');
    await fs.link(target, guard).catch(() => (guard = undefined));
    await fs.rename(tmp, target);
    const kept = guard ? await fs.stat(guard) : undefined;
    if (guard && kept && !sameFile(kept, stat)) {
      // The file was replaced (a rename-save) after the last comparison: theirs goes back.
      await fs.rename(guard, target);
      guard = undefined;
      return 'changed';
    }
    if (!(await holds(original, analysed))) {
      // A save landed in the original file after the last comparison: it goes back.
      if (guard) {
        await fs.rename(guard, target);
        guard = undefined;
      } else {
        await fs.writeFile(target, await readAll(original));
      }
      return 'changed';
    }
    return 'written';
  } catch (err) {
    await fs.rm(tmp, { force: true });
    return fail(display, err as NodeJS.ErrnoException);
  } finally {
    if (guard) await fs.rm(guard, { force: true });
  }
}

/** For hard-linked files and files of another owner: the same inode keeps its links, owner and ACLs. */
async function writeInPlace(target: string, stat: Stats, analysed: Buffer, bytes: Buffer, display: string, hooks: WriteHooks): Promise<WriteOutcome> {
  const handle = await fs.open(target, constants.O_RDWR | (constants.O_NONBLOCK ?? 0)).catch((err: NodeJS.ErrnoException) => fail(display, err));
  try {
    await hooks.whileWriting?.();
    const now = await handle.stat();
    if (!unchangedStat(now, stat) || !(await holds(handle, analysed))) return 'changed';
    await hooks.beforeCommit?.();
    // Write first, then cut: the file is never shorter than either version while it is written.
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.truncate(bytes.length);
    await handle.sync();
    const after = await fs.stat(target).catch(() => undefined);
    // Replaced by a rename-save meanwhile: their file is at the path, this write went to the old one.
    if (!after || !sameFile(after, stat)) return 'changed';
    return 'written';
  } catch (err) {
    return fail(display, err as NodeJS.ErrnoException);
  } finally {
    await handle.close();
  }
}

function fail(display: string, err: NodeJS.ErrnoException): never {
  if (err instanceof CliError) throw err;
  throw new CliError(`cannot write ${display}: ${describeIoError(err)}`);
}

/**
 * Writes a fixed file without ever leaving it half-written or clobbering someone else's change:
 * temp file beside it, same mode and owner, fsync, rename over the original.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CliError, SourceFile, describeIoError, encode } from './files';

/**
 * @returns false when the file changed on disk since it was read (nothing is written then).
 * @throws CliError when the file cannot be written; the original is untouched in that case.
 */
export async function writeFixed(file: SourceFile, text: string, display: string): Promise<boolean> {
  // Write through a symbolic link to its target: renaming over the link would replace it with a copy.
  const target = await fs.realpath(file.path).catch((err: NodeJS.ErrnoException) => fail(display, err));
  const onDisk = await fs.readFile(target).catch((err: NodeJS.ErrnoException) => fail(display, err));
  if (!onDisk.equals(file.bytes)) return false;
  const stat = await fs.stat(target).catch((err: NodeJS.ErrnoException) => fail(display, err));
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(tmp, 'wx', stat.mode & 0o777);
    try {
      await handle.writeFile(encode(file, text));
      await handle.chmod(stat.mode & 0o7777);
      // Only root can give a file away; for everyone else the owner is already theirs.
      await handle.chown(stat.uid, stat.gid).catch(() => undefined);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
    return true;
  } catch (err) {
    await fs.rm(tmp, { force: true });
    return fail(display, err as NodeJS.ErrnoException);
  }
}

function fail(display: string, err: NodeJS.ErrnoException): never {
  throw new CliError(`cannot write ${display}: ${describeIoError(err)}`);
}

/**
 * Writing a report file: to a temporary file beside it, then renamed over it, so a reader (or a CI
 * step) never sees half a report and a failed run leaves the previous report in place. A folder is
 * never replaced.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Why `file` cannot be written, found before any work is done; undefined when it looks writable. */
export async function checkOutputPath(file: string): Promise<string | undefined> {
  const stat = await fs.stat(file).catch(() => undefined);
  if (stat?.isDirectory()) return `--out ${file} is a folder; name a file to write the report to`;
  const folder = path.dirname(path.resolve(file));
  const parent = await fs.stat(folder).catch(() => undefined);
  if (parent === undefined) return `--out ${file}: the folder ${folder} does not exist`;
  if (!parent.isDirectory()) return `--out ${file}: ${folder} is not a folder`;
  return undefined;
}

export async function writeFileAtomically(file: string, content: string): Promise<void> {
  // Write through a symbolic link to its target rather than replacing the link.
  const target = await fs.realpath(file).catch(() => file);
  const existing = await fs.stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new Error(`${file} is a folder`);
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    // A report replacing an earlier one keeps its permissions.
    if (existing !== undefined) await fs.chmod(temporary, existing.mode & 0o7777);
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

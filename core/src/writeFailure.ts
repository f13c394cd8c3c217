// Why a file could not be written, in words a user understands: shared by every store that writes the
// user's files (annotations, review decisions), so the messages read the same whichever file it was.

export function describeWriteFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC': return 'the disk is full (ENOSPC)';
    case 'EDQUOT': return 'the disk quota is used up (EDQUOT)';
    case 'EROFS': return 'the disk is read-only (EROFS)';
    case 'EACCES':
    case 'EPERM': return `permission denied (${code})`;
    case 'EIO': return 'an input/output error from the disk (EIO)';
    case 'EBUSY': return 'the file is busy (EBUSY)';
    default: return error instanceof Error ? error.message : String(error);
  }
}

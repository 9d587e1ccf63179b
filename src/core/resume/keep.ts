/**
 * What brings a file back after a reload, kept beside its upload URL once the server created it (or
 * still had it): the file's handle, else (`keepCopy`) a copy in OPFS. The copy is recorded before it is
 * written, and tus-js-client stores the upload URL a little after the record (once the file's digest is
 * ready): `keptAt` gives a sweep of another tab ORPHAN_GRACE_MS before it takes either for an orphan; a copy that cannot be written (no room,
 * no OPFS, the upload stopped) is deleted and its record dropped. Never throws: keeping is a bonus.
 */
import { deleteCopy, writeCopy } from './copy.js';
import type { FileStore } from './files.js';
import type { FileHandleLike } from '../source.js';

export const DEFAULT_KEEP_COPY_DAYS = 3;

export interface KeepOptions {
  files: FileStore;
  uploadUrl: string;
  input: unknown;
  handle?: FileHandleLike | null;
  keepCopy?: boolean;
  keepCopyDays?: number | null;
  signal: AbortSignal;
}

export async function keepFile({ files, uploadUrl, input, handle, keepCopy, keepCopyDays, signal }: KeepOptions): Promise<void> {
  try {
    const record = await files.get(uploadUrl);
    if (handle) {
      if (!record?.handle) await files.put({ ...record, uploadUrl, handle, keptAt: Date.now() });
      return;
    }
    if (!keepCopy || record?.copy || record?.handle || typeof Blob === 'undefined' || !(input instanceof Blob)) return;
    const copy = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    await files.put({ ...record, uploadUrl, copy, keptAt: Date.now(), copyUntil: Date.now() + (keepCopyDays ?? DEFAULT_KEEP_COPY_DAYS) * 86_400_000 });
    if (await writeCopy(input, copy, signal)) return;
    await deleteCopy(copy);
    const { copy: _copy, copyUntil: _until, ...rest } = (await files.get(uploadUrl)) ?? { uploadUrl };
    await (rest.handle ? files.put(rest) : files.delete(uploadUrl));
  } catch {
    // nothing kept: after a reload the file is chosen again
  }
}

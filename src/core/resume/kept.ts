/**
 * An unfinished upload's file, read back from what was kept of it (keep.ts): its handle, asked for read
 * permission (the browser may prompt: the caller is inside the user's click), or its OPFS copy, checked
 * for its size. `resume-file-unavailable` when nothing usable was kept: the user chooses the file again.
 */
import { GcoreUploaderError } from '../../errors.js';
import type { FileHandleLike } from '../source.js';
import { readCopy } from './copy.js';
import type { FileStore } from './files.js';
import type { UnfinishedUpload } from './types.js';

const unavailable = (detail: string) => new GcoreUploaderError('resume-file-unavailable', { params: { detail } });

export async function keptFile(files: FileStore, u: UnfinishedUpload): Promise<{ file: File; handle: FileHandleLike | null }> {
  const record = await files.get(u.uploadUrl);
  const handle = record?.handle;
  if (handle) {
    const state = (await handle.queryPermission?.({ mode: 'read' })) ?? 'granted';
    if (state !== 'granted' && (await handle.requestPermission?.({ mode: 'read' }).catch(() => 'denied')) !== 'granted') throw unavailable('no permission to read the file again');
    const file = await handle.getFile().catch(() => null);
    if (!file) throw unavailable('the file cannot be read any more');
    return { file, handle };
  }
  const copy = record?.copy ? await readCopy(record.copy) : null;
  if (copy && copy.size === u.size) return { file: new File([copy], u.name, { type: u.type, lastModified: u.lastModified ?? undefined }), handle: null };
  throw unavailable('nothing kept of the file: choose it again');
}

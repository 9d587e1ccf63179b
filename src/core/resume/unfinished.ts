/**
 * The uploads that earlier pages of this origin left unfinished, as `UploaderSnapshot.unfinished` lists
 * them: the remembered entries (store.ts) within the scope and the time to live, each with what its
 * server holds (a HEAD to the upload URL: no token needed) and where its bytes would come from
 * (files.ts: a handle or an OPFS copy, else the user chooses the file again). An upload the server no
 * longer has (404/410) is forgotten and listed once as `expired`; copies past `keepCopyDays`, or of
 * uploads nothing remembers any more, are deleted.
 */
import { deleteCopy, listCopies } from './copy.js';
import { ORPHAN_GRACE_MS, type FileStore } from './files.js';
import { lockedUrls } from './locks.js';
import type { StoredUpload, TokenFreeUrlStorage } from './store.js';
import type { UnfinishedUpload } from './types.js';

const TUS = { 'Tus-Resumable': '1.0.0' };

export interface ListOptions {
  storage: TokenFreeUrlStorage;
  files: FileStore;
  /** Only uploads into this video, or started through this backend URL; null: every one. */
  scope: { videoId?: string; from?: string } | null;
  ttlHours: number;
  signal?: AbortSignal;
}

type Offset = number | 'gone' | null;

/** What the server holds of an upload: its offset, `gone` (404/410), or null (unreachable, refused). */
async function serverOffset(url: string, signal?: AbortSignal): Promise<Offset> {
  try {
    const res = await fetch(url, { method: 'HEAD', headers: TUS, cache: 'no-store', signal });
    if (res.status === 404 || res.status === 410) return 'gone';
    const offset = Number(res.headers.get('Upload-Offset'));
    return res.ok && Number.isFinite(offset) ? offset : null;
  } catch {
    return null;
  }
}

const inScope = (p: StoredUpload, scope: ListOptions['scope']) =>
  !scope || (scope.videoId !== undefined ? String(p.metadata?.video_id) === scope.videoId : scope.from === undefined || p.from === scope.from);

export async function listUnfinished({ storage, files, scope, ttlHours, signal }: ListOptions): Promise<UnfinishedUpload[]> {
  const now = Date.now();
  const all = await storage.findAllUploads();
  const fresh: StoredUpload[] = [];
  for (const p of all) {
    const created = Date.parse(p.creationTime);
    if (!p.uploadUrl) continue;
    if (!(created > now - ttlHours * 3_600_000)) await forget(storage, files, p.uploadUrl);
    else if (inScope(p, scope)) fresh.push(p);
  }
  await sweepCopies(storage, files, now);
  const [locked, offsets, records] = await Promise.all([
    lockedUrls(),
    Promise.all(fresh.map((p) => serverOffset(p.uploadUrl!, signal))),
    Promise.all(fresh.map((p) => files.get(p.uploadUrl!))),
  ]);
  const list: UnfinishedUpload[] = [];
  for (const [i, p] of fresh.entries()) {
    const url = p.uploadUrl!;
    const offset = offsets[i];
    const size = p.size ?? p.file?.size ?? null;
    if (offset === 'gone') await forget(storage, files, url);
    // Every byte is there already (the page closed just after the last chunk): nothing to resume.
    else if (offset !== null && size !== null && offset >= size) {
      await forget(storage, files, url);
      continue;
    }
    const record = records[i];
    list.push(
      Object.freeze({
        key: url,
        uploadUrl: url,
        videoId: String(p.metadata?.video_id ?? ''),
        name: p.file?.name ?? p.metadata?.filename ?? '',
        size,
        type: p.file?.type ?? p.metadata?.filetype ?? '',
        lastModified: p.file?.lastModified ?? null,
        createdAt: p.creationTime,
        offset: typeof offset === 'number' ? offset : null,
        source: record?.handle ? 'handle' : record?.copy ? 'copy' : 'pick',
        expired: offset === 'gone',
        otherTab: locked.has(url) ? Object.freeze({ bytesUploaded: typeof offset === 'number' ? offset : 0, bytesTotal: size ?? 0 }) : null,
      }),
    );
  }
  return list.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
}

/** Forgets an upload here: its entry, its file record and its copy. */
export async function forget(storage: TokenFreeUrlStorage, files: FileStore, uploadUrl: string): Promise<void> {
  const entry = storage.forgetUrl(uploadUrl); // at once (localStorage is synchronous): nothing resumes it from here on
  const record = await files.get(uploadUrl);
  await Promise.all([entry, files.delete(uploadUrl), deleteCopy(record?.copy)]);
}

/** Forgets it and asks the server to drop it (tus DELETE; a server that cannot be reached keeps it until it expires there). */
export async function discardUpload(storage: TokenFreeUrlStorage, files: FileStore, uploadUrl: string): Promise<void> {
  await forget(storage, files, uploadUrl);
  await fetch(uploadUrl, { method: 'DELETE', headers: TUS }).catch(() => {});
}

/** Deletes copies past their day, and records (with their copies) no remembered upload points to, once past their grace. */
async function sweepCopies(storage: TokenFreeUrlStorage, files: FileStore, now: number): Promise<void> {
  const remembered = new Set((await storage.findAllUploads()).map((p) => p.uploadUrl));
  const kept = new Set<string>();
  for (const record of await files.all()) {
    if (!remembered.has(record.uploadUrl)) {
      if (now - (record.keptAt ?? 0) < ORPHAN_GRACE_MS) {
        if (record.copy) kept.add(record.copy);
        continue;
      }
      await files.delete(record.uploadUrl);
      await deleteCopy(record.copy);
    } else if (record.copy && (record.copyUntil ?? 0) < now) {
      await deleteCopy(record.copy);
      const { copy: _copy, copyUntil: _until, ...rest } = record;
      await (rest.handle ? files.put(rest) : files.delete(record.uploadUrl));
    } else if (record.copy) kept.add(record.copy);
  }
  for (const name of await listCopies()) if (!kept.has(name)) await deleteCopy(name);
}

/**
 * Where unfinished uploads are remembered for resuming: localStorage, through tus-js-client's
 * `urlStorage` interface. The upload token is never written: only the upload URL, the size, the
 * creation time and the metadata without `token` (the video and client ids say what it was for).
 */
import type { PreviousUpload, UrlStorage } from 'tus-js-client';

const PREFIX = 'gcore-uploader::';

/** The same file (name, type, size, last change) gives the same fingerprint across page loads. */
export function fingerprintFile(file: File): string {
  return ['v1', file.name, file.type, file.size, file.lastModified].join('|');
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // sandboxed iframes and some private modes throw on access
  }
}

export class TokenFreeUrlStorage implements UrlStorage {
  async findAllUploads(): Promise<PreviousUpload[]> {
    return this.#find(PREFIX);
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    return this.#find(`${PREFIX}${fingerprint}::`);
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    storage()?.removeItem(urlStorageKey);
  }

  async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    const store = storage();
    if (!store) return '';
    const { token: _token, ...metadata } = upload.metadata ?? {};
    const entry = { size: upload.size, metadata, creationTime: upload.creationTime, uploadUrl: upload.uploadUrl };
    const key = `${PREFIX}${fingerprint}::${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    try {
      store.setItem(key, JSON.stringify(entry));
    } catch {
      return ''; // quota exceeded: the upload goes on, it just cannot be resumed after a reload
    }
    return key;
  }

  #find(prefix: string): PreviousUpload[] {
    const store = storage();
    if (!store) return [];
    const found: PreviousUpload[] = [];
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (!key?.startsWith(prefix)) continue;
      try {
        const entry = JSON.parse(store.getItem(key) ?? '');
        if (entry && typeof entry.uploadUrl === 'string') found.push({ ...entry, urlStorageKey: key });
      } catch {
        // a damaged entry never blocks an upload
      }
    }
    return found;
  }
}

/** The newest remembered upload of this file, optionally only for one video. */
export function pickPreviousUpload(previous: PreviousUpload[], videoId?: string | number): PreviousUpload | undefined {
  return previous
    .filter((p) => p.uploadUrl && (videoId === undefined || String(p.metadata?.video_id) === String(videoId)))
    .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime))[0];
}

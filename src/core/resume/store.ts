/**
 * Where an unfinished upload is remembered so that it can be resumed after a reload: a small key-value
 * store (localStorage by default in browsers, memory elsewhere), seen by tus-js-client as its
 * `urlStorage`. The upload token is never written: only the upload URL, the size, the creation time and
 * the metadata without `token` (the video and client ids say what it was for).
 */

/** What tus-js-client remembers of an upload (its `PreviousUpload`), as this store keeps it. */
export interface StoredUpload {
  size: number | null;
  metadata: Record<string, string>;
  creationTime: string;
  uploadUrl?: string;
  parallelUploadUrls?: string[];
  urlStorageKey: string;
}

/** A key-value store with the shape of `localStorage` (which is one): the default in browsers; memoryStore() elsewhere. */
export type ResumeStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

const PREFIX = 'gcore-uploader::';

/** What identifies a file across reloads. */
export interface FileMeta {
  name: string;
  size: number;
  type: string;
  lastModified?: number;
}

/** The same file (name, type, size, last change) gives the same fingerprint across page loads. */
export function fingerprintFile(file: FileMeta): string {
  return ['v1', file.name, file.type, file.size, file.lastModified ?? 0].join('|');
}

/** A store in memory (what Node gets by default: one per process, shared by its uploaders). */
export function memoryStore(): ResumeStore {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, String(value)),
    removeItem: (key) => void map.delete(key),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

let fallback: ResumeStore | null = null;

/** localStorage in browsers (where it can be used), else one in-memory store per process. */
export function defaultResumeStore(): ResumeStore {
  try {
    if (typeof localStorage !== 'undefined' && localStorage) return localStorage;
  } catch {
    // sandboxed iframes and some private modes throw on access
  }
  return (fallback ??= memoryStore());
}

/** tus-js-client's `urlStorage` over a ResumeStore, without the token (its types are kept out of the public ones). */
export class TokenFreeUrlStorage {
  constructor(private readonly store: ResumeStore = defaultResumeStore()) {}

  async findAllUploads(): Promise<StoredUpload[]> {
    return this.#find(PREFIX);
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<StoredUpload[]> {
    return this.#find(`${PREFIX}${fingerprint}::`);
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    this.store.removeItem(urlStorageKey);
  }

  async addUpload(fingerprint: string, upload: Omit<StoredUpload, 'urlStorageKey'>): Promise<string> {
    const { token: _token, ...metadata } = upload.metadata ?? {};
    const entry = { size: upload.size, metadata, creationTime: upload.creationTime, uploadUrl: upload.uploadUrl };
    const key = `${PREFIX}${fingerprint}::${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    try {
      this.store.setItem(key, JSON.stringify(entry));
    } catch {
      return ''; // quota exceeded: the upload goes on, it just cannot be resumed after a reload
    }
    return key;
  }

  #find(prefix: string): StoredUpload[] {
    const found: StoredUpload[] = [];
    const store = this.store;
    const keys: string[] = [];
    for (let i = 0; i < store.length; i++) keys.push(store.key(i)!);
    for (const key of keys) {
      if (!key?.startsWith(prefix)) continue;
      try {
        const entry = JSON.parse(this.store.getItem(key) ?? '');
        if (entry && typeof entry.uploadUrl === 'string') found.push({ ...entry, urlStorageKey: key });
      } catch {
        // a damaged entry never blocks an upload
      }
    }
    return found;
  }
}

/** The newest remembered upload of this file, optionally only for one video. */
export function pickPreviousUpload(previous: StoredUpload[], videoId?: string | number): StoredUpload | undefined {
  return previous
    .filter((p) => p.uploadUrl && (videoId === undefined || String(p.metadata?.video_id) === String(videoId)))
    .sort((a, b) => Date.parse(b.creationTime) - Date.parse(a.creationTime))[0];
}

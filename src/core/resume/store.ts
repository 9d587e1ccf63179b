/**
 * Where an unfinished upload is remembered so that it can be resumed after a reload: a small key-value
 * store (localStorage by default in browsers, memory elsewhere), seen by tus-js-client as its
 * `urlStorage`. The upload token is never written: only the upload URL, the size, the creation time and
 * the metadata without `token` (the video and client ids say what it was for).
 */
import { PREFIX } from './remembered.js';

/** What tus-js-client remembers of an upload (its `PreviousUpload`), as this store keeps it. */
export interface StoredUpload {
  size: number | null;
  metadata: Record<string, string>;
  creationTime: string;
  uploadUrl?: string;
  parallelUploadUrls?: string[];
  urlStorageKey: string;
  /** The file as it was when the upload started: what a file chosen again must match. */
  file?: StoredFile;
  /** The backend URL the session came from (`sessionUrl`), for `resumeScope: 'session'`. */
  from?: string;
}

/** A file's fingerprint: name, type, size, last change and the SHA-256 of its first and last 64 KiB (`sample`, resume/sample.ts). */
export interface StoredFile {
  name: string;
  type: string;
  size: number;
  lastModified: number | null;
  sample: string;
}

/** A key-value store with the shape of `localStorage` (which is one): the default in browsers; memoryStore() elsewhere. */
export type ResumeStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;


/** What identifies a file across reloads. */
export interface FileMeta {
  name: string;
  size: number;
  type: string;
  lastModified?: number;
}

/**
 * The same file (name, type, size, last change and, when known, the SHA-256 of its first and last 64 KiB)
 * gives the same fingerprint across page loads.
 */
export function fingerprintFile(file: FileMeta, sample = ''): string {
  return ['v2', file.name, file.type, file.size, file.lastModified ?? 0, sample].join('|');
}

/** Whether `file` is the one an upload was started with (its stored fingerprint). */
export function sameFile(stored: StoredFile | undefined, file: FileMeta, sample: string): boolean {
  if (!stored) return true; // an entry of an older version: nothing to compare
  return stored.name === file.name && stored.size === file.size && (stored.lastModified ?? 0) === (file.lastModified ?? 0) && stored.sample === sample;
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
  /** What the job knows of each fingerprint's file (written beside the URL by addUpload). */
  readonly #described = new Map<string, { file: StoredFile; from?: string }>();

  constructor(private readonly store: ResumeStore = defaultResumeStore()) {}

  /** Says what the file of `fingerprint` is, for the entry addUpload writes. */
  describe(fingerprint: string, file: StoredFile, from?: string): void {
    this.#described.set(fingerprint, { file, from });
  }

  async findByUrl(uploadUrl: string): Promise<StoredUpload | undefined> {
    return this.#find(PREFIX).find((p) => p.uploadUrl === uploadUrl);
  }

  /** Forgets every entry of this upload URL. */
  async forgetUrl(uploadUrl: string): Promise<void> {
    for (const p of this.#find(PREFIX)) if (p.uploadUrl === uploadUrl) this.store.removeItem(p.urlStorageKey);
  }

  async findAllUploads(): Promise<StoredUpload[]> {
    return this.#find(PREFIX);
  }

  async findUploadsByFingerprint(fingerprint: string): Promise<StoredUpload[]> {
    return this.#find(`${PREFIX}${fingerprint}::`);
  }

  /** This store as one tus upload sees it: removals happen only while `mayForget()` says so. */
  forTus(mayForget: () => boolean): Pick<TokenFreeUrlStorage, 'findAllUploads' | 'findUploadsByFingerprint' | 'removeUpload' | 'addUpload'> {
    return {
      findAllUploads: () => this.findAllUploads(),
      findUploadsByFingerprint: (fp) => this.findUploadsByFingerprint(fp),
      removeUpload: async (key) => (mayForget() ? this.removeUpload(key) : undefined),
      addUpload: (fp, upload) => this.addUpload(fp, upload),
    };
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    this.store.removeItem(urlStorageKey);
  }

  async addUpload(fingerprint: string, upload: Omit<StoredUpload, 'urlStorageKey'>): Promise<string> {
    const { token: _token, ...metadata } = upload.metadata ?? {};
    const entry = { size: upload.size, metadata, creationTime: upload.creationTime, uploadUrl: upload.uploadUrl, ...this.#described.get(fingerprint) };
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
